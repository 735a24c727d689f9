import { Composer } from 'telegraf';
import { plainRun } from '../../i18n/bidi';
import type { BotContext } from '../context';
import type { RsvpOutcome } from '../../dal/rsvps/rsvp.repository';
import type { RsvpRequest } from '../../domain/rsvp';
import { toObjectId } from '../../dal/events/event.repository';
import { escapeHtml } from '../../i18n/html';
import {
  isRsvpAnswerCode,
  OBJECT_ID_HEX,
  parseStartPayload,
  rsvpCallback,
  startPayload,
  type RsvpAnswerCode,
  type StartAction,
} from '../callback-data/event-card';
import { answer, deepLink, needsDeepLink, showInPlace } from '../member-support';
import { actorOf } from '../events-ui/access';
import { rsvpConfirmCallback } from '../callback-data/members';
import { renderEventLine } from '../render/event-card';
import { rsvpConfirmKeyboard } from '../keyboards/members';
import { gregorianTag } from '../../domain/date-format';
import { viewerOf } from '../events-ui/card';
import { sendCalendarFile } from './calendar-file';
import { remindMe } from './subscriptions';
import type { EventRecord, ObjectId } from '../../dal/types';

/**
 * RSVP buttons on cards in private, in linked channels and in groups; and the deep links
 * (t.me/<bot>?start=rv_…, rm_…, ics_…) that a member who never started the bot is sent to, which
 * start it and complete what they pressed. Other start payloads pass on to their features.
 */
export const rsvpFeature = new Composer<BotContext>();

const REQUESTS: Record<RsvpAnswerCode, RsvpRequest> = {
  g: { answer: 'going' },
  m: { answer: 'maybe' },
  n: { answer: 'not_going' },
  '1': { guests: 1 },
  '2': { guests: 2 },
};

/** Titles in toasts are plain text (not HTML) and toasts hold 200 characters. */
const short = (title: string, ctx: BotContext) => plainRun(title.length > 60 ? `${title.slice(0, 59)}…` : title, ctx.locale);

/** The outcome in words, as plain text (toast keys interpolate unescaped: a toast is not HTML). */
export function outcomeText(ctx: BotContext, outcome: RsvpOutcome): string {
  switch (outcome.kind) {
    case 'not_found':
      return ctx.t('rsvp.toast.notFound');
    case 'closed':
      return ctx.t(outcome.event.status === 'cancelled' ? 'rsvp.toast.cancelled' : 'rsvp.toast.closed');
    case 'no_room_for_guests':
      return ctx.t('rsvp.toast.noRoomForGuests', { count: outcome.free });
    case 'ok': {
      const title = short(outcome.event.title, ctx);
      const s = outcome.state;
      if (s.status === 'going') return s.guests > 0 ? ctx.t('rsvp.toast.goingWithGuests', { title, count: s.guests }) : ctx.t('rsvp.toast.going', { title });
      if (s.status === 'waitlist') return ctx.t('rsvp.toast.waitlist', { title });
      if (s.status === 'maybe') return ctx.t('rsvp.toast.maybe', { title });
      return ctx.t('rsvp.toast.notGoing', { title });
    }
  }
}

/** Records the answer through the member operations (which refresh the cards and tell whoever moved up). */
export async function applyRsvp(ctx: BotContext, eventId: ObjectId, code: RsvpAnswerCode): Promise<RsvpOutcome> {
  const res = await ctx.deps.app.members.rsvp(actorOf(ctx), eventId, REQUESTS[code]);
  // A Telegram user is always a member; only a system actor is refused.
  return res.ok ? res.value : { kind: 'not_found' };
}

rsvpFeature.action(rsvpCallback.pattern, async (ctx) => {
  const data = rsvpCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !OBJECT_ID_HEX.test(data.event) || !isRsvpAnswerCode(data.answer)) {
    return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
  }
  const eventId = toObjectId(data.event)!;
  if (needsDeepLink(ctx)) return answer(ctx, undefined, { url: deepLink(ctx, startPayload.rsvp(data.event, data.answer)) });
  const outcome = await applyRsvp(ctx, eventId, data.answer);
  await answer(ctx, outcomeText(ctx, outcome), { show_alert: outcome.kind !== 'ok' });
});

async function findOpenEvent(ctx: BotContext, hex: string): Promise<EventRecord | undefined> {
  const id = toObjectId(hex);
  const event = id ? await ctx.deps.dal.events.findById(id) : null;
  return event && event.status !== 'draft' ? event : undefined;
}

rsvpFeature.start(async (ctx, next) => {
  const action = ctx.chat.type === 'private' ? parseStartPayload(ctx.payload) : undefined;
  if (!action) return next();
  await completeDeepLink(ctx, action);
  if (!ctx.user?.onboardedAt) await ctx.reply(ctx.t('onboarding.afterDeepLink'));
});

async function completeDeepLink(ctx: BotContext, action: StartAction): Promise<void> {
  const event = await findOpenEvent(ctx, action.eventId);
  if (!event) {
    await ctx.reply(ctx.t('rsvp.toast.notFound'));
    return;
  }
  if (action.kind === 'rsvp') {
    await askToConfirm(ctx, event, action.answer);
    return;
  }
  if (action.kind === 'ics') {
    await sendCalendarFile(ctx, event);
    return;
  }
  const text = await remindMe(ctx, event, { toggle: false });
  await ctx.reply(escapeHtml(text), { parse_mode: 'HTML' });
}

/**
 * A deep link is only a link: anyone can be sent one (in a chat, behind a harmless-looking button),
 * so it never counts by itself. It shows the event and what would be recorded, and the answer is
 * recorded by the same RSVP button a card carries, pressed by the member in their own chat.
 */
async function askToConfirm(ctx: BotContext, event: EventRecord, code: RsvpAnswerCode): Promise<void> {
  const line = renderEventLine(event, viewerOf(ctx), ctx.t);
  const request = REQUESTS[code];
  const question =
    'guests' in request
      ? ctx.t('rsvp.confirm.goingWithGuests', { count: request.guests, n: new Intl.NumberFormat(gregorianTag(ctx.locale)).format(request.guests) })
      : ctx.t(`rsvp.confirm.${request.answer === 'going' ? 'going' : request.answer === 'maybe' ? 'maybe' : 'notGoing'}`);
  await ctx.reply(`${line}\n\n${question}`, {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    reply_markup: rsvpConfirmKeyboard(ctx.t, event._id.toHexString(), code),
  });
}

rsvpFeature.action(rsvpConfirmCallback.pattern, async (ctx) => {
  const data = rsvpConfirmCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !OBJECT_ID_HEX.test(data.event) || ctx.chat?.type !== 'private') return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
  if (data.answer === '0') {
    await answer(ctx);
    return showInPlace(ctx, ctx.t('rsvp.confirm.declined'));
  }
  if (!isRsvpAnswerCode(data.answer)) return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
  const outcome = await applyRsvp(ctx, toObjectId(data.event)!, data.answer);
  await answer(ctx);
  await showInPlace(ctx, escapeHtml(outcomeText(ctx, outcome)));
});
