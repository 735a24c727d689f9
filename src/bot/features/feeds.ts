/**
 * /feeds and /addfeed, for organizers and super-admins, in a private chat: the calendars kept in sync
 * (src/application/feeds.ts) with buttons to pause or resume, announce new events or not, and
 * remove; adding one by its address (asking what it is when the link does not say). Rights are
 * checked by the operations on every command and press; this file only reads input and renders.
 */
import { Composer } from 'telegraf';
import { z } from 'zod';
import type { BotContext } from '../context';
import { feedCallback, feedOptionsCallback } from '../callback-data/feeds';
import { anyWithPrefix } from '../callback-data/events';
import { actorOf, refuseBadButton, renderRefusal, requireOrganizer, requirePrivate } from '../events-ui/access';
import { editInPlace } from '../events-ui/edit';
import { feedKindKeyboard, feedListKeyboard, feedOptionsKeyboard } from '../keyboards/feeds';
import { renderFeedList, renderFeedOptions } from '../render/feeds';
import { guessFeedKind } from '../../application/feeds';
import type { Feed, FeedKind } from '../../dal/types';
import { chosenCalendar } from '../../dal/types';
import { buildMessage, isolateLtr } from '../../i18n/bidi';
import { escapeHtml } from '../../i18n/html';
import { calendarOrder } from '../../domain/date-format';

export const feedsFeature = new Composer<BotContext>();

const DIALOG = 'feedadd';
const dialogData = z.object({ url: z.string().max(2048) });

function listView(ctx: BotContext, feeds: readonly Feed[]) {
  const viewer = {
    locale: ctx.locale,
    timezone: ctx.user?.timezone ?? ctx.deps.config.defaultTimezone,
    calendar: calendarOrder(chosenCalendar(ctx.user), ctx.locale).primary,
    maxMegabytes: Math.round(ctx.deps.config.import.maxBytes / (1024 * 1024)),
  };
  return { text: renderFeedList(ctx.t, feeds, viewer), reply_markup: feedListKeyboard(ctx.t, feeds) };
}

feedsFeature.command('feeds', async (ctx) => {
  if (!(await requirePrivate(ctx)) || !(await requireOrganizer(ctx))) return;
  const list = await ctx.deps.app.feeds.list(actorOf(ctx));
  if (!list.ok) return renderRefusal(ctx, list);
  const view = listView(ctx, list.value);
  await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.reply_markup });
});

async function addFeed(ctx: BotContext, url: string, kind: FeedKind): Promise<void> {
  const added = await ctx.deps.app.feeds.add(actorOf(ctx), { url, kind });
  if (!added.ok) {
    if (added.reason === 'invalid') {
      await ctx.reply(`⚠️ ${ctx.t(added.error.key, added.error.vars)}`, { parse_mode: 'HTML' });
      return;
    }
    return renderRefusal(ctx, added);
  }
  const shown = isolateLtr(escapeHtml(added.value.url), ctx.locale);
  const minutes = Math.round(ctx.deps.config.feeds.pollMs / 60_000);
  await ctx.reply(buildMessage([ctx.t('feeds.add.added', { url: shown, minutes })], ctx.locale), { parse_mode: 'HTML' });
}

feedsFeature.command('addfeed', async (ctx) => {
  if (!(await requirePrivate(ctx)) || !(await requireOrganizer(ctx))) return;
  const url = ctx.payload.trim().split(/\s+/)[0] ?? '';
  if (!url) {
    await ctx.reply(ctx.t('feeds.add.usage'), { parse_mode: 'HTML' });
    return;
  }
  const kind = guessFeedKind(url);
  if (kind) return addFeed(ctx, url, kind);
  if (url.length > 2048) {
    await ctx.reply(`⚠️ ${ctx.t('import.fetch.bad_url')}`);
    return;
  }
  // The link does not say whether it is a calendar file or a site: ask, keeping it in the session.
  ctx.session.dialog = { name: DIALOG, step: 'kind', data: { url }, startedAt: ctx.deps.now().toISOString() };
  const shown = isolateLtr(escapeHtml(url), ctx.locale);
  await ctx.reply(buildMessage([ctx.t('feeds.add.chooseKind', { url: shown })], ctx.locale), { parse_mode: 'HTML', reply_markup: feedKindKeyboard(ctx.t) });
});

feedsFeature.action(anyWithPrefix(feedCallback), async (ctx) => {
  const data = feedCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data) return refuseBadButton(ctx);
  const actor = actorOf(ctx);
  if (data.a === 'k') {
    if (data.id !== 'ical' && data.id !== 'tribe') return refuseBadButton(ctx);
    const d = ctx.session.dialog;
    const pending = d?.name === DIALOG ? dialogData.safeParse(d.data) : undefined;
    delete ctx.session.dialog;
    await ctx.answerCbQuery();
    if (!pending?.success) {
      await ctx.reply(ctx.t('feeds.add.usage'), { parse_mode: 'HTML' });
      return;
    }
    return addFeed(ctx, pending.data.url, data.id);
  }
  if (!/^[0-9a-f]{24}$/.test(data.id)) return refuseBadButton(ctx);
  const feeds = ctx.deps.app.feeds;
  let res;
  let said: string;
  switch (data.a) {
    case 'p':
      res = await feeds.pause(actor, data.id);
      said = 'feeds.paused';
      break;
    case 'r':
      res = await feeds.resume(actor, data.id);
      said = 'feeds.resumed';
      break;
    case 'a1':
    case 'a0':
      res = await feeds.setAnnounce(actor, data.id, data.a === 'a1');
      said = data.a === 'a1' ? 'feeds.announceSet.on' : 'feeds.announceSet.off';
      break;
    case 'rm':
      res = await feeds.remove(actor, data.id);
      said = 'feeds.removed';
      break;
    default:
      return refuseBadButton(ctx);
  }
  if (!res.ok) {
    if (res.reason === 'gone') return void (await ctx.answerCbQuery(ctx.t('feeds.error.gone'), { show_alert: true }));
    return renderRefusal(ctx, res);
  }
  await ctx.answerCbQuery(ctx.t(said).slice(0, 200));
  const list = await feeds.list(actor);
  if (!list.ok) return;
  const view = listView(ctx, list.value);
  await editInPlace(ctx, () => ctx.editMessageText(view.text, { parse_mode: 'HTML', reply_markup: view.reply_markup }));
});

/** One feed's options: default categories (toggles) and how far ahead it imports; Back to the list. */
feedsFeature.action(anyWithPrefix(feedOptionsCallback), async (ctx) => {
  const data = feedOptionsCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !/^[0-9a-f]{24}$/.test(data.id)) return refuseBadButton(ctx);
  const actor = actorOf(ctx);
  const feeds = ctx.deps.app.feeds;
  let res;
  switch (data.a) {
    case 'v':
      res = await feeds.get(actor, data.id);
      break;
    case 'c': {
      const found = await feeds.get(actor, data.id);
      if (!found.ok) {
        res = found;
        break;
      }
      const current = found.value.options.categories;
      const categories = current.includes(data.v) ? current.filter((c) => c !== data.v) : [...current, data.v];
      res = await feeds.setOptions(actor, data.id, { categories });
      break;
    }
    case 'h': {
      const days = Number(data.v);
      if (!Number.isInteger(days)) return refuseBadButton(ctx);
      res = await feeds.setOptions(actor, data.id, { horizonDays: days });
      break;
    }
    case 'o':
      if (data.v !== '-' && !/^[0-9a-f]{24}$/.test(data.v)) return refuseBadButton(ctx);
      res = await feeds.setOptions(actor, data.id, { organizerProfileId: data.v === '-' ? null : data.v });
      break;
    case 'b': {
      const list = await feeds.list(actor);
      if (!list.ok) return renderRefusal(ctx, list);
      await ctx.answerCbQuery();
      const view = listView(ctx, list.value);
      await editInPlace(ctx, () => ctx.editMessageText(view.text, { parse_mode: 'HTML', reply_markup: view.reply_markup }));
      return;
    }
    default:
      return refuseBadButton(ctx);
  }
  if (!res.ok) {
    if (res.reason === 'gone') return void (await ctx.answerCbQuery(ctx.t('feeds.error.gone'), { show_alert: true }));
    if (res.reason === 'invalid') return void (await ctx.answerCbQuery(ctx.t(res.error.key, res.error.vars).slice(0, 200), { show_alert: true }));
    return renderRefusal(ctx, res);
  }
  await ctx.answerCbQuery(data.a === 'v' ? undefined : ctx.t('feeds.options.saved'));
  const categories = await ctx.deps.dal.categories.listActive();
  const feed = res.value;
  const organizers = await ctx.deps.dal.organizerProfiles.listForCreator(feed.ownerId);
  await editInPlace(ctx, () =>
    ctx.editMessageText(renderFeedOptions(ctx.t, feed, ctx.locale), { parse_mode: 'HTML', reply_markup: feedOptionsKeyboard(ctx.t, feed, categories, ctx.locale, organizers) }),
  );
});
