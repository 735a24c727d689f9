import {
  clearField, draftToEvents, emptyDraft, parseOneMessageForm, parseVenueLine, readCategories, readEnd, readField, readLocation,
  readOrganizerLinks, readOrganizerName, readRepeat, readWhen, toggleCategory, type EventDraft,
} from '../../src/domain/event-draft';
import { parseCategoryInput, parseCategoryNames } from '../../src/domain/categories';

const NOW = new Date('2026-11-27T10:00:00Z');
const ZONE = 'Asia/Tehran';
const categories = [{ slug: 'music', names: { en: 'Music', fa: 'موسیقی' } }, { slug: 'talks', names: { en: 'Talks' } }];

function ok(res: ReturnType<typeof readField>): EventDraft {
  if (!res.ok) throw new Error(`expected ok, got ${res.error.key}`);
  return res.draft;
}

describe('event draft readers', () => {
  const base = emptyDraft(ZONE);

  it('reads the start in the draft\'s zone, and keeps the length when only the start moves', () => {
    const d = ok(readWhen(base, '2026-12-05 18:30', { now: NOW }));
    expect(d.start).toBe('2026-12-05T15:00:00.000Z');
    expect(d.end).toBeUndefined();
    const withEnd = ok(readEnd(d, '3h'));
    expect(withEnd.end).toBe('2026-12-05T18:00:00.000Z');
    const moved = ok(readWhen(withEnd, '2026-12-06 10:00', { now: NOW }));
    expect(moved.start).toBe('2026-12-06T06:30:00.000Z');
    expect(moved.end).toBe('2026-12-06T09:30:00.000Z');
  });

  it('names the date problem with a dates.error key', () => {
    expect(readWhen(base, '2020-01-01 10:00', { now: NOW })).toEqual({ ok: false, error: { key: 'dates.error.in_past' } });
    expect(readWhen(base, 'gibberish', { now: NOW })).toEqual({ ok: false, error: { key: 'dates.error.unrecognized' } });
    expect(readWhen(emptyDraft('Mars/Olympus'), '2026-12-05 18:30', { now: NOW })).toEqual({ ok: false, error: { key: 'dates.error.unknown_zone' } });
    const d = ok(readWhen(base, '2026-12-05 18:30', { now: NOW }));
    expect(readEnd(d, '17:00')).toEqual({ ok: false, error: { key: 'dates.error.end_before_start' } });
    expect(readEnd(base, '2h')).toEqual({ ok: false, error: { key: 'newevent.error.noStart' } });
  });

  it('splits a venue line into name, address, city, country and a map link', () => {
    expect(parseVenueLine('Café Lumen, 12 Main St, Tehran, Iran')).toEqual({
      ok: true,
      venue: { name: 'Café Lumen', address: '12 Main St', city: 'Tehran', country: 'Iran' },
    });
    expect(parseVenueLine('Hall، تهران')).toEqual({ ok: true, venue: { name: 'Hall', address: 'تهران' } });
    expect(parseVenueLine('Hall, https://maps.example/x, Flat 2, 5 Road, Shiraz, Iran')).toEqual({
      ok: true,
      venue: { name: 'Hall', mapUrl: 'https://maps.example/x', address: 'Flat 2, 5 Road', city: 'Shiraz', country: 'Iran' },
    });
    expect(parseVenueLine('   ')).toMatchObject({ ok: false, error: { key: 'validation.empty' } });
    expect(parseVenueLine('x'.repeat(201))).toMatchObject({ ok: false, error: { key: 'validation.too_long', vars: { max: 200 } } });
  });

  it('takes a shared location as the venue\'s map point', () => {
    const d = ok(readField('venue', base, 'Hall', { now: NOW }));
    expect(ok(readLocation(d, 35.7, 51.4)).venue).toEqual({ name: 'Hall', lat: 35.7, lon: 51.4 });
    expect(readLocation(d, 135, 51.4)).toMatchObject({ ok: false });
    expect(readLocation(base, 35.7, 51.4)).toMatchObject({ ok: false, error: { key: 'newevent.error.noVenue' } });
  });

  it('matches categories by slug or by any language\'s name, and toggles them', () => {
    expect(ok(readCategories(base, '#Music, talks, موسیقی', { now: NOW, categories })).categories).toEqual(['music', 'talks']);
    expect(readCategories(base, 'cooking', { now: NOW, categories })).toEqual({
      ok: false,
      error: { key: 'newevent.error.unknownCategory', vars: { name: 'cooking', known: 'music, talks' } },
    });
    const one = toggleCategory(base, 'music');
    expect(one.categories).toEqual(['music']);
    expect(toggleCategory(one, 'music').categories).toEqual([]);
  });

  it('reads organizer links: a website and known social networks, refusing others', () => {
    const d = ok(readOrganizerName(base, 'Game Club'));
    const links = ok(readOrganizerLinks(d, 'https://club.example\ninstagram: @gameclub\ntelegram: @gameclub'));
    expect(links.organizer?.website).toBe('https://club.example/');
    expect(Object.keys(links.organizer?.links ?? {}).sort()).toEqual(['instagram', 'telegram']);
    expect(readOrganizerLinks(d, 'myspace: @x')).toMatchObject({ ok: false, error: { key: 'newevent.error.unknownNetwork' } });
    expect(readOrganizerLinks(d, 'javascript:alert(1)')).toMatchObject({ ok: false });
    expect(readOrganizerLinks(d, 'ftp://files.example')).toMatchObject({ ok: false, error: { key: 'validation.bad_url' } });
  });

  it('Skip clears exactly the field asked about', () => {
    const d: EventDraft = { ...base, title: 'T', onlineUrl: 'https://x.example', capacity: 5, venue: { name: 'Hall', city: 'Tehran' } };
    expect(clearField('online', d).onlineUrl).toBeUndefined();
    expect(clearField('online', d).capacity).toBe(5);
    expect(clearField('address', d).venue).toEqual({ name: 'Hall' });
    expect(clearField('title', d)).toEqual(d);
  });

  it('a repeat rule becomes the series start and expands to occurrences at the same wall-clock time', () => {
    const d = ok(readWhen(base, '2026-12-03 19:00', { now: NOW }));
    const r = ok(readRepeat({ ...d, end: '2026-12-03T17:30:00.000Z' }, 'every Thursday 19:00 until 2027-01-31', { now: NOW }));
    expect(r.repeat?.rrule).toContain('FREQ=WEEKLY');
    const events = draftToEvents({ ...r, title: 'Club', start: r.start ?? '' }, 7, 'a'.repeat(24));
    expect(events.length).toBeGreaterThan(1);
    expect(new Set(events.map((e) => e.series?.seriesId))).toEqual(new Set(['a'.repeat(24)]));
    expect(events.map((e) => e.series?.index)).toEqual(events.map((_, i) => i));
    for (const e of events) expect(e.endAt.getTime() - e.startAt.getTime()).toBe(2 * 3600_000);
    expect(readRepeat(d, 'whenever we feel like it', { now: NOW })).toMatchObject({ ok: false, error: { key: expect.stringMatching(/^recurrence\.error\./) } });
  });

  it('a draft without a repeat is one event, with a two-hour default end', () => {
    const d = ok(readWhen(base, '2026-12-05 18:30', { now: NOW }));
    const [e, ...rest] = draftToEvents({ ...d, title: 'One', start: d.start ?? '' }, 7, 'b'.repeat(24));
    expect(rest).toEqual([]);
    expect(e?.endAt.toISOString()).toBe('2026-12-05T17:00:00.000Z');
    expect(e?.series).toBeUndefined();
  });
});

describe('the one-message form', () => {
  it('reads the head and key: value lines, with a multi-line description', () => {
    const res = parseOneMessageForm(
      'Talk | 2026-12-05 18:30 | Hall, Tehran\nend: 20:00\ndescription: First line\nsecond line\ncategory: talks\nlink: https://maps.example/hall',
      ZONE,
      { now: NOW, categories },
    );
    expect(res).toMatchObject({
      ok: true,
      draft: {
        title: 'Talk',
        start: '2026-12-05T15:00:00.000Z',
        end: '2026-12-05T16:30:00.000Z',
        description: 'First line\nsecond line',
        categories: ['talks'],
        venue: { name: 'Hall', address: 'Tehran', mapUrl: 'https://maps.example/hall' },
      },
    });
  });

  it('says which line is wrong', () => {
    expect(parseOneMessageForm('Talk | 2026-12-05 18:30\ncapacity: many', ZONE, { now: NOW })).toMatchObject({
      ok: false,
      error: { key: 'validation.bad_number' },
      line: 'capacity: many',
    });
    expect(parseOneMessageForm('Talk', ZONE, { now: NOW })).toMatchObject({ ok: false, error: { key: 'newevent.form.usage' } });
    expect(parseOneMessageForm('A | B | C | D', ZONE, { now: NOW })).toMatchObject({ ok: false, error: { key: 'newevent.form.usage' } });
    expect(parseOneMessageForm('Talk | 2026-12-05 18:30\ninstagram: @x', ZONE, { now: NOW })).toMatchObject({
      ok: false,
      error: { key: 'newevent.error.noOrganizer' },
    });
  });

  it('applies zone: before reading the time', () => {
    // Summer time in London: 18:00 BST is 17:00 UTC.
    const res = parseOneMessageForm('Talk | 2027-07-01 18:00\nzone: Europe/London', ZONE, { now: NOW });
    expect(res).toMatchObject({ ok: true, draft: { timezone: 'Europe/London', start: '2027-07-01T17:00:00.000Z' } });
  });
});

describe('category input', () => {
  it('reads slug and names per language', () => {
    expect(parseCategoryInput('Music | Music | موسیقی')).toEqual({ ok: true, slug: 'music', names: { en: 'Music', fa: 'موسیقی' } });
    expect(parseCategoryInput('#live-music|Live music')).toEqual({ ok: true, slug: 'live-music', names: { en: 'Live music' } });
    expect(parseCategoryInput('music')).toEqual({ ok: false, error: 'format' });
    expect(parseCategoryInput('bad slug | x')).toEqual({ ok: false, error: 'bad_slug' });
    expect(parseCategoryInput(`ok | ${'x'.repeat(51)}`)).toEqual({ ok: false, error: 'too_long' });
    expect(parseCategoryNames('a | b | c | d | e')).toEqual({ ok: false, error: 'format' });
  });
});
