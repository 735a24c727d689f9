/**
 * Event photos served by the web calendar itself (`/photos/<id>?v=…`, src/web/photos.ts), on the
 * real HTTP server with the in-memory reader and a PhotoLoader standing in for Telegram (the full
 * path through getFile and the fake Bot API's file download is in web-wiring.test.ts): the bytes
 * with their image type, a year's cache for the current version, 304s, one load however many
 * readers ask, 404 for anything not public or not an image, 503 (and a later retry) when Telegram
 * fails; the page shows the photo and puts its absolute URL in the Open Graph and Twitter tags.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { createI18n } from '../../src/i18n/i18n';
import { webCalendarPlugin } from '../../src/web/plugin';
import { imageTypeOf, PhotoCache, photoPath, photoVersion, type PhotoLoader } from '../../src/web/photos';
import { ids, memoryReader, NOW } from '../support/web-reader';

const JPEG = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'event-photo.jpg'));
const reader = memoryReader();
const files = new Map<string, Buffer>([
  ['AgAC-hafez', JPEG],
  ['AgAC-notimage', Buffer.from('<html><script>alert(1)</script></html>')],
]);
let loads: string[] = [];
let failing = false;
const loader: PhotoLoader = {
  async load(fileId) {
    loads.push(fileId);
    await new Promise((r) => setTimeout(r, 20));
    if (failing) throw new Error('Telegram unreachable');
    return files.get(fileId);
  },
};

function givePhoto(eventId: string, fileId: string) {
  const e = reader.events.find((x) => x.id === eventId)!;
  e.photoUrl = photoPath(eventId, fileId);
  reader.photos.set(eventId, fileId);
}

let app: FastifyInstance;
let origin: string;
beforeAll(async () => {
  givePhoto(ids.persian, 'AgAC-hafez');
  givePhoto(ids.draft, 'AgAC-hafez');
  givePhoto(ids.berlin, 'AgAC-notimage');
  givePhoto(ids.past, 'AgAC-gone');
  const i18n = await createI18n();
  app = await buildHttpServer({
    logger: createLogger('silent'),
    requestTimeoutMs: 5000,
    plugins: [webCalendarPlugin({ reader, i18n, baseUrl: 'https://events.example.org', botUsername: () => 'qom_events_bot', siteZone: 'Asia/Tehran', defaultLocale: 'en', now: () => NOW, photos: loader })],
  });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());
beforeEach(() => {
  loads = [];
  failing = false;
});

const url = (eventId: string, fileId: string) => `${origin}${photoPath(eventId, fileId)}`;

describe('event photos', () => {
  it('serves the photo as a JPEG, cached for a year under its current version, and loads it once for many readers', async () => {
    const [a, b, c] = await Promise.all([fetch(url(ids.persian, 'AgAC-hafez')), fetch(url(ids.persian, 'AgAC-hafez')), fetch(url(ids.persian, 'AgAC-hafez'))]);
    for (const res of [a!, b!, c!]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('etag')).toBe(`"${photoVersion('AgAC-hafez')}"`);
    }
    expect(Buffer.from(await a!.arrayBuffer()).equals(JPEG)).toBe(true);
    expect(loads).toEqual(['AgAC-hafez']);
    await fetch(url(ids.persian, 'AgAC-hafez'));
    expect(loads).toEqual(['AgAC-hafez']);
  });

  it('answers 304 to a matching If-None-Match, and a stale version briefly, with the current photo', async () => {
    const etag = `"${photoVersion('AgAC-hafez')}"`;
    const again = await fetch(url(ids.persian, 'AgAC-hafez'), { headers: { 'if-none-match': `W/"other", ${etag}` } });
    expect(again.status).toBe(304);
    const stale = await fetch(`${origin}/photos/${ids.persian}?v=000000000000`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('is 404 for a draft, an event without a photo, a malformed id, a file Telegram no longer has, and bytes that are not an image', async () => {
    expect((await fetch(url(ids.draft, 'AgAC-hafez'))).status).toBe(404);
    expect((await fetch(`${origin}/photos/${ids.cancelled}`)).status).toBe(404);
    expect((await fetch(`${origin}/photos/..%2F..%2Fetc`)).status).toBe(404);
    expect((await fetch(url(ids.past, 'AgAC-gone'))).status).toBe(404);
    const html = await fetch(url(ids.berlin, 'AgAC-notimage'));
    expect(html.status).toBe(404);
    expect(await html.text()).not.toContain('<script>');
    expect(loads).not.toContain('AgAC-hafez'); // the draft's photo was never fetched
  });

  it('answers 503 while Telegram fails, and fetches again on the next request', async () => {
    files.set('AgAC-new', JPEG);
    givePhoto(ids.urdu, 'AgAC-new');
    failing = true;
    const res = await fetch(url(ids.urdu, 'AgAC-new'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(res.headers.get('cache-control')).toBe('no-store');
    failing = false;
    expect((await fetch(url(ids.urdu, 'AgAC-new'))).status).toBe(200);
    expect(loads).toEqual(['AgAC-new', 'AgAC-new']);
  });

  it('shows the photo on the page from the site itself, with its absolute URL in the sharing tags', async () => {
    const html = await (await fetch(`${origin}/fa/event/${ids.persian}`)).text();
    const src = photoPath(ids.persian, 'AgAC-hafez').replace('&', '&amp;');
    expect(html).toContain(`<img class="photo" src="${src}"`);
    expect(html).toContain(`<meta property="og:image" content="https://events.example.org${src}"/>`);
    expect(html).toContain(`<meta name="twitter:image" content="https://events.example.org${src}"/>`);
    // The text alternative goes with it, the title escaped as an attribute.
    expect(html).toContain('<meta property="og:image:alt" content="');
    expect(html).toMatch(/<meta name="twitter:image:alt" content="[^"]*شب شعر حافظ &lt;b>&amp; دوستان&lt;\/b>/);
    expect(html).toContain('"image":["https://events.example.org/photos/');
    expect(html).not.toContain('AgAC-hafez');
  });
});

describe('imageTypeOf', () => {
  it('knows JPEG, PNG, WebP and GIF by their first bytes, and nothing else', () => {
    expect(imageTypeOf(JPEG)).toBe('image/jpeg');
    expect(imageTypeOf(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(imageTypeOf(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(imageTypeOf(Buffer.from('GIF89a', 'latin1'))).toBe('image/gif');
    expect(imageTypeOf(Buffer.from('<svg onload=alert(1)>', 'latin1'))).toBeUndefined();
    expect(imageTypeOf(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('PhotoCache', () => {
  it('keeps photos within its byte budget, least recently used out', async () => {
    const loaded: string[] = [];
    const cache = new PhotoCache({ async load(id) { loaded.push(id); return Buffer.concat([JPEG.subarray(0, 3), Buffer.alloc(100)]); } }, 250);
    await cache.get('a');
    await cache.get('b');
    await cache.get('a'); // a is now the most recently used
    await cache.get('c'); // over budget: b goes
    await cache.get('a');
    await cache.get('b');
    expect(loaded).toEqual(['a', 'b', 'c', 'b']);
  });
});
