/**
 * The web calendar in a real headless Chromium (one browser for the file): a Persian event with a
 * Latin venue laid out right to left; the reader's local time filled in by the page's own script
 * (under its Content-Security-Policy) in two browser time zones and left hidden in the event's own;
 * a cancelled event's state; the pages without JavaScript; no serious or critical axe-core
 * violation on any page type; screenshots (desktop and phone, English and Persian) under
 * test/artifacts/web/ for people to look at.
 */
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { createI18n } from '../../src/i18n/i18n';
import { webCalendarPlugin } from '../../src/web/plugin';
import fs from 'node:fs';
import path from 'node:path';
import { photoPath } from '../../src/web/photos';
import { ids, memoryReader, NOW } from '../support/web-reader';
import { axeViolations, ensureChromium, launchBrowser, openPage, screenshot } from '../support/browser';

jest.setTimeout(240_000);

const chromiumFound = ensureChromium();
if ('missing' in chromiumFound) console.warn(chromiumFound.missing);
const describeIfChromium = 'path' in chromiumFound ? describe : describe.skip;

describeIfChromium('the web calendar in Chromium', () => {
  let browser: Browser;
  let app: FastifyInstance;
  let origin: string;

  beforeAll(async () => {
    const i18n = await createI18n();
    // The Persian event has a Telegram photo, served by the site's own photo route.
    const reader = memoryReader();
    const photo = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'event-photo.jpg'));
    reader.events.find((e) => e.id === ids.persian)!.photoUrl = photoPath(ids.persian, 'AgAC-hafez');
    reader.photos.set(ids.persian, 'AgAC-hafez');
    app = await buildHttpServer({
      logger: createLogger('silent'),
      requestTimeoutMs: 5000,
      plugins: [webCalendarPlugin({ reader, photos: { load: async (fileId) => (fileId === 'AgAC-hafez' ? photo : undefined) }, i18n, baseUrl: 'https://events.example.org', botUsername: () => 'qom_events_bot', siteZone: 'Asia/Tehran', defaultLocale: 'en', now: () => NOW, pageSize: 4 })],
    });
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser((chromiumFound as { path: string }).path);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lays out a Persian event with a Latin venue right to left', async () => {
    const page = await openPage(browser, `${origin}/fa/event/${ids.persian}`, { viewport: { width: 1280, height: 900 } });
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const h1 = page.locator('h1');
    expect(await h1.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // Right to left: the heading's text hugs the right edge of the content, not the left.
    const [text, main] = await Promise.all([
      h1.evaluate((el) => {
        const r = document.createRange();
        r.selectNodeContents(el);
        const b = r.getBoundingClientRect();
        return { left: b.left, right: b.right };
      }),
      page.locator('main').evaluate((el) => {
        const b = el.getBoundingClientRect();
        const pad = parseFloat(getComputedStyle(el).paddingRight);
        return { right: b.right - pad, left: b.left };
      }),
    ]);
    expect(Math.abs(main.right - text.right)).toBeLessThan(2);
    expect(text.left - main.left).toBeGreaterThan(100);
    const venue = page.locator('bdi', { hasText: 'Café Lumière' });
    expect(await venue.count()).toBe(1);
    expect(await venue.evaluate((el) => getComputedStyle(el.parentElement!).direction)).toBe('rtl');
    // The deep links carry the chat's payloads.
    expect(await page.locator(`a[href="https://t.me/qom_events_bot?start=rv_${ids.persian}_g"]`).count()).toBe(1);
    expect(await page.locator(`a[href="https://t.me/qom_events_bot?start=rm_${ids.persian}"]`).count()).toBe(1);
    await page.context().close();
  });

  it.each([
    ['America/New_York', 'en', 'Sat 5 Dec 2026, 10:00–12:00 (America/New_York)'],
    ['Asia/Tokyo', 'en', 'Sun 6 Dec 2026, 00:00–02:00 (Asia/Tokyo)'],
    ['America/New_York', 'fa', 'شنبه ۱۴ آذر ۱۴۰۵، ۱۰:۰۰–۱۲:۰۰ (America/New_York)'],
    ['Asia/Karachi', 'ar', 'السبت، ٥ ديسمبر ٢٠٢٦، ٢٠:٠٠–٢٢:٠٠ (Asia/Karachi)'],
  ])('shows the local time in a browser in %s (%s), with the page’s CSP in force', async (timezoneId, lang, expected) => {
    const page = await openPage(browser, `${origin}/${lang}/event/${ids.persian}`, { timezoneId });
    const local = page.locator('[data-local]');
    await local.waitFor({ state: 'visible', timeout: 5000 });
    expect(await local.locator('[data-out]').textContent()).toContain(expected);
    await page.context().close();
  });

  it('keeps the local time hidden in the event’s own zone, and without JavaScript', async () => {
    const same = await openPage(browser, `${origin}/en/event/${ids.persian}`, { timezoneId: 'Asia/Tehran' });
    await same.waitForLoadState('load');
    expect(await same.locator('[data-local]').isVisible()).toBe(false);
    await same.context().close();
    const noJs = await openPage(browser, `${origin}/en/event/${ids.persian}`, { timezoneId: 'America/New_York', javaScriptEnabled: false });
    expect(await noJs.locator('[data-local]').isVisible()).toBe(false);
    expect(await noJs.locator('h1').textContent()).toContain('شب شعر حافظ');
    expect(await noJs.getByRole('link', { name: 'Add to Google Calendar' }).count()).toBe(1);
    await noJs.context().close();
  });

  it('shows the event’s photo, loaded from the site under the page’s own CSP, with a text alternative', async () => {
    const page = await openPage(browser, `${origin}/fa/event/${ids.persian}`, { viewport: { width: 1280, height: 900 } });
    const img = page.locator('img.photo');
    await img.evaluate((el: HTMLImageElement) => el.decode());
    expect(await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([960, 400]);
    expect(await img.getAttribute('alt')).toContain('شب شعر حافظ');
    await page.context().close();
  });

  it('shows a cancelled event’s state', async () => {
    const page = await openPage(browser, `${origin}/ar/event/${ids.cancelled}`);
    const status = page.getByRole('status');
    expect(await status.textContent()).toBe('أُلغيت: المحاضر مريض');
    expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    await page.context().close();
  });

  const PAGES: [string, string][] = [
    ['event', `/event/${ids.persian}`],
    ['event-cancelled', `/event/${ids.cancelled}`],
    ['series', `/event/${ids.occ(0)}`],
    ['upcoming', '/'],
    ['past', '/past'],
    ['category', '/category/poetry'],
    ['month', '/month/2026-12'],
    ['month-solar-hijri', '/month/persian/1405-09'],
    ['not-found', `/event/${ids.draft}`],
  ];

  it.each(PAGES)('%s page: no serious or critical accessibility violation, in English and Persian; screenshots', async (name, pathAfterLang) => {
    for (const lang of ['en', 'fa']) {
      for (const [device, viewport] of [
        ['desktop', { width: 1280, height: 900 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        const page = await openPage(browser, `${origin}/${lang}${pathAfterLang}`, { viewport, bypassCSP: true, timezoneId: 'Europe/Berlin' });
        await screenshot(page, `web/${name}-${lang}-${device}`);
        if (device === 'desktop') {
          const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect({ page: `${lang}${pathAfterLang}`, violations: bad }).toEqual({ page: `${lang}${pathAfterLang}`, violations: [] });
        }
        await page.context().close();
      }
    }
  });
});
