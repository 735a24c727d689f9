/**
 * Shared pieces of every import parser: HTML to safe plain text, dates to UTC instants, links
 * sorted into website / Telegram / WhatsApp / Eitaa / Instagram, the content hash, and the
 * collector that applies the horizon and the event limit.
 */
import { createHash } from 'node:crypto';
import { compile } from 'html-to-text';
import { LIMITS, normalizeSocialLink, validateUrl } from '../domain/validate';
import { isValidTimeZone, zonedWallTimeToInstant } from '../domain/time';
import {
  DEFAULT_MAX_EVENTS, type ImportedEvent, type ImportedOrganizer, type ImportProblem, type ImportResult, type OrganizerNetwork,
  type ParseOptions,
} from './model';

const SKIP = { format: 'skip' } as const;

/**
 * html-to-text (htmlparser2 underneath) rather than regular expressions: it parses HTML as browsers
 * do (unclosed tags, comments, entities), so nothing inside <script> or <style> leaks out as text,
 * and it keeps paragraphs, line breaks, lists and link targets readable.
 */
const convert = compile({
  wordwrap: false,
  limits: { maxInputLength: 200_000 },
  selectors: [
    ...['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas', 'head', 'img', 'form', 'button'].map(
      (selector) => ({ selector, ...SKIP }),
    ),
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['(', ')'] as [string, string] } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
});

/** Control characters other than newline and tab. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Cut at a code point boundary, with an ellipsis.
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/**
 * Safe plain text from HTML (or text that may be HTML). Entity-escaped HTML, as some plugins put in
 * JSON-LD ("&lt;p&gt;…"), is converted a second time.
 */
export function htmlToPlainText(input: string, max: number = LIMITS.description): string {
  let text = convert(input);
  if (/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/i.test(text)) text = convert(text);
  text = text.replace(CONTROL, '').replace(/\r\n?/g, '\n').replace(/[ \t\u00a0]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return clip(text, max);
}

/** A description that may be plain text (iCalendar's DESCRIPTION) or HTML (Google Calendar puts HTML there). */
export function descriptionText(input: string): string {
  if (LOOKS_LIKE_HTML.test(input)) return htmlToPlainText(input);
  return clip(input.replace(CONTROL, '').replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim(), LIMITS.description);
}

/** One line of plain text (titles, names): markup and entities resolved, whitespace collapsed. */
export function lineText(input: string, max: number): string {
  const text = LOOKS_LIKE_HTML.test(input) ? htmlToPlainText(input, max * 2) : input;
  return clip(text.replace(CONTROL, '').replace(/\s+/g, ' ').trim(), max);
}

/** An http(s) link fit for a card, or undefined. */
export function safeLink(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.trim() === '') return undefined;
  const v = validateUrl(input.trim());
  return v.ok ? v.value : undefined;
}

const NETWORK_OF: Array<[RegExp, OrganizerNetwork]> = [
  [/^(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)$/i, 'telegram'],
  [/^(?:www\.)?(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|whatsapp\.com)$/i, 'whatsapp'],
  [/^(?:www\.)?eitaa\.com$/i, 'eitaa'],
  [/^(?:www\.)?instagram\.com$/i, 'instagram'],
];

/**
 * Links sorted by where they point: t.me → telegram, wa.me → whatsapp, eitaa.com → eitaa,
 * instagram.com → instagram (each checked by the same rules as links typed in chat); the first
 * other http(s) link is the website.
 */
export function sortLinks(urls: readonly unknown[]): Pick<ImportedOrganizer, 'website' | 'links'> {
  const out: Pick<ImportedOrganizer, 'website' | 'links'> = { links: {} };
  for (const raw of urls) {
    const url = safeLink(raw);
    if (!url) continue;
    const host = new URL(url).hostname;
    const network = NETWORK_OF.find(([re]) => re.test(host))?.[1];
    if (network) {
      const link = normalizeSocialLink(network, url);
      if (link.ok && out.links[network] === undefined) out.links[network] = link.value;
    } else if (out.website === undefined) out.website = url;
  }
  return out;
}

/** Every href in a piece of HTML (organizer descriptions carry their social links that way). */
export function hrefsIn(html: string): string[] {
  return [...html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

export interface ReadDate {
  instant: Date;
  /** A date without a time. */
  dateOnly: boolean;
  /** The text carried its own offset (or Z). */
  hadOffset: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * An ISO 8601 date ("2026-05-10"), date-time with an offset ("2026-05-10T09:00:00+03:30") or
 * without one (read in `zone`), strictly: impossible dates (Feb 30, 25:00) are undefined, not rolled over.
 */
export function readIsoDate(input: unknown, zone: string): ReadDate | undefined {
  if (typeof input !== 'string') return undefined;
  const m = ISO.exec(input.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (m[4] === undefined) {
    return { instant: zonedWallTimeToInstant({ year, month, day, hour: 0, minute: 0 }, zone), dateOnly: true, hadOffset: false };
  }
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = m[7];
  if (offset === undefined) {
    const wall = zonedWallTimeToInstant({ year, month, day, hour, minute }, zone);
    return { instant: new Date(wall.getTime() + second * 1000), dateOnly: false, hadOffset: false };
  }
  let offsetMinutes = 0;
  if (offset.toUpperCase() !== 'Z') {
    const o = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
    const h = Number(o[2]);
    const min = Number(o[3] ?? 0);
    if (h > 18 || min > 59) return undefined;
    offsetMinutes = (o[1] === '-' ? -1 : 1) * (h * 60 + min);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  return { instant: new Date(utc), dateOnly: false, hadOffset: true };
}

/** An IANA zone as sources write it; "UTC+3" (WordPress's manual offsets) as Etc/GMT-3 when whole hours. */
export function readZone(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.trim() === '') return undefined;
  const s = input.trim();
  if (/[A-Za-z]/.test(s) && isValidTimeZone(s) && !/^UTC[+-]/i.test(s)) return s;
  const m = /^UTC([+-])(\d{1,2})(?:[.:](\d+))?$/i.exec(s);
  if (m && (m[3] === undefined || Number(m[3]) === 0)) {
    const h = Number(m[2]);
    if (h === 0) return 'UTC';
    // Etc/GMT zones have the sign reversed: UTC+3 is Etc/GMT-3.
    const name = `Etc/GMT${m[1] === '+' ? '-' : '+'}${h}`;
    return isValidTimeZone(name) ? name : undefined;
  }
  return undefined;
}

/** The content hash: sha256 over the fields in a fixed order (sequence and lastModified left out). */
export function contentHash(e: Omit<ImportedEvent, 'hash'>): string {
  const canonical = [
    e.sourceUid, e.title, e.start.toISOString(), e.end.toISOString(), e.allDay, e.timezone, e.zoneFromSource, e.description ?? null,
    e.venue ? [e.venue.name, e.venue.address ?? null, e.venue.city ?? null, e.venue.country ?? null, e.venue.lat ?? null, e.venue.lon ?? null] : null,
    e.onlineUrl ?? null,
    e.organizer ? [e.organizer.name, e.organizer.website ?? null, Object.entries(e.organizer.links).sort(([a], [b]) => a.localeCompare(b))] : null,
    e.imageUrl ?? null, e.url ?? null, e.categories, e.status,
    e.occurrence ? [e.occurrence.seriesUid, e.occurrence.recurrenceId.toISOString(), e.occurrence.rrule ?? null, e.occurrence.overridden] : null,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function withHash(e: Omit<ImportedEvent, 'hash'>): ImportedEvent {
  return { ...e, hash: contentHash(e) };
}

/** Keeps events inside [now, now + horizon] (by end and start), stops at the event limit, gathers problems. */
export class Collector {
  readonly events: ImportedEvent[] = [];
  readonly problems: ImportProblem[] = [];
  private readonly max: number;
  private readonly from: number;
  private readonly until: number;
  private overflow = false;

  /** Without `now` and `horizonDays` (a single event's page or file) every date is kept. */
  constructor(opts: Partial<Pick<ParseOptions, 'now' | 'horizonDays'>> & Pick<ParseOptions, 'maxEvents'>) {
    this.max = opts.maxEvents ?? DEFAULT_MAX_EVENTS;
    this.from = opts.now ? opts.now.getTime() : -Infinity;
    this.until = opts.now && opts.horizonDays !== undefined ? opts.now.getTime() + opts.horizonDays * 86_400_000 : Infinity;
  }

  /** Whether an event starting and ending then falls inside the window. */
  inWindow(start: Date, end: Date): boolean {
    return end.getTime() > this.from && start.getTime() <= this.until;
  }

  /** Past the window's end: for walking a series in order. */
  pastHorizon(start: Date): boolean {
    return start.getTime() > this.until;
  }

  get full(): boolean {
    return this.overflow;
  }

  add(event: Omit<ImportedEvent, 'hash'>): void {
    if (!this.inWindow(event.start, event.end)) return;
    if (this.events.length >= this.max) {
      if (!this.overflow) this.problems.push({ kind: 'too_many_events', max: this.max });
      this.overflow = true;
      return;
    }
    this.events.push(withHash(event));
  }

  problem(p: ImportProblem): void {
    // Bounded: a feed of 10,000 broken entries does not make 10,000 problems to show.
    if (this.problems.length < 100) this.problems.push(p);
  }

  result(): ImportResult {
    return { events: this.events, problems: this.problems };
  }
}
