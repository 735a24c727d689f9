/**
 * The feeds, as pure builders from view-models:
 *
 * - **iCalendar subscription feed** (all events, or one category): written by the same writer as the
 *   chat's .ics files (`buildCalendar` in src/domain/ics.ts). UIDs are stable (`<event id>@<bot>`, a
 *   series `<series id>@<bot>`), SEQUENCE is the event's, cancelled events stay in the feed with
 *   STATUS:CANCELLED so subscribed apps remove them, and each zone gets its VTIMEZONE. A series is
 *   one VEVENT with its RRULE from the earliest occurrence the feed carries; an occurrence moved or
 *   cancelled alone is an override of it (same UID, RECURRENCE-ID = the start the rule gives it),
 *   and an occurrence the rule gives that is not public any more (deleted) is an EXDATE. The reader
 *   therefore returns every public occurrence of a series from the earliest one it returns on.
 * - **Atom feed** of announcements (RFC 4287), hand-written: 40 lines of XML with one escaping
 *   function, no library needed.
 * - **Validators** for conditional requests: a weak ETag over every event's id, SEQUENCE and
 *   updatedAt (so any change an app should see changes it) and Last-Modified = the latest updatedAt.
 */
import { createHash } from 'node:crypto';
import { buildCalendar, rruleFromOccurrence, type IcsEntry } from '../domain/ics';
import { expandOccurrences } from '../domain/recurrence';
import { isValidTimeZone } from '../domain/time';
import type { WebEvent } from './ports';

export interface FeedOptions {
  botUsername: string;
  now: Date;
  /** The event's page (absolute URL), written as the URL property. */
  pageUrl: (id: string) => string;
  name: string;
  refreshMinutes?: number;
}

function entryOf(e: WebEvent, uid: string, opts: FeedOptions): IcsEntry {
  return {
    uid,
    title: e.title,
    description: e.description,
    startAt: e.startAt,
    endAt: e.endAt,
    allDay: e.allDay,
    timezone: isValidTimeZone(e.timezone) ? e.timezone : 'UTC',
    venue: e.venue,
    onlineUrl: e.onlineUrl,
    url: opts.pageUrl(e.id),
    status: e.status,
    sequence: e.sequence,
    updatedAt: e.updatedAt,
    categories: e.categories,
  };
}

/** The feed's VEVENTs: single events as they are, each series as a master plus overrides. */
export function feedEntries(events: readonly WebEvent[], opts: FeedOptions): IcsEntry[] {
  const out: IcsEntry[] = [];
  const bySeries = new Map<string, WebEvent[]>();
  for (const e of events) {
    if (!e.series) out.push(entryOf(e, `${e.id}@${opts.botUsername}`, opts));
    else bySeries.set(e.series.seriesId, [...(bySeries.get(e.series.seriesId) ?? []), e]);
  }
  for (const [seriesId, members] of bySeries) {
    const uid = `${seriesId}@${opts.botUsername}`;
    const ruled = members.filter((m) => !m.series!.detached).sort((a, b) => a.series!.index - b.series!.index);
    const master = ruled[0];
    if (!master) {
      // Nothing left that follows the rule: each occurrence stands alone.
      for (const m of members) out.push(entryOf(m, `${m.id}@${opts.botUsername}`, opts));
      continue;
    }
    const zone = isValidTimeZone(master.timezone) ? master.timezone : 'UTC';
    const rule = rruleFromOccurrence(master.series!.rrule, master.series!.index);
    const starts = expandOccurrences(master.startAt, zone, rule);
    const present = new Set(members.map((m) => m.series!.index));
    const exdates = starts.filter((_s, k) => !present.has(master.series!.index + k));
    out.push({
      ...entryOf(master, uid, opts),
      rrule: rule,
      exdates,
      sequence: Math.max(...ruled.map((m) => m.sequence)),
      updatedAt: new Date(Math.max(...ruled.map((m) => m.updatedAt.getTime()))),
    });
    for (const m of members) {
      if (!m.series!.detached) continue;
      const original = starts[m.series!.index - master.series!.index];
      out.push(original ? { ...entryOf(m, uid, opts), recurrenceId: original } : entryOf(m, `${m.id}@${opts.botUsername}`, opts));
    }
  }
  return out;
}

export function buildIcsFeed(events: readonly WebEvent[], opts: FeedOptions): string {
  return buildCalendar(feedEntries(events, opts), { botUsername: opts.botUsername, now: opts.now, name: opts.name, refreshMinutes: opts.refreshMinutes ?? 60 });
}

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids (C0 controls other than tab, LF, CR) are dropped, not escaped.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface AtomOptions {
  title: string;
  /** The feed's own absolute URL. */
  selfUrl: string;
  /** The site's home page in this language. */
  homeUrl: string;
  pageUrl: (id: string) => string;
  /** BCP 47 language of the feed's texts. */
  lang: string;
  /** One line per entry (e.g. the date and the venue), plain text. */
  summary: (e: WebEvent) => string;
  now: Date;
}

/** An Atom feed of announcements, newest first; entry ids are the event pages' stable URLs. */
export function buildAtomFeed(events: readonly WebEvent[], opts: AtomOptions): string {
  const updated = events.reduce((max, e) => (e.updatedAt > max ? e.updatedAt : max), new Date(0));
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(opts.lang)}">`,
    `<title>${escapeXml(opts.title)}</title>`,
    `<id>${escapeXml(opts.selfUrl)}</id>`,
    `<link rel="self" href="${escapeXml(opts.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(opts.homeUrl)}"/>`,
    `<updated>${(events.length > 0 ? updated : opts.now).toISOString()}</updated>`,
    `<author><name>${escapeXml(opts.title)}</name></author>`,
  ];
  for (const e of events) {
    const url = opts.pageUrl(e.id);
    lines.push(
      '<entry>',
      `<title>${escapeXml(e.title)}</title>`,
      `<id>${escapeXml(url)}</id>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `<published>${(e.publishedAt ?? e.updatedAt).toISOString()}</published>`,
      `<updated>${e.updatedAt.toISOString()}</updated>`,
      `<summary>${escapeXml(opts.summary(e))}</summary>`,
      ...(e.description ? [`<content type="text">${escapeXml(e.description)}</content>`] : []),
      '</entry>',
    );
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}

export interface Validators {
  /** Weak: the bytes also depend on DTSTAMP and the language, the meaning does not. */
  etag: string;
  /** The latest change, whole seconds (HTTP dates have no more). */
  lastModified: Date;
}

/** Validators over a set of events plus anything else the body depends on (`salt`: language, category…). */
export function validatorsFor(events: readonly Pick<WebEvent, 'id' | 'sequence' | 'updatedAt'>[], salt = ''): Validators {
  const hash = createHash('sha256').update(salt);
  let latest = 0;
  for (const e of [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    hash.update(`\n${e.id}:${e.sequence}:${e.updatedAt.getTime()}`);
    latest = Math.max(latest, e.updatedAt.getTime());
  }
  return { etag: `W/"${hash.digest('base64url').slice(0, 27)}"`, lastModified: new Date(Math.floor(latest / 1000) * 1000) };
}

/**
 * RFC 9110 §13.1: If-None-Match (weak comparison, a list or *) decides when present; otherwise
 * If-Modified-Since, when the resource has not changed since that date.
 */
export function isNotModified(headers: { ifNoneMatch?: string; ifModifiedSince?: string }, v: Validators): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    const mine = opaque(v.etag);
    return headers.ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === mine);
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = Date.parse(headers.ifModifiedSince);
    return Number.isFinite(since) && v.lastModified.getTime() <= since;
  }
  return false;
}
