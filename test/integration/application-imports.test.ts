/**
 * The import operations (src/application/imports.ts) called directly, without telegraf: rights as
 * stored now, the community's categories from the database, nothing fetched for someone who may
 * not create events, and the draft handed to `events.create` stored like a typed one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { openTestDb, type TestDb } from '../support/db';
import { makeOrganizer } from '../support/events';
import { Planner } from '../../src/delivery/planner';
import { createApplication, userActor, type Application } from '../../src/application';
import { NOW, feed, ics, tecEventPage } from '../support/import-fixtures';

const SARA = { id: 3201, is_bot: false, first_name: 'سارا' };
const MEMBER = { id: 3202, is_bot: false, first_name: 'Member' };

describe('import operations (no telegraf)', () => {
  let db: TestDb;
  let app: Application;
  let server: http.Server;
  let base: string;
  const hits: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '/');
      if (req.url === '/never') return; // headers never come
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(Buffer.alloc(2 * 1024 * 1024, 0x20));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.url === '/bad-date' ? tecEventPage.replace('2026-12-18T09:00:00+03:30', '2026-02-30T09:00:00+03:30') : tecEventPage);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await openTestDb('appimports');
    app = createApplication({
      dal: db.dal,
      scheduler: new Planner({ dal: db.dal, now: () => NOW }),
      now: () => NOW,
      botAdmins: [],
      logger: pino({ level: 'silent' }),
      importNetwork: { allowPrivateAddresses: true, maxBytes: 1024 * 1024, timeoutMs: 1000 },
    });
    await makeOrganizer(db.dal, SARA);
    await db.dal.users.upsertFromTelegram(MEMBER, { privateChat: true });
    await db.dal.categories.add('study', { en: 'Study', fa: 'مطالعه' });
  });
  afterAll(async () => {
    await db.drop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a member who is not an organizer is refused, and the page is not fetched', async () => {
    const res = await app.imports.fromLink(userActor(MEMBER.id), { url: `${base}/rally`, zone: 'Asia/Tehran' });
    expect(res).toEqual({ ok: false, reason: 'not_organizer' });
    expect(hits).toEqual([]);
    expect(await app.imports.fromCalendarFile(userActor(MEMBER.id), { text: feed, zone: 'UTC' })).toEqual({ ok: false, reason: 'not_organizer' });
  });

  it('an organizer gets the draft; categories are matched against the stored list; the draft is created like a typed one', async () => {
    const file = ics([
      'BEGIN:VEVENT', 'UID:one@test', 'DTSTAMP:20261101T000000Z', 'DTSTART;TZID=Asia/Tehran:20261220T170000', 'DTEND;TZID=Asia/Tehran:20261220T190000',
      'SUMMARY:حلقهٔ مطالعه', 'CATEGORIES:مطالعه,Poetry', 'LOCATION:کتابخانه، خیابان ارم، قم', 'END:VEVENT',
    ]);
    const res = await app.imports.fromCalendarFile(userActor(SARA.id), { text: file, zone: 'UTC' });
    if (!res.ok) throw new Error(`refused: ${res.reason}`);
    expect(res.value.draft).toMatchObject({ title: 'حلقهٔ مطالعه', timezone: 'Asia/Tehran', categories: ['study'], venue: { name: 'کتابخانه', address: 'خیابان ارم، قم' } });
    expect(res.value.notes).toEqual([{ key: 'import.note.categoriesLeftOut', vars: { names: 'Poetry' } }]);
    const created = await app.events.create(userActor(SARA.id), { id: 'ab'.repeat(12), draft: res.value.draft, publish: false });
    if (!created.ok || created.value.alreadySaved) throw new Error('not created');
    expect(created.value.created[0]).toMatchObject({ status: 'draft', timezone: 'Asia/Tehran', startAt: new Date('2026-12-20T13:30:00Z') });
  });

  it('a link: the page is read with the given network settings; failures are locale keys', async () => {
    const res = await app.imports.fromLink(userActor(SARA.id), { url: `${base}/rally`, zone: 'Asia/Tehran' });
    expect(res.ok && res.value.draft.start).toBe('2026-12-18T05:30:00.000Z');
    expect(hits).toEqual(['/rally']);
    expect(await app.imports.fromLink(userActor(SARA.id), { url: `${base}/never`, zone: 'UTC' })).toEqual({
      ok: false, reason: 'invalid', error: { key: 'import.fetch.timeout', vars: {} },
    });
    expect(await app.imports.fromLink(userActor(SARA.id), { url: `${base}/big`, zone: 'UTC' })).toEqual({
      ok: false, reason: 'invalid', error: { key: 'import.fetch.too_large', vars: { max: 1 } },
    });
    // An impossible date (30 February): the rest is kept, the start is left for the organizer, with a note.
    const badDate = await app.imports.fromLink(userActor(SARA.id), { url: `${base}/bad-date`, zone: 'Asia/Tehran' });
    if (!badDate.ok) throw new Error(`refused: ${badDate.reason}`);
    expect(badDate.value.draft.start).toBeUndefined();
    expect(badDate.value.draft.venue?.city).toBe('Qom');
    expect(badDate.value.notes).toContainEqual({ key: 'import.note.badDate', vars: {} });
    const bad = await app.imports.fromLink(userActor(SARA.id), { url: 'gopher://x.example/', zone: 'Asia/Tehran' });
    expect(bad).toEqual({ ok: false, reason: 'invalid', error: { key: 'import.fetch.unsupported_scheme', vars: {} } });
    const none = await app.imports.fromCalendarFile(userActor(SARA.id), { text: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', zone: 'UTC' });
    expect(none).toEqual({ ok: false, reason: 'invalid', error: { key: 'import.chat.nothingUpcoming', vars: {} } });
  });
});
