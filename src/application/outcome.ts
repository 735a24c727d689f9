/**
 * What an operation returns. Expected refusals (no right, gone, not in a state that allows it,
 * invalid input) are values a front door renders in its own words; only the unexpected throws.
 */
import type { Denial } from '../domain/permissions';
import type { DraftError, EventDraft } from '../domain/event-draft';

export type Refusal =
  /** No such event (or not one this front door may name). */
  | { ok: false; reason: 'gone' }
  /** The actor's rights as stored now do not allow it. */
  | { ok: false; reason: Denial }
  /** The event is no longer in a state that allows this (e.g. a stale button on a cancelled event). */
  | { ok: false; reason: 'not_changeable' }
  /** A member's own action (an RSVP, forgetting) asked by an actor who is no member (the system). */
  | { ok: false; reason: 'not_a_member' }
  /** Only a draft can be deleted. */
  | { ok: false; reason: 'only_drafts' }
  /** The input does not read; `choices` are the readings of an ambiguous date, when there are several. */
  | { ok: false; reason: 'invalid'; error: DraftError; choices?: EventDraft[] };

export type Outcome<T> = { ok: true; value: T } | Refusal;

export const done = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const refuse = <R extends Refusal['reason']>(reason: R) => ({ ok: false, reason }) as const;
export const invalid = (error: DraftError, choices?: EventDraft[]): Refusal =>
  choices && choices.length > 0 ? { ok: false, reason: 'invalid', error, choices } : { ok: false, reason: 'invalid', error };
