/**
 * The subscription feed read back by ical.js (Mozilla's iCalendar library, which calendar clients
 * use): zones through the feed's own VTIMEZONEs (DST included), the series as a rule with an
 * override and an exclusion, cancellation, stable UIDs; the Atom feed read back by a strict,
 * namespace-aware XML parser (saxes), as a feed reader would; the validators behind 304.
 */
// ical.js ships a CommonJS build beside its ES module, but its types describe the module only.
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;
import { childrenOf, parseXml, type XmlElement } from '../support/xml';
import { buildAtomFeed, buildIcsFeed, isNotModified, validatorsFor } from '../../src/web/feeds';
import { ids, memoryReader, NOW } from '../support/web-reader';

const reader = memoryReader();
const opts = { botUsername: 'qom_events_bot', now: NOW, pageUrl: (id: string) => `https://events.example.org/en/event/${id}`, name: 'Community events' };

async function parsedFeed(category?: string) {
  const text = buildIcsFeed(await reader.feed(category ? { category } : {}), opts);
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevents = cal.getAllSubcomponents('vevent');
  return { text, cal, vevents, byUid: (uid: string) => vevents.filter((v) => v.getFirstPropertyValue('uid') === uid) };
}

afterEach(() => ICAL.TimezoneService.reset());

describe('iCalendar subscription feed', () => {
  it('carries every public event once under a stable UID, and no draft or deleted one', async () => {
    const { vevents, text, cal } = await parsedFeed();
    const uids = vevents.map((v) => String(v.getFirstPropertyValue('uid')));
    expect(uids).toEqual(expect.arrayContaining([`${ids.persian}@qom_events_bot`, `${ids.cancelled}@qom_events_bot`, `${ids.berlin}@qom_events_bot`, `${ids.series}@qom_events_bot`]));
    expect(text).not.toContain('Secret draft');
    expect(text).not.toContain('Deleted event');
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Community events');
    // Building twice gives the same UIDs (apps match updates by them).
    const again = await parsedFeed();
    expect(again.vevents.map((v) => v.getFirstPropertyValue('uid'))).toEqual(uids);
  });

  it('reads the Persian event at its instant through the Tehran VTIMEZONE, with its SEQUENCE and page', async () => {
    const { byUid } = await parsedFeed();
    const [v] = byUid(`${ids.persian}@qom_events_bot`);
    const e = new ICAL.Event(v!);
    expect(e.startDate.zone?.tzid).toBe('Asia/Tehran');
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-12-05T15:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-12-05T17:00:00.000Z');
    expect(e.summary).toBe('شب شعر حافظ <b>& دوستان</b>');
    expect(e.sequence).toBe(3);
    expect(v!.getFirstPropertyValue('url')).toBe(`https://events.example.org/en/event/${ids.persian}`);
    expect(v!.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('gets Berlin’s offset right on the day summer time starts', async () => {
    const { byUid } = await parsedFeed();
    const e = new ICAL.Event(byUid(`${ids.berlin}@qom_events_bot`)[0]!);
    // 28 March 2027, 19:00 CEST (UTC+2; the clocks went forward at 02:00 that morning).
    expect(e.startDate.toJSDate().toISOString()).toBe('2027-03-28T17:00:00.000Z');
    expect(byUid(`${ids.berlin}@qom_events_bot`)[0]!.getFirstPropertyValue('status')).toBe('TENTATIVE');
  });

  it('keeps a cancelled event, marked CANCELLED, so subscribed calendars remove it', async () => {
    const { byUid } = await parsedFeed();
    const v = byUid(`${ids.cancelled}@qom_events_bot`)[0]!;
    expect(v.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(v.getFirstPropertyValue('sequence')).toBe(5);
  });

  it('writes a series as its rule, the moved occurrence as an override and the deleted one as an exclusion', async () => {
    const { byUid } = await parsedFeed();
    const parts = byUid(`${ids.series}@qom_events_bot`);
    expect(parts).toHaveLength(2);
    const master = new ICAL.Event(parts.find((p) => !p.hasProperty('recurrence-id'))!);
    const override = parts.find((p) => p.hasProperty('recurrence-id'))!;
    master.relateException(override);
    const it = master.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next && starts.length < 10; next = it.next()) {
      starts.push(master.getOccurrenceDetails(next).startDate.toJSDate().toISOString());
    }
    expect(starts).toEqual([
      '2026-12-03T18:00:00.000Z', // Thursday 19:00 CET
      '2026-12-11T19:00:00.000Z', // moved alone to Friday 20:00
      '2026-12-24T18:00:00.000Z', // 17 Dec was deleted
    ]);
    expect(override.getFirstPropertyValue('sequence')).toBe(2);
  });

  it('writes all-day events as dates in their own calendar days', async () => {
    const { byUid } = await parsedFeed('poetry');
    const e = new ICAL.Event(byUid(`${ids.urdu}@qom_events_bot`)[0]!);
    expect(e.startDate.isDate).toBe(true);
    expect(e.startDate.toString()).toBe('2026-12-12');
    expect(e.endDate.toString()).toBe('2026-12-14');
  });

  it('per category: only that category’s events', async () => {
    const { vevents } = await parsedFeed('poetry');
    expect(vevents.map((v) => v.getFirstPropertyValue('uid')).sort()).toEqual([`${ids.persian}@qom_events_bot`, `${ids.urdu}@qom_events_bot`]);
  });
});

describe('Atom feed', () => {
  const ATOM = 'http://www.w3.org/2005/Atom';
  /** Parsed as a feed reader would: any well-formedness error fails. */
  function parseAtom(xml: string) {
    const { root, errors } = parseXml(xml);
    expect(errors).toEqual([]);
    const child = (el: XmlElement, name: string) => childrenOf(el, ATOM, name);
    const text = (el: XmlElement, name: string) => child(el, name)[0]?.text;
    return { feed: root!, child, text };
  }

  it('is well-formed Atom: escaped titles and texts read back as written, each entry linked to its page', async () => {
    const events = await reader.announcements({ limit: 10 });
    const xml = buildAtomFeed(events, { title: 'Events & news <all>', selfUrl: 'https://e.example/en/feed.atom?x=1&y=2', homeUrl: 'https://e.example/en/', pageUrl: (id) => `https://e.example/en/event/${id}`, lang: 'fa', summary: (e) => `${e.title} · "quoted" 'single'`, now: NOW });
    const { feed, child, text } = parseAtom(xml);
    expect([feed.uri, feed.local]).toEqual([ATOM, 'feed']);
    expect(feed.attrs.get('http://www.w3.org/XML/1998/namespace lang')).toBe('fa');
    expect(text(feed, 'title')).toBe('Events & news <all>');
    expect(child(feed, 'link').map((l) => [l.attrs.get(' rel'), l.attrs.get(' href')])).toEqual([
      ['self', 'https://e.example/en/feed.atom?x=1&y=2'],
      ['alternate', 'https://e.example/en/'],
    ]);
    const entries = child(feed, 'entry');
    expect(entries).toHaveLength(events.length);
    for (const [i, entry] of entries.entries()) {
      const e = events[i]!;
      expect(text(entry, 'title')).toBe(e.title);
      expect(text(entry, 'id')).toBe(`https://e.example/en/event/${e.id}`);
      expect(child(entry, 'link')[0]?.attrs.get(' href')).toBe(`https://e.example/en/event/${e.id}`);
      expect(text(entry, 'summary')).toBe(`${e.title} · "quoted" 'single'`);
      expect(new Date(text(entry, 'updated')!).toISOString()).toBe(e.updatedAt.toISOString());
      if (e.description) expect(text(entry, 'content')).toBe(e.description);
    }
    // The Persian title with markup in it is text, not elements.
    const persian = entries.find((en) => text(en, 'id')!.endsWith(ids.persian))!;
    expect(text(persian, 'title')).toBe('شب شعر حافظ <b>& دوستان</b>');
    expect(child(persian, 'title')[0]?.children).toEqual([]);
    expect(child(persian, 'content')[0]?.children).toEqual([]);
  });

  it('the parser does catch what would break a feed reader', () => {
    for (const bad of ['<f><t>a & b</t></f>', '<f><t>a < b</t></f>', '<f><t>x</u></f>', '<f>&nbsp;</f>', '<f a="1" a="2"/>', '<x:f/>']) {
      expect({ bad, failed: parseXml(bad).errors.length > 0 }).toEqual({ bad, failed: true });
    }
  });
});

describe('validators', () => {
  const a = { id: 'a', sequence: 1, updatedAt: new Date('2026-11-20T10:00:00.500Z') };
  const b = { id: 'b', sequence: 4, updatedAt: new Date('2026-11-21T08:00:00Z') };

  it('change with any event’s SEQUENCE or updatedAt, not with order; Last-Modified is the latest change', () => {
    const v = validatorsFor([a, b]);
    expect(validatorsFor([b, a]).etag).toBe(v.etag);
    expect(validatorsFor([a, { ...b, sequence: 5 }]).etag).not.toBe(v.etag);
    expect(validatorsFor([{ ...a, updatedAt: new Date(a.updatedAt.getTime() + 1) }, b]).etag).not.toBe(v.etag);
    expect(validatorsFor([a]).etag).not.toBe(v.etag);
    expect(validatorsFor([a, b], 'fa').etag).not.toBe(v.etag);
    expect(v.lastModified.toISOString()).toBe('2026-11-21T08:00:00.000Z');
  });

  it('answer conditional requests as RFC 9110 says', () => {
    const v = validatorsFor([a, b]);
    expect(isNotModified({ ifNoneMatch: v.etag }, v)).toBe(true);
    expect(isNotModified({ ifNoneMatch: `"x", ${v.etag.replace(/^W\//, '')}` }, v)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: v.lastModified.toUTCString() }, v)).toBe(false);
    expect(isNotModified({ ifModifiedSince: v.lastModified.toUTCString() }, v)).toBe(true);
    expect(isNotModified({ ifModifiedSince: new Date(v.lastModified.getTime() - 1000).toUTCString() }, v)).toBe(false);
    expect(isNotModified({ ifModifiedSince: 'yesterday' }, v)).toBe(false);
    expect(isNotModified({}, v)).toBe(false);
  });
});
