/**
 * What the chat features ask of the delivery engine. Features record intent here (in the database,
 * through the engine); they never broadcast themselves. Every method is idempotent: calling it twice
 * for the same change plans the work once.
 */
import type { ObjectId } from '../dal/types';

export type EventChangeKind = 'details' | 'time' | 'place' | 'postponed' | 'cancelled' | 'restored';

export interface Scheduler {
  /**
   * A newly published event: announce it to matching linked chats (now or at `announceAt`; not at
   * all with `announce: false`, as a calendar feed may ask) and plan its reminders.
   */
  eventPublished(eventId: ObjectId, opts?: { announceAt?: Date; announce?: boolean }): Promise<void>;
  /**
   * A published event changed. Edits every posted copy of its card in place; for time, place,
   * postponement and cancellation also records a notice to everyone who RSVP'd or asked for
   * reminders, and moves or drops its pending reminders.
   */
  eventChanged(eventId: ObjectId, kind: EventChangeKind): Promise<void>;
  /** RSVP counts changed: refresh posted cards in place (coalesced, within Telegram's edit limits). */
  refreshCards(eventId: ObjectId): Promise<void>;
  /** A private message to one member from a locale key (e.g. a waitlist promotion). */
  notifyUser(userId: number, key: string, vars: Record<string, string | number>, eventId?: ObjectId): Promise<void>;
  /** A member's or chat's reminder times or subscriptions changed: plan reminders for the new times. */
  reminderPreferencesChanged(): Promise<void>;
  /**
   * A member was forgotten (/forgetme): forget them again once the work in flight has finished,
   * with the receipts of `deliveryIds` (their deliveries the first pass found).
   */
  memberForgotten(userId: number, deliveryIds: string[]): Promise<void>;
  /** A calendar feed's next poll is due at `at` (a job the engine runs; planning it twice plans it once). */
  feedPollDue(feedId: string, at: Date): Promise<void>;
  /** Remember that a card for `eventId` was posted as message `messageId` in `chatId`, so edits reach it. */
  recordPostedCard(eventId: ObjectId, chatId: number, messageId: number, locale: string): Promise<void>;
}
