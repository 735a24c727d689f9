/**
 * What a member does for themself: answer an event (Going / Maybe / Can't go, guests, with waitlist
 * promotion), ask for reminders (one event, a category, everything), set their language, zone,
 * calendar and reminder times, and be forgotten. The member acts only on their own records, so the actor is the
 * whole permission: a system actor has no RSVP and no data to forget.
 *
 * Telling the scheduler after the write is best effort here, as it was in the chat: the answer is
 * recorded either way, a failure to plan a card refresh or a promotion notice is logged.
 */
import type { Dal } from '../dal';
import type { RsvpOutcome } from '../dal/rsvps/rsvp.repository';
import type { Scheduler } from '../delivery/ports';
import type { RsvpRequest } from '../domain/rsvp';
import { MAX_OFFSET_MINUTES } from '../domain/dates';
import { isValidTimeZone, type CalendarSystem } from '../domain/time';
import { isLocale } from '../i18n/locales';
import type { Logger } from '../logger';
import type { Actor } from './actor';
import { done, invalid, refuse, type Outcome } from './outcome';
import { storedIdFromHex } from '../dal/ids';
import type { EventRecord, ObjectId, User } from '../dal/types';

const MAX_OFFSETS = 10;


export interface MemberOperationsDeps {
  dal: Pick<Dal, 'rsvps' | 'events' | 'forgetMember' | 'subscriptions' | 'categories' | 'users'>;
  scheduler: Scheduler;
  now: () => Date;
  logger: Logger;
}

export class MemberOperations {
  constructor(private readonly deps: MemberOperationsDeps) {}

  private async tell(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.deps.logger.error({ err, what }, 'delivery engine call failed');
    }
  }

  /**
   * Records a member's answer (never over-filling the capacity); when it changed anything, posted
   * cards are refreshed and whoever moved up from the waitlist is told.
   */
  async rsvp(actor: Actor, eventId: ObjectId, request: RsvpRequest): Promise<Outcome<RsvpOutcome>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    const outcome = await this.deps.dal.rsvps.answer(eventId, actor.id, request, this.deps.now());
    if (outcome.kind === 'ok' && outcome.changed) {
      await this.tell('refreshCards', () => this.deps.scheduler.refreshCards(eventId));
      for (const p of outcome.promoted) {
        this.deps.logger.info({ eventId, userId: p.userId }, 'promoted from the waitlist');
        await this.tell('notifyUser', () => this.deps.scheduler.notifyUser(p.userId, 'rsvp.promoted', { title: outcome.event.title }, eventId));
      }
    }
    return done(outcome);
  }

  /**
   * /forgetme: withdraws the member's RSVPs (counts adjusted, waitlists promoted and those promoted
   * told), then removes or anonymizes every record keyed by them in every collection
   * (dal.forgetMember). Published events they created stay, credited to no one.
   */
  async forget(actor: Actor): Promise<Outcome<{ rsvps: number; collections: Awaited<ReturnType<Dal['forgetMember']>> }>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    const { dal, scheduler } = this.deps;
    const userId = actor.id;
    const now = this.deps.now();
    const eventIds = await dal.rsvps.eventIdsOf(userId);
    for (const eventId of eventIds) {
      const promoted = await dal.rsvps.withdraw(eventId, userId, now);
      const event = promoted.length ? await dal.events.findById(eventId) : null;
      for (const p of promoted) {
        await this.tell('notifyUser', () => scheduler.notifyUser(p.userId, 'rsvp.promoted', { title: event?.title ?? '' }, eventId));
      }
    }
    // Everything keyed by them, in every collection (src/dal/privacy.ts lists what and how).
    const deliveryIds: string[] = [];
    const collections = await dal.forgetMember(userId, { onDeliveries: (ids) => deliveryIds.push(...ids) });
    // Cards show the new counts only now: a card edit planned before their posts were gone could
    // fan out to their chat while forgetMember ran and leave a delivery naming them.
    for (const eventId of eventIds) await this.tell('refreshCards', () => scheduler.refreshCards(eventId));
    // Work in flight right now may still write under their id; a second pass a minute later removes it.
    await this.tell('memberForgotten', () => scheduler.memberForgotten(userId, deliveryIds));
    await this.tell('reminderPreferencesChanged', () => scheduler.reminderPreferencesChanged());
    this.deps.logger.info({ userId, rsvps: eventIds.length, collections }, 'forgot a member');
    return done({ rsvps: eventIds.length, collections });
  }

  /**
   * 🔔 Remind me: turns the one-event reminder on (with `toggle`, off when it is on). An event that
   * is cancelled or has started takes none (`closed`); a draft or unknown event is `gone`.
   */
  async remindMe(actor: Actor, eventId: string | ObjectId, opts: { toggle: boolean }): Promise<Outcome<{ state: 'on' | 'off' | 'closed'; event: EventRecord }>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    const event = await this.deps.dal.events.findById(eventId);
    if (!event || event.status === 'draft') return refuse('gone');
    if (event.status === 'cancelled' || event.startAt.getTime() <= this.deps.now().getTime()) return done({ state: 'closed', event });
    const { subscriptions } = this.deps.dal;
    const target = event._id.toHexString();
    if (opts.toggle && (await subscriptions.has(actor.id, 'event', target))) {
      await subscriptions.remove(actor.id, 'event', target);
      await this.tell('reminderPreferencesChanged', () => this.deps.scheduler.reminderPreferencesChanged());
      return done({ state: 'off', event });
    }
    await subscriptions.add(actor.id, 'event', target);
    await this.tell('reminderPreferencesChanged', () => this.deps.scheduler.reminderPreferencesChanged());
    return done({ state: 'on', event });
  }

  /** Hearing about everything (`all`) or one category: on when off, off when on. An unknown category is invalid. */
  async toggleSubscription(actor: Actor, kind: 'all' | 'category', slug?: string): Promise<Outcome<{ on: boolean }>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    const target = kind === 'all' ? '*' : slug ?? '';
    if (kind === 'category' && !(await this.deps.dal.categories.findBySlug(target))) return invalid({ key: 'subscriptions.unknownCategory' });
    const { subscriptions } = this.deps.dal;
    const on = !(await subscriptions.has(actor.id, kind, target));
    if (on) await subscriptions.add(actor.id, kind, target);
    else await subscriptions.remove(actor.id, kind, target);
    await this.tell('reminderPreferencesChanged', () => this.deps.scheduler.reminderPreferencesChanged());
    return done({ on });
  }

  /** Removes one of the member's own subscriptions (by its id, from /mysubs); false when already gone. */
  async removeSubscription(actor: Actor, subscriptionId: string): Promise<Outcome<{ removed: boolean }>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    const id = storedIdFromHex(subscriptionId);
    const removed = id ? await this.deps.dal.subscriptions.removeById(actor.id, id) : null;
    if (removed) await this.tell('reminderPreferencesChanged', () => this.deps.scheduler.reminderPreferencesChanged());
    return done({ removed: Boolean(removed) });
  }

  /** /stop: ends every subscription of the member; returns how many there were. */
  async stopAll(actor: Actor): Promise<Outcome<{ count: number }>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    const count = await this.deps.dal.subscriptions.removeAll(actor.id);
    await this.tell('reminderPreferencesChanged', () => this.deps.scheduler.reminderPreferencesChanged());
    return done({ count });
  }

  /** The minutes before an event at which the member is reminded (at most 10, each within what parseOffsets reads). */
  async setReminderTimes(actor: Actor, offsets: readonly number[]): Promise<Outcome<User | null>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    if (offsets.length === 0 || offsets.some((m) => !Number.isInteger(m) || m < 1 || m > MAX_OFFSET_MINUTES)) return invalid({ key: 'settings.badOffsets' });
    const user = await this.deps.dal.users.update(actor.id, { reminderOffsets: offsets.slice(0, MAX_OFFSETS) });
    await this.tell('reminderPreferencesChanged', () => this.deps.scheduler.reminderPreferencesChanged());
    return done(user);
  }

  /** The member's language (one of the supported ones). */
  async setLanguage(actor: Actor, locale: string): Promise<Outcome<User | null>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    if (!isLocale(locale)) return invalid({ key: 'rsvp.toast.invalid' });
    return done(await this.deps.dal.users.update(actor.id, { locale }));
  }

  /** The calendar the member reads dates in first; undefined: their language's default. */
  async setCalendar(actor: Actor, calendar: CalendarSystem | undefined): Promise<Outcome<User | null>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    return done(await this.deps.dal.users.setCalendar(actor.id, calendar));
  }

  /** The member's time zone (an IANA zone Intl knows); `finishesOnboarding` also records that /start is done. */
  async setTimeZone(actor: Actor, zone: string, opts: { finishesOnboarding: boolean }): Promise<Outcome<User | null>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    if (!isValidTimeZone(zone)) return invalid({ key: 'rsvp.toast.invalid' });
    const set = opts.finishesOnboarding ? { timezone: zone, onboardedAt: this.deps.now() } : { timezone: zone };
    return done(await this.deps.dal.users.update(actor.id, set));
  }
}
