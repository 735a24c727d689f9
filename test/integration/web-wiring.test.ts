/**
 * The web calendar served by the app's own HTTP server with PUBLIC_URL set, reading through the
 * application layer from the real database: what an organizer publishes is a page, a draft is not;
 * an event's Telegram photo is fetched through getFile and the Bot API's file download (the fake's)
 * and served by the site, without the bot's token ever reaching the browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Types } from 'mongoose';
import { createApp, type App } from '../../src/app';
import { createI18n } from '../../src/i18n/i18n';
import { createLogger } from '../../src/logger';
import { freePort } from '../../src/db/embedded';
import { userActor } from '../../src/application';
import { Writable } from 'node:stream';
import { scaledClock } from '../../src/delivery/rate';
import { FakeTelegram, TelegramErrors } from '../support/fake-telegram/server';
import { openTestDb, type TestDb } from '../support/db';
import { testConfig } from '../support/harness';
import { buttons, makeOrganizer } from '../support/events';

const ORGANIZER = { id: 6101, is_bot: false, first_name: 'رضا' };

describe('the web calendar wired to the application layer', () => {
  let fake: FakeTelegram;
  let db: TestDb;
  let app: App;
  let base: string;
  const logs: string[] = [];

  beforeAll(async () => {
    // Telegram's limits and the gateway's back-off run 10× fast (one clock for the fake and the app).
    fake = await FakeTelegram.start({ clock: scaledClock(10) });
    db = await openTestDb('webwiring');
    const port = await freePort();
    const config = testConfig(fake, { PORT: String(port), PUBLIC_URL: 'https://events.example.org/' });
    expect(config.publicUrl).toBe('https://events.example.org');
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (logs.push(chunk.toString()), done()) });
    app = createApp({ config, dal: db.dal, i18n: await createI18n(), logger: createLogger('warn', sink), now: () => new Date('2026-11-29T12:00:00Z') }, { serveHttp: true, paceClock: fake.clock });
    await app.start();
    base = `http://127.0.0.1:${port}`;
    await makeOrganizer(db.dal, ORGANIZER);
  });
  afterAll(async () => {
    await app.stop();
    await db.drop();
    await fake.stop();
  });

  async function create(title: string, publish: boolean, photoFileId?: string): Promise<string> {
    const id = new Types.ObjectId().toHexString();
    const res = await app.deps.app.events.create(userActor(ORGANIZER.id), {
      id,
      draft: { title, start: '2026-12-05T15:00:00.000Z', timezone: 'Asia/Tehran', categories: [], ...(photoFileId ? { photoFileId } : {}) },
      publish,
    });
    expect(res.ok).toBe(true);
    return id;
  }

  it('serves a published event\'s page and lists it; a draft is a 404', async () => {
    const published = await create('شب شعر <حافظ>', true);
    const draft = await create('Secret draft', false);
    const page = await fetch(`${base}/fa/event/${published}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('شب شعر &lt;حافظ>');
    expect(html).not.toContain('<حافظ>');
    expect(html).toContain('https://events.example.org');
    expect((await fetch(`${base}/fa/event/${draft}`)).status).toBe(404);
    const list = await (await fetch(`${base}/en/`)).text();
    expect(list).toContain(published);
    expect(list).not.toContain('Secret draft');
    const feed = await (await fetch(`${base}/calendar.ics`)).text();
    expect(feed).toContain(`UID:${published}@`);
    expect(feed).not.toContain(draft);
  });

  it('serves an event\'s Telegram photo from the site, fetched once through getFile, never naming the token', async () => {
    const jpeg = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'event-photo.jpg'));
    fake.putFile('AgACAgQAAxkBAAIBmWb_photo', jpeg);
    const id = await create('نمایشگاه عکس', true, 'AgACAgQAAxkBAAIBmWb_photo');
    const draft = await create('Draft with a photo', false, 'AgACAgQAAxkBAAIBmWb_photo');
    const html = await (await fetch(`${base}/en/event/${id}`)).text();
    const src = /<img class="photo" src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(src).toMatch(new RegExp(`^/photos/${id}\\?v=[0-9a-f]{12}$`));
    expect(html).toContain(`<meta property="og:image" content="https://events.example.org${src!.replace('&', '&amp;')}"/>`);
    expect(html).not.toContain(fake.token);
    expect(html).not.toContain('AgACAgQAAxkBAAIBmWb_photo');
    const photo = await fetch(`${base}${src}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer()).equals(jpeg)).toBe(true);
    expect((await fetch(`${base}${src}`)).status).toBe(200);
    expect(fake.callsTo('getFile')).toHaveLength(1);
    expect(fake.fileDownloads).toBe(1);
    expect((await fetch(`${base}/photos/${draft}`)).status).toBe(404);
    expect(fake.callsTo('getFile')).toHaveLength(1);
  });

  it('answers 503 while Telegram fails (logged without the token) and serves the photo once it recovers; a file too large is no photo', async () => {
    const jpeg = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'event-photo.jpg'));
    fake.putFile('AgAC_flaky', jpeg);
    const id = await create('Photo walk', true, 'AgAC_flaky');
    fake.failNext('getFile', TelegramErrors.badGateway(), { times: 4 }); // more than the gateway's retries
    const down = await fetch(`${base}/photos/${id}`);
    expect(down.status).toBe(503);
    expect(logs.join('')).toContain('could not fetch an event photo from Telegram');
    expect(logs.join('')).not.toContain(fake.token.split(':')[1]!);
    const up = await fetch(`${base}/photos/${id}`);
    expect(up.status).toBe(200);
    expect(Buffer.from(await up.arrayBuffer()).equals(jpeg)).toBe(true);

    fake.putFile('AgAC_huge', Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024)]));
    const huge = await create('Huge photo', true, 'AgAC_huge');
    const getFiles = fake.callsTo('getFile').length;
    expect((await fetch(`${base}/photos/${huge}`)).status).toBe(404);
    expect((await fetch(`${base}/photos/${huge}`)).status).toBe(404);
    expect(fake.callsTo('getFile')).toHaveLength(getFiles + 1); // the answer is remembered
    expect(logs.join('')).not.toContain(fake.token.split(':')[1]!);
  });

  it('from chat to web: a photo an organizer sends in /newevent is on the page the published card links to', async () => {
    const jpeg = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'event-photo.jpg'));
    const [, preview] = await fake.say(ORGANIZER, '/newevent Photo night | 10.12.2026 19:00 | Hall A');
    const [menu] = await fake.press(ORGANIZER, preview!, /Edit/);
    const [ask] = await fake.press(ORGANIZER, menu!, 'Photo');
    expect(ask?.raw).toContain((await createI18n()).t('en', 'newevent.ask.photo'));
    await fake.processed(fake.sendPhoto(ORGANIZER, 'AgAC_from_chat', jpeg));
    const card = fake.botMessagesIn(ORGANIZER.id).reverse().find((m) => m.photo === 'AgAC_from_chat')!;
    const published = await fake.press(ORGANIZER, card, /Publish/);
    const details = published.flatMap((m) => buttons(m)).find((b) => b.url?.startsWith('https://events.example.org/'));
    expect(details?.url).toMatch(/^https:\/\/events\.example\.org\/en\/event\/[0-9a-f]{24}$/);
    const html = await (await fetch(details!.url!.replace('https://events.example.org', base))).text();
    expect(html).toContain('Photo night');
    const src = /<img class="photo" src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    const photo = await fetch(`${base}${src}`);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer()).equals(jpeg)).toBe(true);
  });

  it('/healthz still answers beside the pages', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(await res.json()).toMatchObject({ updates: { mode: 'polling' } });
  });
});
