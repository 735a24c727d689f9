/**
 * Pure decisions of the delivery engine: what a Telegram failure means for a delivery, how long to
 * back off, and whether due work still makes sense. Decided on error_code and parameters only (plus
 * the two flags the bot layer derives in src/bot/errors.ts).
 */
import type { SendFailure } from './telegram-port';
import type { JobKind } from '../dal/types';

export const MAX_ATTEMPTS = 6;
export const BACKOFF_BASE_MS = 2000;
export const BACKOFF_MAX_MS = 10 * 60_000;
/** A "starting now" post is still worth sending this long after the start. */
export const STARTING_GRACE_MS = 15 * 60_000;

export type FailureDecision =
  /** Telegram's flood control: wait retry_after seconds (everything waits), then retry this one. */
  | { type: 'flood'; waitMs: number }
  /** The recipient blocked the bot, removed it, or does not exist: mark it inactive, stop. */
  | { type: 'inactive'; reason: string }
  /** A group became a supergroup: send to the new id instead. */
  | { type: 'migrate'; newChatId: number }
  /** A passing problem (5xx, network): try again later. */
  | { type: 'backoff'; delayMs: number }
  /** An edit identical to what is shown: nothing to do, counts as delivered. */
  | { type: 'unchanged' }
  /** Nothing will make this message go through: record the reason. */
  | { type: 'fail'; reason: string };

export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** `attempts` counts the attempt that just failed (1 for the first). */
export function classifyFailure(f: SendFailure, attempts: number): FailureDecision {
  if (f.code === 429) return { type: 'flood', waitMs: Math.max(1, f.retryAfter ?? 5) * 1000 };
  if (f.code === 403) return { type: 'inactive', reason: `403 ${f.description}`.slice(0, 200) };
  if (f.code === 400 && f.migrateToChatId !== undefined) return { type: 'migrate', newChatId: f.migrateToChatId };
  if (f.code === 400 && f.notModified) return { type: 'unchanged' };
  if (f.code === 400 && f.chatNotFound) return { type: 'inactive', reason: `400 ${f.description}`.slice(0, 200) };
  if (f.code === 0 || f.code >= 500) {
    if (attempts >= MAX_ATTEMPTS) return { type: 'fail', reason: `gave up after ${attempts} attempts: ${f.code || 'network'} ${f.description}`.slice(0, 200) };
    return { type: 'backoff', delayMs: backoffMs(attempts) };
  }
  return { type: 'fail', reason: `${f.code} ${f.description}`.slice(0, 200) };
}

export interface EventTiming {
  status: string;
  startAt: Date;
  endAt: Date;
}

/**
 * Whether work of `kind` for this event is still worth sending at `now`; a reason when not. A
 * reminder only before the event starts (and only for the start it was planned for); "starting now"
 * within 15 minutes of the start; announcements and notices until the event ends (a cancellation
 * notice until its planned end, too).
 */
export function stillMeaningful(
  kind: JobKind,
  event: EventTiming | undefined,
  now: Date,
  plannedStart?: Date,
): { ok: true } | { ok: false; reason: string } {
  if (kind === 'direct' || kind === 'promotion' || kind === 'digest' || kind === 'retention' || kind === 'replan' || kind === 'forget' || kind === 'feed') return { ok: true };
  if (!event) return { ok: false, reason: 'event deleted' };
  const t = now.getTime();
  switch (kind) {
    case 'reminder':
    case 'starting': {
      // A postponed event has a new start, which its reminders were planned for.
      if (event.status !== 'published' && event.status !== 'postponed') return { ok: false, reason: `event ${event.status}` };
      if (plannedStart && plannedStart.getTime() !== event.startAt.getTime()) return { ok: false, reason: 'event moved' };
      if (kind === 'reminder' && t >= event.startAt.getTime()) return { ok: false, reason: 'event already started' };
      if (kind === 'starting' && t > event.startAt.getTime() + STARTING_GRACE_MS) return { ok: false, reason: 'more than 15 minutes after the start' };
      return { ok: true };
    }
    case 'announce':
      if (event.status !== 'published') return { ok: false, reason: `event ${event.status}` };
      if (t >= event.endAt.getTime()) return { ok: false, reason: 'event already over' };
      return { ok: true };
    case 'notice':
      if (t >= event.endAt.getTime()) return { ok: false, reason: 'event already over' };
      return { ok: true };
    case 'card_edit':
      return { ok: true };
  }
}
