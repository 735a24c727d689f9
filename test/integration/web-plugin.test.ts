/**
 * The web calendar plugin on the real HTTP server (src/http/server.ts), fed by an in-memory
 * CalendarReader: routes, language from the URL and Accept-Language, localized 404s for anything
 * not public, cache validators and 304s, and the security headers of pages.
 */
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { createI18n } from '../../src/i18n/i18n';
import { webCalendarPlugin, negotiateLocale } from '../../src/web/plugin';
import { ids, memoryReader, NOW } from '../support/web-reader';
import { childrenOf, parseXml } from '../support/xml';

let app: FastifyInstance;
let origin: string;
const reader = memoryReader();
let now = NOW;

beforeAll(async () => {
  const i18n = await createI18n();
  app = await buildHttpServer({
    logger: createLogger('silent'),
    requestTimeoutMs: 5000,
    plugins: [webCalendarPlugin({ reader, i18n, baseUrl: 'https://events.example.org/', botUsername: () => 'qom_events_bot', siteZone: 'Asia/Tehran', defaultLocale: 'en', now: () => now, pageSize: 3 })],
  });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

/** Over a real socket (Fastify's inject pulls in an ES module jest cannot load). */
async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${origin}${url}`, { headers, redirect: 'manual' });
  const got: Record<string, string | undefined> = {};
  res.headers.forEach((value, name) => {
    got[name] = value;
  });
  return { statusCode: res.status, headers: got, body: await res.text() };
}

describe('web calendar routes', () => {
  it('sends / to the reader’s language', async () => {
    expect((await get('/', { 'accept-language': 'de-DE, fa;q=0.8, en;q=0.5' })).headers.location).toBe('/fa/');
    expect((await get('/', { 'accept-language': 'ur-PK' })).headers.location).toBe('/ur/');
    expect((await get('/')).headers.location).toBe('/en/');
    expect(negotiateLocale('en;q=0.2, ar;q=0.9', 'en')).toBe('ar');
    expect(negotiateLocale('fa;q=0, de', 'ur')).toBe('ur');
  });

  it('serves an event page in the URL’s language, with a CSP that allows only its own script', async () => {
    const res = await get(`/fa/event/${ids.persian}`, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(/^<!doctype html><html lang="fa" dir="rtl">/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.etag).toMatch(/^W\/"/);
    // The language is in the URL: a shared cache keeps one copy whatever the reader's browser says.
    expect(res.headers.vary).toBeUndefined();
    expect((await get('/calendar.ics')).headers.vary).toBe('Accept-Language');
  });

  it('redirects a shared link without a language by Accept-Language', async () => {
    const res = await get(`/event/${ids.persian}`, { 'accept-language': 'ar' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/ar/event/${ids.persian}`);
  });

  it.each([
    ['a draft', `/en/event/${ids.draft}`],
    ['a deleted event', `/en/event/${ids.deleted}`],
    ['an unknown id', '/en/event/cccccccccccccccccccccccc'],
    ['a malformed id', '/en/event/..%2f..%2fetc'],
    ['an unknown page', '/en/nothing/here'],
    ['an unknown category', '/en/category/cooking'],
    ['a month that does not exist', '/en/month/2026-13'],
  ])('answers 404 for %s, as a page in that language', async (_what, url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Page not found');
    expect(res.body).not.toContain('Secret draft');
  });

  it('answers 404 in Persian under /fa, and in the reader’s language for an unknown language', async () => {
    expect((await get(`/fa/event/${ids.draft}`)).body).toContain('صفحه پیدا نشد');
    const res = await get('/xx/event/abc', { 'accept-language': 'ar' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('الصفحة غير موجودة');
  });

  it('pages the upcoming list and filters by category', async () => {
    const first = await get('/en/');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Page 1 of 3');
    const third = await get('/en/?page=3');
    expect(third.body).toContain('Page 3 of 3');
    const poetry = await get('/en/category/poetry');
    expect(poetry.body).toContain('مشاعرہ');
    expect(poetry.body).not.toContain('Spring concert');
    expect((await get('/en/past')).body).toContain('Autumn picnic');
  });

  it('sends the month view for the current month in the site’s zone', async () => {
    const res = await get('/en/month');
    expect(res.headers.location).toBe('/en/month/2026-11');
    const dec = await get('/fa/month/2026-12');
    expect(dec.statusCode).toBe(200);
    expect(dec.body).toContain('دسامبر ۲۰۲۶');
  });

  it('sends Persian readers to this month in the Solar Hijri calendar, and serves Solar Hijri and Hijri months', async () => {
    expect((await get('/fa/month')).headers.location).toBe('/fa/month/persian/1405-09');
    expect((await get('/en/month?cal=islamic')).headers.location).toBe('/en/month/islamic/1448-06');
    expect((await get('/ar/month')).headers.location).toBe('/ar/month/2026-11');
    const azar = await get('/fa/month/persian/1405-09');
    expect(azar.statusCode).toBe(200);
    expect(azar.body).toContain('<h1>آذر ۱۴۰۵</h1>');
    expect(azar.body).toContain(`/fa/event/${ids.persian}`); // 14 Azar = 5 December
    expect(azar.body).toContain('href="/fa/month/persian/1405-09"'); // the nav's Month link
    expect((await get('/fa/month/persian/1405-09', { 'if-none-match': azar.headers.etag! })).statusCode).toBe(304);
    const hijri = await get('/ar/month/islamic/1448-06');
    expect(hijri.statusCode).toBe(200);
    expect(hijri.body).toContain(`/ar/event/${ids.cancelled}`);
    for (const bad of ['/fa/month/persian/1405-13', '/fa/month/persian/1300-01', '/fa/month/gregorian/2026-12', '/fa/month/julian/2026-12', '/fa/month/persian/14o5-09']) {
      expect({ bad, status: (await get(bad)).statusCode }).toEqual({ bad, status: 404 });
    }
  });

  it('serves the feeds with validators, 304 when unchanged, 200 again after a change', async () => {
    const first = await get('/calendar.ics');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(first.body).toContain('BEGIN:VCALENDAR');
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    const same = await get('/calendar.ics', { 'if-none-match': etag });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');
    expect((await get('/calendar.ics', { 'if-modified-since': lastModified })).statusCode).toBe(304);

    // The organizer edits the event: its SEQUENCE and updatedAt move on, and the feed changes.
    const stored = reader.events.find((e) => e.id === ids.persian)!;
    stored.sequence += 1;
    stored.updatedAt = new Date(NOW.getTime() + 60_000);
    const changed = await get('/calendar.ics', { 'if-none-match': etag, 'if-modified-since': lastModified });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain(`SEQUENCE:${stored.sequence}`);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('serves a category feed, a single event’s .ics and the Atom feed', async () => {
    const cat = await get('/category/talks/calendar.ics');
    expect(cat.statusCode).toBe(200);
    expect(cat.body).toContain('STATUS:CANCELLED');
    expect(cat.body).not.toContain('مشاعرہ');
    expect((await get('/category/cooking/calendar.ics')).statusCode).toBe(404);
    const one = await get(`/event/${ids.persian}/calendar.ics`);
    expect(one.headers['content-disposition']).toContain('attachment');
    expect(one.body.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    const atom = await get('/fa/feed.atom');
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(atom.body).toContain('xml:lang="fa"');
    expect(atom.body).not.toContain('Secret draft');
    // Well-formed, and its entries are the public events (the Persian summaries included).
    const { root, errors } = parseXml(atom.body);
    expect(errors).toEqual([]);
    const entries = childrenOf(root!, 'http://www.w3.org/2005/Atom', 'entry');
    expect(entries.map((e) => childrenOf(e, 'http://www.w3.org/2005/Atom', 'title')[0]?.text)).toContain('شب شعر حافظ <b>& دوستان</b>');
  });

  it('shows “This event has passed” once the clock passes its end, under a new ETag', async () => {
    const before = await get(`/en/event/${ids.persian}`);
    expect(before.body).not.toContain('This event has passed.');
    now = new Date('2026-12-06T00:00:00Z');
    try {
      const after = await get(`/en/event/${ids.persian}`, { 'if-none-match': String(before.headers.etag) });
      expect(after.statusCode).toBe(200);
      expect(after.body).toContain('This event has passed.');
    } finally {
      now = NOW;
    }
  });
});
