/**
 * Calendar feeds kept in sync (src/application/feeds.ts), without telegraf: a local HTTP server
 * serves an iCalendar feed (a series with an EXDATE, a moved occurrence, a cancelled one, across New
 * York's DST change) and The Events Calendar's REST API (the Qom rally with its venue, organizer
 * links and categories); each test changes the source, polls, and reads back what the bot did
 * through the repositories: events created, edited in place (a notice and a card edit planned),
 * cancelled, nothing duplicated across polls or a restart; 304 for an unchanged feed; a failing
 * feed backing off, then paused with its owner told. The clock is injected; nothing sleeps.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { openTestDb, type TestDb } from '../support/db';
import { makeOrganizer } from '../support/events';
import { ics, RALLY, tecRestPage1, tecRestPage2 } from '../support/import-fixtures';
import { Planner } from '../../src/delivery/planner';
import { createApplication, userActor, type Application } from '../../src/application';
import { backoffDelay, FeedOperations, importedEventId, type FeedSettings } from '../../src/application/feeds';
import type { Feed } from '../../src/dal/types';

const OWNER = { id: 4101, is_bot: false, first_name: 'مریم' };
const OTHER = { id: 4102, is_bot: false, first_name: 'Omar' };
const MEMBER = { id: 4103, is_bot: false, first_name: 'عائشہ' };
const ADMIN_ID = 9001;

interface Source {
  body: string;
  contentType: string;
  /** Answer with this status instead (a failing source). */
  status?: number;
  /** Send an ETag and honour If-None-Match. */
  etag: boolean;
}

interface Site {
  base: string;
  sources: Map<string, Source>;
  /** Every request: path, status answered. */
  log: Array<{ url: string; status: number }>;
  close(): Promise<void>;
}

async function serve(): Promise<Site> {
  const sources = new Map<string, Source>();
  const log: Site['log'] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const page = new URL(url, 'http://x').searchParams.get('page');
    const src = sources.get(page ? `${path}#${page}` : path);
    const answer = (status: number, headers: Record<string, string> = {}, body = '') => {
      log.push({ url, status });
      res.writeHead(status, headers);
      res.end(body);
    };
    if (!src) return answer(404);
    if (src.status) return answer(src.status);
    const tag = `"${createHash('sha1').update(src.body).digest('hex')}"`;
    if (src.etag && req.headers['if-none-match'] === tag) return answer(304, { etag: tag });
    answer(200, { 'content-type': src.contentType, ...(src.etag ? { etag: tag } : {}) }, src.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    sources,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const NY = 'America/New_York';
const vevent = (lines: string[]) => ['BEGIN:VEVENT', 'DTSTAMP:20261101T000000Z', ...lines, 'END:VEVENT'];

/**
 * Version 1: a weekly series (Thursdays 19:00 New York, 25 Feb – 25 Mar 2027, across DST on 14
 * March) without 4 March (EXDATE), 11 March moved to Friday 12 March 20:00, 25 March cancelled;
 * a picnic, a lecture, and an entry cancelled at the source from the start.
 */
function calendarV1(over: { picnic?: string[]; series18?: string[]; lecture?: boolean } = {}): string {
  return ics([
    'X-WR-TIMEZONE:America/New_York',
    ...vevent([
      'UID:series-1@test', `DTSTART;TZID=${NY}:20270225T190000`, `DTEND;TZID=${NY}:20270225T203000`, 'RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=5',
      `EXDATE;TZID=${NY}:20270304T190000`, 'SUMMARY:حلقه مطالعه', 'LOCATION:Room 4\\, Library', 'CATEGORIES:Study',
    ]),
    ...vevent(['UID:series-1@test', `RECURRENCE-ID;TZID=${NY}:20270311T190000`, `DTSTART;TZID=${NY}:20270312T200000`, `DTEND;TZID=${NY}:20270312T213000`, 'SUMMARY:حلقه مطالعه (جمعه)']),
    ...vevent(['UID:series-1@test', `RECURRENCE-ID;TZID=${NY}:20270325T190000`, `DTSTART;TZID=${NY}:20270325T190000`, 'SUMMARY:حلقه مطالعه', 'STATUS:CANCELLED']),
    ...(over.series18 ? vevent(over.series18) : []),
    ...vevent(over.picnic ?? ['UID:picnic@test', 'DTSTART:20270110T150000Z', 'DTEND:20270110T170000Z', 'SUMMARY:پیک‌نیک', 'LOCATION:Park Laleh']),
    ...(over.lecture === false ? [] : vevent(['UID:lecture@test', 'DTSTART:20270120T150000Z', 'DTEND:20270120T160000Z', 'SUMMARY:درس اخلاق'])),
    ...vevent(['UID:called-off@test', 'DTSTART:20270115T150000Z', 'DTEND:20270115T160000Z', 'SUMMARY:Called off', 'STATUS:CANCELLED']),
  ]);
}

const SETTINGS: FeedSettings = {
  pollMs: 30 * 60_000,
  maxBackoffMs: 4 * 3_600_000,
  pauseAfterFailures: 3,
  horizonDays: 150,
  defaultTimezone: 'Asia/Tehran',
  fetch: { allowPrivateAddresses: true, maxBytes: 1024 * 1024, timeoutMs: 5000 },
};

describe('calendar feeds kept in sync (no telegraf)', () => {
  let db: TestDb;
  let site: Site;
  let now = new Date('2026-12-01T08:00:00Z');
  const clock = () => now;
  const build = (): Application =>
    createApplication({ dal: db.dal, scheduler: new Planner({ dal: db.dal, now: clock }), now: clock, botAdmins: [ADMIN_ID], logger: pino({ level: 'silent' }), feeds: SETTINGS });
  let app: Application;
  const owner = userActor(OWNER.id);

  beforeAll(async () => {
    db = await openTestDb('appfeeds');
    site = await serve();
    app = build();
    await makeOrganizer(db.dal, OWNER);
    await makeOrganizer(db.dal, OTHER);
    await db.dal.users.upsertFromTelegram(MEMBER, { privateChat: true });
    await db.dal.categories.add('study', { en: 'Study', fa: 'مطالعه' });
    await db.dal.categories.add('rally', { en: 'Rally', fa: 'گردهمایی' });
  });
  afterAll(async () => {
    await site.close();
    await db.drop();
  });

  const eventOf = (feed: Feed, uid: string) => db.dal.events.findById(importedEventId(feed, uid));
  const occurrence = (wallIsoUtc: string) => `series-1@test#${new Date(wallIsoUtc).toISOString()}`;
  const job = (key: string) => db.dal.jobs.findById(key);
  async function addFeed(path: string, kind: 'ical' | 'tribe', announce = true): Promise<Feed> {
    const res = await app.feeds.add(owner, { url: `${site.base}${path}`, kind, options: { announce } });
    if (!res.ok) throw new Error(`not added: ${JSON.stringify(res)}`);
    return res.value;
  }

  it('creates each entry once (series expanded across DST, the moved occurrence at its new time), answers 304 polls with nothing else, and survives a restart', async () => {
    site.sources.set('/circle.ics', { body: calendarV1(), contentType: 'text/calendar; charset=utf-8', etag: true });
    const feed = await addFeed('/circle.ics', 'ical');
    // The first poll is a job, due now, in the schedule the engine reads.
    expect(await job(`feed:${feed._id}:${now.getTime()}`)).toMatchObject({ kind: 'feed', status: 'pending', payload: { feedId: feed._id } });

    const first = await app.feeds.pollFeed(feed._id);
    // Feb 25, the moved 11 March, 18 March (4 March excluded, 25 March cancelled), picnic, lecture.
    expect(first).toEqual({ kind: 'synced', counts: { created: 5, updated: 0, cancelled: 0, unchanged: 0, problems: 0 } });
    const feb25 = await eventOf(feed, occurrence('2027-02-26T00:00:00Z'));
    expect(feb25).toMatchObject({ status: 'published', title: 'حلقه مطالعه', timezone: NY, createdBy: OWNER.id, categories: ['study'], source: { feedId: feed._id, host: '127.0.0.1', edited: [] } });
    expect(feb25?.venue).toMatchObject({ name: 'Room 4', address: 'Library' });
    // 19:00 in New York is 00:00Z before DST, 23:00Z after it.
    expect((await eventOf(feed, occurrence('2027-03-18T23:00:00Z')))?.startAt.toISOString()).toBe('2027-03-18T23:00:00.000Z');
    // The moved occurrence keeps its identity (its original start) and has its new time and title.
    const moved = await eventOf(feed, occurrence('2027-03-12T00:00:00Z'));
    expect(moved).toMatchObject({ title: 'حلقه مطالعه (جمعه)', startAt: new Date('2027-03-13T01:00:00Z') });
    expect(await eventOf(feed, occurrence('2027-03-05T00:00:00Z'))).toBeNull();
    expect(await eventOf(feed, occurrence('2027-03-25T23:00:00Z'))).toBeNull();
    expect(await eventOf(feed, 'called-off@test')).toBeNull();
    // Published through the event operations: announced, reminders planned like any event.
    expect(await job(`announce:${feb25!._id.toHexString()}`)).toMatchObject({ kind: 'announce' });
    const stored = await db.dal.feeds.findById(feed._id);
    expect(stored).toMatchObject({ failures: 0, lastCounts: { created: 5 }, nextPollAt: new Date(now.getTime() + SETTINGS.pollMs) });
    expect(stored?.etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(await job(`feed:${feed._id}:${now.getTime() + SETTINGS.pollMs}`)).toMatchObject({ kind: 'feed', status: 'pending' });

    // Unchanged: one conditional request, answered 304, and nothing else.
    now = new Date(now.getTime() + SETTINGS.pollMs);
    const before = site.log.length;
    expect(await app.feeds.pollFeed(feed._id)).toEqual({ kind: 'not_modified' });
    expect(site.log.slice(before)).toEqual([{ url: '/circle.ics', status: 304 }]);

    // A restart: a new application on the same database, and a server that forgot its ETag (a full
    // body every time). The same entries are recognised; nothing is created twice.
    app = build();
    site.sources.set('/circle.ics', { body: calendarV1(), contentType: 'text/calendar', etag: false });
    now = new Date(now.getTime() + SETTINGS.pollMs);
    const again = await app.feeds.pollFeed(feed._id);
    expect(again).toEqual({ kind: 'not_modified' }); // the same bytes (sha256) as the last full read
    now = new Date(now.getTime() + 25 * 3_600_000); // a day on: read in full despite the same bytes
    expect(await app.feeds.pollFeed(feed._id)).toEqual({ kind: 'synced', counts: { created: 0, updated: 0, cancelled: 0, unchanged: 5, problems: 0 } });
    const entries = await db.dal.feeds.entriesOf(feed._id);
    expect(entries.size).toBe(5);
    expect(new Set([...entries.values()].map((e) => e.eventId.toHexString())).size).toBe(5);

    // Removed and added again: its events are found again, not made twice.
    expect((await app.feeds.remove(owner, feed._id)).ok).toBe(true);
    const readded = await addFeed('/circle.ics', 'ical');
    expect(await app.feeds.pollFeed(readded._id)).toEqual({ kind: 'synced', counts: { created: 0, updated: 0, cancelled: 0, unchanged: 0, problems: 0 } });
    expect((await db.dal.feeds.entriesOf(readded._id)).size).toBe(5);
    expect((await eventOf(readded, occurrence('2027-02-26T00:00:00Z')))?._id.toHexString()).toBe(feb25!._id.toHexString());
  });

  it('edits changed entries in place (a notice for a new time), cancels entries cancelled or removed at the source, and keeps a field the organizer edited in chat', async () => {
    site.sources.set('/sync.ics', { body: calendarV1(), contentType: 'text/calendar', etag: true });
    const feed = await addFeed('/sync.ics', 'ical');
    expect(await app.feeds.pollFeed(feed._id)).toMatchObject({ kind: 'synced', counts: { created: 5 } });
    const picnic = (await eventOf(feed, 'picnic@test'))!;
    const lecture = (await eventOf(feed, 'lecture@test'))!;
    const mar18 = (await eventOf(feed, occurrence('2027-03-18T23:00:00Z')))!;

    // The organizer renames the picnic in chat: from now on its title is theirs.
    const edited = await app.events.editField(owner, picnic._id, 'title', { kind: 'text', text: 'پیک‌نیک خانوادگی', locale: 'fa' });
    expect(edited.ok && edited.value.event.source?.edited).toEqual(['title']);

    // The source renames and moves the picnic a day, cancels 18 March, drops the lecture.
    site.sources.set('/sync.ics', {
      body: calendarV1({
        picnic: ['UID:picnic@test', 'DTSTART:20270111T150000Z', 'DTEND:20270111T170000Z', 'SUMMARY:Picnic (renamed at the source)', 'LOCATION:Park Laleh'],
        series18: ['UID:series-1@test', `RECURRENCE-ID;TZID=${NY}:20270318T190000`, `DTSTART;TZID=${NY}:20270318T190000`, 'SUMMARY:حلقه مطالعه', 'STATUS:CANCELLED'],
        lecture: false,
      }),
      contentType: 'text/calendar',
      etag: true,
    });
    now = new Date(now.getTime() + SETTINGS.pollMs);
    expect(await app.feeds.pollFeed(feed._id)).toEqual({ kind: 'synced', counts: { created: 0, updated: 1, cancelled: 2, unchanged: 2, problems: 0 } });

    const picnicNow = (await db.dal.events.findById(picnic._id))!;
    // Same event (edited in place), the source's new time, the organizer's title.
    expect(picnicNow).toMatchObject({ title: 'پیک‌نیک خانوادگی', startAt: new Date('2027-01-11T15:00:00Z'), status: 'published' });
    expect(picnicNow.sequence).toBeGreaterThan(picnic.sequence);
    // Members who answered or asked for reminders are told of the new time; posted cards are edited.
    expect(await job(`notice:${picnic._id.toHexString()}:${picnicNow.sequence}:time`)).toMatchObject({ kind: 'notice' });
    expect(await db.dal.jobs.findById(`card_edit:${picnic._id.toHexString()}:${Math.floor(now.getTime() / 3000)}`)).toMatchObject({ kind: 'card_edit' });
    for (const gone of [lecture, mar18]) {
      const e = (await db.dal.events.findById(gone._id))!;
      expect(e.status).toBe('cancelled');
      expect(await job(`notice:${gone._id.toHexString()}:${e.sequence}:cancelled`)).toMatchObject({ kind: 'notice' });
    }

    // Polled again with nothing new: nothing written, no second notice.
    now = new Date(now.getTime() + SETTINGS.pollMs);
    expect(await app.feeds.pollFeed(feed._id)).toEqual({ kind: 'not_modified' });
    expect((await db.dal.events.findById(picnic._id))?.sequence).toBe(picnicNow.sequence);
  });

  it('imports The Events Calendar site: the Qom rally with its zone, venue, organizer links and categories, over two pages', async () => {
    const path = '/wp-json/tribe/events/v1/events';
    site.sources.set(path, { body: JSON.stringify(tecRestPage1(`${site.base}${path}?page=2`)), contentType: 'application/json', etag: true });
    site.sources.set(`${path}#2`, { body: JSON.stringify(tecRestPage2('https://elsewhere.example/next')), contentType: 'application/json', etag: true });
    const feed = await addFeed('/', 'tribe', false);
    const res = await app.feeds.pollFeed(feed._id);
    // The rally, the lecture, the open house; two entries the source gave without a title or with bad dates.
    expect(res).toEqual({ kind: 'synced', counts: { created: 3, updated: 0, cancelled: 0, unchanged: 0, problems: 2 } });
    const rally = (await eventOf(feed, 'qomstudents.example.org?id=501'))!;
    expect(rally).toMatchObject({
      title: RALLY.title,
      startAt: new Date('2026-12-18T05:30:00Z'), // 9:00 in Tehran
      endAt: new Date('2026-12-18T08:00:00Z'), // 11:30
      timezone: 'Asia/Tehran',
      venue: { name: RALLY.venue, address: RALLY.address, city: RALLY.city },
      organizer: { website: RALLY.website, links: { telegram: RALLY.telegram, eitaa: RALLY.eitaa, whatsapp: RALLY.whatsapp } },
      categories: ['rally'],
      status: 'published',
    });
    expect(rally.description).not.toMatch(/<|alert/);
    // This feed's events are not announced, but reminders still come.
    expect(await job(`announce:${rally._id.toHexString()}`)).toBeNull();
    // Unchanged: the first page's conditional request, answered 304, and no other page read.
    now = new Date(now.getTime() + SETTINGS.pollMs);
    const before = site.log.length;
    expect(await app.feeds.pollFeed(feed._id)).toEqual({ kind: 'not_modified' });
    expect(site.log.slice(before).map((l) => l.status)).toEqual([304]);

    // A change members do not see on a card (the image): the entry's hash moves, the event does not —
    // no write, no new sequence, nothing told (venue, organizer links and all compared as stored).
    const page1 = tecRestPage1(`${site.base}${path}?page=2`) as { events: Array<Record<string, unknown>> };
    page1.events[0] = { ...page1.events[0], image: { url: 'https://qomstudents.example.org/wp-content/uploads/rally-2.jpg' } };
    site.sources.set(path, { body: JSON.stringify(page1), contentType: 'application/json', etag: true });
    now = new Date(now.getTime() + SETTINGS.pollMs);
    expect(await app.feeds.pollFeed(feed._id)).toEqual({ kind: 'synced', counts: { created: 0, updated: 0, cancelled: 0, unchanged: 3, problems: 2 } });
    const after = (await db.dal.events.findById(rally._id))!;
    expect(after.sequence).toBe(rally.sequence);
    expect(after.updatedAt).toEqual(rally.updatedAt);
  });

  it('backs off on failures, pauses after the limit and tells the owner; resuming polls again at once', async () => {
    site.sources.set('/down.ics', { body: '', contentType: 'text/calendar', etag: false, status: 503 });
    const feed = await addFeed('/down.ics', 'ical');
    const waits: number[] = [];
    for (let i = 1; i <= 3; i += 1) {
      const res = await app.feeds.pollFeed(feed._id);
      expect(res).toEqual({ kind: 'failed', failure: 'http_error:503', failures: i, paused: i === 3 });
      const stored = (await db.dal.feeds.findById(feed._id))!;
      waits.push(stored.nextPollAt.getTime() - now.getTime());
      now = stored.nextPollAt;
    }
    // 7.5, 15 minutes, then paused (no further poll planned).
    expect(waits.slice(0, 2)).toEqual([backoffDelay(1, SETTINGS.pollMs, SETTINGS.maxBackoffMs), backoffDelay(2, SETTINGS.pollMs, SETTINGS.maxBackoffMs)]);
    expect(waits[1]).toBe(2 * waits[0]!);
    const paused = (await db.dal.feeds.findById(feed._id))!;
    expect(paused).toMatchObject({ paused: true, pausedReason: 'failures', failures: 3, lastFailure: 'http_error:503' });
    expect(await app.feeds.pollFeed(feed._id)).toEqual({ kind: 'skipped', reason: 'paused' });
    // The owner is told through the engine's direct messages (a planned job, sent by the tick).
    const direct = (await db.dal.jobs.overdue(new Date(now.getTime() + 1000), 1000)).filter((j) => j.kind === 'direct' && j.chatId === OWNER.id);
    expect(direct.map((j) => j.payload)).toEqual([{ key: 'feeds.notice.pausedFailures', vars: { host: new URL(site.base).host, n: 3 } }]);
    // A scheduled poll planned before the pause does nothing.
    expect(await app.feeds.runScheduledPoll({ payload: { feedId: feed._id, slot: paused.nextPollAt.getTime() } })).toEqual({ type: 'skip', reason: 'feed paused' });

    site.sources.set('/down.ics', { body: calendarV1(), contentType: 'text/calendar', etag: true });
    const resumed = await app.feeds.resume(owner, feed._id);
    expect(resumed.ok && resumed.value).toMatchObject({ paused: false, failures: 0, nextPollAt: now });
    expect(await app.feeds.runScheduledPoll({ payload: { feedId: feed._id, slot: now.getTime() - 1 } })).toEqual({ type: 'skip', reason: 'feed rescheduled' });
    expect(await app.feeds.runScheduledPoll({ payload: { feedId: feed._id, slot: now.getTime() } })).toEqual({ type: 'done', recipients: 0 });
    expect((await db.dal.feeds.findById(feed._id))?.lastCounts).toMatchObject({ created: 5 });
  });

  it('counts a failure of its own (not the source\'s) like any other, so the chain of polls goes on', async () => {
    const scheduler = new Planner({ dal: db.dal, now: clock });
    const logger = pino({ level: 'silent' });
    const broken = new FeedOperations({
      dal: db.dal, scheduler, events: app.events, now: clock, botAdmins: [ADMIN_ID], logger, settings: SETTINGS,
      fetch: () => Promise.reject(new Error('socket pool exhausted')),
    });
    const feed = await addFeed('/never-fetched.ics', 'ical');
    expect(await broken.runScheduledPoll({ payload: { feedId: feed._id, slot: feed.nextPollAt.getTime() } })).toEqual({ type: 'done', recipients: 0 });
    const stored = (await db.dal.feeds.findById(feed._id))!;
    expect(stored).toMatchObject({ failures: 1, lastFailure: 'internal_error', paused: false });
    expect(await job(`feed:${feed._id}:${stored.nextPollAt.getTime()}`)).toMatchObject({ status: 'pending' });
  });

  it('sets a feed\'s default categories and horizon; a shorter horizon reads the feed in full and cancels nothing it left out', async () => {
    site.sources.set('/opts.ics', { body: calendarV1(), contentType: 'text/calendar', etag: true });
    const feed = await addFeed('/opts.ics', 'ical');
    expect(await app.feeds.pollFeed(feed._id)).toMatchObject({ kind: 'synced', counts: { created: 5 } });
    expect(await app.feeds.setOptions(owner, feed._id, { categories: ['nonexistent'] })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await app.feeds.setOptions(owner, feed._id, { horizonDays: 45 })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await app.feeds.setOptions(userActor(OTHER.id), feed._id, { horizonDays: 30 })).toEqual({ ok: false, reason: 'not_creator' });
    const set = await app.feeds.setOptions(owner, feed._id, { categories: ['rally'], horizonDays: 30 });
    expect(set.ok && set.value).toMatchObject({ options: { categories: ['rally'], horizonDays: 30 } });
    expect(set.ok && set.value.etag).toBeUndefined();
    // The next poll reads in full (no validators left): every entry is now past the horizon, none is cancelled.
    now = new Date(now.getTime() + SETTINGS.pollMs);
    const before = site.log.length;
    expect(await app.feeds.pollFeed(feed._id)).toEqual({ kind: 'synced', counts: { created: 0, updated: 0, cancelled: 0, unchanged: 0, problems: 0 } });
    expect(site.log.slice(before)).toEqual([{ url: '/opts.ics', status: 200 }]);
    expect((await eventOf(feed, 'picnic@test'))?.status).toBe('published');
    expect((await db.dal.feeds.entriesOf(feed._id)).size).toBe(5);
  });

  it('gives entries whose source names no organizer the one the owner chose from their saved organizers, and can go back to none', async () => {
    const body = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', 'UID:talk@org-test', 'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Asia/Tehran:20261210T180000', 'DTEND;TZID=Asia/Tehran:20261210T193000', 'SUMMARY:نشست معارفه', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    site.sources.set('/org.ics', { body, contentType: 'text/calendar', etag: true });
    const feed = await addFeed('/org.ics', 'ical');
    const mine = await db.dal.organizerProfiles.save(OWNER.id, { name: 'انجمن دانشجویان', links: { telegram: 'https://t.me/isa_qom' } }, now);
    const theirs = await db.dal.organizerProfiles.save(OTHER.id, { name: 'Someone else', links: {} }, now);
    // Only the feed owner's saved organizers can be chosen.
    expect(await app.feeds.setOptions(owner, feed._id, { organizerProfileId: theirs._id.toHexString() })).toMatchObject({ ok: false, reason: 'invalid' });
    const set = await app.feeds.setOptions(owner, feed._id, { organizerProfileId: mine._id.toHexString() });
    expect(set.ok && set.value.options.organizer).toEqual({ name: 'انجمن دانشجویان', links: { telegram: 'https://t.me/isa_qom' } });
    expect(await app.feeds.pollFeed(feed._id)).toMatchObject({ kind: 'synced', counts: { created: 1 } });
    expect((await eventOf(feed, 'talk@org-test'))?.organizer).toMatchObject({ name: 'انجمن دانشجویان', links: { telegram: 'https://t.me/isa_qom' } });
    const cleared = await app.feeds.setOptions(owner, feed._id, { organizerProfileId: null });
    expect(cleared.ok && cleared.value.options.organizer).toBeUndefined();
  });

  it('spreads a big import over runs of a bounded number of writes, each planned a second after the last', async () => {
    const small = createApplication({ dal: db.dal, scheduler: new Planner({ dal: db.dal, now: clock }), now: clock, botAdmins: [ADMIN_ID], logger: pino({ level: 'silent' }), feeds: { ...SETTINGS, writesPerRun: 2 } });
    site.sources.set('/big.ics', { body: calendarV1(), contentType: 'text/calendar', etag: true });
    const added = await small.feeds.add(owner, { url: `${site.base}/big.ics`, kind: 'ical' });
    if (!added.ok) throw new Error('not added');
    const created: number[] = [];
    for (;;) {
      const res = await small.feeds.pollFeed(added.value._id);
      if (res.kind !== 'synced') throw new Error(JSON.stringify(res));
      created.push(res.counts.created);
      const stored = (await db.dal.feeds.findById(added.value._id))!;
      if (!res.more) {
        expect(stored.nextPollAt).toEqual(new Date(now.getTime() + SETTINGS.pollMs));
        expect(stored.etag).toBeDefined();
        break;
      }
      // Not finished: no validators kept (the next run must read in full), the next run a second on.
      expect(stored.etag).toBeUndefined();
      expect(stored.nextPollAt).toEqual(new Date(now.getTime() + 1000));
      expect(await job(`feed:${added.value._id}:${now.getTime() + 1000}`)).toMatchObject({ status: 'pending' });
      now = stored.nextPollAt;
    }
    expect(created).toEqual([2, 2, 1]);
    expect((await db.dal.feeds.entriesOf(added.value._id)).size).toBe(5);
  });

  it('lets organizers and super-admins manage feeds, each organizer only their own, and pauses a feed whose owner lost the right', async () => {
    site.sources.set('/perm.ics', { body: calendarV1(), contentType: 'text/calendar', etag: true });
    expect(await app.feeds.add(userActor(MEMBER.id), { url: `${site.base}/perm.ics`, kind: 'ical' })).toEqual({ ok: false, reason: 'not_organizer' });
    const feed = await addFeed('/perm.ics', 'ical');
    expect(await app.feeds.add(owner, { url: `${site.base}/perm.ics`, kind: 'ical' })).toMatchObject({ ok: false, reason: 'invalid', error: { key: 'feeds.error.exists' } });
    expect(await app.feeds.add(owner, { url: 'ftp://example.org/x.ics', kind: 'ical' })).toMatchObject({ ok: false, reason: 'invalid', error: { key: 'import.fetch.unsupported_scheme' } });
    expect(await app.feeds.pause(userActor(OTHER.id), feed._id)).toEqual({ ok: false, reason: 'not_creator' });
    const otherList = await app.feeds.list(userActor(OTHER.id));
    expect(otherList.ok && otherList.value.map((f) => f._id)).not.toContain(feed._id);
    const adminList = await app.feeds.list(userActor(ADMIN_ID));
    expect(adminList.ok && adminList.value.map((f) => f._id)).toContain(feed._id);
    expect(await app.feeds.setAnnounce(userActor(ADMIN_ID), feed._id, false)).toMatchObject({ ok: true, value: { options: { announce: false } } });

    // The owner is no longer an organizer: the feed stops at once, and they are told why.
    await db.dal.users.update(OWNER.id, { isOrganizer: false });
    expect(await app.feeds.pollFeed(feed._id)).toEqual({ kind: 'failed', failure: 'owner_rights', failures: 1, paused: true });
    expect(await db.dal.feeds.findById(feed._id)).toMatchObject({ paused: true, pausedReason: 'rights' });
    expect(await db.dal.events.findById(importedEventId(feed, 'picnic@test'))).toBeNull();
    await db.dal.users.update(OWNER.id, { isOrganizer: true });

    const removed = await app.feeds.remove(owner, feed._id);
    expect(removed.ok).toBe(true);
    expect(await db.dal.feeds.findById(feed._id)).toBeNull();
    expect(await app.feeds.resume(owner, feed._id)).toEqual({ ok: false, reason: 'gone' });
  });
});
