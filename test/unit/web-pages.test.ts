/**
 * The web pages as pure functions of view-models: escaping of everything people typed, right-to-left
 * layout, digits and calendars as in chat, the event's states, and the links that must work
 * (deep links in the chat's own payload format, map, Google Calendar, series occurrences).
 */
import { createI18n, type I18n } from '../../src/i18n/i18n';
import type { Locale } from '../../src/i18n/locales';
import type { WebEvent } from '../../src/web/ports';
import type { PageContext } from '../../src/web/pages/context';
import { renderEventPage } from '../../src/web/pages/event-page';
import { renderListPage, renderMonthPage, renderNotFoundPage } from '../../src/web/pages/lists';
import { linkify } from '../../src/web/text';
import { parseStartPayload } from '../../src/domain/deep-links';
import { CATEGORIES, ids, memoryReader, NOW } from '../support/web-reader';

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

const reader = memoryReader();
const ctx = (locale: Locale, over: Partial<PageContext> = {}): PageContext => ({
  locale,
  t: i18n.forLocale(locale),
  baseUrl: 'https://events.example.org',
  botUsername: 'qom_events_bot',
  now: NOW,
  siteZone: 'Asia/Tehran',
  calendar: undefined,
  categories: CATEGORIES,
  ...over,
});
const event = async (id: string): Promise<WebEvent> => {
  const e = await reader.getPublicEvent(id);
  if (!e) throw new Error(`no fixture ${id}`);
  return e;
};
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('event page', () => {
  it('escapes the title, description and venue, and makes no link of javascript: URLs', async () => {
    const html = renderEventPage(await event(ids.persian), ctx('en'));
    expect(html).toContain('شب شعر حافظ &lt;b>&amp; دوستان&lt;/b>');
    expect(html).not.toContain('<b>& دوستان');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(hrefs(html).some((h) => h.startsWith('javascript:'))).toBe(false);
    expect(html).not.toContain('alert(3)');
  });

  it('keeps the description’s line breaks and links its URLs, leaving the closing full stop outside', async () => {
    const html = renderEventPage(await event(ids.persian), ctx('en'));
    expect(html).toMatch(/<p dir="auto">خط اول توضیحات<\/p><p dir="auto">خط دوم با پیوند <a href="https:\/\/example.org\/hafez\?a=1&amp;b=2" rel="noopener nofollow ugc">https:\/\/example.org\/hafez\?a=1&amp;b=2<\/a>\./);
    expect(linkify('see https://a.org/x), ok')).toEqual([[{ text: 'see ' }, { text: 'https://a.org/x', href: 'https://a.org/x' }, { text: '), ok' }]]);
  });

  it('is right to left in Persian, with Persian digits, Solar Hijri first and Gregorian beside, as in chat', async () => {
    const html = renderEventPage(await event(ids.persian), ctx('fa'));
    expect(html).toMatch(/<html lang="fa" dir="rtl">/);
    expect(html).toContain('شنبه ۱۴ آذر ۱۴۰۵، ۱۸:۳۰–۲۰:۳۰ (\u2068وقت ایران\u2069)');
    expect(html).toContain('<dt>تاریخ میلادی</dt><dd>۵ دسامبر ۲۰۲۶</dd>');
    expect(html).toContain('<meta property="og:locale" content="fa_IR"/>');
    expect(html).toContain('می‌آیند: ۱۲');
    expect(html).toContain('جای خالی: ۲۶');
    // The Latin venue is isolated so it cannot reorder the Persian around it.
    expect(html).toContain('<bdi>Café Lumière</bdi>');
  });

  it('is left to right in English with Latin digits and no second calendar', async () => {
    const html = renderEventPage(await event(ids.persian), ctx('en'));
    expect(html).toMatch(/<html lang="en" dir="ltr">/);
    expect(html).toContain('Sat 5 Dec 2026, 18:30–20:30 (Iran Time)');
    expect(html).not.toContain('Solar Hijri date');
    expect(html).not.toContain('Gregorian date');
    expect(html).toContain('Going: 12 · Maybe: 3 · Guests: 2 · Capacity: 40 · Places left: 26');
  });

  it('shows the Hijri date beside the Gregorian one in Arabic and Urdu, and any calendar when asked for', async () => {
    const ar = renderEventPage(await event(ids.persian), ctx('ar'));
    expect(ar).toContain('السبت، ٥ ديسمبر ٢٠٢٦، ١٨:٣٠–٢٠:٣٠');
    expect(ar).toMatch(/<dt>التاريخ الهجري<\/dt><dd>[^<]*جمادى[^<]*١٤٤٨/);
    expect(renderEventPage(await event(ids.persian), ctx('ur'))).toContain('ہجری تاریخ');
    expect(renderEventPage(await event(ids.persian), ctx('en', { calendar: 'persian' }))).toContain('Azar 1405');
  });

  it('links the deep links in the chat’s own payload format, the map, the organizer’s networks and Google Calendar', async () => {
    const links = hrefs(renderEventPage(await event(ids.persian), ctx('en')));
    const start = links.filter((h) => h.startsWith('https://t.me/qom_events_bot?start=')).map((h) => new URL(h).searchParams.get('start')!);
    expect(start.map(parseStartPayload)).toEqual([
      { kind: 'rsvp', eventId: ids.persian, answer: 'g' },
      { kind: 'remind', eventId: ids.persian },
    ]);
    expect(links).toContain('https://www.openstreetmap.org/?mlat=34.6401&mlon=50.8764#map=17/34.6401/50.8764');
    expect(links).toEqual(expect.arrayContaining(['https://t.me/adabi', 'https://wa.me/989121234567', 'https://eitaa.com/adabi', 'https://adabi.example.org/', 'https://meet.example.org/hafez']));
    expect(links).toContain('/en/');
    expect(links).toContain(`/event/${ids.persian}/calendar.ics`);
    const google = new URL(links.find((h) => h.startsWith('https://calendar.google.com/'))!);
    expect(google.searchParams.get('dates')).toBe('20261205T150000Z/20261205T170000Z');
    expect(google.searchParams.get('ctz')).toBe('Asia/Tehran');
  });

  it('shows a cancelled event’s state and reason, struck through, without RSVP links', async () => {
    const html = renderEventPage(await event(ids.cancelled), ctx('ar'));
    expect(html).toContain('أُلغيت: المحاضر مريض');
    expect(html).toContain('class="cancelled-title"');
    expect(html).not.toContain('?start=');
    expect(html).toContain('"eventStatus":"https://schema.org/EventCancelled"');
  });

  it('says a past event has passed and offers no RSVP, and a postponed one says so', async () => {
    const past = renderEventPage(await event(ids.past), ctx('en'));
    expect(past).toContain('This event has passed.');
    expect(past).not.toContain('?start=');
    expect(renderEventPage(await event(ids.berlin), ctx('en'))).toContain('Postponed — the new date is below.');
  });

  it('links the other occurrences of a series, and describes its rule', async () => {
    const html = renderEventPage(await event(ids.occ(0)), ctx('en'));
    expect(html).toContain('Other dates in this series');
    expect(hrefs(html)).toEqual(expect.arrayContaining([`/en/event/${ids.occ(1)}`, `/en/event/${ids.occ(3)}`]));
    expect(hrefs(html)).not.toContain(`/en/event/${ids.occ(2)}`); // deleted
    expect(html).toMatch(/Weekly on Thursday/);
  });

  it('carries Open Graph tags and JSON-LD that cannot break out of its script element', async () => {
    const e = { ...(await event(ids.persian)), title: 'A </script><script>alert(1)</script> & co' };
    const html = renderEventPage(e, ctx('en'));
    expect(html).toContain('<meta property="og:title" content="A &lt;/script>&lt;script>alert(1)&lt;/script> &amp; co"/>');
    expect(html).toContain(`<meta property="og:url" content="https://events.example.org/en/event/${ids.persian}"/>`);
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!;
    expect(ld).not.toContain('<');
    const data = JSON.parse(ld) as Record<string, unknown>;
    expect(data).toMatchObject({ '@type': 'Event', name: e.title, startDate: '2026-12-05T18:30:00+03:30', endDate: '2026-12-05T20:30:00+03:30', eventAttendanceMode: 'https://schema.org/MixedEventAttendanceMode' });
  });
});

describe('lists, month and not found', () => {
  it('lists upcoming events only, never drafts or deleted ones, with pages in the reader’s digits', async () => {
    const page = await reader.listUpcoming({ page: 1, pageSize: 2 });
    const html = renderListPage({ kind: 'upcoming' }, page, ctx('fa'));
    expect(html).toContain('صفحهٔ ۱ از ۴');
    expect(hrefs(html)).toContain('/fa/?page=2');
    const all = renderListPage({ kind: 'upcoming' }, await reader.listUpcoming({ page: 1, pageSize: 50 }), ctx('en'));
    expect(all).not.toContain('Secret draft');
    expect(all).not.toContain('Deleted event');
    expect(all).not.toContain('Autumn picnic');
  });

  it('shows a category page with its localized name and its own feed', async () => {
    const html = renderListPage({ kind: 'category', slug: 'poetry' }, await reader.listUpcoming({ category: 'poetry', page: 1, pageSize: 20 }), ctx('ur'));
    expect(html).toContain('آنے والی تقریبات: شاعری');
    expect(html).toContain('webcal://events.example.org/category/poetry/calendar.ics');
    expect(html).toContain('مشاعرہ');
    expect(html).not.toContain('محاضرة');
  });

  it('lays out a month Saturday-first in Persian and Monday-first in English, an all-day span on each of its days', async () => {
    const events = await reader.month({ year: 2026, month: 12, zone: 'Asia/Tehran' });
    const fa = renderMonthPage(2026, 12, events, ctx('fa'));
    const en = renderMonthPage(2026, 12, events, ctx('en'));
    expect(/<th scope="col"><abbr title="([^"]+)"/.exec(fa)![1]).toBe('شنبه');
    expect(/<th scope="col"><abbr title="([^"]+)"/.exec(en)![1]).toBe('Monday');
    expect(en.match(/مشاعرہ/g)).toHaveLength(2); // 12 and 13 December
    expect(hrefs(en)).toEqual(expect.arrayContaining(['/en/month/2026-11', '/en/month/2027-01']));
  });

  it('lays out a Solar Hijri month for Persian readers: Azar 1405 from 22 November, each cell with its Gregorian day', async () => {
    const events = [...(await reader.month({ year: 2026, month: 11, zone: 'Asia/Tehran' })), ...(await reader.month({ year: 2026, month: 12, zone: 'Asia/Tehran' }))];
    const html = renderMonthPage(1405, 9, events, ctx('fa'), 'persian');
    expect(html).toContain('<h1>آذر ۱۴۰۵</h1>');
    expect(html).toContain('۲۲ نوامبر ۲۰۲۶ – ۲۱ دسامبر ۲۰۲۶');
    // 1 Azar is Sunday 22 November: the second cell of a Saturday-first week, with "22 Nov" beside it.
    const firstWeek = /<tbody><tr>([\s\S]*?)<\/tr>/.exec(html)![1]!;
    expect(firstWeek.match(/<td/g)).toHaveLength(7);
    expect(firstWeek.startsWith('<td class="out"></td><td><div><time datetime="2026-11-22">۱</time><span class="g">۲۲ نوامبر</span>')).toBe(true);
    // 14 Azar is 5 December, the Persian event's day; 1 December names its month.
    expect(html).toMatch(/<time datetime="2026-12-05">۱۴<\/time><span class="g">۵<\/span><\/div><ul><li><a href="\/fa\/event\/aaaaaaaaaaaaaaaaaaaaaa01"/);
    expect(html).toContain('<time datetime="2026-12-01">۱۰</time><span class="g">۱ دسامبر</span>');
    expect(html.match(/<time datetime=/g)).toHaveLength(30);
    expect(hrefs(html)).toEqual(expect.arrayContaining(['/fa/month/persian/1405-08', '/fa/month/persian/1405-10']));
    expect(html).toContain('<link rel="canonical" href="https://events.example.org/fa/month/persian/1405-09"/>');
  });

  it('lays out a Hijri month (Umm al-Qura) for an Arabic reader who chose it', async () => {
    const events = [...(await reader.month({ year: 2026, month: 11, zone: 'Asia/Tehran' })), ...(await reader.month({ year: 2026, month: 12, zone: 'Asia/Tehran' }))];
    const html = renderMonthPage(1448, 6, events, ctx('ar', { calendar: 'islamic' }), 'islamic');
    expect(html).toContain('<h1>جمادى الآخرة ١٤٤٨ هـ</h1>');
    expect(html.match(/<time datetime=/g)).toHaveLength(29); // 11 November – 9 December 2026
    expect(html).toContain('<time datetime="2026-11-11">١</time>');
    expect(html).toContain('<time datetime="2026-12-05">٢٥</time>');
    expect(html).toMatch(/<time datetime="2026-12-08">٢٨<\/time><span class="g">٨<\/span><\/div><ul><li><a href="\/ar\/event\/aaaaaaaaaaaaaaaaaaaaaa02" class="cancelled-title">/); // 8 December, cancelled
  });

  it('has a not-found page in each language', () => {
    expect(renderNotFoundPage(ctx('fa'))).toContain('صفحه پیدا نشد');
    expect(renderNotFoundPage(ctx('ar'))).toMatch(/<html lang="ar" dir="rtl">/);
  });
});
