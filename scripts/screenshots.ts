/**
 * `npx tsx scripts/screenshots.ts`: the README's screenshots of an event page in English and in
 * Persian (docs/screenshots/event-en.png, event-fa.png), taken the way the browser tests take theirs
 * (test/support/browser.ts: Debian's Chromium driven by playwright-core) from the same fixtures
 * (test/support/web-reader.ts), with a photo (test/fixtures/event-photo.jpg) served by the site's
 * own photo route. 1000 px wide, in a Berlin browser, so "Your time" shows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildHttpServer } from '../src/http/server';
import { createLogger } from '../src/logger';
import { createI18n } from '../src/i18n/i18n';
import { webCalendarPlugin } from '../src/web/plugin';
import { photoPath } from '../src/web/photos';
import { ids, memoryReader, NOW } from '../test/support/web-reader';
import { ensureChromium, launchBrowser, openPage } from '../test/support/browser';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');

async function main(): Promise<void> {
  const chromium = ensureChromium();
  if ('missing' in chromium) throw new Error(chromium.missing);
  const reader = memoryReader();
  const photo = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'event-photo.jpg'));
  // The fixture's title and description carry markup to prove it is escaped; the README shows a plain one.
  const event = reader.events.find((e) => e.id === ids.persian)!;
  event.title = 'شب شعر حافظ';
  event.description = 'غزل‌خوانی با همراهی سه‌تار و تنبک، و گفت‌وگو دربارهٔ دیوان حافظ.\nبرنامهٔ کامل: https://example.org/hafez\nEnglish-speaking guests are welcome.';
  event.photoUrl = photoPath(ids.persian, 'fixture-photo');
  reader.photos.set(ids.persian, 'fixture-photo');
  const app = await buildHttpServer({
    logger: createLogger('silent'),
    requestTimeoutMs: 5000,
    plugins: [
      webCalendarPlugin({
        reader,
        i18n: await createI18n(),
        baseUrl: 'https://events.example.org',
        botUsername: () => 'qom_events_bot',
        siteZone: 'Asia/Tehran',
        defaultLocale: 'en',
        now: () => NOW,
        photos: { load: async () => photo },
      }),
    ],
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser(chromium.path);
  try {
    fs.mkdirSync(OUT, { recursive: true });
    for (const lang of ['en', 'fa']) {
      const page = await openPage(browser, `${origin}/${lang}/event/${ids.persian}`, { viewport: { width: 1000, height: 800 }, timezoneId: 'Europe/Berlin', locale: lang });
      await page.locator('[data-local]').waitFor({ state: 'visible' });
      const file = path.join(OUT, `event-${lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${path.relative(ROOT, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)\n`);
      await page.context().close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
