/**
 * The planner: the Scheduler the chat features call. It only records work in MongoDB (jobs, posts);
 * the engine's tick sends it. Every method is idempotent through the jobs' unique `key`.
 *
 * Keys:
 *   announce:<event>                          the announcement (once per event)
 *   reminder:<event>:<offsetMin>:<startMs>    one per distinct reminder offset, per start instant
 *   starting:<event>:<startMs>                the "starting now" post
 *   notice:<event>:<sequence>:<kind>          a change notice, once per change
 *   card_edit:<event>:<bucket>                in-place card edits, at most one per COALESCE_MS bucket
 *   direct:<user>:<key>:<event>:<varsHash>    a private message from a locale key
 *   retention:<dueMs>                         the daily deletion of old history (no recipients)
 *   replan:<bucket>                           re-planning after preference changes, once per bucket
 *   forget:<user>:<dueMs>                     /forgetme's second pass (the forget plan's jobs and
 *                                             agenda steps remove it with the member's other keys)
 *   feed:<feed>:<dueMs>                       a calendar feed's poll (src/application/feeds.ts), which
 *                                             plans the next one
 * Including the start instant in reminder keys means a moved event gets fresh reminders while the
 * old ones are skipped ("event moved").
 */
import crypto from 'node:crypto';
import type { ObjectId, EventRecord, LinkedChat } from '../dal/types';
import type { Scheduler, EventChangeKind } from './ports';
import type { Dal } from '../dal';
import { nextWeeklyAt } from '../domain/digest';

/** Card edits for one event are coalesced into buckets this long. */
export const COALESCE_MS = 3000;
/**
 * /forgetme runs a second time this long after the first: work already in flight when the member
 * asked (a chunk being sent, a fan-out that read their card before it was deleted) can write a
 * delivery or receipt under their id after the first pass; by then it has finished.
 */
export const FORGET_AFTERCARE_MS = 60_000;
/** Preference changes within this long of each other are re-planned together, once. */
export const REPLAN_COALESCE_MS = 5000;
/** Offsets are minutes; anything outside this range is ignored (a year). */
const MAX_OFFSET_MIN = 366 * 24 * 60;

/** Statuses whose start is real: reminders and "starting now" are planned for them. */
export const SCHEDULED: ReadonlySet<EventRecord['status']> = new Set(['published', 'postponed']);

const NOTICE_KINDS: ReadonlySet<EventChangeKind> = new Set(['time', 'place', 'postponed', 'cancelled', 'restored']);

/** The daily retention sweep: at 03:00 UTC, the first after `after`. */
export function retentionJob(after: Date): { key: string; kind: 'retention'; dueAt: Date } {
  const at = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), 3));
  if (at.getTime() <= after.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return { key: `retention:${at.getTime()}`, kind: 'retention', dueAt: at };
}

export function reminderKey(eventId: ObjectId, offsetMin: number, startAt: Date): string {
  return `reminder:${eventId.toHexString()}:${offsetMin}:${startAt.getTime()}`;
}

/** The instant a reminder `offsetMin` minutes before `startAt` is due: a duration before the UTC start. */
export function reminderDueAt(startAt: Date, offsetMin: number): Date {
  return new Date(startAt.getTime() - offsetMin * 60_000);
}

function validOffset(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_OFFSET_MIN;
}

export type DigestChat = Pick<LinkedChat, '_id' | 'timezone' | 'digest'>;

/** A chat's next weekly digest after `after`, as a job to plan (the engine plans the following one). */
export function digestJob(
  chat: DigestChat,
  after: Date,
): { key: string; kind: 'digest'; dueAt: Date; chatId: number; payload: { slot: number } } {
  const dueAt = nextWeeklyAt(after, chat.timezone, chat.digest.weekday, chat.digest.hour);
  // `slot` is the week's due instant, kept even if the job runs late, so the next one is a week on.
  return { key: `digest:${chat._id}:${dueAt.getTime()}`, kind: 'digest', dueAt, chatId: chat._id, payload: { slot: dueAt.getTime() } };
}

export class Planner implements Scheduler {
  constructor(private readonly deps: { dal: Dal; now: () => Date }) {}

  private get dal(): Dal {
    return this.deps.dal;
  }

  async eventPublished(eventId: ObjectId, opts: { announceAt?: Date; announce?: boolean } = {}): Promise<void> {
    const event = await this.dal.events.findById(eventId);
    if (!event || event.status !== 'published') return;
    const now = this.deps.now();
    const announceAt = opts.announceAt && opts.announceAt > now ? opts.announceAt : now;
    if (opts.announce !== false) {
      await this.dal.jobs.plan({ key: `announce:${eventId.toHexString()}`, kind: 'announce', dueAt: announceAt, eventId }, now);
    }
    await this.planTimedJobs(event, now);
  }

  async eventChanged(eventId: ObjectId, kind: EventChangeKind): Promise<void> {
    const event = await this.dal.events.findById(eventId);
    if (!event) return;
    const now = this.deps.now();
    if (kind === 'cancelled') {
      await this.dal.jobs.skipPendingForEvent(eventId, ['reminder', 'starting', 'announce'], `event ${kind}`);
    } else if (kind === 'time' || kind === 'restored' || kind === 'postponed') {
      // A postponed event has a new time: its members are reminded of that one.
      if (SCHEDULED.has(event.status)) {
        const kept = await this.planTimedJobs(event, now);
        await this.dal.jobs.skipPendingForEvent(eventId, ['reminder', 'starting'], 'event moved', kept);
      }
    }
    if (NOTICE_KINDS.has(kind) && event.publishedAt) {
      await this.dal.jobs.plan(
        {
          key: `notice:${eventId.toHexString()}:${event.sequence}:${kind}`,
          kind: 'notice',
          dueAt: now,
          eventId,
          payload: { change: kind },
        },
        now,
      );
    }
    await this.refreshCards(eventId);
  }

  async refreshCards(eventId: ObjectId): Promise<void> {
    const now = this.deps.now();
    const bucket = Math.floor(now.getTime() / COALESCE_MS);
    await this.dal.jobs.plan(
      {
        key: `card_edit:${eventId.toHexString()}:${bucket}`,
        kind: 'card_edit',
        // The end of the bucket: everything that changes within it is shown by one edit.
        dueAt: new Date((bucket + 1) * COALESCE_MS),
        eventId,
      },
      now,
    );
  }

  async notifyUser(userId: number, key: string, vars: Record<string, string | number>, eventId?: ObjectId): Promise<void> {
    const now = this.deps.now();
    const varsHash = crypto.createHash('sha1').update(JSON.stringify(Object.entries(vars).sort())).digest('hex').slice(0, 12);
    await this.dal.jobs.plan(
      {
        key: `direct:${userId}:${key}:${eventId?.toHexString() ?? '-'}:${varsHash}`,
        kind: /promot/i.test(key) ? 'promotion' : 'direct',
        dueAt: now,
        chatId: userId,
        ...(eventId ? { eventId } : {}),
        payload: { key, vars },
      },
      now,
    );
  }

  /**
   * Records that reminders need re-planning; the work itself (`replanNow`, which reads every upcoming
   * event) runs in the engine's tick, not in the update that asked. The job's key is the
   * REPLAN_COALESCE_MS bucket, so any number of changes by anyone within it plan one job, and the
   * engine skips a job whose changes a later-started run already covered. The re-plan is global
   * (the offsets of every member and chat), so coalescing across users is as safe as per user.
   * Durable: a crash before the run leaves the job pending, and the sweep runs it.
   */
  async reminderPreferencesChanged(): Promise<void> {
    const now = this.deps.now();
    const bucket = Math.floor(now.getTime() / REPLAN_COALESCE_MS);
    await this.dal.jobs.plan({ key: `replan:${bucket}`, kind: 'replan', dueAt: new Date((bucket + 1) * REPLAN_COALESCE_MS) }, now);
  }

  /**
   * The member was just forgotten: forget them once more after FORGET_AFTERCARE_MS, receipts of the
   * deliveries the first pass found included (src/dal/privacy.ts, ForgetPass). The job is the
   * one record naming them meanwhile, and its own run deletes it (src/dal/privacy.ts).
   */
  async memberForgotten(userId: number, deliveryIds: string[]): Promise<void> {
    const now = this.deps.now();
    const dueAt = new Date(now.getTime() + FORGET_AFTERCARE_MS);
    await this.dal.jobs.plan({ key: `forget:${userId}:${dueAt.getTime()}`, kind: 'forget', chatId: userId, dueAt, payload: { receiptsOf: deliveryIds } }, now);
  }

  /** Plans digests and, for every upcoming event, reminders at every offset in use now. */
  async replanNow(): Promise<void> {
    const now = this.deps.now();
    await this.planDigests(now);
    const offsets = await this.activeOffsets();
    for await (const event of this.dal.events.publishedAfter(now)) {
      await this.planReminders(event._id, event.startAt, offsets, now);
    }
  }

  /**
   * Plans each active chat's next weekly digest (key digest:<chat>:<dueMs>, so planning twice plans
   * once) and skips pending digests that no longer match a chat's settings (switched off, another
   * day or hour, chat inactive). The engine plans the following week's after sending one.
   */
  async planDigests(now: Date): Promise<void> {
    const keep: string[] = [];
    for await (const chat of this.dal.chats.withDigest()) {
      const key = await this.planDigest(chat, now);
      keep.push(key);
    }
    await this.dal.jobs.skipDigestsExcept(keep);
  }

  /** Plans one chat's next digest after `after`; returns its key. */
  async planDigest(chat: DigestChat, after: Date): Promise<string> {
    const job = digestJob(chat, after);
    await this.dal.jobs.plan(job, this.deps.now());
    return job.key;
  }

  /**
   * A feed's poll at `at`: key feed:<feed>:<atMs>, so planning it twice plans it once. The slot in
   * the payload is checked against the feed's `nextPollAt` when it runs: a poll planned before the
   * feed was paused, resumed or polled otherwise finds it moved and does nothing.
   */
  async feedPollDue(feedId: string, at: Date): Promise<void> {
    await this.dal.jobs.plan({ key: `feed:${feedId}:${at.getTime()}`, kind: 'feed', dueAt: at, payload: { feedId, slot: at.getTime() } }, this.deps.now());
  }

  async recordPostedCard(eventId: ObjectId, chatId: number, messageId: number, locale: string): Promise<void> {
    await this.dal.posts.record({ eventId, chatId, messageId, locale }, this.deps.now());
  }

  /** Plans reminders and the "starting now" post for the event's current start; returns their keys. */
  private async planTimedJobs(event: Pick<EventRecord, '_id' | 'startAt'>, now: Date): Promise<string[]> {
    const keys = await this.planReminders(event._id, event.startAt, await this.activeOffsets(), now);
    const startingKey = `starting:${event._id.toHexString()}:${event.startAt.getTime()}`;
    if (event.startAt > now) {
      await this.dal.jobs.plan({ key: startingKey, kind: 'starting', dueAt: event.startAt, eventId: event._id, payload: { startAt: event.startAt } }, now);
    }
    return [...keys, startingKey];
  }

  private async planReminders(eventId: ObjectId, startAt: Date, offsets: number[], now: Date): Promise<string[]> {
    const keys: string[] = [];
    for (const offsetMin of offsets) {
      const dueAt = reminderDueAt(startAt, offsetMin);
      const key = reminderKey(eventId, offsetMin, startAt);
      keys.push(key);
      if (dueAt <= now) continue; // too late for this one: "in 24 hours" would be untrue
      await this.dal.jobs.plan({ key, kind: 'reminder', dueAt, eventId, payload: { offsetMin, startAt } }, now);
    }
    return keys;
  }

  /** The distinct reminder offsets of active linked chats and reachable members. */
  private async activeOffsets(): Promise<number[]> {
    const [fromChats, fromUsers] = await Promise.all([
      this.dal.chats.reminderOffsetsInUse(),
      this.dal.users.reminderOffsetsInUse(),
    ]);
    return [...new Set([...fromChats, ...fromUsers].filter(validOffset))].sort((a, b) => b - a);
  }
}
