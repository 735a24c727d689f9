/**
 * An error of ours in the web calendar — the reader failing (the database is down), or a page that
 * cannot be rendered from what the reader gave — is a 500 page in the reader's language, with the
 * error in the log and nothing of it in the page; the next request is answered normally.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { createI18n, type I18n } from '../../src/i18n/i18n';
import { webCalendarPlugin } from '../../src/web/plugin';
import type { CalendarReader } from '../../src/web/ports';
import { ids, memoryReader, NOW } from '../support/web-reader';

const SECRET = 'connection to 10.0.0.7:27017 refused <script>';
const memory = memoryReader();
let failing: 'none' | 'event' | 'categories' | 'badDate' = 'none';
const reader: CalendarReader = {
  ...memory,
  getPublicEvent: async (id) => {
    if (failing === 'event') throw new Error(SECRET);
    const e = await memory.getPublicEvent(id);
    // An instant no calendar can write: the page's date formatting throws (RangeError).
    return e && failing === 'badDate' ? { ...e, startAt: new Date(Number.NaN) } : e;
  },
  categories: async () => {
    if (failing === 'categories') throw new Error(SECRET);
    return memory.categories();
  },
  listUpcoming: (q) => memory.listUpcoming(q),
  listPast: (q) => memory.listPast(q),
  month: (q) => memory.month(q),
  feed: (q) => memory.feed(q),
  announcements: (q) => memory.announcements(q),
  photoFileId: (id) => memory.photoFileId(id),
};

const logged: Array<{ level: number; msg: string; err?: { message?: string } }> = [];
let app: FastifyInstance;
let origin: string;
let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logged.push(JSON.parse(chunk.toString())); done(); } });
  app = await buildHttpServer({
    logger: createLogger('info', sink),
    requestTimeoutMs: 5000,
    plugins: [webCalendarPlugin({ reader, i18n, baseUrl: 'https://events.example.org', botUsername: () => 'qom_events_bot', siteZone: 'Asia/Tehran', defaultLocale: 'en', now: () => NOW })],
  });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());
beforeEach(() => {
  failing = 'none';
  logged.length = 0;
});

describe('the web calendar when something fails on our side', () => {
  it.each([
    ['the reader fails', 'event', `/fa/event/${ids.persian}`, 'fa'],
    ['the reader fails before the page starts (categories)', 'categories', '/ur/', 'ur'],
    ['the page cannot be rendered (an impossible date)', 'badDate', `/ar/event/${ids.persian}`, 'ar'],
  ] as const)('%s: a 500 page in the URL’s language, the error only in the log', async (_name, mode, url, lang) => {
    failing = mode;
    const res = await fetch(`${origin}${url}`);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toMatch(new RegExp(`^<!doctype html><html lang="${lang}" dir="rtl">`));
    expect(html).toContain(`<h1>${i18n.t(lang, 'web.error.title')}</h1>`);
    expect(html).not.toContain('10.0.0.7');
    expect(html).not.toContain('RangeError');
    expect(html).not.toContain('Invalid');
    const line = logged.find((l) => l.msg === 'web calendar request failed');
    expect(line?.level).toBe(50);
    expect(line?.err?.message).toMatch(mode === 'badDate' ? /Invalid time value|RangeError|invalid/i : /10\.0\.0\.7/);
    failing = 'none';
    expect((await fetch(`${origin}${url}`)).status).toBe(200);
  });

  it('answers a feed with the page in the Accept-Language language', async () => {
    failing = 'categories';
    const res = await fetch(`${origin}/category/poetry/calendar.ics`, { headers: { 'accept-language': 'fa-IR,fa;q=0.9' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(await res.text()).toContain(i18n.t('fa', 'web.error.title'));
  });
});
