import { Types } from 'mongoose';
import {
  CAPTION_LIMIT,
  MESSAGE_LIMIT,
  hashtag,
  renderEventCard,
  renderEventLine,
  truncatePlain,
  visibleLength,
  type CardViewer,
  type RenderedCard,
} from '../../src/bot/render/event-card';
import type { EventRecord } from '../../src/dal/events/event.model';
import { formatDayMonthYear } from '../../src/domain/date-format';
import { zoneName } from '../../src/domain/date-format';
import { createI18n, type I18n } from '../../src/i18n/i18n';
import { SUPPORTED_LOCALES, type Locale } from '../../src/i18n/locales';
import { parseTelegramHtml } from '../support/fake-telegram/html';

/** Friday 27 Nov 2026, 13:30 in Tehran; the event is on Saturday 5 December, 18:30–20:30. */
const NOW = new Date('2026-11-27T10:00:00Z');

function event(overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    _id: new Types.ObjectId(),
    title: 'Poetry night',
    description: 'Bring a poem.\nTea and sweets.',
    startAt: new Date('2026-12-05T15:00:00Z'),
    endAt: new Date('2026-12-05T17:00:00Z'),
    allDay: false,
    timezone: 'Asia/Tehran',
    venue: { name: 'Café Nur', address: '12 Safa St', city: 'Qom', country: 'Iran', lat: 34.64, lon: 50.88 },
    onlineUrl: 'https://meet.example.com/poetry',
    organizer: { name: 'Qom Events', website: 'https://qomevents.ir/', links: { telegram: 'https://t.me/qomevents', eitaa: 'https://eitaa.com/qomevents' } },
    categories: ['music', 'poetry'],
    status: 'published',
    createdBy: 2001,
    sequence: 0,
    rsvpCounts: { going: 12, maybe: 3, notGoing: 1, waitlist: 0, guests: 2 },
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const viewer = (overrides: Partial<CardViewer> = {}): CardViewer => ({ locale: 'en', timezone: 'Asia/Tehran', calendar: 'gregorian', ...overrides });

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

function render(e: EventRecord, v: CardViewer = viewer(), now = NOW): RenderedCard {
  return renderEventCard(e, v, i18n.forLocale(v.locale), now);
}

/** Telegram would accept it: the fake Bot API's parser says ok, and the visible text is within `limit`. */
function visible(html: string, limit = MESSAGE_LIMIT): string {
  const parsed = parseTelegramHtml(html);
  if (!parsed.ok) throw new Error(`${parsed.description}\n${html}`);
  expect(parsed.text.length).toBeLessThanOrEqual(limit);
  expect(visibleLength(html)).toBe(parsed.text.length);
  return parsed.text;
}

describe('renderEventCard: content', () => {
  it('shows title, time, venue with a map link, online link, organizer, hashtags, description and counts', () => {
    const { text, caption, followUps } = render(event());
    expect(caption).toBeUndefined();
    expect(followUps).toBeUndefined();
    expect(text).toBe(
      [
        '<b>Poetry night</b>',
        '',
        '🗓 Sat 5 Dec 2026, 18:30–20:30 (Iran Time)',
        '',
        '📍 Café Nur, 12 Safa St, Qom, Iran · <a href="https://www.openstreetmap.org/?mlat=34.64&amp;mlon=50.88#map=17/34.64/50.88">map</a>',
        '💻 <a href="https://meet.example.com/poetry">Join online</a>',
        '',
        '👤 Qom Events · <a href="https://qomevents.ir/">Website</a> · <a href="https://t.me/qomevents">Telegram</a> · <a href="https://eitaa.com/qomevents">Eitaa</a>',
        '🏷 #music #poetry',
        '',
        'Bring a poem.\nTea and sweets.',
        '',
        '✅ Going: 12 · 🤔 Maybe: 3 · ➕ Guests: 2',
      ].join('\n'),
    );
    visible(text);
  });

  it('prefers the venue\'s own map link and leaves out what is missing', () => {
    const text = render(
      event({ venue: { name: 'Hall', mapUrl: 'https://maps.example.com/?q=hall' }, onlineUrl: undefined, organizer: undefined, categories: [], description: undefined }),
    ).text;
    expect(text).toContain('📍 Hall · <a href="https://maps.example.com/?q=hall">map</a>');
    expect(text).not.toContain('💻');
    expect(text).not.toContain('👤');
    expect(text).not.toContain('🏷');
    visible(text);
  });

  it('adds "Your time" only when the viewer\'s offset differs at that instant', () => {
    expect(render(event(), viewer({ timezone: 'Europe/London' })).text).toContain('🕰 Your time: Sat 5 Dec 2026, 15:00–17:00 (United Kingdom Time)');
    expect(render(event(), viewer({ timezone: 'Asia/Tehran' })).text).not.toContain('Your time');
    // Toronto and New York share their offset: no second line.
    expect(render(event({ timezone: 'America/New_York' }), viewer({ timezone: 'America/Toronto' })).text).not.toContain('Your time');
    // An unknown viewer zone is ignored rather than crashing.
    expect(render(event(), viewer({ timezone: 'Nowhere/Land' })).text).not.toContain('Your time');
  });

  it('puts the viewer\'s calendar first and the Gregorian date beside it', () => {
    const start = event().startAt;
    const islamic = render(event(), viewer({ calendar: 'islamic' })).text;
    expect(islamic).toContain('🗓 Sat 25 Jumada II 1448 AH, 18:30–20:30 (Iran Time)\n📅 5 December 2026');
    expect(islamic).toContain(formatDayMonthYear(start, 'Asia/Tehran', 'en', 'islamic'));
    const persian = render(event(), viewer({ locale: 'fa', calendar: 'persian' })).text;
    expect(persian).toContain('🗓 شنبه ۱۴ آذر ۱۴۰۵، ۱۸:۳۰–۲۰:۳۰ (\u2068وقت ایران\u2069)\n\u200f📅 ۵ دسامبر ۲۰۲۶');
    expect(render(event()).text).not.toContain('📅');
  });

  it('uses the language\'s calendars when the viewer chose none', () => {
    const fa = render(event(), viewer({ locale: 'fa', calendar: undefined })).text;
    expect(fa).toContain('🗓 شنبه ۱۴ آذر ۱۴۰۵، ۱۸:۳۰–۲۰:۳۰ (\u2068وقت ایران\u2069)\n\u200f📅 ۵ دسامبر ۲۰۲۶');
    const ar = render(event(), viewer({ locale: 'ar', calendar: undefined })).text;
    expect(ar).toContain('🗓 السبت، ٥ ديسمبر ٢٠٢٦، ١٨:٣٠–٢٠:٣٠ (\u2068توقيت إيران\u2069)\n\u200f📅 ٢٥ جمادى الآخرة ١٤٤٨ هـ');
    const ur = render(event(), viewer({ locale: 'ur', calendar: undefined })).text;
    expect(ur).toContain('🗓 ہفتہ، 5 دسمبر، 2026، 18:30–20:30 (\u2068ایران وقت\u2069)\n\u200f📅 25 جمادی الثانی، 1448 ہجری');
    expect(render(event(), viewer({ calendar: undefined })).text).not.toContain('📅');
  });

  it('describes a series', () => {
    const series = { seriesId: new Types.ObjectId(), rrule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20270601T202959Z', index: 0, detached: false };
    expect(render(event({ series })).text).toContain('🔁 Weekly on Saturday, until 1 Jun 2027');
  });

  it('says where an imported event comes from, and that it was edited here once an organizer edited it in chat', () => {
    const source = { feedId: 'f'.repeat(24), host: 'qomstudents.example.org', edited: [] as string[] };
    expect(render(event({ source })).text).toContain('📥 Imported from qomstudents.example.org');
    expect(render(event({ source })).text).not.toContain('edited here');
    expect(render(event({ source: { ...source, edited: ['title'] } })).text).toContain('📥 Imported from qomstudents.example.org · edited here');
    expect(render(event()).text).not.toContain('📥');
    // In Persian the host reads left to right inside the line, and a hostile host is shown literally.
    const fa = visible(render(event({ source: { ...source, host: '<b>x</b>.example' } }), viewer({ locale: 'fa' })).text);
    expect(fa).toContain('📥 برگرفته از \u2066<b>x</b>.example\u2069');
  });

  it('shows places left and a full event\'s waitlist', () => {
    expect(render(event({ capacity: 20 })).text).toContain('🎟 Places left: 6');
    const full = render(event({ capacity: 14, rsvpCounts: { going: 12, maybe: 0, notGoing: 0, waitlist: 4, guests: 2 } })).text;
    expect(full).toContain('✅ Going: 12 · ➕ Guests: 2 · 🚫 Full — waitlist: 4');
  });

  it('shows all-day events without times', () => {
    const text = render(event({ allDay: true, startAt: new Date('2026-12-04T20:30:00Z'), endAt: new Date('2026-12-05T20:30:00Z') }), viewer({ timezone: 'Europe/London' })).text;
    expect(text).toContain('🗓 Sat 5 Dec 2026 (all day)');
    expect(text).not.toContain('Your time');
  });
});

describe('renderEventCard: banners', () => {
  it('says when the event has passed', () => {
    const text = render(event(), viewer(), new Date('2026-12-05T17:00:00Z')).text;
    expect(text.startsWith('⌛ <i>This event has passed</i>\n\n<b>Poetry night</b>')).toBe(true);
    expect(render(event(), viewer(), new Date('2026-12-05T16:59:00Z')).text).not.toContain('passed');
  });

  it('marks a postponed event', () => {
    expect(render(event({ status: 'postponed' })).text.startsWith('⚠️ <b>Postponed</b>')).toBe(true);
  });

  it('marks a cancelled event with its reason, strikes the title and hides the counts', () => {
    const text = render(event({ status: 'cancelled', cancelReason: 'Storm <warning> & closure' })).text;
    expect(text.startsWith('❌ <b>Cancelled</b>: Storm &lt;warning&gt; &amp; closure\n\n<b><s>Poetry night</s></b>')).toBe(true);
    expect(text).not.toContain('Going');
    expect(render(event({ status: 'cancelled' })).text.startsWith('❌ <b>Cancelled</b>\n\n')).toBe(true);
    // A cancelled event in the past is "cancelled", not "passed".
    expect(render(event({ status: 'cancelled' }), viewer(), new Date('2027-01-01T00:00:00Z')).text).not.toContain('passed');
    visible(text);
  });

  it('marks a draft', () => {
    expect(render(event({ status: 'draft' })).text.startsWith('📝 <i>Draft')).toBe(true);
  });
});

describe('renderEventCard: hostile input', () => {
  const hostile = event({
    title: '<script>alert("x")</script> & &amp; &#0;',
    description: '<b>unclosed & </i> "quoted" &lt;',
    venue: { name: 'A<b>', address: '"><a href="x">', city: '&', country: '</b>', mapUrl: 'javascript:alert(1)', lat: 34.64, lon: 50.88 },
    onlineUrl: 'https://evil.example/?a="><b>x</b>&b=\'1\'',
    organizer: { name: 'O&<>', website: 'javascript:alert(1)', links: { telegram: 'https://t.me/x"onmouseover="y', '<img>': 'https://ok.example/', eitaa: 'data:text/html,hi' } },
    categories: ['<b>tag</b>', 'a&b', 'شعر و ادب', '   ', 'live music'],
    cancelReason: '</s><b>',
  });

  it.each(SUPPORTED_LOCALES)('is valid Telegram HTML that shows the text literally (%s)', (locale) => {
    for (const status of ['published', 'cancelled', 'postponed'] as const) {
      const out = visible(render({ ...hostile, status }, viewer({ locale, calendar: 'islamic', timezone: 'Europe/London' })).text);
      expect(out).toContain('<script>alert("x")</script> & &amp; &#0;');
      expect(out).toContain('<b>unclosed & </i> "quoted" &lt;');
    }
  });

  it('never links to a javascript: or data: URL and escapes quotes inside href', () => {
    const { text } = render(hostile);
    expect(text).not.toMatch(/href="(?:javascript|data):/i);
    expect(text).toContain('<a href="https://evil.example/?a=&quot;&gt;&lt;b&gt;x&lt;/b&gt;&amp;b=\'1\'">Join online</a>');
    expect(text).toContain('<a href="https://t.me/x&quot;onmouseover=&quot;y">Telegram</a>');
    // The unsafe map link is replaced by one built from the coordinates.
    expect(text).toContain('href="https://www.openstreetmap.org/?mlat=34.64&amp;mlon=50.88#map=17/34.64/50.88"');
    // An unknown network name is shown escaped.
    expect(text).toContain('<a href="https://ok.example/">&lt;img&gt;</a>');
  });

  it('makes hashtags only from letters, digits and _', () => {
    expect(render(hostile).text).toContain('🏷 #btagb #ab #شعر_و_ادب #live_music');
  });
});

describe('renderEventCard: length', () => {
  it('shortens a 10,000-character description with "…" so the card fits 4096, keeping the counts', () => {
    const text = render(event({ description: 'word '.repeat(2000) })).text;
    const out = visible(text);
    expect(out.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(out.length).toBeGreaterThan(MESSAGE_LIMIT - 10);
    expect(out).toMatch(/wo?r?d?…\n\n✅ Going: 12/);
  });

  it('stays within the limits even when stored fields are far over their limits', () => {
    const huge = event({
      title: '<'.repeat(10_000),
      cancelReason: '&'.repeat(10_000),
      status: 'cancelled',
      venue: { name: 'N'.repeat(10_000), address: 'A'.repeat(10_000), city: 'C'.repeat(10_000), country: 'K'.repeat(10_000) },
      organizer: { name: 'O'.repeat(10_000), links: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`net${i}`, `https://l${i}.example/`])) },
      categories: Array.from({ length: 500 }, (_, i) => `${i}${'c'.repeat(1000)}`),
      description: 'D'.repeat(10_000),
      photoFileId: 'AgAD',
    });
    for (const locale of SUPPORTED_LOCALES) {
      const card = render(huge, viewer({ locale }));
      const text = visible(card.text);
      expect(text).toContain('<'.repeat(199) + '…');
      visible(card.caption ?? '', CAPTION_LIMIT);
      for (const f of card.followUps ?? []) visible(f);
    }
  });

  it('never cuts inside an entity', () => {
    const text = render(event({ description: '&<>"'.repeat(2500) })).text;
    visible(text);
    expect(text).toMatch(/(?:&amp;|&lt;|&gt;|&quot;)…\n\n/);
  });

  it('never splits a surrogate pair', () => {
    for (let pad = 0; pad < 2; pad++) {
      const out = visible(render(event({ description: `${'x'.repeat(pad)}${'🎉'.repeat(5000)}` })).text);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      expect(out).not.toMatch(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it.each(SUPPORTED_LOCALES)('fits with every field at its maximum (%s)', (locale) => {
    const long = event({
      title: 'T'.repeat(200),
      description: 'D'.repeat(10_000),
      venue: { name: 'N'.repeat(200), address: 'A'.repeat(300), city: 'C'.repeat(100), country: 'K'.repeat(100), mapUrl: `https://maps.example.com/${'m'.repeat(470)}` },
      onlineUrl: `https://online.example.com/${'o'.repeat(470)}`,
      organizer: { name: 'O'.repeat(200), website: 'https://o.example/', links: { telegram: 'https://t.me/x', whatsapp: 'https://wa.me/1', eitaa: 'https://eitaa.com/x', instagram: 'https://instagram.com/x' } },
      categories: Array.from({ length: 20 }, (_, i) => `category_${i}_${'c'.repeat(40)}`),
      status: 'cancelled',
      cancelReason: 'R'.repeat(500),
      capacity: 100000,
      photoFileId: 'photo',
      series: { seriesId: new Types.ObjectId(), rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;COUNT=100', index: 0, detached: false },
    });
    const card = render(long, viewer({ locale, timezone: 'America/New_York', calendar: 'persian' }));
    visible(card.text, MESSAGE_LIMIT);
    visible(card.caption ?? '', CAPTION_LIMIT);
    expect(card.followUps?.length).toBeGreaterThan(0);
    for (const f of card.followUps ?? []) visible(f, MESSAGE_LIMIT);
  });
});

describe('renderEventCard: photo', () => {
  it('puts the head in the caption and the rest in follow-ups', () => {
    const card = render(event({ photoFileId: 'AgAD' }));
    const caption = visible(card.caption ?? '', CAPTION_LIMIT);
    expect(caption).toContain('Poetry night');
    expect(caption).toContain('Sat 5 Dec 2026, 18:30–20:30');
    expect(caption).toContain('Café Nur');
    expect(caption).not.toContain('Bring a poem');
    expect(card.followUps).toHaveLength(1);
    const rest = visible(card.followUps![0]!);
    expect(rest).toContain('Qom Events');
    expect(rest).toContain('Bring a poem.');
    expect(rest).toContain('Going: 12');
    // The full text is still there for a plain message.
    expect(card.text).toContain('Bring a poem.');
  });

  it('moves head blocks that do not fit 1024 into the follow-up, in order', () => {
    const card = render(
      event({
        photoFileId: 'AgAD',
        status: 'cancelled',
        cancelReason: 'R'.repeat(500),
        title: 'T'.repeat(200),
        venue: { name: 'N'.repeat(200), address: 'A'.repeat(300), city: 'C'.repeat(100), country: 'K'.repeat(100) },
      }),
    );
    const caption = visible(card.caption ?? '', CAPTION_LIMIT);
    expect(caption).toContain('T'.repeat(200));
    expect(caption).not.toContain('N'.repeat(200));
    const rest = visible(card.followUps![0]!);
    expect(rest.startsWith('📍 ' + 'N'.repeat(200))).toBe(true);
    expect(rest).toContain('Bring a poem.');
  });
});

describe('renderEventCard: right-to-left', () => {
  it.each(['fa', 'ar', 'ur'] as Locale[])('starts lines with RLM, isolates user text and names zones in the language (%s)', (locale) => {
    const text = render(event({ title: 'Poetry night', categories: ['شعر و ادب'] }), viewer({ locale, timezone: 'Europe/London' })).text;
    visible(text);
    expect(text.startsWith('\u200f<b>\u2068Poetry night\u2069</b>')).toBe(true);
    expect(text).toContain(`(\u2068${zoneName('Asia/Tehran', locale)}\u2069)`);
    expect(text).toContain(`(\u2068${zoneName('Europe/London', locale)}\u2069)`);
    expect(text).toContain('#شعر_و_ادب');
    // The description's lines keep their own direction inside isolates, after the line's RLM.
    expect(text).toContain('\u200f\u2068Bring a poem.\u2069\n\u200f\u2068Tea and sweets.\u2069');
    for (const line of text.split('\n')) {
      if (line !== '') expect(line.startsWith('\u200f')).toBe(true);
    }
  });

  it('uses Persian digits and names in Persian', () => {
    const text = render(event({ capacity: 20 }), viewer({ locale: 'fa' })).text;
    expect(text).toContain('🗓 شنبه ۵ دسامبر ۲۰۲۶، ۱۸:۳۰–۲۰:۳۰');
    expect(text).toContain('✅ می‌آیند: ۱۲');
    expect(text).toContain('🎟 جای خالی: ۶');
  });
});

describe('renderEventLine', () => {
  it('gives date, time, title and venue', () => {
    expect(renderEventLine(event(), viewer(), i18n.forLocale('en'))).toBe('Sat 5 Dec · 18:30 — <b>Poetry night</b> · Café Nur');
  });

  it('says all day, marks status and escapes', () => {
    const t = i18n.forLocale('en');
    const allDay = event({ allDay: true, startAt: new Date('2026-12-04T20:30:00Z'), endAt: new Date('2026-12-05T20:30:00Z'), venue: undefined });
    expect(renderEventLine(allDay, viewer(), t)).toBe('Sat 5 Dec · all day — <b>Poetry night</b>');
    expect(renderEventLine(event({ status: 'cancelled' }), viewer(), t)).toBe('❌ Sat 5 Dec · 18:30 — <b><s>Poetry night</s></b> · Café Nur');
    const hostile = renderEventLine(event({ title: '<i>x</i> & y', venue: { name: '"<b>"' } }), viewer(), t);
    expect(hostile).toBe('Sat 5 Dec · 18:30 — <b>&lt;i&gt;x&lt;/i&gt; &amp; y</b> · &quot;&lt;b&gt;&quot;');
    visible(hostile);
  });

  it('is right-to-left in Persian', () => {
    const line = renderEventLine(event(), viewer({ locale: 'fa' }), i18n.forLocale('fa'));
    expect(line).toBe('\u200fشنبه ۵ دسامبر · ۱۸:۳۰ — <b>\u2068Poetry night\u2069</b> · \u2068Café Nur\u2069');
    visible(line);
  });
});

describe('unknown zones', () => {
  it('renders an event with a zone Intl does not know in UTC instead of crashing', () => {
    const text = render(event({ timezone: 'Mars/Olympus' })).text;
    expect(text).toContain('🗓 Sat 5 Dec 2026, 15:00–17:00 (UTC)');
    expect(renderEventLine(event({ timezone: 'Mars/Olympus' }), viewer(), i18n.forLocale('en'))).toContain('15:00');
  });
});

describe('helpers', () => {
  it('hashtag keeps letters and digits of any script', () => {
    expect(hashtag('live music')).toBe('#live_music');
    expect(hashtag('شعر و ادب')).toBe('#شعر_و_ادب');
    expect(hashtag('c++ 2026')).toBe('#c_2026');
    expect(hashtag('!!!')).toBeUndefined();
    expect(hashtag('جلسه سه\u200cشنبه')).toBe('#جلسه_سه\u200cشنبه');
    expect(hashtag('\u200c')).toBeUndefined();
  });

  it('visibleLength counts what Telegram shows', () => {
    expect(visibleLength('<b>a &amp; b</b> &#128512; &lt;')).toBe('a & b 😀 <'.length);
  });

  it('truncatePlain fits the ellipsis within the limit', () => {
    expect(truncatePlain('abcdef', 4)).toBe('abc…');
    expect(truncatePlain('abc', 4)).toBe('abc');
    expect(truncatePlain('a🎉b', 3)).toBe('a…');
  });
});
