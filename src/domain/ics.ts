/**
 * An RFC 5545 calendar file for one event, written by hand rather than with the `ics` package:
 * that package folds lines at 75 characters, not 75 octets (a Persian or Arabic title is two bytes
 * a letter, so its lines would be up to twice too long), and it cannot write DTSTART with a TZID
 * and the VTIMEZONE that goes with it.
 *
 * - UID: <eventId>@<bot username> (a series: <seriesId>@<bot username>, so a calendar keeps one
 *   series however many occurrences' files are opened); SEQUENCE: event.sequence; STATUS:CANCELLED
 *   when cancelled.
 * - Timed events: DTSTART/DTEND with TZID=<the event's IANA zone> and a VTIMEZONE listing that
 *   zone's offset changes around the event (sampled from the platform's time-zone data); all-day
 *   events: VALUE=DATE.
 * - A series occurrence (not detached) carries the series RRULE from this occurrence on.
 * - TEXT values escape \ ; , and newlines; every line is folded at 75 octets without splitting a
 *   UTF-8 character; lines end in CRLF.
 */
import type { EventContent, EventStatus, HexId } from './event';
import { instantToZonedWallTime } from './time';

export type IcsEvent = Pick<EventContent<HexId>, 'title' | 'description' | 'startAt' | 'endAt' | 'allDay' | 'timezone' | 'venue' | 'onlineUrl' | 'organizer' | 'series'> & {
  _id: HexId;
  status: EventStatus;
  /** Raised on every change a subscriber should see (SEQUENCE). */
  sequence: number;
  updatedAt: Date;
};

export function escapeIcsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds one content line at 75 octets (continuations begin with a space, which counts). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
      limit = 74; // the leading space of a continuation line is one of its 75 octets
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function utcStamp(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

function localStamp(d: Date, zone: string): string {
  const w = instantToZonedWallTime(d, zone);
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}00`;
}

function localDate(d: Date, zone: string): string {
  const w = instantToZonedWallTime(d, zone);
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

function wallStamp(d: Date, offsetMinutes: number): string {
  return utcStamp(new Date(d.getTime() + offsetMinutes * 60_000)).slice(0, 15);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in minutes at `at`, via a cached Intl formatter (fast enough to sample years). */
function offsetAt(at: number, zone: string): number {
  let fmt = offsetFormats.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, fmt);
  }
  const name = fmt.formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

interface Transition {
  at: Date;
  from: number;
  to: number;
}

/** The zone's offset changes from a year before `from` to two years after `to` (a series may run on). */
export function zoneTransitions(zone: string, from: Date, to: Date): Transition[] {
  const DAY = 86_400_000;
  const STEP = 7 * DAY; // offset changes are months apart
  const start = from.getTime() - 366 * DAY;
  const end = to.getTime() + 2 * 366 * DAY;
  const out: Transition[] = [];
  let prevT = start;
  let prev = offsetAt(start, zone);
  for (let t = start + STEP; t <= end + STEP; t += STEP) {
    const off = offsetAt(t, zone);
    if (off !== prev) {
      let lo = prevT;
      let hi = t;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
        if (mid === lo) break;
        if (offsetAt(mid, zone) === prev) lo = mid;
        else hi = mid;
      }
      out.push({ at: new Date(hi), from: prev, to: off });
      prev = off;
    }
    prevT = t;
  }
  return out;
}

function vtimezone(zone: string, from: Date, to: Date): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const transitions = zoneTransitions(zone, from, to);
  const DAY = 86_400_000;
  const first = new Date(from.getTime() - 366 * DAY);
  const initial = offsetAt(first.getTime(), zone);
  lines.push('BEGIN:STANDARD', `DTSTART:${wallStamp(first, initial)}`, `TZOFFSETFROM:${offsetText(initial)}`, `TZOFFSETTO:${offsetText(initial)}`, 'END:STANDARD');
  for (const tr of transitions) {
    const kind = tr.to > tr.from ? 'DAYLIGHT' : 'STANDARD';
    lines.push(`BEGIN:${kind}`, `DTSTART:${wallStamp(tr.at, tr.from)}`, `TZOFFSETFROM:${offsetText(tr.from)}`, `TZOFFSETTO:${offsetText(tr.to)}`, `END:${kind}`);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** The series rule from this occurrence on: a COUNT shrinks by the occurrences already past. */
export function rruleFromOccurrence(rrule: string, index: number): string {
  return rrule
    .replace(/^RRULE:/i, '')
    .split(';')
    .map((part) => {
      const m = /^COUNT=(\d+)$/i.exec(part);
      return m ? `COUNT=${Math.max(1, Number(m[1]) - index)}` : part;
    })
    .join(';');
}

/**
 * One VEVENT's worth of plain fields: what both the chat's single-event file and the web's
 * subscription feed write (the feed has no ObjectIds, only the ids as strings).
 */
export interface IcsEntry {
  uid: string;
  title: string;
  description?: string;
  startAt: Date;
  endAt: Date;
  allDay: boolean;
  timezone: string;
  venue?: { name: string; address?: string; city?: string; country?: string; lat?: number; lon?: number };
  onlineUrl?: string;
  /** URL property: the online link in chat; the event page in the feed. */
  url?: string;
  status: EventStatus;
  sequence: number;
  updatedAt?: Date;
  /** The rule from this occurrence on (no "RRULE:" prefix). */
  rrule?: string;
  /** EXDATEs: instants the rule would give that are not (any more) occurrences. */
  exdates?: Date[];
  /** For an occurrence changed alone: the start the rule gives it (RECURRENCE-ID). */
  recurrenceId?: Date;
  categories?: string[];
}

function zoned(name: string, d: Date, e: Pick<IcsEntry, 'allDay' | 'timezone'>): string {
  return e.allDay ? `${name};VALUE=DATE:${localDate(d, e.timezone)}` : `${name};TZID=${e.timezone}:${localStamp(d, e.timezone)}`;
}

function veventLines(e: IcsEntry, now: Date): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${utcStamp(now)}`, `SEQUENCE:${e.sequence}`];
  if (e.recurrenceId) lines.push(zoned('RECURRENCE-ID', e.recurrenceId, e));
  lines.push(zoned('DTSTART', e.startAt, e), zoned('DTEND', e.endAt, e));
  if (e.rrule) lines.push(`RRULE:${e.rrule}`);
  for (const x of e.exdates ?? []) lines.push(zoned('EXDATE', x, e));
  lines.push(`SUMMARY:${escapeIcsText(e.title)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeIcsText(e.description)}`);
  const place = e.venue ? [e.venue.name, e.venue.address, e.venue.city, e.venue.country].filter(Boolean).join(', ') : e.onlineUrl;
  if (place) lines.push(`LOCATION:${escapeIcsText(place)}`);
  if (e.venue?.lat !== undefined && e.venue.lon !== undefined) lines.push(`GEO:${e.venue.lat};${e.venue.lon}`);
  if (e.url) lines.push(`URL:${e.url.replace(/[\r\n]/g, '')}`);
  if (e.categories && e.categories.length > 0) lines.push(`CATEGORIES:${e.categories.map(escapeIcsText).join(',')}`);
  lines.push(`STATUS:${e.status === 'cancelled' ? 'CANCELLED' : e.status === 'postponed' ? 'TENTATIVE' : 'CONFIRMED'}`);
  lines.push(`LAST-MODIFIED:${utcStamp(e.updatedAt ?? now)}`, 'END:VEVENT');
  return lines;
}

export interface CalendarOptions {
  /** Names the PRODID: -//<botUsername>//Community events//EN. */
  botUsername: string;
  now: Date;
  /** X-WR-CALNAME, for subscription feeds. */
  name?: string;
  /** How often a subscribed app should poll (REFRESH-INTERVAL, X-PUBLISHED-TTL), in minutes. */
  refreshMinutes?: number;
}

/**
 * A whole calendar: one VTIMEZONE per zone used by a timed entry (covering every entry in it),
 * then the entries. Lines folded at 75 octets, CRLF.
 */
export function buildCalendar(entries: readonly IcsEntry[], opts: CalendarOptions): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:-//${opts.botUsername}//Community events//EN`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (opts.name) lines.push(`X-WR-CALNAME:${escapeIcsText(opts.name)}`);
  if (opts.refreshMinutes) lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${opts.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${opts.refreshMinutes}M`);
  const spans = new Map<string, { from: Date; to: Date }>();
  for (const e of entries) {
    if (e.allDay) continue;
    const span = spans.get(e.timezone);
    if (!span) spans.set(e.timezone, { from: e.startAt, to: e.endAt });
    else {
      if (e.startAt < span.from) span.from = e.startAt;
      if (e.endAt > span.to) span.to = e.endAt;
    }
  }
  for (const [zone, span] of [...spans].sort(([a], [b]) => a.localeCompare(b))) lines.push(...vtimezone(zone, span.from, span.to));
  for (const e of entries) lines.push(...veventLines(e, opts.now));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

export function buildIcs(event: IcsEvent, opts: { botUsername: string; now: Date; description?: string }): string {
  const recurring = event.series && !event.series.detached ? event.series : undefined;
  const uid = `${recurring ? recurring.seriesId.toHexString() : event._id.toHexString()}@${opts.botUsername}`;
  return buildCalendar(
    [
      {
        uid,
        title: event.title,
        description: opts.description ?? event.description,
        startAt: event.startAt,
        endAt: event.endAt,
        allDay: event.allDay,
        timezone: event.timezone,
        venue: event.venue,
        onlineUrl: event.onlineUrl,
        url: event.onlineUrl,
        status: event.status,
        sequence: event.sequence,
        updatedAt: event.updatedAt,
        rrule: recurring ? rruleFromOccurrence(recurring.rrule, recurring.index) : undefined,
      },
    ],
    opts,
  );
}

/** What the Google Calendar link needs: the chat's EventRecord and the web's view-model both fit. */
export type GoogleLinkEvent = Pick<IcsEntry, 'title' | 'description' | 'startAt' | 'endAt' | 'allDay' | 'timezone' | 'venue' | 'onlineUrl'> & {
  series?: { rrule: string; index: number; detached: boolean };
};

/** A Google Calendar "add event" link for the same event. */
export function googleCalendarLink(event: GoogleLinkEvent, opts: { details?: string } = {}): string {
  const dates = event.allDay
    ? `${localDate(event.startAt, event.timezone)}/${localDate(event.endAt, event.timezone)}`
    : `${utcStamp(event.startAt)}/${utcStamp(event.endAt)}`;
  const params = new URLSearchParams({ action: 'TEMPLATE', text: event.title, dates, ctz: event.timezone });
  const details = (opts.details ?? event.description ?? '').slice(0, 800);
  if (details) params.set('details', details);
  const place = event.venue ? [event.venue.name, event.venue.address, event.venue.city].filter(Boolean).join(', ') : event.onlineUrl;
  if (place) params.set('location', place);
  const recurring = event.series && !event.series.detached ? event.series : undefined;
  if (recurring) params.set('recur', `RRULE:${rruleFromOccurrence(recurring.rrule, recurring.index)}`);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
