/**
 * The public calendar's reads (src/application/calendar.ts) against the real database: only events
 * that were published ever come out (drafts, deleted drafts and never-published records do not),
 * lists page and filter, a month is the month as lived in the reader's zone.
 */
import { Types } from 'mongoose';
import pino from 'pino';
import { openTestDb, type TestDb } from '../support/db';
import { makeEvent, makeOrganizer } from '../support/events';
import { Planner } from '../../src/delivery/planner';
import { createApplication, userActor, type Application } from '../../src/application';
import type { EventDraft } from '../../src/domain/event-draft';
import { READ_MEMORY_MS } from '../../src/application/calendar';

const NOW = new Date('2026-11-29T12:00:00Z');
const ORGANIZER = { id: 5101, is_bot: false, first_name: 'نرگس' };

describe('calendar reads (public events only)', () => {
  let db: TestDb;
  let app: Application;
  const me = userActor(ORGANIZER.id);
  const ids: Record<string, string> = {};

  async function publish(key: string, over: Partial<EventDraft>, publishNow = true): Promise<string> {
    const id = new Types.ObjectId().toHexString();
    const draft: EventDraft = { title: key, start: '2026-12-05T15:00:00.000Z', timezone: 'Asia/Tehran', categories: [], ...over };
    const res = await app.events.create(me, { id, draft, publish: publishNow });
    if (!res.ok) throw new Error(`not created: ${res.reason}`);
    ids[key] = id;
    return id;
  }

  beforeAll(async () => {
    db = await openTestDb('appcalendar');
    app = createApplication({ dal: db.dal, scheduler: new Planner({ dal: db.dal, now: () => NOW }), now: () => NOW, botAdmins: [], logger: pino({ level: 'silent' }) });
    await makeOrganizer(db.dal, ORGANIZER);
    await db.dal.categories.add('poetry', { en: 'Poetry', fa: 'شعر', ar: 'شعر', ur: 'شاعری' });
    await db.dal.categories.add('talks', { en: 'Talks', fa: 'سخنرانی' });
    await db.dal.categories.add('old', { en: 'Old' });
    await db.dal.categories.setArchived('old', true);

    await publish('شب شعر حافظ', { categories: ['poetry'], start: '2026-12-05T15:00:00.000Z' });
    await publish('محاضرة', { categories: ['talks'], start: '2026-12-08T14:00:00.000Z' });
    await publish('مشاعرہ', { categories: ['poetry'], start: '2026-12-01T14:00:00.000Z' });
    await publish('Past talk', { categories: ['talks'], start: '2026-11-20T14:00:00.000Z' });
    // 1 January 2027 01:30 in Tehran is still 31 December in UTC.
    await publish('New year in Tehran', { start: '2026-12-31T22:00:00.000Z' });
    await publish('Draft', {}, false);
    await publish('Deleted draft', {}, false);
    await app.events.deleteDraft(me, ids['Deleted draft']!);
    await publish('Cancelled', { start: '2026-12-10T14:00:00.000Z' });
    await app.events.cancel(me, ids.Cancelled!, 'سالن در دسترس نیست');
    // Stored as cancelled without ever being published (never public).
    ids.neverPublished = (await makeEvent(db.dal, { title: 'Never published', startAt: new Date('2026-12-06T10:00:00Z'), status: 'cancelled', createdBy: ORGANIZER.id }))._id.toHexString();
    await publish('Series', { start: '2026-12-03T15:30:00.000Z', repeat: { rrule: 'FREQ=WEEKLY;COUNT=3', text: 'weekly' } }, false);
  });
  afterAll(async () => {
    await db.drop();
  });

  const titles = (events: { title: string }[]) => events.map((e) => e.title);

  it('reads one public event without its creator; a draft, a deleted draft, a never-published record or a bad id read as nothing', async () => {
    const e = await app.calendar.getPublicEvent(ids['شب شعر حافظ']!);
    expect(e).toMatchObject({ id: ids['شب شعر حافظ'], title: 'شب شعر حافظ', status: 'published', categories: ['poetry'], timezone: 'Asia/Tehran', rsvp: { going: 0, maybe: 0, guests: 0, waitlist: 0 } });
    expect(e).not.toHaveProperty('createdBy');
    expect(await app.calendar.getPublicEvent(ids.Cancelled!)).toMatchObject({ status: 'cancelled', cancelReason: 'سالن در دسترس نیست' });
    for (const id of [ids.Draft!, ids['Deleted draft']!, ids.neverPublished!, 'not-an-id', new Types.ObjectId().toHexString()]) {
      expect(await app.calendar.getPublicEvent(id)).toBeUndefined();
    }
  });

  it('a series occurrence lists only the public occurrences', async () => {
    const series = (await db.dal.events.listSeries(new Types.ObjectId((await db.dal.events.findById(ids.Series!))!.series!.seriesId))).map((o) => o._id);
    expect(series).toHaveLength(3);
    expect(await app.calendar.getPublicEvent(series[0]!.toHexString())).toBeUndefined();
    await db.dal.events.publish(series[1]!, NOW);
    await db.dal.events.publish(series[2]!, NOW);
    const e = await app.calendar.getPublicEvent(series[1]!.toHexString());
    expect(e?.series).toMatchObject({ index: 1, detached: false, rrule: 'FREQ=WEEKLY;COUNT=3' });
    expect(e?.series?.occurrences.map((o) => o.id)).toEqual([series[1]!.toHexString(), series[2]!.toHexString()]);
    await db.dal.events.update(series[2]!, { set: { status: 'draft' } }, { allowed: ['published'], bump: false });
  });

  it('lists upcoming soonest first and past latest first, by category, in pages (a page past the end reads as the last)', async () => {
    const all = await app.calendar.listUpcoming({ page: 1, pageSize: 100 });
    expect(titles(all.items)).toEqual(['مشاعرہ', 'شب شعر حافظ', 'محاضرة', 'Cancelled', 'Series', 'New year in Tehran']);
    expect(all).toMatchObject({ page: 1, pageCount: 1 });
    const poetry = await app.calendar.listUpcoming({ category: 'poetry', page: 1, pageSize: 1 });
    expect(poetry).toMatchObject({ page: 1, pageCount: 2 });
    expect(titles(poetry.items)).toEqual(['مشاعرہ']);
    const beyond = await app.calendar.listUpcoming({ category: 'poetry', page: 7, pageSize: 1 });
    expect(beyond.page).toBe(2);
    expect(titles(beyond.items)).toEqual(['شب شعر حافظ']);
    const past = await app.calendar.listPast({ page: 1, pageSize: 10 });
    expect(titles(past.items)).toEqual(['Past talk']);
    expect(await app.calendar.listPast({ category: 'poetry', page: 1, pageSize: 10 })).toEqual({ items: [], page: 1, pageCount: 1 });
  });

  it('a month is the month in the reader\'s zone', async () => {
    expect(titles(await app.calendar.month({ year: 2027, month: 1, zone: 'Asia/Tehran' }))).toEqual(['New year in Tehran']);
    expect(titles(await app.calendar.month({ year: 2027, month: 1, zone: 'UTC' }))).toEqual([]);
    expect(titles(await app.calendar.month({ year: 2026, month: 12, zone: 'UTC', category: 'talks' }))).toEqual(['محاضرة']);
  });

  it('active categories only; the feed keeps cancelled events; announcements newest first', async () => {
    expect(await app.calendar.categories()).toEqual([
      { slug: 'poetry', names: { en: 'Poetry', fa: 'شعر', ar: 'شعر', ur: 'شاعری' } },
      { slug: 'talks', names: { en: 'Talks', fa: 'سخنرانی' } },
    ]);
    const feed = titles(await app.calendar.feed({}));
    expect(feed).toContain('Cancelled');
    expect(feed).toContain('Past talk');
    expect(feed).not.toContain('Draft');
    expect(feed).not.toContain('Never published');
    const latest = await app.calendar.announcements({ limit: 2 });
    expect(latest).toHaveLength(2);
    expect(latest.every((e) => e.publishedAt instanceof Date)).toBe(true);
  });
});

describe('calendar reads are remembered until something changes', () => {
  let db: TestDb;
  let app: Application;
  let now = NOW;
  const me = userActor(ORGANIZER.id);

  beforeAll(async () => {
    db = await openTestDb('appcalmemo');
    app = createApplication({ dal: db.dal, scheduler: new Planner({ dal: db.dal, now: () => now }), now: () => now, botAdmins: [], logger: pino({ level: 'silent' }) });
    await makeOrganizer(db.dal, ORGANIZER);
  });
  afterAll(async () => {
    await db.drop();
  });

  async function create(title: string): Promise<string> {
    const id = new Types.ObjectId().toHexString();
    const res = await app.events.create(me, { id, draft: { title, start: '2026-12-05T15:00:00.000Z', timezone: 'Asia/Tehran', categories: [] }, publish: true });
    if (!res.ok) throw new Error(`not created: ${res.reason}`);
    return id;
  }

  it('answers a repeated read from memory, and the next read after any write from the database', async () => {
    const id = await create('شب شعر');
    const first = await app.calendar.getPublicEvent(id);
    const again = await app.calendar.getPublicEvent(id);
    expect(again).toBe(first); // the same answer, not read again
    const list = await app.calendar.listUpcoming({ page: 1, pageSize: 10 });
    expect(await app.calendar.listUpcoming({ page: 1, pageSize: 10 })).toBe(list);

    const edited = await app.events.editField(me, id, 'title', { kind: 'text', text: 'شب شعر حافظ', locale: 'fa' });
    expect(edited.ok).toBe(true);
    expect((await app.calendar.getPublicEvent(id))?.title).toBe('شب شعر حافظ');
    expect((await app.calendar.listUpcoming({ page: 1, pageSize: 10 })).items.map((e) => e.title)).toEqual(['شب شعر حافظ']);

    // A write to another event, and a category added, end every kept answer too.
    await create('محاضرة');
    expect((await app.calendar.listUpcoming({ page: 1, pageSize: 10 })).items).toHaveLength(2);
    const cats = await app.calendar.categories();
    await db.dal.categories.add('poetry', { en: 'Poetry', fa: 'شعر' });
    expect((await app.calendar.categories()).map((c) => c.slug)).toEqual([...cats.map((c) => c.slug), 'poetry']);
  });

  it('keeps an answer no longer than READ_MEMORY_MS on the injected clock (writes by another process)', async () => {
    const list = await app.calendar.listUpcoming({ page: 1, pageSize: 10 });
    expect(await app.calendar.listUpcoming({ page: 1, pageSize: 10 })).toBe(list);
    now = new Date(now.getTime() + READ_MEMORY_MS);
    const later = await app.calendar.listUpcoming({ page: 1, pageSize: 10 });
    expect(later).not.toBe(list);
    expect(later).toEqual(list);
  });
});
