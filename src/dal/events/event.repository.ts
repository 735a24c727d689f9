import { Types, type UpdateQuery } from 'mongoose';
import type { EventModel, EventRecord, EventStatus } from './event.model';

/** What a new event needs; the rest (status, counts, sequence, timestamps) has defaults. */
export type NewEvent = Omit<EventRecord, '_id' | 'status' | 'sequence' | 'rsvpCounts' | 'createdAt' | 'updatedAt' | 'publishedAt'> & {
  status?: EventStatus;
  /** A caller-chosen id makes creating idempotent: a second create with it fails with a duplicate key. */
  _id?: Types.ObjectId;
};

/** A second create with the same caller-chosen id fails with this (see `write-errors.ts`). */
export { isDuplicateKey } from '../write-errors';

/** Statuses members see in /events. */
export const VISIBLE_STATUSES: readonly EventStatus[] = ['published', 'postponed'];
/**
 * Statuses a public page may show (the web calendar): what members see, and cancelled events that
 * were published (so a shared link says "cancelled" rather than "not found"). Never a draft.
 */
export const PUBLIC_STATUSES: readonly EventStatus[] = ['published', 'postponed', 'cancelled'];
/** Statuses in which an event can still be edited, postponed or cancelled. */
export const LIVE_STATUSES: readonly EventStatus[] = ['draft', 'published', 'postponed'];

export function toObjectId(id: string | Types.ObjectId): Types.ObjectId | undefined {
  if (id instanceof Types.ObjectId) return id;
  return /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : undefined;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

export class EventRepository {
  constructor(private readonly model: EventModel) {}

  async create(input: NewEvent): Promise<EventRecord> {
    const doc = await this.model.create({ ...input, status: input.status ?? 'draft' });
    return doc.toObject();
  }

  /**
   * Creates an event already published (a calendar feed's entry): one insert, where create-then-
   * publish would add a conditional update that FerretDB matches by scanning `events`.
   */
  async createPublished(input: NewEvent, now: Date): Promise<EventRecord> {
    const doc = await this.model.create({ ...input, status: 'published', publishedAt: now });
    return doc.toObject();
  }

  /** Creates every occurrence of a series in one insert. */
  async createMany(inputs: NewEvent[]): Promise<EventRecord[]> {
    const docs = await this.model.insertMany(inputs.map((i) => ({ ...i, status: i.status ?? 'draft' })));
    return docs.map((d) => d.toObject());
  }

  findById(id: string | Types.ObjectId): Promise<EventRecord | null> {
    const oid = toObjectId(id);
    if (!oid) return Promise.resolve(null);
    return this.model.findById(oid).lean<EventRecord>().exec();
  }

  /**
   * Changes an event only while it is in one of `allowed` statuses (a single conditional update, so a
   * stale button cannot edit a cancelled event). `bump` raises `sequence` by one (a change members see).
   * Returns the updated event, or null when it is gone or no longer in an allowed status.
   */
  update(
    id: Types.ObjectId,
    change: { set?: Partial<EventRecord>; unset?: (keyof EventRecord)[] },
    opts: { allowed: readonly EventStatus[]; bump: boolean },
  ): Promise<EventRecord | null> {
    const update: UpdateQuery<EventRecord> = {};
    if (change.set && Object.keys(change.set).length) update.$set = change.set;
    if (change.unset?.length) update.$unset = Object.fromEntries(change.unset.map((k) => [k, 1]));
    if (opts.bump) update.$inc = { sequence: 1 };
    return this.model
      .findOneAndUpdate({ _id: id, status: { $in: [...opts.allowed] } }, update, { new: true, runValidators: true })
      .lean<EventRecord>()
      .exec();
  }

  /** Publishes a draft (only a draft). */
  publish(id: Types.ObjectId, now: Date): Promise<EventRecord | null> {
    return this.model
      .findOneAndUpdate({ _id: id, status: 'draft' }, { $set: { status: 'published', publishedAt: now } }, { new: true })
      .lean<EventRecord>()
      .exec();
  }

  /** Deletes a draft; false when it is not (or no longer) a draft. */
  async deleteDraft(id: Types.ObjectId): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: id, status: 'draft' }).exec();
    return res.deletedCount === 1;
  }

  /** One page of events: reads one more than `limit` to know whether another page follows. */
  private async page(
    filter: Record<string, unknown>,
    sort: Record<string, 1 | -1>,
    opts: { skip: number; limit: number },
  ): Promise<Page<EventRecord>> {
    const items = await this.model.find(filter).sort(sort).skip(opts.skip).limit(opts.limit + 1).lean<EventRecord[]>().exec();
    return { items: items.slice(0, opts.limit), hasMore: items.length > opts.limit };
  }

  /** Upcoming (not yet ended) visible events, soonest first, optionally in one category. */
  async listUpcoming(opts: { now: Date; category?: string; skip: number; limit: number }): Promise<Page<EventRecord>> {
    const filter: Record<string, unknown> = { status: { $in: [...VISIBLE_STATUSES] }, endAt: { $gt: opts.now } };
    if (opts.category) filter.categories = opts.category;
    return this.page(filter, { startAt: 1, _id: 1 }, opts);
  }

  /** Events that have ended, most recent first. */
  async listPast(opts: { now: Date; skip: number; limit: number }): Promise<Page<EventRecord>> {
    return this.page({ status: { $in: [...VISIBLE_STATUSES] }, endAt: { $lte: opts.now } }, { startAt: -1, _id: -1 }, opts);
  }

  /** A creator's events, latest start first (/myevents). */
  async listByCreator(createdBy: number, opts: { skip: number; limit: number }): Promise<Page<EventRecord>> {
    return this.page({ createdBy }, { startAt: -1, _id: -1 }, opts);
  }

  /** Published events starting after `now` (their ids and starts), streamed: re-planning reminders. */
  publishedAfter(now: Date): AsyncIterable<Pick<EventRecord, '_id' | 'startAt' | 'status'>> {
    return this.model
      .find({ status: 'published', startAt: { $gt: now } })
      .select({ _id: 1, startAt: 1, status: 1 })
      .lean<Pick<EventRecord, '_id' | 'startAt' | 'status'>>()
      .cursor();
  }

  /** What a weekly digest lists: published or postponed events starting in [from, to), soonest first, at most 50. */
  forDigest(from: Date, to: Date, categories: readonly string[]): Promise<EventRecord[]> {
    return this.model
      .find({
        status: { $in: ['published', 'postponed'] },
        startAt: { $gte: from, $lt: to },
        ...(categories.length ? { categories: { $in: [...categories] } } : {}),
      })
      .sort({ startAt: 1 })
      .limit(50)
      .lean<EventRecord[]>()
      .exec();
  }

  /** The titles of these events, by id (lists that name events: /stats, /mysubs). */
  titles(ids: readonly Types.ObjectId[]): Promise<Array<Pick<EventRecord, '_id' | 'title'>>> {
    return this.model.find({ _id: { $in: [...ids] } }, { title: 1 }).lean<Array<Pick<EventRecord, '_id' | 'title'>>>().exec();
  }

  /** A series' occurrences in order. */
  listSeries(seriesId: Types.ObjectId): Promise<EventRecord[]> {
    return this.model.find({ 'series.seriesId': seriesId }).sort({ 'series.index': 1 }).lean<EventRecord[]>().exec();
  }

  /** The filter of public events: a public status and once published. */
  private publicFilter(extra: Record<string, unknown>): Record<string, unknown> {
    return { status: { $in: [...PUBLIC_STATUSES] }, publishedAt: { $exists: true }, ...extra };
  }

  /**
   * One page of public events (the web calendar): not yet ended (`upcoming`, soonest first) or ended
   * (`past`, latest first), optionally in one category, with the total for the page count.
   */
  async pagePublic(opts: { when: 'upcoming' | 'past'; now: Date; category?: string; skip: number; limit: number }): Promise<{ items: EventRecord[]; total: number }> {
    const filter = this.publicFilter({
      endAt: opts.when === 'upcoming' ? { $gt: opts.now } : { $lte: opts.now },
      ...(opts.category ? { categories: opts.category } : {}),
    });
    const sort: Record<string, 1 | -1> = opts.when === 'upcoming' ? { startAt: 1, _id: 1 } : { startAt: -1, _id: -1 };
    const [items, total] = await Promise.all([
      this.model.find(filter).sort(sort).skip(opts.skip).limit(opts.limit).lean<EventRecord[]>().exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  /** Public events overlapping [from, to), in start order (a month view, a feed), at most `limit`. */
  listPublicBetween(opts: { from: Date; to: Date; category?: string; limit: number }): Promise<EventRecord[]> {
    const filter = this.publicFilter({ startAt: { $lt: opts.to }, endAt: { $gt: opts.from }, ...(opts.category ? { categories: opts.category } : {}) });
    return this.model.find(filter).sort({ startAt: 1, _id: 1 }).limit(opts.limit).lean<EventRecord[]>().exec();
  }

  /** The latest published public events, newest first (announcements). */
  listLatestPublished(limit: number): Promise<EventRecord[]> {
    return this.model.find(this.publicFilter({})).sort({ publishedAt: -1, _id: -1 }).limit(limit).lean<EventRecord[]>().exec();
  }
}
