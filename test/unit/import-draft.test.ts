/**
 * An imported event into a /newevent draft (src/application/import-draft.ts): pure, so tested
 * with the parsers' own output for the fixture pages and files, and with hand-made entries.
 */
import { distinctEvents, draftFromImport, matchCategories, pickEvent, seriesRule, withFilled } from '../../src/application/import-draft';
import { imageKind } from '../../src/application/imports';
import { draftToEvents, isComplete } from '../../src/domain/event-draft';
import { parseICalendar } from '../../src/import/ical';
import type { ImportedEvent } from '../../src/import/model';
import { withHash } from '../../src/import/normalize';
import { parseEventPage } from '../../src/import/page';
import { isCalendarDocument, loneLink } from '../../src/bot/features/new-event-import';
import { renderImportSummary } from '../../src/bot/render/import-summary';
import { createI18n, type Translate } from '../../src/i18n/i18n';
import { NOW, RALLY, feed, ics, meetupPage, openGraphPage, tecEventPage } from '../support/import-fixtures';

const CATEGORIES = [
  { slug: 'rally', names: { en: 'Rally', fa: 'گردهمایی' } },
  { slug: 'study', names: { en: 'Study', fa: 'مطالعه', ar: 'دراسة' } },
];
const opts = { zone: 'Asia/Tehran', now: NOW, categories: CATEGORIES };
const page = (html: string) => parseEventPage(html, { pageUrl: 'https://site.example/e/1', defaultZone: 'Asia/Tehran' });

function event(fields: Partial<ImportedEvent> & Pick<ImportedEvent, 'start' | 'end'>): ImportedEvent {
  return withHash({ sourceUid: 'x', title: 'T', allDay: false, timezone: 'America/New_York', zoneFromSource: true, categories: [], status: 'confirmed', ...fields });
}

describe('draftFromImport', () => {
  it('the rally page fills every field the dialogue has, checked like typed answers, in UTC instants with the zone', () => {
    const [e] = page(tecEventPage).events;
    const { draft, filled, notes } = draftFromImport({ ...e!, categories: ['گردهمایی', 'Fireworks'] }, opts);
    expect(draft).toEqual({
      title: RALLY.title,
      start: '2026-12-18T05:30:00.000Z',
      end: '2026-12-18T08:00:00.000Z',
      allDay: false,
      timezone: 'Asia/Tehran',
      description: 'همه دعوتند. ساعت ۹ صبح',
      venue: { name: RALLY.venue, address: RALLY.address, city: RALLY.city, country: 'Iran' },
      organizer: { name: 'انجمن دانشجویان', website: RALLY.website, links: { telegram: RALLY.telegram, eitaa: RALLY.eitaa } },
      categories: ['rally'],
    });
    expect(filled).toEqual(['title', 'when', 'end', 'venue', 'address', 'description', 'categories', 'organizer', 'links']);
    expect(notes).toEqual([{ key: 'import.note.categoriesLeftOut', vars: { names: 'Fireworks' } }]);
    // The draft is what the dialogue publishes: one event, instants and zone as read.
    expect(isComplete(draft)).toBe(true);
    const [stored] = draftToEvents(draft as typeof draft & { title: string; start: string }, 1, 'a'.repeat(24));
    expect(stored).toMatchObject({ startAt: new Date('2026-12-18T05:30:00Z'), endAt: new Date('2026-12-18T08:00:00Z'), timezone: 'Asia/Tehran' });
  });

  it('a start already past is left out (the dialogue asks for a new one), with a note; so is a missing title', () => {
    const past = event({ title: '', start: new Date('2026-11-20T10:00:00Z'), end: new Date('2026-11-20T12:00:00Z') });
    const { draft, filled, notes } = draftFromImport(past, opts);
    expect(draft.start).toBeUndefined();
    expect(draft.title).toBeUndefined();
    expect(filled).toEqual([]);
    expect(notes).toEqual([{ key: 'import.note.past', vars: {} }]);
  });

  it('an event under way (started, not ended) keeps its date', () => {
    const now = event({ start: new Date(NOW.getTime() - 3_600_000), end: new Date(NOW.getTime() + 3_600_000) });
    expect(draftFromImport(now, opts).draft.start).toBe(new Date(NOW.getTime() - 3_600_000).toISOString());
  });

  it('a one-day all-day event has no end in the draft; a three-day one keeps its exclusive end', () => {
    const one = event({ allDay: true, start: new Date('2027-03-01T05:00:00Z'), end: new Date('2027-03-02T05:00:00Z') });
    expect(draftFromImport(one, opts).draft).toMatchObject({ allDay: true, start: '2027-03-01T05:00:00.000Z' });
    expect(draftFromImport(one, opts).draft.end).toBeUndefined();
    const three = event({ allDay: true, start: new Date('2027-03-01T05:00:00Z'), end: new Date('2027-03-04T05:00:00Z') });
    expect(draftFromImport(three, opts).draft.end).toBe('2027-03-04T05:00:00.000Z');
  });

  it('text over the limits and links that are not http(s) are left out, never stored as they came', () => {
    const e = event({
      start: new Date('2027-01-01T10:00:00Z'),
      end: new Date('2027-01-01T11:00:00Z'),
      title: 'x'.repeat(201),
      onlineUrl: 'javascript:alert(1)',
      venue: { name: 'Hall', city: 'c'.repeat(101) },
      organizer: { name: 'Org', website: 'ftp://org.example', links: { telegram: 'https://t.me/org' } },
    });
    const { draft, filled } = draftFromImport(e, opts);
    expect(draft.title).toBeUndefined();
    expect(draft.onlineUrl).toBeUndefined();
    expect(draft.venue).toEqual({ name: 'Hall' });
    expect(draft.organizer).toEqual({ name: 'Org', links: { telegram: 'https://t.me/org' } });
    expect(filled).toEqual(['when', 'end', 'venue', 'organizer', 'links']);
  });

  it('a cancelled event (Meetup) carries the note; an Open Graph page gives its title and description only', () => {
    const meetup = page(meetupPage).events[0]!;
    expect(draftFromImport(meetup, opts).notes).toContainEqual({ key: 'import.note.cancelled', vars: {} });
    const og = page(openGraphPage).fallback!;
    const { draft, filled } = draftFromImport({ ...og, categories: [] }, opts);
    expect(draft).toEqual({ title: 'Book fair & tea', description: 'Three days of books.', timezone: 'Asia/Tehran', categories: [] });
    expect(filled).toEqual(['title', 'description']);
  });

  it('a page entry without a start is kept as incomplete, with everything else the page gave', () => {
    const html = tecEventPage.replace('"startDate":"2026-12-18T09:00:00+03:30",', '');
    const res = page(html);
    expect(res.events).toEqual([]);
    expect(res.problems).toEqual([expect.objectContaining({ kind: 'missing_start' })]);
    const { draft, filled } = draftFromImport(res.incomplete![0]!, opts);
    expect(draft.title).toBe(RALLY.title);
    expect(draft.start).toBeUndefined();
    expect(filled).toEqual(['title', 'venue', 'address', 'description', 'organizer', 'links']);
  });

  it('withFilled adds a field in the dialogue\'s order', () => {
    const r = draftFromImport(page(tecEventPage).events[0]!, opts);
    expect(withFilled(r, 'photo').filled.slice(-2)).toEqual(['links', 'photo']);
  });
});

describe('matchCategories', () => {
  it('matches slugs and names in any of the languages, ignoring case and Arabic/Persian letter forms', () => {
    expect(matchCategories(['STUDY', 'دراسة', 'گردهمايي', 'Hiking'], CATEGORIES)).toEqual({ slugs: ['study', 'rally'], unmatched: ['Hiking'] });
  });
});

describe('choosing the event and series', () => {
  const rule = 'FREQ=WEEKLY;BYDAY=TH;COUNT=4';
  const weekly = ics([
    'BEGIN:VEVENT', 'UID:w@test', 'DTSTAMP:20261101T000000Z', 'DTSTART;TZID=America/New_York:20270304T190000', 'DTEND;TZID=America/New_York:20270304T200000',
    `RRULE:${rule}`, 'SUMMARY:Weekly', 'END:VEVENT',
  ]);
  const horizonEnd = new Date(NOW.getTime() + 3 * 366 * 86_400_000);

  it('the first event still to come that is not cancelled', () => {
    const res = parseICalendar(feed, { now: NOW, defaultZone: 'UTC', horizonDays: 3 * 366 });
    const chosen = pickEvent(res.events, NOW)!;
    expect(chosen.title).toBe('Study circle');
    expect(distinctEvents(res.events)).toBe(5);
  });

  it('a plain weekly series across a DST change becomes the bot\'s repeat rule, ending on its last date', () => {
    const res = parseICalendar(weekly, { now: NOW, defaultZone: 'UTC', horizonDays: 3 * 366 });
    const first = pickEvent(res.events, NOW)!;
    const got = seriesRule(first, res.events, horizonEnd);
    expect(got).toBe('FREQ=WEEKLY;BYDAY=TH;UNTIL=20270325T230000Z');
  });

  it('a series with an exception, a moved or cancelled date, or running past what was read, is not', () => {
    const res = parseICalendar(feed, { now: NOW, defaultZone: 'UTC', horizonDays: 3 * 366 });
    expect(seriesRule(pickEvent(res.events, NOW)!, res.events, horizonEnd)).toBeUndefined();
    const forever = parseICalendar(weekly.replace(rule, 'FREQ=WEEKLY;BYDAY=TH'), { now: NOW, defaultZone: 'UTC', horizonDays: 120 });
    expect(forever.events.length).toBeGreaterThan(2);
    expect(seriesRule(pickEvent(forever.events, NOW)!, forever.events, new Date(NOW.getTime() + 120 * 86_400_000))).toBeUndefined();
  });
});

describe('what the chat recognizes', () => {
  it('a lone link (any scheme, so an unsupported one gets its reason) but not a sentence with a link', () => {
    expect(loneLink('  https://qom.example/event/1 ')).toBe('https://qom.example/event/1');
    expect(loneLink('webcal://cal.example/x.ics')).toBe('webcal://cal.example/x.ics');
    expect(loneLink('ftp://x.example/y')).toBe('ftp://x.example/y');
    expect(loneLink('Board games https://x.example')).toBeUndefined();
    expect(loneLink('Board games night')).toBeUndefined();
  });

  it('calendar documents by name or type', () => {
    expect(isCalendarDocument({ file_name: 'Event.ICS' })).toBe(true);
    expect(isCalendarDocument({ file_name: 'invite', mime_type: 'text/calendar' })).toBe(true);
    expect(isCalendarDocument({ file_name: 'photo.jpg', mime_type: 'image/jpeg' })).toBe(false);
  });

  it('pictures by their bytes, whatever the server called them', () => {
    expect(imageKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]))).toBe('jpg');
    expect(imageKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(imageKind(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('webp');
    expect(imageKind(Buffer.from('<svg onload="alert(1)"></svg>'))).toBeUndefined();
    expect(imageKind(Buffer.from('<html>'))).toBeUndefined();
  });
});

describe('the import summary', () => {
  let fa: Translate;
  let en: Translate;
  beforeAll(async () => {
    const i18n = await createI18n();
    fa = i18n.forLocale('fa');
    en = i18n.forLocale('en');
  });

  it('names the fields filled and still needed in the reader\'s language, and escapes names from the source', () => {
    const text = renderImportSummary(
      { source: 'page', filled: ['title', 'venue'], missing: ['when'], notes: [{ key: 'import.note.categoriesLeftOut', vars: { names: '<b>Hiking</b>' } }] },
      en,
      'en',
    );
    expect(text).toContain('Title, Venue');
    expect(text).toContain(en('import.chat.stillNeeded', { fields: 'Start' }));
    expect(text).toContain('&lt;b&gt;Hiking&lt;/b&gt;');
    expect(text).not.toContain('<b>Hiking');
    const persian = renderImportSummary({ source: 'file', filled: ['title', 'when'], missing: [], notes: [] }, fa, 'fa');
    expect(persian).toContain(`${fa('newevent.field.title')}، ${fa('newevent.field.when')}`);
    expect(persian.startsWith('\u200f')).toBe(true);
  });
});
