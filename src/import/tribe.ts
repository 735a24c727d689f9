/**
 * The Events Calendar (WordPress) REST API: `/wp-json/tribe/events/v1/events`. Each page carries
 * events with their venue, organizers and categories, the event's IANA zone (`timezone`) and its
 * times in UTC (`utc_start_date`), and `next_rest_url` for the next page. `parseTribePage` reads one
 * page (pure); `importTribeSite` walks the pages through a fetch function it is given, staying on
 * the site's own origin and stopping at `maxPages`.
 */
import { LIMITS } from '../domain/validate';
import { decodeBody } from './decode';
import type { FetchResult } from './fetch';
import type { ImportedOrganizer, ImportedVenue, ImportResult, ParseOptions } from './model';
import { Collector, hrefsIn, htmlToPlainText, lineText, readIsoDate, readZone, safeLink, sortLinks } from './normalize';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: Json | undefined): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);

export interface TribePage {
  result: ImportResult;
  /** The next page's URL, as the site gives it (not yet checked). */
  next?: string;
  total?: number;
}

/** "2026-12-04 05:30:00" in UTC. */
function utc(v: Json | undefined): Date | undefined {
  const text = s(v);
  if (!text || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return undefined;
  return readIsoDate(`${text.replace(' ', 'T')}Z`, 'UTC')?.instant;
}

function venueOf(v: Json | undefined): ImportedVenue | undefined {
  if (!isObj(v)) return undefined;
  const name = lineText(s(v.venue) ?? '', LIMITS.venueName);
  if (!name) return undefined;
  const venue: ImportedVenue = { name };
  const address = lineText(s(v.address) ?? '', LIMITS.address);
  if (address) venue.address = address;
  const city = lineText(s(v.city) ?? '', LIMITS.city);
  if (city) venue.city = city;
  const country = lineText(s(v.country) ?? '', LIMITS.country);
  if (country) venue.country = country;
  const lat = Number(s(v.geo_lat));
  const lon = Number(s(v.geo_lng));
  if (s(v.geo_lat) && s(v.geo_lng) && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    venue.lat = lat;
    venue.lon = lon;
  }
  return venue;
}

/** The first organizer; its website field and the links in its description (where sites list Telegram, WhatsApp, Eitaa). */
function organizerOf(v: Json | undefined): ImportedOrganizer | undefined {
  const first = (Array.isArray(v) ? v : [v]).find(isObj);
  if (!first) return undefined;
  const name = lineText(s(first.organizer) ?? '', LIMITS.organizerName);
  if (!name) return undefined;
  return { name, ...sortLinks([s(first.website), ...hrefsIn(s(first.description) ?? '')]) };
}

export function parseTribePage(body: unknown, opts: ParseOptions, collector = new Collector(opts)): TribePage {
  const page = body as Json;
  if (!isObj(page) || !Array.isArray(page.events)) {
    collector.problem({ kind: 'unreadable' });
    return { result: collector.result() };
  }
  page.events.forEach((raw, index) => {
    if (collector.full || !isObj(raw)) return;
    const entry = s(raw.global_id) ?? s(raw.id) ?? `#${index + 1}`;
    const title = lineText(s(raw.title) ?? '', LIMITS.title);
    if (!title) return collector.problem({ kind: 'missing_title', entry });
    if (!s(raw.utc_start_date) && !s(raw.start_date)) return collector.problem({ kind: 'missing_start', entry, title });
    const zoneName = readZone(raw.timezone);
    const zone = zoneName ?? opts.defaultZone;
    const allDay = raw.all_day === true;
    let start: Date | undefined;
    let end: Date | undefined;
    if (allDay) {
      // All-day: the local dates, the last one inclusive.
      start = readIsoDate(s(raw.start_date)?.slice(0, 10), zone)?.instant;
      const last = readIsoDate(s(raw.end_date)?.slice(0, 10), zone)?.instant;
      end = last ? readIsoDate(new Date(last.getTime() + 36 * 3_600_000).toISOString().slice(0, 10), zone)?.instant : undefined;
      if (end && last && end.getTime() <= last.getTime()) end = undefined;
    } else {
      start = utc(raw.utc_start_date) ?? readIsoDate(s(raw.start_date)?.replace(' ', 'T'), zone)?.instant;
      end = utc(raw.utc_end_date) ?? readIsoDate(s(raw.end_date)?.replace(' ', 'T'), zone)?.instant;
    }
    if (!start || !end) return collector.problem({ kind: 'bad_date', entry, title });
    if (end.getTime() < start.getTime()) return collector.problem({ kind: 'end_before_start', entry, title });
    const description = s(raw.description);
    const venue = venueOf(raw.venue);
    const organizer = organizerOf(raw.organizer);
    const imageUrl = safeLink(isObj(raw.image) ? s(raw.image.url) : undefined);
    const url = safeLink(s(raw.url));
    const onlineUrl = raw.is_virtual === true ? safeLink(s(raw.virtual_url)) : undefined;
    const categories = (Array.isArray(raw.categories) ? raw.categories : [])
      .map((c) => (isObj(c) ? lineText(s(c.name) ?? '', LIMITS.category) : ''))
      .filter(Boolean);
    const modified = utc(raw.modified_utc);
    collector.add({
      sourceUid: entry,
      title,
      start,
      end,
      allDay,
      timezone: zone,
      zoneFromSource: zoneName !== undefined,
      ...(description ? { description: htmlToPlainText(description) } : {}),
      ...(venue ? { venue } : {}),
      ...(onlineUrl ? { onlineUrl } : {}),
      ...(organizer ? { organizer } : {}),
      ...(imageUrl ? { imageUrl } : {}),
      ...(url ? { url } : {}),
      categories: [...new Set(categories)],
      status: /^cancel+ed$/i.test(s(raw.event_status) ?? '') ? 'cancelled' : 'confirmed',
      ...(modified ? { lastModified: modified } : {}),
    });
  });
  const next = s(page.next_rest_url);
  const total = typeof page.total === 'number' ? page.total : undefined;
  return { result: collector.result(), ...(next ? { next } : {}), ...(total !== undefined ? { total } : {}) };
}

/** The REST endpoint of a site: its address with `/wp-json/tribe/events/v1/events`, from `now`, within the horizon. */
export function tribeEventsUrl(site: string, opts: Pick<ParseOptions, 'now' | 'horizonDays'>, perPage = 50): string {
  const base = new URL(site);
  const path = base.pathname.includes('/wp-json/') ? base.pathname : `${base.pathname.replace(/\/+$/, '')}/wp-json/tribe/events/v1/events`;
  const url = new URL(path, base.origin);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  url.searchParams.set('start_date', `${day(opts.now)} 00:00:00`);
  url.searchParams.set('end_date', `${day(new Date(opts.now.getTime() + opts.horizonDays * 86_400_000))} 23:59:59`);
  url.searchParams.set('per_page', String(perPage));
  return url.href;
}

export type TribeImport = { ok: true; result: ImportResult; pages: number } | { ok: false; failure: Extract<FetchResult, { ok: false }> };

/**
 * Every page of a site's events. `fetchPage` is the safe fetcher (src/import/fetch.ts) bound to the
 * settings; a failure on any page fails the import (a partial list would read as removals).
 */
export async function importTribeSite(
  site: string,
  fetchPage: (url: string) => Promise<FetchResult>,
  opts: ParseOptions & { maxPages?: number },
): Promise<TribeImport> {
  const collector = new Collector(opts);
  const origin = new URL(site).origin;
  const seen = new Set<string>();
  let url: string | undefined = tribeEventsUrl(site, opts);
  let pages = 0;
  while (url && pages < (opts.maxPages ?? 40) && !collector.full) {
    seen.add(url);
    const res = await fetchPage(url);
    if (!res.ok) return { ok: false, failure: res };
    if (res.notModified) break;
    pages += 1;
    let body: unknown;
    try {
      body = JSON.parse(decodeBody(res.body, res.contentType));
    } catch {
      collector.problem({ kind: 'unreadable', entry: url });
      break;
    }
    const page = parseTribePage(body, opts, collector);
    let next: string | undefined;
    try {
      next = page.next ? new URL(page.next, url).href : undefined;
    } catch {
      next = undefined;
    }
    // Paging stays on the site and never revisits a page.
    url = next && new URL(next).origin === origin && !seen.has(next) ? next : undefined;
  }
  return { ok: true, result: collector.result(), pages };
}
