/**
 * What a member does for themself: answer an event (Going / Maybe / Can't go, guests, with waitlist
 * promotion), and be forgotten. The member acts only on their own records, so the actor is the
 * whole permission: a system actor has no RSVP and no data to forget.
 *
 * Telling the scheduler after the write is best effort here, as it was in the chat: the answer is
 * recorded either way, a failure to plan a card refresh or a promotion notice is logged.
 */
import type { Types } from 'mongoose';
import type { Dal } from '../dal';
import type { RsvpOutcome } from '../dal/rsvps/rsvp.repository';
import type { Scheduler } from '../delivery/ports';
import type { RsvpRequest } from '../domain/rsvp';
import type { Logger } from '../logger';
import type { Actor } from './actor';
import { done, refuse, type Outcome } from './outcome';

export interface MemberOperationsDeps {
  dal: Pick<Dal, 'rsvps' | 'events' | 'forgetMember'>;
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
  async rsvp(actor: Actor, eventId: Types.ObjectId, request: RsvpRequest): Promise<Outcome<RsvpOutcome>> {
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
    const collections = await dal.forgetMember(userId);
    // Cards show the new counts only now: a card edit planned before their posts were gone could
    // fan out to their chat while forgetMember ran and leave a delivery naming them.
    for (const eventId of eventIds) await this.tell('refreshCards', () => scheduler.refreshCards(eventId));
    await this.tell('reminderPreferencesChanged', () => scheduler.reminderPreferencesChanged());
    this.deps.logger.info({ userId, rsvps: eventIds.length, collections }, 'forgot a member');
    return done({ rsvps: eventIds.length, collections });
  }
}
