/**
 * /addfeed and /feeds through the real bot against the fake Bot API, with the delivery engine
 * running the polls as it does in production: a Persian organizer adds a The Events Calendar site
 * served locally; the engine's tick polls it, the rally is created and announced in a linked
 * channel (its card says where it comes from); the source moves the rally, the next poll edits the
 * channel's card in place (no second post); /feeds lists the feed and its Pause button pauses it.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { REZA, ALICE, startHarness, type Harness } from '../support/harness';
import { makeOrganizer } from '../support/events';
import { modelsOf } from '../support/models';
import { RALLY, tecRestPage1 } from '../support/import-fixtures';

const CHANNEL = { id: -3101, type: 'channel' as const, title: 'کانال دانشجویان' };
const PATH = '/wp-json/tribe/events/v1/events';

describe('/addfeed and /feeds in chat', () => {
  let h: Harness;
  let server: http.Server;
  let base = '';
  let body = '';
  let now = new Date('2026-12-01T08:00:00Z');

  /** The REST answer: the rally alone (page 1 of the fixture, without the entries it cannot read), its start moved by `shiftMin`. */
  function tribeBody(shiftMin: number): string {
    const page = tecRestPage1('') as { events: Array<Record<string, unknown>> };
    const rally = page.events[0]!;
    const start = new Date(Date.UTC(2026, 11, 18, 5, 30) + shiftMin * 60_000);
    const end = new Date(Date.UTC(2026, 11, 18, 8, 0) + shiftMin * 60_000);
    const fmt = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);
    return JSON.stringify({ events: [{ ...rally, utc_start_date: fmt(start), utc_end_date: fmt(end) }], total: 1, total_pages: 1 });
  }

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if ((req.url ?? '').split('?')[0] !== PATH) {
        res.writeHead(404).end();
        return;
      }
      const tag = `"${createHash('sha1').update(body).digest('hex')}"`;
      if (req.headers['if-none-match'] === tag) return void res.writeHead(304, { etag: tag }).end();
      res.writeHead(200, { 'content-type': 'application/json', etag: tag }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await startHarness({ env: { IMPORT_ALLOW_PRIVATE_ADDRESSES: 'true', FEED_POLL_MINUTES: '5', TICK_SECONDS: '60' }, now: () => now });
    await makeOrganizer(h.db.dal, REZA);
    h.fake.addChat(CHANNEL);
    await modelsOf(h.db.dal).chats.create({ _id: CHANNEL.id, type: CHANNEL.type, title: CHANNEL.title, linkedBy: REZA.id, timezone: 'Asia/Tehran', locale: 'fa' });
  });
  afterAll(async () => {
    await h.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('adds a site, imports and announces its rally, edits the card in place when the source moves it, and pauses from /feeds', async () => {
    body = tribeBody(0);
    // Not an organizer: refused, nothing stored.
    const [refused] = await h.fake.say(ALICE, `/addfeed ${base}${PATH}`);
    expect(refused?.text).toMatch(/organizer/i);
    expect(await modelsOf(h.db.dal).feeds.countDocuments()).toBe(0);

    const [noUrl] = await h.fake.say(REZA, '/addfeed');
    expect(noUrl?.text).toContain('/addfeed https://example.org/events.ics');
    const [added] = await h.fake.say(REZA, `/addfeed ${base}${PATH}`);
    expect(added?.text).toContain('اضافه شد');
    expect(added?.text).toContain(`${base}${PATH}`);

    // The engine's tick runs the feed's poll (a job due now), which creates and announces the rally.
    await h.runUntilIdle();
    const cards = h.fake.botMessagesIn(CHANNEL.id);
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(card.text).toContain(RALLY.title);
    expect(card.text).toContain('📥 برگرفته از');
    expect(card.text).toContain('۹:۰۰');

    // The source moves it an hour later: at the next poll the same message is edited.
    body = tribeBody(60);
    now = new Date(now.getTime() + 6 * 60_000);
    await h.runUntilIdle();
    now = new Date(now.getTime() + 5000); // card edits are gathered for a few seconds
    await h.runUntilIdle();
    expect(h.fake.botMessagesIn(CHANNEL.id)).toHaveLength(1);
    const edited = h.fake.message(CHANNEL.id, card.message_id)!;
    expect(edited.edits).toBeGreaterThan(0);
    expect(edited.text).toContain('۱۰:۰۰');
    expect(await modelsOf(h.db.dal).events.countDocuments({ title: RALLY.title })).toBe(1);

    // /feeds lists it with its last changes; ⏸ ۱ pauses it (numbers in the reader's digits), and the list says so.
    const [list] = await h.fake.say(REZA, '/feeds');
    expect(list?.text).toContain('تقویم‌های همگام');
    expect(list?.text).toContain('به‌روز شده: ۱');
    // ⚙️ ۱: the feed's options — a default category switched on, a shorter horizon.
    await h.db.dal.categories.add('students', { en: 'Students', fa: 'دانشجویی' });
    await h.fake.press(REZA, list!, '⚙️ ۱');
    const options = h.fake.message(REZA.id, list!.message_id)!;
    expect(options.text).toContain('تنظیمات');
    await h.fake.press(REZA, options, 'دانشجویی');
    await h.fake.press(REZA, h.fake.message(REZA.id, list!.message_id)!, '📅 ۳۰');
    const optionsAfter = h.fake.message(REZA.id, list!.message_id)!;
    expect(optionsAfter.text).toContain('(روز): ۳۰');
    expect((optionsAfter.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text)).toEqual(expect.arrayContaining(['✓ دانشجویی', '✓ 📅 ۳۰']));
    expect(await modelsOf(h.db.dal).feeds.findOne({}).lean()).toMatchObject({ options: { categories: ['students'], horizonDays: 30 } });
    await h.fake.press(REZA, optionsAfter, /بازگشت به فهرست/);
    const after = await h.fake.press(REZA, h.fake.message(REZA.id, list!.message_id)!, '⏸ ۱');
    expect(after).toEqual([]);
    expect(h.fake.message(REZA.id, list!.message_id)?.text).toContain('⏸ متوقف شده');
    expect(await modelsOf(h.db.dal).feeds.findOne({}).lean()).toMatchObject({ paused: true, pausedReason: 'owner' });
    // Paused: a later tick polls nothing.
    body = tribeBody(120);
    now = new Date(now.getTime() + 6 * 60_000);
    await h.runUntilIdle();
    now = new Date(now.getTime() + 5000);
    await h.runUntilIdle();
    expect(h.fake.message(CHANNEL.id, card.message_id)?.text).toContain('۱۰:۰۰');
  });
});
