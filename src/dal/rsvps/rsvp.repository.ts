/**
 * RSVPs with capacity, without transactions:
 *
 * - One RSVP per (event, member): the unique index on {eventId, userId}.
 * - Every change to one event's RSVPs runs under a per-event lock (rsvp-lock.model.ts), taken by
 *   inserting a document with a unique _id. Single-document updates are not enough here: on the
 *   embedded FerretDB (1.24 on SQLite) an update is a read-modify-write, so 40 parallel `$inc`s on
 *   one document keep only a few and a conditional "compare-and-set" update lets several racers
 *   through (both measured). Unique-index inserts are atomic on both FerretDB and MongoDB.
 * - Under the lock the decision reads the truth (the RSVP documents), so of two members racing for
 *   the last seat exactly one gets it; the other is put on the waitlist.
 * - The counts on the event (`rsvpCounts`) are then recomputed from the RSVPs (one query) and set,
 *   still under the lock: a recount cannot drift the way lost `$inc`s would, and it repairs any
 *   earlier drift (e.g. an organizer's edit that rewrote the event document concurrently).
 */
import crypto from 'node:crypto';
import type { Types } from 'mongoose';
import type { EventModel, EventRecord, RsvpCounts } from '../events/event.model';
import type { Rsvp, RsvpModel, RsvpStatus } from './rsvp.model';
import type { RsvpLockModel } from './rsvp-lock.model';
import {
  countsOf,
  isOpenForRsvp,
  place,
  promotionOrder,
  requestedState,
  seatsOf,
  seatsTaken,
  type RsvpRequest,
  type RsvpState,
} from '../../domain/rsvp';
import { isDuplicateKey } from '../write-errors';

const LOCK_TTL_MS = 10_000;
const LOCK_WAIT_MS = 15_000;

export interface Promoted {
  userId: number;
  guests: number;
}

export type RsvpOutcome =
  | { kind: 'not_found' }
  | { kind: 'closed'; event: EventRecord }
  | { kind: 'no_room_for_guests'; event: EventRecord; free: number; state: RsvpState | undefined }
  | { kind: 'ok'; event: EventRecord; before: RsvpState | undefined; state: RsvpState; changed: boolean; promoted: Promoted[] };

const stateOf = (r: Pick<Rsvp, 'status' | 'guests'> | null | undefined): RsvpState | undefined =>
  r ? { status: r.status, guests: r.guests } : undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class RsvpRepository {
  constructor(
    private readonly model: RsvpModel,
    private readonly events: EventModel,
    private readonly locks: RsvpLockModel,
  ) {}

  find(eventId: Types.ObjectId, userId: number): Promise<Rsvp | null> {
    return this.model.findOne({ eventId, userId }).lean<Rsvp>().exec();
  }

  /** Runs `fn` holding the event's lock. */
  async withEventLock<T>(eventId: Types.ObjectId, fn: () => Promise<T>): Promise<T> {
    const id = eventId.toHexString();
    const holder = crypto.randomBytes(8).toString('hex');
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.locks.create({ _id: id, holder, until: new Date(Date.now() + LOCK_TTL_MS) });
        break;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      // Held: take over a lock whose holder died, else wait a little and try again.
      await this.locks.deleteOne({ _id: id, until: { $lt: new Date() } }).exec();
      if (Date.now() > deadline) throw new Error(`RSVP lock for event ${id} not free after ${LOCK_WAIT_MS} ms`);
      await sleep(Math.min(50, 5 + attempt * 3) + Math.random() * 10);
    }
    try {
      return await fn();
    } finally {
      await this.locks.deleteOne({ _id: id, holder }).exec();
    }
  }

  /** Applies a member's answer; never over-fills the capacity. */
  answer(eventId: Types.ObjectId, userId: number, request: RsvpRequest, now: Date): Promise<RsvpOutcome> {
    return this.withEventLock(eventId, async () => {
      const event = await this.events.findById(eventId).lean<EventRecord>().exec();
      if (!event) return { kind: 'not_found' } as const;
      if (!isOpenForRsvp(event, now)) return { kind: 'closed', event } as const;
      const existing = await this.find(eventId, userId);
      const before = stateOf(existing);
      const counts = await this.recount(eventId);
      const placement = place(requestedState(before, request), before, counts, event.capacity ?? undefined);
      if (placement.kind === 'no_room_for_guests') return { kind: 'no_room_for_guests', event, free: placement.free, state: before } as const;
      const after = placement.state;
      if (before && before.status === after.status && before.guests === after.guests) {
        return { kind: 'ok', event, before, state: after, changed: false, promoted: [] } as const;
      }
      const waitlistedAt = after.status === 'waitlist' ? (existing?.status === 'waitlist' ? existing.waitlistedAt ?? now : now) : undefined;
      if (existing) {
        await this.model
          .updateOne(
            { _id: existing._id },
            waitlistedAt
              ? { $set: { status: after.status, guests: after.guests, waitlistedAt } }
              : { $set: { status: after.status, guests: after.guests }, $unset: { waitlistedAt: 1 } },
          )
          .exec();
      } else {
        await this.model.create({ eventId, userId, status: after.status, guests: after.guests, ...(waitlistedAt ? { waitlistedAt } : {}) });
      }
      const promoted = await this.promoteLocked(event, now);
      const fresh = await this.storeCounts(eventId);
      return { kind: 'ok', event: { ...event, rsvpCounts: fresh }, before, state: after, changed: true, promoted } as const;
    });
  }

  /** Moves waiting members up while seats are free (e.g. after the capacity was raised). */
  promoteWaitlist(eventId: Types.ObjectId, now: Date): Promise<Promoted[]> {
    return this.withEventLock(eventId, async () => {
      const event = await this.events.findById(eventId).lean<EventRecord>().exec();
      if (!event) return [];
      const promoted = await this.promoteLocked(event, now);
      await this.storeCounts(eventId);
      return promoted;
    });
  }

  /**
   * Strict first come, first served (see promotionOrder); nothing moves on a cancelled or finished
   * event. Caller holds the lock.
   */
  private async promoteLocked(event: EventRecord, now: Date): Promise<Promoted[]> {
    if (!isOpenForRsvp(event, now)) return [];
    const counts = await this.recount(event._id);
    if (counts.waitlist === 0) return [];
    const free = event.capacity ? event.capacity - seatsTaken(counts) : Number.POSITIVE_INFINITY;
    if (free <= 0) return [];
    const waiting = await this.model.find({ eventId: event._id, status: 'waitlist' }).sort({ waitlistedAt: 1, _id: 1 }).lean<Rsvp[]>().exec();
    const moving = promotionOrder(free, waiting);
    for (const w of moving) {
      await this.model.updateOne({ _id: w._id }, { $set: { status: 'going' }, $unset: { waitlistedAt: 1 } }).exec();
    }
    return moving.map((w) => ({ userId: w.userId, guests: w.guests }));
  }

  /** Removes a member's RSVP (the /forgetme path), promoting the waitlist; returns who moved up. */
  withdraw(eventId: Types.ObjectId, userId: number, now: Date): Promise<Promoted[]> {
    return this.withEventLock(eventId, async () => {
      const existing = await this.find(eventId, userId);
      if (!existing) return [];
      await this.model.deleteOne({ _id: existing._id }).exec();
      const event = await this.events.findById(eventId).lean<EventRecord>().exec();
      const promoted = event && seatsOf(stateOf(existing)) > 0 ? await this.promoteLocked(event, now) : [];
      await this.storeCounts(eventId);
      return promoted;
    });
  }

  /** The members who answered an event with one of `statuses` (ids only), streamed. */
  async *userIdsWithStatus(eventId: Types.ObjectId, statuses: readonly string[]): AsyncGenerator<number> {
    const rows = this.model.find({ eventId, status: { $in: [...statuses] } }).select({ userId: 1, _id: 0 }).lean<Pick<Rsvp, 'userId'>>().cursor();
    for await (const r of rows) yield r.userId;
  }

  /** Every event a member answered (for /forgetme). */
  async eventIdsOf(userId: number): Promise<Types.ObjectId[]> {
    const rows = await this.model.find({ userId }, { eventId: 1 }).lean<Array<Pick<Rsvp, 'eventId'>>>().exec();
    return rows.map((r) => r.eventId);
  }

  /** The counts recomputed from the RSVPs themselves. */
  async recount(eventId: Types.ObjectId): Promise<RsvpCounts> {
    const rows = await this.model.find({ eventId }, { status: 1, guests: 1 }).lean<Array<Pick<Rsvp, 'status' | 'guests'>>>().exec();
    return countsOf(rows.map((r) => ({ status: r.status, guests: r.guests })));
  }

  private async storeCounts(eventId: Types.ObjectId): Promise<RsvpCounts> {
    const counts = await this.recount(eventId);
    await this.events.updateOne({ _id: eventId }, { $set: { rsvpCounts: counts } }).exec();
    return counts;
  }

  /** One page of an event's RSVPs in attendee-list order, and the total. */
  async page(eventId: Types.ObjectId, opts: { skip: number; limit: number }): Promise<{ items: Rsvp[]; total: number }> {
    const all = await this.listAll(eventId);
    return { items: all.slice(opts.skip, opts.skip + opts.limit), total: all.length };
  }

  /** Going first, then waitlist (in queue order), maybe, can't go; each in arrival order. */
  async listAll(eventId: Types.ObjectId): Promise<Rsvp[]> {
    const order: RsvpStatus[] = ['going', 'waitlist', 'maybe', 'not_going'];
    const out: Rsvp[] = [];
    for (const status of order) {
      const rows = await this.model
        .find({ eventId, status })
        .sort(status === 'waitlist' ? { waitlistedAt: 1, _id: 1 } : { createdAt: 1, _id: 1 })
        .lean<Rsvp[]>()
        .exec();
      out.push(...rows);
    }
    return out;
  }
}
