import { readLocaleFiles } from '../../src/i18n/i18n';
import { diffImport } from '../../src/import/changes';
import { decodeBody } from '../../src/import/decode';
import { FETCH_FAILURE_KINDS } from '../../src/import/fetch';
import { parseICalendar } from '../../src/import/ical';
import { fetchFailureMessage, importProblemMessage } from '../../src/import/messages';
import { IMPORT_PROBLEM_KINDS, type ImportedEvent } from '../../src/import/model';
import { htmlToPlainText, readIsoDate, readZone, sortLinks } from '../../src/import/normalize';
import { parseEventPage } from '../../src/import/page';
import { parseTribePage } from '../../src/import/tribe';
import {
  NOW, RALLY, bigFeed, eventbritePage, feed, ics, lumaPage, meetupPage, microdataPage, openGraphPage, tecEventPage, tecRestPage1, tecRestPage2,
} from '../support/import-fixtures';

const opts = { now: NOW, defaultZone: 'Asia/Tehran', horizonDays: 180 };
const page = (html: string) => parseEventPage(html, { pageUrl: 'https://site.example/e/1', defaultZone: 'Asia/Tehran' });
const only = (events: ImportedEvent[]) => {
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe('event pages: schema.org Event', () => {
  it('The Events Calendar (a JSON-LD array): the rally in Qom, 9:00–11:30 Tehran time, escaped HTML description without its script', () => {
    const res = page(tecEventPage);
    const e = only(res.events);
    expect(e.title).toBe(RALLY.title);
    expect(e.start.toISOString()).toBe('2026-12-18T05:30:00.000Z');
    expect(e.end.toISOString()).toBe('2026-12-18T08:00:00.000Z');
    expect(e.timezone).toBe('Asia/Tehran');
    expect(e.zoneFromSource).toBe(false);
    expect(e.description).toBe('همه دعوتند. ساعت ۹ صبح');
    expect(e.venue).toEqual({ name: RALLY.venue, address: RALLY.address, city: RALLY.city, country: 'Iran' });
    expect(e.organizer).toEqual({ name: 'انجمن دانشجویان', website: RALLY.website, links: { telegram: RALLY.telegram, eitaa: RALLY.eitaa } });
    expect(e.imageUrl).toBe('https://qomstudents.example.org/wp-content/uploads/rally.jpg');
    expect(e.status).toBe('confirmed');
    expect(res.problems).toEqual([]);
  });

  it('Eventbrite (one object of an Event subtype): offset dates, address, coordinates, organizer site', () => {
    const e = only(page(eventbritePage).events);
    expect([e.title, e.start.toISOString(), e.end.toISOString()]).toEqual(['Arabic calligraphy workshop', '2027-01-20T23:30:00.000Z', '2027-01-21T01:30:00.000Z']);
    expect(e.venue).toEqual({ name: 'Community Library', address: '12 Main St', city: 'Springfield', country: 'US', lat: 40.7, lon: -74.3 });
    expect(e.organizer?.website).toBe('https://www.eventbrite.example/o/springfield-arts-1234');
  });

  it('Meetup (@graph with @id references): online location, organizer with Telegram, cancelled, relative image made absolute, style dropped', () => {
    const e = only(page(meetupPage).events);
    expect(e.title).toBe('اردو شاعری کی شام');
    expect(e.start.toISOString()).toBe('2027-02-05T14:00:00.000Z');
    expect(e.onlineUrl).toBe('https://meet.example/urdu-poetry');
    expect(e.venue).toBeUndefined();
    expect(e.organizer).toEqual({ name: 'Urdu Poetry Circle', website: 'https://www.meetup.example/urdu-poetry/', links: { telegram: 'https://t.me/urdupoetry' } });
    expect(e.status).toBe('cancelled');
    expect(e.imageUrl).toBe('https://site.example/images/poetry.jpg');
    expect(e.description).toBe('غالب اور اقبال');
  });

  it('Luma (arrays of places, organizers and images): the first of each', () => {
    const e = only(page(lumaPage).events);
    expect(e.venue).toEqual({ name: 'Café Nour', address: 'Enghelab St 5, Tehran' });
    expect(e.organizer?.name).toBe('Sara');
    expect(e.start.toISOString()).toBe('2027-03-02T08:00:00.000Z');
  });

  it('microdata: nested place and address, time element, script in the description dropped', () => {
    const e = only(page(microdataPage).events);
    expect(e.title).toBe('تلاوة القرآن الكريم');
    expect(e.start.toISOString()).toBe('2027-01-08T14:00:00.000Z');
    expect(e.end.toISOString()).toBe('2027-01-08T15:30:00.000Z');
    expect(e.venue).toEqual({ name: 'المسجد الجامع', address: 'شارع الملك فهد', city: 'الرياض' });
    expect(e.description).toBe('للجميع');
    expect(e.imageUrl).toBe('https://site.example/img/quran.jpg');
  });

  it('an event without an image or description takes them from the Open Graph tags', () => {
    const html = `<meta property="og:image" content="/cover.jpg"><meta property="og:description" content="از &lt;b&gt;همه&lt;/b&gt; دعوت می‌کنیم">${
      `<script type="application/ld+json">${JSON.stringify({ '@type': 'Event', name: 'Talk', startDate: '2027-01-03T10:00:00Z' })}</script>`}`;
    const e = only(page(html).events);
    expect([e.imageUrl, e.description]).toEqual(['https://site.example/cover.jpg', 'از همه دعوت می‌کنیم']);
  });

  it('Open Graph only: no event, but a fallback with what the tags give', () => {
    const res = page(openGraphPage);
    expect(res.events).toEqual([]);
    expect(res.problems).toEqual([{ kind: 'nothing_found' }]);
    expect(res.fallback).toEqual({ title: 'Book fair & tea', description: 'Three days of books.', imageUrl: 'https://fair.example/cover.jpg', url: 'https://fair.example/2027' });
  });

  it('reports a missing name, a malformed date and an end before the start per entry, and keeps the good one', () => {
    const html = `<script type="application/ld+json">${JSON.stringify([
      { '@type': 'Event', startDate: '2027-01-01T10:00:00Z' },
      { '@type': 'Event', name: 'Feb 30', startDate: '2027-02-30T10:00:00Z' },
      { '@type': 'Event', name: 'Backwards', startDate: '2027-01-02T10:00:00Z', endDate: '2027-01-02T09:00:00Z' },
      { '@type': 'Event', name: 'No start' },
      { '@type': 'Event', name: 'Good', startDate: '2027-01-03' },
    ])}</script><script type="application/ld+json">{ not json</script>`;
    const res = page(html);
    expect(res.problems.map((p) => [p.kind, p.title])).toEqual([
      ['missing_title', undefined],
      ['bad_date', 'Feb 30'],
      ['end_before_start', 'Backwards'],
      ['missing_start', 'No start'],
    ]);
    const e = only(res.events);
    // A date without a time is a whole day in the zone.
    expect([e.allDay, e.start.toISOString(), e.end.toISOString()]).toEqual([true, '2027-01-02T20:30:00.000Z', '2027-01-03T20:30:00.000Z']);
  });
});

describe('iCalendar feed', () => {
  const res = parseICalendar(feed, opts);
  const byUid = (prefix: string) => res.events.filter((e) => e.sourceUid.startsWith(prefix));

  it('expands the weekly series across DST at 19:00 New York time, without the EXDATE', () => {
    const series = byUid('series-1@test');
    expect(series.map((e) => e.occurrence?.recurrenceId.toISOString())).toEqual([
      '2027-02-05T00:00:00.000Z', // 4 Feb 19:00 EST
      '2027-02-12T00:00:00.000Z',
      // 18 Feb is an EXDATE
      '2027-02-26T00:00:00.000Z',
      '2027-03-05T00:00:00.000Z', // moved
      '2027-03-12T00:00:00.000Z', // 11 Mar 19:00 EST
      '2027-03-18T23:00:00.000Z', // 18 Mar 19:00 EDT, after the change on 14 Mar
      '2027-03-25T23:00:00.000Z', // cancelled
      '2027-04-01T23:00:00.000Z',
    ]);
    expect(series.every((e) => e.timezone === 'America/New_York' && e.zoneFromSource)).toBe(true);
    const first = series[0]!;
    expect(first.end.getTime() - first.start.getTime()).toBe(90 * 60_000);
    expect(first.description).toBe('Weekly reading.\nBring the book.');
    expect(first.venue).toEqual({ name: 'Room 4', address: 'Library, 1 College Rd' });
    expect(first.categories).toEqual(['Study', 'Reading']);
    expect(first.sequence).toBe(2);
    expect(first.occurrence?.rrule?.split(';').sort()).toEqual(['BYDAY=TH', 'COUNT=9', 'FREQ=WEEKLY']);
  });

  it('a moved occurrence keeps its RECURRENCE-ID as identity, with its new time and title and the series details', () => {
    const moved = byUid('series-1@test').find((e) => e.occurrence?.overridden && e.status === 'confirmed')!;
    expect(moved.sourceUid).toBe('series-1@test#2027-03-05T00:00:00.000Z');
    expect(moved.start.toISOString()).toBe('2027-03-06T01:00:00.000Z'); // Fri 5 Mar 20:00 EST
    expect(moved.title).toBe('Study circle (Friday this week)');
    expect(moved.venue?.name).toBe('Room 4');
  });

  it('cancelled occurrences and events come through as cancelled (so existing ones can be cancelled)', () => {
    expect(byUid('series-1@test').filter((e) => e.status === 'cancelled').map((e) => e.start.toISOString())).toEqual(['2027-03-25T23:00:00.000Z']);
    expect(only(byUid('cancelled-1@test')).status).toBe('cancelled');
  });

  it('all-day events, a zone known only by its VTIMEZONE, HTML in a DESCRIPTION', () => {
    const fair = only(byUid('allday-1@test'));
    expect([fair.allDay, fair.start.toISOString(), fair.end.toISOString()]).toEqual([true, '2027-03-01T05:00:00.000Z', '2027-03-03T05:00:00.000Z']);
    const office = only(byUid('custom-tz@test'));
    expect([office.start.toISOString(), office.end.toISOString()]).toEqual(['2027-03-15T14:00:00.000Z', '2027-03-15T15:00:00.000Z']);
    expect(office.timezone).toBe('America/New_York'); // the calendar's X-WR-TIMEZONE
    expect(office.description).toBe('Ask anything');
  });

  it('reports the malformed date and the missing title, and leaves out the past and what is beyond the horizon', () => {
    expect(res.problems).toEqual([
      { kind: 'bad_date', entry: 'broken-date@test', title: 'Broken' },
      { kind: 'missing_title', entry: 'no-title@test' },
    ]);
    expect(byUid('past@test')).toEqual([]);
    expect(byUid('far@test')).toEqual([]);
    expect(parseICalendar(feed, { ...opts, horizonDays: 800 }).events.some((e) => e.sourceUid === 'far@test')).toBe(true);
  });

  it('a shorter horizon stops the series early', () => {
    const short = parseICalendar(feed, { ...opts, horizonDays: 80 }); // until 19 Feb 2027
    expect(short.events.filter((e) => e.sourceUid.startsWith('series-1@test')).map((e) => e.start.toISOString())).toEqual(['2027-02-05T00:00:00.000Z', '2027-02-12T00:00:00.000Z']);
  });

  it('what is not a calendar is one "unreadable" problem', () => {
    expect(parseICalendar('<html>nope</html>', opts)).toEqual({ events: [], problems: [{ kind: 'unreadable' }] });
  });

  it('a rule that never ends with a fine step is cut off and reported, not walked forever', () => {
    const minutely = ics(['BEGIN:VEVENT', 'UID:m@test', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261201T000000Z', 'RRULE:FREQ=MINUTELY', 'SUMMARY:Tick', 'END:VEVENT']);
    const r = parseICalendar(minutely, opts);
    expect(r.events.length).toBeLessThanOrEqual(500);
    expect(r.problems).toEqual([{ kind: 'too_many_occurrences', entry: 'm@test', title: 'Tick', max: 500 }]);
  });

  it('10,000 events: the first maxEvents are kept and the rest reported', () => {
    const r = parseICalendar(bigFeed(10_000), { ...opts, horizonDays: 3650 });
    expect(r.events).toHaveLength(2000);
    expect(r.problems).toEqual([{ kind: 'too_many_events', max: 2000 }]);
  });
});

describe('The Events Calendar REST API', () => {
  const p1 = parseTribePage(tecRestPage1('https://qomstudents.example.org/wp-json/tribe/events/v1/events?page=2'), opts);

  it('the rally: UTC times, the event zone, venue with coordinates, organizer links from its description, categories', () => {
    const rally = p1.result.events[0]!;
    expect(rally.title).toBe(RALLY.title);
    expect([rally.start.toISOString(), rally.end.toISOString(), rally.timezone, rally.zoneFromSource]).toEqual(['2026-12-18T05:30:00.000Z', '2026-12-18T08:00:00.000Z', 'Asia/Tehran', true]);
    expect(rally.venue).toEqual({ name: RALLY.venue, address: RALLY.address, city: RALLY.city, country: 'Iran', lat: 34.6399, lon: 50.8759 });
    expect(rally.organizer).toEqual({
      name: 'انجمن دانشجویان بین‌المللی',
      website: RALLY.website,
      links: { telegram: RALLY.telegram, eitaa: RALLY.eitaa, whatsapp: RALLY.whatsapp },
    });
    expect(rally.categories).toEqual(['گردهمایی', 'Students']);
    expect(rally.description).toBe('همه دعوتند.\n\nبا پرچم بیایید & به موقع');
    expect(rally.lastModified?.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(p1.next).toBe('https://qomstudents.example.org/wp-json/tribe/events/v1/events?page=2');
  });

  it('HTML title entities resolved; image, iframe and script dropped from the description; a manual UTC offset falls back to the default zone', () => {
    const lecture = p1.result.events[1]!;
    expect(lecture.title).toBe('Lecture – Hadith studies');
    expect(lecture.description).toBe('Room 3');
    expect([lecture.timezone, lecture.zoneFromSource]).toEqual(['Asia/Tehran', false]);
  });

  it('malformed dates and a missing title are reported per entry', () => {
    expect(p1.result.problems).toEqual([
      { kind: 'bad_date', entry: '503', title: 'Broken dates' },
      { kind: 'missing_title', entry: '504' },
    ]);
  });

  it('all-day events span their local days, the last one included', () => {
    const e = only(parseTribePage(tecRestPage2('x'), opts).result.events);
    expect([e.allDay, e.start.toISOString(), e.end.toISOString()]).toEqual([true, '2027-03-19T20:30:00.000Z', '2027-03-21T20:30:00.000Z']);
  });

  it('anything but an events page is unreadable', () => {
    expect(parseTribePage({ code: 'rest_no_route' }, opts).result.problems).toEqual([{ kind: 'unreadable' }]);
  });
});

describe('normalizing', () => {
  it('HTML to plain text: scripts, styles and comments gone, entities resolved, paragraphs and links kept', () => {
    const text = htmlToPlainText('<h2>برنامه</h2><p>سلام &amp; خوش آمدید<script>alert(1)</script></p><!-- x --><style>p{}</style><ul><li>یک</li><li>دو</li></ul><p><a href="https://ex.org/a">here</a></p>');
    expect(text).not.toMatch(/alert|<|p\{\}|x -->/);
    expect(text).toContain('سلام & خوش آمدید');
    expect(text).toContain('here (https://ex.org/a)');
    expect(text.split('\n').filter(Boolean)).toEqual(['برنامه', 'سلام & خوش آمدید', ' * یک', ' * دو', 'here (https://ex.org/a)']);
  });

  it('long descriptions are cut to the card limit with an ellipsis', () => {
    const text = htmlToPlainText(`<p>${'ب'.repeat(5000)}</p>`);
    expect(text).toHaveLength(3000);
    expect(text.endsWith('…')).toBe(true);
  });

  it('ISO dates strictly: offsets, Z, floating times in the zone, and no rolling over', () => {
    expect(readIsoDate('2026-12-18T09:00:00+03:30', 'UTC')?.instant.toISOString()).toBe('2026-12-18T05:30:00.000Z');
    expect(readIsoDate('2026-12-18T09:00', 'Asia/Tehran')).toEqual({ instant: new Date('2026-12-18T05:30:00Z'), dateOnly: false, hadOffset: false });
    expect(readIsoDate('2027-03-14T02:30', 'America/New_York')?.instant.toISOString()).toBe('2027-03-14T07:30:00.000Z'); // in the DST gap: moved forward
    for (const bad of ['2026-02-29', '2026-13-01', '2026-12-18T24:00', '18/12/2026', '', 'tomorrow']) expect(readIsoDate(bad, 'UTC')).toBeUndefined();
  });

  it('zones: IANA names kept, whole-hour UTC offsets as Etc/GMT, others refused', () => {
    expect(['Asia/Tehran', 'UTC+3', 'UTC-5', 'UTC+3:30', 'Mars/Olympus', ''].map(readZone)).toEqual(['Asia/Tehran', 'Etc/GMT-3', 'Etc/GMT+5', undefined, undefined, undefined]);
  });

  it('organizer links sorted by network; the first other link is the website; non-http links ignored', () => {
    expect(sortLinks(['javascript:alert(1)', 'https://site.example/', 'https://t.me/qom_events', 'http://eitaa.com/qomevents', 'https://wa.me/989121234567', 'https://other.example/'])).toEqual({
      website: 'https://site.example/',
      links: { telegram: 'https://t.me/qom_events', eitaa: 'https://eitaa.com/qomevents', whatsapp: 'https://wa.me/989121234567' },
    });
  });
});

describe('decoding what was fetched', () => {
  // "مرحبا" in windows-1256, as older Arabic and Persian sites still serve it.
  const cp1256 = Buffer.from([0xe3, 0xd1, 0xcd, 0xc8, 0xc7]);
  it('follows the Content-Type charset, then <meta charset> for HTML, then UTF-8', () => {
    expect(decodeBody(cp1256, 'text/html; charset=windows-1256')).toBe('مرحبا');
    const page = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1256"></head><body>'), cp1256]);
    expect(decodeBody(page, 'text/html')).toContain('مرحبا');
    expect(decodeBody(Buffer.from('سلام', 'utf8'), 'text/calendar')).toBe('سلام');
    expect(decodeBody(Buffer.from('سلام', 'utf8'), 'text/html; charset=no-such-charset')).toBe('سلام');
  });

  it('a byte-order mark wins and is not part of the text', () => {
    expect(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('BEGIN:VCALENDAR')]), 'text/calendar; charset=iso-8859-1')).toBe('BEGIN:VCALENDAR');
  });
});

describe('change detection', () => {
  const big = { ...opts, horizonDays: 3650 };
  it('the same feed twice: nothing to do; 10 changed titles, one removed, one added: exactly those', () => {
    const v1 = parseICalendar(bigFeed(1000), big).events;
    const stored = new Map(v1.map((e) => [e.sourceUid, e.hash]));
    expect(diffImport(stored, parseICalendar(bigFeed(1000), big).events)).toEqual({ created: [], changed: [], unchanged: 1000, removed: [] });
    const v2 = parseICalendar(bigFeed(1000, 10), big).events.filter((e) => e.sourceUid !== 'big-999@test');
    const extra = parseICalendar(ics(['BEGIN:VEVENT', 'UID:new@test', 'DTSTART:20270101T100000Z', 'SUMMARY:New', 'END:VEVENT']), big).events;
    const d = diffImport(stored, [...v2, ...extra]);
    expect(d.changed.map((e) => e.sourceUid)).toEqual(Array.from({ length: 10 }, (_, i) => `big-${i * 100}@test`));
    expect(d.created.map((e) => e.sourceUid)).toEqual(['new@test']);
    expect(d.removed).toEqual(['big-999@test']);
    expect(d.unchanged).toBe(989);
  });

  it('the hash ignores SEQUENCE and LAST-MODIFIED but not what members see', () => {
    const base = ['BEGIN:VEVENT', 'UID:h@test', 'DTSTART:20270101T100000Z', 'SUMMARY:Talk'];
    const hash = (extra: string[]) => parseICalendar(ics([...base, ...extra, 'END:VEVENT']), big).events[0]!.hash;
    expect(hash(['SEQUENCE:1'])).toBe(hash(['SEQUENCE:7', 'LAST-MODIFIED:20261201T000000Z']));
    expect(hash(['LOCATION:Hall A'])).not.toBe(hash(['LOCATION:Hall B']));
  });
});

describe('messages', () => {
  const en = readLocaleFiles().en as unknown as { import: { fetch: Record<string, string>; problem: Record<string, string> } };
  it('every fetch failure and import problem has an English text (the locale test checks the other three)', () => {
    for (const kind of FETCH_FAILURE_KINDS) {
      const m = fetchFailureMessage({ ok: false, kind, url: 'https://x.example', status: 500, maxBytes: 5 * 1024 * 1024 });
      expect(en.import.fetch[m.key.split('.').pop()!]).toEqual(expect.any(String));
      expect(m.vars).toEqual({ status: 500, max: 5 });
    }
    for (const kind of IMPORT_PROBLEM_KINDS) {
      const m = importProblemMessage({ kind, entry: 'uid-1', title: 'Talk', max: 2000 });
      expect(en.import.problem[m.key.split('.').pop()!]).toEqual(expect.any(String));
      expect(m.vars).toEqual({ entry: 'Talk', max: 2000 });
    }
  });
});
