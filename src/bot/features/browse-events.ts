/**
 * /events, for everyone: upcoming events, paged (Prev / Next), filtered by category buttons, each
 * opening its card (with the members' RSVP, reminder and calendar buttons and "« All Events"); and a
 * Past view of events that have ended.
 */
import { Composer } from 'telegraf';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { browseCallback, myEventsCallback, anyWithPrefix } from '../callback-data/events';
import { refuseBadButton, currentActor } from '../events-ui/access';
import { memberKeyboard, sendCard, viewerOf } from '../events-ui/card';
import { renderBrowseList } from '../render/event-lists';
import { categoryName } from '../../dal/categories/category.repository';
import { VISIBLE_STATUSES } from '../../dal/events/event.repository';
import { canManageEvent } from '../../domain/permissions';
import type { EventRecord } from '../../dal/events/event.model';
import { editInPlace } from '../events-ui/edit';

export const browseEventsFeature = new Composer<BotContext>();

export const BROWSE_PAGE_SIZE = 5;
const NO_CATEGORY = '-';

const shortTitle = (s: string) => (s.length > 48 ? `${s.slice(0, 47)}…` : s);

export async function buildEventList(
  ctx: BotContext,
  view: 'upcoming' | 'past',
  page: number,
  category: string | undefined,
): Promise<{ text: string; reply_markup: InlineKeyboardMarkup }> {
  const now = ctx.deps.now();
  const opts = { now, skip: page * BROWSE_PAGE_SIZE, limit: BROWSE_PAGE_SIZE };
  const res = view === 'past' ? await ctx.deps.dal.events.listPast(opts) : await ctx.deps.dal.events.listUpcoming({ ...opts, ...(category ? { category } : {}) });
  const categories = view === 'upcoming' ? await ctx.deps.dal.categories.listActive() : [];
  const current = category ? categories.find((c) => c.slug === category) : undefined;
  const viewer = viewerOf(ctx);
  const text = renderBrowseList(ctx.t, viewer, {
    view,
    events: res.items,
    firstNumber: page * BROWSE_PAGE_SIZE + 1,
    categoryName: current ? categoryName(current, ctx.locale) : undefined,
  });
  const cb = (a: string, p: number, c: string | undefined, id = '-') => browseCallback.encode({ a, p, c: c ?? NO_CATEGORY, id });
  const rows: InlineKeyboardButton[][] = res.items.map((e, i) => [
    { text: `${page * BROWSE_PAGE_SIZE + i + 1}. ${shortTitle(e.title)}`, callback_data: cb('o', page, category, e._id.toHexString()) },
  ]);
  const nav: InlineKeyboardButton[] = [];
  const a = view === 'past' ? 'p' : 'l';
  if (page > 0) nav.push({ text: ctx.t('events.button.prev'), callback_data: cb(a, page - 1, category) });
  if (res.hasMore) nav.push({ text: ctx.t('events.button.next'), callback_data: cb(a, page + 1, category) });
  if (nav.length) rows.push(nav);
  if (view === 'upcoming' && categories.length) {
    const filters = categories.map((c) => ({
      text: `${c.slug === category ? '• ' : ''}#${categoryName(c, ctx.locale)}`,
      callback_data: cb('l', 0, c.slug === category ? undefined : c.slug),
    }));
    for (let i = 0; i < filters.length; i += 3) rows.push(filters.slice(i, i + 3));
  }
  const bottom: InlineKeyboardButton[] = [];
  if (view === 'upcoming') bottom.push({ text: ctx.t('events.button.past'), callback_data: cb('p', 0, undefined) });
  if (view === 'past' || category) bottom.push({ text: ctx.t('events.button.all'), callback_data: cb('l', 0, undefined) });
  rows.push(bottom);
  return { text, reply_markup: { inline_keyboard: rows } };
}

browseEventsFeature.command('events', async (ctx) => {
  const list = await buildEventList(ctx, 'upcoming', 0, undefined);
  await ctx.reply(list.text, { parse_mode: 'HTML', reply_markup: list.reply_markup, link_preview_options: { is_disabled: true } });
});

async function openCard(ctx: BotContext, e: EventRecord): Promise<void> {
  const back: InlineKeyboardButton[] = [{ text: ctx.t('events.button.all'), callback_data: browseCallback.encode({ a: 'b', p: 0, c: NO_CATEGORY, id: '-' }) }];
  if (canManageEvent(await currentActor(ctx), e, ctx.deps.config.botAdmins).ok) {
    back.push({ text: ctx.t('events.button.manage'), callback_data: myEventsCallback.encode({ a: 'op', id: e._id.toHexString() }) });
  }
  const inPrivate = ctx.chat?.type === 'private';
  const keyboard = inPrivate ? memberKeyboard(ctx, e, [back]) : { inline_keyboard: [back] };
  await sendCard(ctx, e, keyboard, { record: inPrivate });
}

browseEventsFeature.action(anyWithPrefix(browseCallback), async (ctx) => {
  const data = browseCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !/^\d{1,4}$/.test(data.p) || !/^(-|[a-z0-9_-]{1,32})$/.test(data.c)) return refuseBadButton(ctx);
  const page = Number(data.p);
  const category = data.c === NO_CATEGORY ? undefined : data.c;
  if (data.a === 'o') {
    const e = await ctx.deps.dal.events.findById(data.id);
    if (!e || !VISIBLE_STATUSES.concat(['cancelled']).includes(e.status)) {
      await ctx.answerCbQuery(ctx.t('events.gone'), { show_alert: true });
      return;
    }
    await ctx.answerCbQuery();
    await openCard(ctx, e);
    return;
  }
  if (data.a !== 'l' && data.a !== 'p' && data.a !== 'b') return refuseBadButton(ctx);
  await ctx.answerCbQuery();
  const list = await buildEventList(ctx, data.a === 'p' ? 'past' : 'upcoming', page, data.a === 'p' ? undefined : category);
  const options = { parse_mode: 'HTML' as const, reply_markup: list.reply_markup, link_preview_options: { is_disabled: true } };
  // Paging and filters change the list in place; "« All Events" under a card sends a new list.
  if (data.a === 'b') await ctx.reply(list.text, options);
  else await editInPlace(ctx, () => ctx.editMessageText(list.text, options));
});
