import { Composer } from 'telegraf';
import { buildMessage, plainRun } from '../../i18n/bidi';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { toObjectId } from '../../dal/events/event.repository';
import { categoryName } from '../../dal/categories/category.repository';
import { formatOffsets } from '../../domain/dates';
import { OBJECT_ID_HEX, remindCallback, startPayload } from '../callback-data/event-card';
import { subscriptionCallback } from '../callback-data/members';
import { answer, deepLink, needsDeepLink, showInPlace } from '../member-support';
import { mySubscriptionsKeyboard, subscribeKeyboard } from '../keyboards/subscriptions';
import { actorOf } from '../events-ui/access';
import { type EventRecord, DEFAULT_REMINDER_OFFSETS } from '../../dal/types';

/**
 * /subscribe (everything or categories), 🔔 Remind me on a card (one event), /mysubs with Remove
 * buttons, /stop (ends every subscription), through the member operations (src/application), which
 * have the engine re-plan reminders after any change.
 */
export const subscriptionsFeature = new Composer<BotContext>();

function offsetsText(ctx: BotContext): string {
  return formatOffsets(ctx.user?.reminderOffsets?.length ? ctx.user.reminderOffsets : DEFAULT_REMINDER_OFFSETS, ctx.t);
}

/**
 * Turns the one-event reminder on (or, with toggle, off when already on). Returns plain text for
 * a toast or, escaped, a message.
 */
export async function remindMe(ctx: BotContext, event: EventRecord, opts: { toggle: boolean }): Promise<string> {
  const res = await ctx.deps.app.members.remindMe(actorOf(ctx), event._id, opts);
  if (!res.ok) return ctx.t('rsvp.toast.notFound');
  const title = plainRun(res.value.event.title.slice(0, 60), ctx.locale);
  if (res.value.state === 'closed') return ctx.t('subscriptions.remindClosed');
  if (res.value.state === 'off') return ctx.t('subscriptions.remindOff', { title });
  return ctx.t('subscriptions.remindOn', { title, offsets: offsetsText(ctx) });
}

subscriptionsFeature.action(remindCallback.pattern, async (ctx) => {
  const data = remindCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  const id = data && OBJECT_ID_HEX.test(data.event) ? toObjectId(data.event) : undefined;
  const event = id ? await ctx.deps.dal.events.findById(id) : null;
  if (!event || event.status === 'draft') return answer(ctx, ctx.t('rsvp.toast.notFound'), { show_alert: true });
  if (needsDeepLink(ctx)) return answer(ctx, undefined, { url: deepLink(ctx, startPayload.remind(event._id.toHexString())) });
  return answer(ctx, await remindMe(ctx, event, { toggle: true }), { show_alert: false });
});

// ---------------------------------------------------------------- /subscribe

async function subscribeScreen(ctx: BotContext): Promise<{ text: string; keyboard: InlineKeyboardMarkup }> {
  const userId = ctx.from!.id;
  const mine = await ctx.deps.dal.subscriptions.list(userId);
  const has = (kind: string, target: string) => mine.some((s) => s.kind === kind && s.target === target);
  const categories = await ctx.deps.dal.categories.listActive();
  const keyboard = subscribeKeyboard(ctx.t, {
    everything: has('all', '*'),
    categories: categories.map((c) => ({ slug: c.slug, name: categoryName(c, ctx.locale), on: has('category', c.slug) })),
  });
  const text = buildMessage([ctx.t('subscriptions.choose'), '', ctx.t('subscriptions.reminderTimes', { offsets: offsetsText(ctx) })], ctx.locale);
  return { text, keyboard };
}

subscriptionsFeature.command('subscribe', async (ctx) => {
  if (ctx.chat.type !== 'private') {
    await ctx.reply(ctx.t('subscriptions.privateOnly'));
    return;
  }
  const screen = await subscribeScreen(ctx);
  await ctx.reply(screen.text, { parse_mode: 'HTML', reply_markup: screen.keyboard });
});

// ---------------------------------------------------------------- /mysubs

async function mySubsScreen(ctx: BotContext): Promise<{ text: string; keyboard?: InlineKeyboardMarkup }> {
  const userId = ctx.from!.id;
  const subs = await ctx.deps.dal.subscriptions.list(userId);
  if (subs.length === 0) return { text: ctx.t('subscriptions.none') };
  const categories = new Map((await ctx.deps.dal.categories.listAll()).map((c) => [c.slug, c]));
  const eventIds = subs.filter((s) => s.kind === 'event').map((s) => toObjectId(s.target)).filter((x) => x !== undefined);
  const events = new Map(
    (await ctx.deps.dal.events.titles(eventIds)).map(
      (e) => [e._id.toHexString(), e.title],
    ),
  );
  const buttons: Array<{ id: string; label: string }> = [];
  const lines: string[] = [ctx.t('subscriptions.listTitle'), ''];
  for (const s of subs.slice(0, 50)) {
    const label =
      s.kind === 'all'
        ? ctx.t('subscriptions.everything')
        : s.kind === 'category'
          ? ctx.t('subscriptions.categoryLabel', { name: categories.get(s.target) ? categoryName(categories.get(s.target)!, ctx.locale) : s.target })
          : ctx.t('subscriptions.eventLabel', { title: (events.get(s.target) ?? '?').slice(0, 80) });
    lines.push(`• ${label}`);
    buttons.push({ id: s._id.toHexString(), label: stripTags(label) });
  }
  lines.push('', ctx.t('subscriptions.reminderTimes', { offsets: offsetsText(ctx) }));
  return { text: buildMessage(lines, ctx.locale), keyboard: mySubscriptionsKeyboard(ctx.t, buttons) };
}

/** Button labels are plain text: undo the HTML the locale strings built. */
function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

subscriptionsFeature.command('mysubs', async (ctx) => {
  if (ctx.chat.type !== 'private') {
    await ctx.reply(ctx.t('subscriptions.privateOnly'));
    return;
  }
  const screen = await mySubsScreen(ctx);
  await ctx.reply(screen.text, { parse_mode: 'HTML', ...(screen.keyboard ? { reply_markup: screen.keyboard } : {}) });
});

subscriptionsFeature.command('stop', async (ctx) => {
  const res = await ctx.deps.app.members.stopAll(actorOf(ctx));
  await ctx.reply(ctx.t('subscriptions.stopped', { count: res.ok ? res.value.count : 0 }), { parse_mode: 'HTML' });
});

subscriptionsFeature.action(subscriptionCallback.pattern, async (ctx) => {
  const data = subscriptionCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data) return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
  const members = ctx.deps.app.members;
  if (data.action === 'all' || data.action === 'cat') {
    const res = await members.toggleSubscription(actorOf(ctx), data.action === 'all' ? 'all' : 'category', data.value);
    if (!res.ok) return answer(ctx, ctx.t(res.reason === 'invalid' ? res.error.key : 'rsvp.toast.invalid'), { show_alert: true });
    await answer(ctx, ctx.t(res.value.on ? 'subscriptions.added' : 'subscriptions.removed'));
    const screen = await subscribeScreen(ctx);
    return showInPlace(ctx, screen.text, screen.keyboard);
  }
  if (data.action === 'rm') {
    const res = await members.removeSubscription(actorOf(ctx), data.value);
    await answer(ctx, ctx.t(res.ok && res.value.removed ? 'subscriptions.removed' : 'subscriptions.alreadyGone'));
    const screen = await mySubsScreen(ctx);
    return showInPlace(ctx, screen.text, screen.keyboard);
  }
  return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
});
