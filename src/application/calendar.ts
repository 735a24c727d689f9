/**
 * The public calendar's reads (the web calendar's `CalendarReader` port, src/web/ports.ts): public
 * events only — published, postponed, or cancelled after being published; never a draft, a deleted
 * event or anything private. A draft, a deleted event and an unknown id all read as `undefined`.
 *
 * Pages count from 1; a page past the last reads as the last (a shared link to page 9 of a list that
 * shrank still shows something). A Telegram photo is a file id, not a URL: `photoUrl` is the site's
 * own photo route (`/photos/<id>?v=…`, src/web/photos.ts), which asks `photoFileId` for the file.
 */
import type { Dal } from '../dal';
import { PUBLIC_STATUSES } from '../dal/events/event.repository';
import { zonedWallTimeToInstant } from '../domain/time';
import { photoPath } from '../web/photos';
import type { CalendarReader, ListQuery, PageOf, WebCategory, WebEvent, WebEventStatus, WebOccurrence } from '../web/ports';
import type { CategoryRecord, EventRecord } from '../dal/types';

export interface CalendarReadsDeps {
  dal: Pick<Dal, 'events' | 'categories' | 'calendarWrites'>;
  now: () => Date;
}

/**
 * How long an answer is kept at most (on the injected clock). Within one process every write to
 * events or categories ends it at once (src/dal/write-watch.ts); this bounds the two things the count
 * cannot see: a write by another process, and time itself (an event moving from upcoming to past).
 */
export const READ_MEMORY_MS = 15_000;
/** Distinct answers kept at most (pages × categories × months); past that the memory starts over. */
const READ_MEMORY_ENTRIES = 2_000;

/** Bounds on what one read returns, whatever a client asks for. */
export const READ_LIMITS = { pageSize: 100, month: 1000, feed: 1000, feedPastDays: 90, announcements: 100 } as const;

function isPublic<T extends Pick<EventRecord, 'status' | 'publishedAt'>>(e: T): e is T & { status: WebEventStatus } {
  return PUBLIC_STATUSES.includes(e.status) && e.publishedAt !== undefined && e.publishedAt !== null;
}

function withoutNulls<T extends object>(v: T): T {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined)) as T;
}

/** The public view of a stored event (no creator, no ids of saved venues or organizer profiles). */
export function toWebEvent(e: EventRecord & { status: WebEventStatus }, occurrences: WebOccurrence[] = []): WebEvent {
  return {
    id: e._id.toHexString(),
    title: e.title,
    ...(e.description ? { description: e.description } : {}),
    startAt: e.startAt,
    endAt: e.endAt,
    allDay: e.allDay,
    timezone: e.timezone,
    ...(e.venue ? { venue: withoutNulls(e.venue) } : {}),
    ...(e.onlineUrl ? { onlineUrl: e.onlineUrl } : {}),
    ...(e.organizer ? { organizer: { name: e.organizer.name, links: { ...e.organizer.links }, ...(e.organizer.website ? { website: e.organizer.website } : {}) } } : {}),
    categories: [...e.categories],
    ...(e.photoFileId ? { photoUrl: photoPath(e._id.toHexString(), e.photoFileId) } : {}),
    ...(e.capacity ? { capacity: e.capacity } : {}),
    status: e.status,
    ...(e.status === 'cancelled' && e.cancelReason ? { cancelReason: e.cancelReason } : {}),
    rsvp: { going: e.rsvpCounts.going, maybe: e.rsvpCounts.maybe, guests: e.rsvpCounts.guests, waitlist: e.rsvpCounts.waitlist },
    sequence: e.sequence,
    ...(e.series
      ? { series: { seriesId: e.series.seriesId.toHexString(), rrule: e.series.rrule, index: e.series.index, detached: e.series.detached, occurrences } }
      : {}),
    ...(e.publishedAt ? { publishedAt: e.publishedAt } : {}),
    updatedAt: e.updatedAt,
  };
}

const toWebCategory = (c: CategoryRecord): WebCategory => ({ slug: c.slug, names: withoutNulls({ ...c.names }) });

/**
 * Every read is remembered until a write to events or categories, or READ_MEMORY_MS: a page view is
 * then one lookup in memory instead of a database query, which on FerretDB is a pass over `events`
 * for any list (bench `web_rps_db`). Concurrent requests for the same answer share one read.
 */
export class CalendarReads implements CalendarReader {
  private readonly memory = new Map<string, { writes: number; window: number; value: Promise<unknown> }>();

  constructor(private readonly deps: CalendarReadsDeps) {}

  private remember<T>(key: string, read: () => Promise<T>): Promise<T> {
    const writes = this.deps.dal.calendarWrites();
    const window = Math.floor(this.deps.now().getTime() / READ_MEMORY_MS);
    const kept = this.memory.get(key);
    if (kept && kept.writes === writes && kept.window === window) return kept.value as Promise<T>;
    const value = read();
    if (this.memory.size >= READ_MEMORY_ENTRIES) this.memory.clear();
    this.memory.set(key, { writes, window, value });
    // A failed read is not remembered: the next request asks again.
    value.catch(() => {
      if (this.memory.get(key)?.value === value) this.memory.delete(key);
    });
    return value;
  }

  getPublicEvent(id: string): Promise<WebEvent | undefined> {
    return this.remember(`event|${id}`, () => this.readPublicEvent(id));
  }

  private async readPublicEvent(id: string): Promise<WebEvent | undefined> {
    const e = await this.deps.dal.events.findById(id);
    if (!e || !isPublic(e)) return undefined;
    if (!e.series) return toWebEvent(e);
    const occurrences = (await this.deps.dal.events.listSeries(e.series.seriesId))
      .filter(isPublic)
      .sort((a, b) => a.startAt.getTime() - b.startAt.getTime())
      .map((o) => ({ id: o._id.toHexString(), startAt: o.startAt, status: o.status }));
    return toWebEvent(e, occurrences);
  }

  listUpcoming(query: ListQuery): Promise<PageOf<WebEvent>> {
    return this.remember(`upcoming|${JSON.stringify(query)}`, () => this.page('upcoming', query));
  }

  listPast(query: ListQuery): Promise<PageOf<WebEvent>> {
    return this.remember(`past|${JSON.stringify(query)}`, () => this.page('past', query));
  }

  private async page(when: 'upcoming' | 'past', query: ListQuery): Promise<PageOf<WebEvent>> {
    const pageSize = Math.max(1, Math.min(READ_LIMITS.pageSize, Math.floor(query.pageSize) || 1));
    const asked = Math.max(1, Math.floor(query.page) || 1);
    const now = this.deps.now();
    const category = query.category ? { category: query.category } : {};
    let res = await this.deps.dal.events.pagePublic({ when, now, ...category, skip: (asked - 1) * pageSize, limit: pageSize });
    const pageCount = Math.max(1, Math.ceil(res.total / pageSize));
    const page = Math.min(asked, pageCount);
    if (page !== asked) res = await this.deps.dal.events.pagePublic({ when, now, ...category, skip: (page - 1) * pageSize, limit: pageSize });
    return { items: res.items.filter(isPublic).map((e) => toWebEvent(e)), page, pageCount };
  }

  /** Events overlapping the month (1–12) as lived in `zone`, in start order. */
  month(query: { year: number; month: number; zone: string; category?: string }): Promise<WebEvent[]> {
    return this.remember(`month|${JSON.stringify(query)}`, () => this.readMonth(query));
  }

  private async readMonth(query: { year: number; month: number; zone: string; category?: string }): Promise<WebEvent[]> {
    const from = zonedWallTimeToInstant({ year: query.year, month: query.month, day: 1, hour: 0, minute: 0 }, query.zone);
    const next = query.month === 12 ? { year: query.year + 1, month: 1 } : { year: query.year, month: query.month + 1 };
    const to = zonedWallTimeToInstant({ ...next, day: 1, hour: 0, minute: 0 }, query.zone);
    const items = await this.deps.dal.events.listPublicBetween({ from, to, ...(query.category ? { category: query.category } : {}), limit: READ_LIMITS.month });
    return items.filter(isPublic).map((e) => toWebEvent(e));
  }

  categories(): Promise<WebCategory[]> {
    return this.remember('categories', async () => (await this.deps.dal.categories.listActive()).map(toWebCategory));
  }

  /** Public events that ended in the last 90 days or are still to come, cancelled ones included. */
  feed(query: { category?: string }): Promise<WebEvent[]> {
    return this.remember(`feed|${JSON.stringify(query)}`, () => this.readFeed(query));
  }

  private async readFeed(query: { category?: string }): Promise<WebEvent[]> {
    const now = this.deps.now();
    const from = new Date(now.getTime() - READ_LIMITS.feedPastDays * 86_400_000);
    const items = await this.deps.dal.events.listPublicBetween({ from, to: new Date(8.64e15), ...(query.category ? { category: query.category } : {}), limit: READ_LIMITS.feed });
    return items.filter(isPublic).map((e) => toWebEvent(e));
  }

  photoFileId(id: string): Promise<string | undefined> {
    return this.remember(`photo|${id}`, async () => {
      const e = await this.deps.dal.events.findById(id);
      return e && isPublic(e) && e.photoFileId ? e.photoFileId : undefined;
    });
  }

  announcements(query: { limit: number }): Promise<WebEvent[]> {
    return this.remember(`announcements|${JSON.stringify(query)}`, () => this.readAnnouncements(query));
  }

  private async readAnnouncements(query: { limit: number }): Promise<WebEvent[]> {
    const limit = Math.max(1, Math.min(READ_LIMITS.announcements, Math.floor(query.limit) || 1));
    return (await this.deps.dal.events.listLatestPublished(limit)).filter(isPublic).map((e) => toWebEvent(e));
  }
}
