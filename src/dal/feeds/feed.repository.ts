import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { isDuplicateKey } from '../write-errors';
import type { Feed, FeedKind, FeedModel, FeedOptions, FeedPauseReason, FeedPollCounts } from './feed.model';
import type { FeedEntry, FeedEntryModel } from './feed-entry.model';

export interface NewFeed {
  url: string;
  kind: FeedKind;
  ownerId: number;
  options: FeedOptions;
  /** When the first poll is due (normally now). */
  nextPollAt: Date;
}

/** The validators and body hash a successful poll leaves for the next conditional request. */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
  bodyHash?: string;
}

/** The stored key of an entry: the feed and its source UID (hashed, as UIDs can be long and hold anything). */
export function feedEntryKey(feedId: string, sourceUid: string): string {
  return `${feedId}:${createHash('sha256').update(sourceUid).digest('hex').slice(0, 40)}`;
}

/**
 * Calendar feeds and what each imported. Every read and write of one feed is by its string `_id`
 * (an index seek on FerretDB too); listing an owner's feeds and a feed's entries are the two queries.
 * Nothing here needs a conditional update to be atomic: a poll runs in the engine's tick on the
 * lease holder only, and what must happen once (a feed per owner and URL, an entry per source UID,
 * an event per entry) is decided by unique keys.
 */
export class FeedRepository {
  constructor(
    private readonly feeds: FeedModel,
    private readonly entries: FeedEntryModel,
  ) {}

  /** Adds a feed; the same URL twice for one owner is `exists` (the unique index decides). */
  async add(input: NewFeed, now: Date): Promise<{ ok: true; feed: Feed } | { ok: false; existing: Feed | null }> {
    const doc: Feed = { _id: new Types.ObjectId().toHexString(), ...input, failures: 0, paused: false, createdAt: now, updatedAt: now };
    try {
      await this.feeds.create(doc);
      return { ok: true, feed: doc };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return { ok: false, existing: await this.feeds.findOne({ ownerId: input.ownerId, url: input.url }).lean<Feed>().exec() };
    }
  }

  findById(id: string): Promise<Feed | null> {
    if (!/^[0-9a-f]{24}$/i.test(id)) return Promise.resolve(null);
    return this.feeds.findById(id).lean<Feed>().exec();
  }

  /** An owner's feeds, oldest first (/feeds). */
  listOwnedBy(ownerId: number): Promise<Feed[]> {
    return this.feeds.find({ ownerId }).sort({ createdAt: 1, _id: 1 }).limit(100).lean<Feed[]>().exec();
  }

  /** Every feed, oldest first (a super-admin's /feeds). */
  listAll(limit = 100): Promise<Feed[]> {
    return this.feeds.find({}).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<Feed[]>().exec();
  }

  /** Removes a feed and its entries (the events it made stay, as events typed in chat do). True when it was there. */
  async remove(id: string): Promise<boolean> {
    const removed = (await this.feeds.deleteOne({ _id: id }).exec()).deletedCount > 0;
    await this.entries.deleteMany({ feedId: id }).exec();
    return removed;
  }

  /** New options; `readInFull` drops the validators and body hash, so the next poll reads and applies everything. */
  async setOptions(id: string, options: FeedOptions, opts: { readInFull: boolean }): Promise<Feed | null> {
    const update = opts.readInFull ? { $set: { options }, $unset: { etag: 1, lastModified: 1, bodyHash: 1, lastFullAt: 1 } } : { $set: { options } };
    return this.feeds.findOneAndUpdate({ _id: id }, update, { new: true }).lean<Feed>().exec();
  }

  /** Pauses (with why) or resumes a feed; resuming sets its next poll and clears the failure count. */
  async setPaused(id: string, state: { paused: true; reason: FeedPauseReason } | { paused: false; nextPollAt: Date }): Promise<Feed | null> {
    const update = state.paused
      ? { $set: { paused: true, pausedReason: state.reason } }
      : { $set: { paused: false, failures: 0, nextPollAt: state.nextPollAt }, $unset: { pausedReason: 1, lastFailure: 1 } };
    return this.feeds.findOneAndUpdate({ _id: id }, update, { new: true }).lean<Feed>().exec();
  }

  /**
   * A poll went through (a 304 included): no failures, the next poll; after a full read, the new
   * validators (each replaced or removed) and what was applied.
   */
  async recordPolled(id: string, at: Date, next: Date, found: { validators?: FeedValidators; counts?: FeedPollCounts; parsedAt?: Date }): Promise<void> {
    const set: Record<string, unknown> = { failures: 0, lastPolledAt: at, nextPollAt: next };
    const unset: Record<string, 1> = { lastFailure: 1 };
    if (found.counts) set.lastCounts = found.counts;
    if (found.parsedAt) set.lastFullAt = found.parsedAt;
    if (found.validators) {
      for (const k of ['etag', 'lastModified', 'bodyHash'] as const) {
        const v = found.validators[k];
        if (v !== undefined) set[k] = v;
        else unset[k] = 1;
      }
    }
    await this.feeds.updateOne({ _id: id }, { $set: set, $unset: unset }).exec();
  }

  /** A failed poll: the count of failures in a row, and either the next try or a pause. */
  async recordFailure(id: string, at: Date, failure: { kind: string; failures: number; next: Date; pause?: FeedPauseReason }): Promise<void> {
    const set: Record<string, unknown> = { failures: failure.failures, lastFailure: failure.kind, lastPolledAt: at, nextPollAt: failure.next };
    if (failure.pause) Object.assign(set, { paused: true, pausedReason: failure.pause });
    await this.feeds.updateOne({ _id: id }, { $set: set }).exec();
  }

  // ------------------------------------------------------------------ entries

  /** What the feed imported so far: source UID → entry. */
  async entriesOf(feedId: string): Promise<Map<string, FeedEntry>> {
    const list = await this.entries.find({ feedId }).lean<FeedEntry[]>().exec();
    return new Map(list.map((e) => [e.sourceUid, e]));
  }

  /** Records (or updates) the event an entry became and the hash applied; by its key, so once per entry. */
  async recordEntry(entry: { feedId: string; sourceUid: string; eventId: Types.ObjectId; hash: string; cancelled?: boolean }, now: Date): Promise<void> {
    const _id = feedEntryKey(entry.feedId, entry.sourceUid);
    await this.entries
      .updateOne(
        { _id },
        {
          $set: { hash: entry.hash, eventId: entry.eventId, cancelled: entry.cancelled ?? false, updatedAt: now },
          $setOnInsert: { feedId: entry.feedId, sourceUid: entry.sourceUid, createdAt: now },
        },
        { upsert: true, timestamps: false },
      )
      .exec()
      .catch((err: unknown) => {
        // A racing upsert inserted it first: ours becomes an update.
        if (!isDuplicateKey(err)) throw err;
        return this.entries.updateOne({ _id }, { $set: { hash: entry.hash, eventId: entry.eventId, cancelled: entry.cancelled ?? false, updatedAt: now } }).exec();
      });
  }

  /** Forgets an entry (its event has ended and the source no longer lists it). */
  async dropEntry(feedId: string, sourceUid: string): Promise<void> {
    await this.entries.deleteOne({ _id: feedEntryKey(feedId, sourceUid) }).exec();
  }
}
