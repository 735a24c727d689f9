/**
 * /events, for everyone: upcoming events, paged (Prev / Next), filtered by category buttons, each
 * opening its card (with the members' RSVP, reminder and calendar buttons and "« All Events"); and a
 * Past view of events that have ended.
 */
import { Composer } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { browseListKeyboard, cardBackKeyboard, cardBackRow, NO_CATEGORY } from '../keyboards/browse';
import type { BotContext } from '../context';
import { browseCallback, anyWithPrefix } from '../callback-data/events';
import { refuseBadButton, currentActor } from '../events-ui/access';
import { memberKeyboard, sendCard, viewerOf } from '../events-ui/card';
import { renderBrowseList } from '../render/event-lists';
import { categoryName } from '../../dal/categories/category.repository';
import { VISIBLE_STATUSES } from '../../dal/events/event.repository';
import { canManageEvent } from '../../domain/permissions';
import { editInPlace } from '../events-ui/edit';
import type { EventRecord } from '../../dal/types';

export const browseEventsFeature = new Composer<BotContext>();

export const BROWSE_PAGE_SIZE = 5;

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
  const reply_markup = browseListKeyboard(ctx.t, ctx.locale, {
    view, page, pageSize: BROWSE_PAGE_SIZE, items: res.items, hasMore: res.hasMore, categories, category,
  });
  return { text, reply_markup };
}

browseEventsFeature.command('events', async (ctx) => {
  const list = await buildEventList(ctx, 'upcoming', 0, undefined);
  await ctx.reply(list.text, { parse_mode: 'HTML', reply_markup: list.reply_markup, link_preview_options: { is_disabled: true } });
});

async function openCard(ctx: BotContext, e: EventRecord): Promise<void> {
  const canManage = canManageEvent(await currentActor(ctx), e, ctx.deps.config.botAdmins).ok;
  const inPrivate = ctx.chat?.type === 'private';
  const id = e._id.toHexString();
  const keyboard = inPrivate ? memberKeyboard(ctx, e, [cardBackRow(ctx.t, id, canManage)]) : cardBackKeyboard(ctx.t, id, canManage);
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
