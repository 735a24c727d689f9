/**
 * Reading and echoing the dates organizers type: ISO, day-first, bare dates (all-day), natural English
 * through chrono-node, Persian and Arabic-Indic digits, end times and durations, reminder offsets.
 *
 * Every wall-clock time is read in the event's IANA zone, never the process zone: chrono-node is given
 * the zone's offset at `now` as its reference, and the wall-clock fields it finds are then converted
 * with wallClockToInstant (so a date on the other side of a DST change gets that day's offset).
 * Only relative expressions ("in 3 hours") keep chrono's instant arithmetic.
 */
import * as chrono from 'chrono-node';
import type { Translate } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import { instantToZonedWallTime, isValidTimeZone, zonedWallTimeToInstant, zoneOffsetMinutes } from './time';
import { mentionsDay, readDate, readDurationWords, type Reading } from './read-date';
import { normalizeDigits } from './typed-text';

export type DateError = 'unrecognized' | 'in_past' | 'end_before_start' | 'too_far' | 'unknown_zone' | 'ambiguous';
/**
 * A reading, or why there is none. `ambiguous` carries every reading the input allows (two or more,
 * in the order they are offered to the organizer); nothing is ever picked for them.
 */
export type DateResult<T> = { ok: true; value: T } | { ok: false; error: Exclude<DateError, 'ambiguous'> } | { ok: false; error: 'ambiguous'; readings: T[] };

export interface ParsedWhen {
  start: Date;
  /**
   * The end when the input gave one ("18:30-20:00", "18:30 for 2h"). For an all-day date it is always
   * set: local midnight after the last day (the EventRecord convention).
   */
  end?: Date;
  allDay: boolean;
}

export type Wall = { year: number; month: number; day: number; hour: number; minute: number };

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
/** How far ahead a start may be. */
export const MAX_YEARS_AHEAD = 5;
/** Reminder offsets: 1 minute .. 30 days. */
export const MAX_OFFSET_MINUTES = 30 * DAY_MINUTES;
/** The longest duration parseDuration accepts (a festival of a few weeks, not a typo of years). */
export const MAX_DURATION_MINUTES = 366 * DAY_MINUTES;

/** Kept as the name the domain modules use; the RFC 5545 rule lives in time.ts. */
export const wallClockToInstant: (wall: Wall, zone: string) => Date = zonedWallTimeToInstant;

const ok = <T>(value: T): DateResult<T> => ({ ok: true, value });
const err = <T>(error: Exclude<DateError, 'ambiguous'>): DateResult<T> => ({ ok: false, error });

function clean(input: string): string {
  return normalizeDigits(input).replace(/\s+/g, ' ').trim();
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 9999) return false;
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

function isRealTime(h: number, min: number): boolean {
  return h >= 0 && h <= 23 && min >= 0 && min <= 59;
}

/** The calendar day after y-m-d. */
function nextDay(y: number, m: number, d: number): { year: number; month: number; day: number } {
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** "18:30", "18.30", "19h30", "7pm", "7:30 pm". A bare "18" is refused rather than guessed. */
function parseClock(text: string): { hour: number; minute: number } | undefined {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(text.trim().toLowerCase());
  if (!m || (m[2] === undefined && m[3] === undefined)) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const mer = m[3];
  if (mer) {
    if (hour < 1 || hour > 12) return undefined;
    if (mer.startsWith('p') && hour !== 12) hour += 12;
    if (mer.startsWith('a') && hour === 12) hour = 0;
  }
  return isRealTime(hour, minute) ? { hour, minute } : undefined;
}

const DATE_PATTERNS: { re: RegExp; ymd: (m: RegExpExecArray) => [number, number, number] }[] = [
  // ISO 2026-12-05, 2026/12/05, 2026.12.05
  { re: /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/, ymd: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  // day-first 05.12.2026, 5/12/2026, 5-12-2026
  { re: /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})/, ymd: (m) => [Number(m[3]), Number(m[2]), Number(m[1])] },
];

const persianParts = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });

/**
 * A Solar Hijri (Jalali) date to the Gregorian calendar, found by checking the few days around the
 * estimate with Intl's Persian calendar; undefined for a date that does not exist (1405/12/30 in a
 * common year).
 */
export function solarHijriToGregorian(jy: number, jm: number, jd: number): { year: number; month: number; day: number } | undefined {
  if (jm < 1 || jm > 12 || jd < 1 || jd > (jm <= 6 ? 31 : 30)) return undefined;
  const dayOfYear = jm <= 6 ? (jm - 1) * 31 + (jd - 1) : 186 + (jm - 7) * 30 + (jd - 1);
  const estimate = Date.UTC(jy + 621, 2, 21, 12) + dayOfYear * 86_400_000;
  for (const delta of [0, -1, 1, -2, 2, -3, 3]) {
    const d = new Date(estimate + delta * 86_400_000);
    const parts = persianParts.formatToParts(d);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    if (get('year') === jy && get('month') === jm && get('day') === jd) {
      return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    }
  }
  return undefined;
}

/** Years read as Solar Hijri in numeric dates (1405 AP is 2026/27). */
const SOLAR_HIJRI_YEARS = { min: 1300, max: 1499 };

interface NumericParse {
  date: { year: number; month: number; day: number };
  time?: { hour: number; minute: number };
  rest: string;
}

/** A numeric date with an optional time ("2026-12-05 18:30", "2026-12-05T18:30", "5/12/2026, 6pm"). */
function parseNumericDateTime(s: string): NumericParse | 'bad' | undefined {
  for (const p of DATE_PATTERNS) {
    const m = p.re.exec(s);
    if (!m) continue;
    let [year, month, day] = p.ymd(m);
    if (year >= SOLAR_HIJRI_YEARS.min && year <= SOLAR_HIJRI_YEARS.max) {
      const g = solarHijriToGregorian(year, month, day);
      if (!g) return 'bad';
      ({ year, month, day } = g);
    }
    if (!isRealDate(year, month, day)) return 'bad';
    let rest = s.slice(m[0].length);
    const tm = /^(?:[ T,]+|\s*(?:at|@)\s*)(\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?)(?::\d{2}(?:\.\d+)?)?(?=$|[\s,\-–—])/i.exec(rest);
    let time: { hour: number; minute: number } | undefined;
    if (tm) {
      time = parseClock(tm[1]!);
      if (!time) return 'bad';
      rest = rest.slice(tm[0].length);
    }
    return { date: { year, month, day }, time, rest: rest.trim() };
  }
  return undefined;
}

/**
 * Splits "START for 2h" / "START - END" / "START to END" / "START until END" at the leftmost separator
 * whose right side reads as a duration, a clock time or a numeric date, so the dashes inside
 * "2026-12-05" and words like "next friday" are left alone.
 */
function splitEnd(s: string): { head: string; end?: string; isDuration: boolean } {
  const forMatch = /^(.*\S)\s+for\s+(.+)$/i.exec(s);
  if (forMatch && parseDuration(forMatch[2]!) !== undefined) return { head: forMatch[1]!, end: forMatch[2]!, isDuration: true };
  const sep = /(\d(?:\s*(?:am|pm))?)\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b)\s*/gi;
  let m: RegExpExecArray | null;
  while ((m = sep.exec(s)) !== null) {
    const head = s.slice(0, m.index + m[1]!.length).trim();
    const endText = s.slice(m.index + m[0].length).trim();
    sep.lastIndex = m.index + 1;
    if (head === '' || endText === '') continue;
    const numeric = parseNumericDateTime(endText);
    if (parseClock(endText) || (numeric !== undefined && numeric !== 'bad' && numeric.rest === '') || parseDuration(endText) !== undefined) {
      return { head, end: endText, isDuration: false };
    }
  }
  return { head: s, isDuration: false };
}

function wallOf(instant: Date, zone: string): Wall {
  const w = instantToZonedWallTime(instant, zone);
  return { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute };
}

/** in_past (for an all-day date: once the day is over) or too_far, else undefined. */
function checkStart(start: Date, now: Date, allDayEnd?: Date): Exclude<DateError, 'ambiguous'> | undefined {
  if (allDayEnd ? allDayEnd.getTime() <= now.getTime() : start.getTime() < now.getTime()) return 'in_past';
  const limit = new Date(now.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  if (start.getTime() > limit.getTime()) return 'too_far';
  return undefined;
}

/** Words chrono may leave around a date that do not change its meaning. */
const FILLER = /^(?:[\s,.;:!]|\bat\b|\bon\b|\bthe\b|\bfrom\b|\bstarting\b|\bstarts\b|\bstart\b)*$/i;

interface ChronoStart {
  start: Date;
  allDay: boolean;
  end?: Date;
  endIsExplicit: boolean;
  /** "tomorrow at 7": an hour 1–12 with no am/pm, part of day or minutes — morning or evening. */
  meridiemUnsure: boolean;
}

function componentsWall(c: chrono.ParsedComponents): Wall {
  return {
    year: c.get('year') ?? 1970,
    month: c.get('month') ?? 1,
    day: c.get('day') ?? 1,
    hour: c.isCertain('hour') ? (c.get('hour') ?? 0) : 0,
    minute: c.isCertain('hour') ? (c.get('minute') ?? 0) : 0,
  };
}

function parseWithChrono(input: string, zone: string, now: Date, opts: { monthStart?: boolean } = {}): ChronoStart | undefined {
  const text = input;
  const offset = zoneOffsetMinutes(now, zone);
  const results = chrono.parse(text, { instant: now, timezone: offset }, { forwardDate: true });
  const r = results[0];
  if (!r || results.length > 1) return undefined;
  const leftover = text.slice(0, r.index) + ' ' + text.slice(r.index + r.text.length);
  if (!FILLER.test(leftover)) return undefined;
  // Only "in 3 hours" / "in 30 minutes" are elapsed time; everything else ("in 3 days", "the day after
  // tomorrow 10am") is read as a wall-clock date in the zone.
  const elapsed = r.tags().has('result/relativeDateAndTime');
  const allDay = !elapsed && !r.start.isCertain('hour');
  // "next week", "in 2 months", "June": no particular day, so no event date.
  if (allDay && (/\b(?:weeks?|months?|years?)\b/i.test(r.text) || !r.start.isCertain('day'))) {
    if (!(opts.monthStart && r.start.isCertain('month'))) return undefined;
  }
  const start = elapsed ? new Date(Math.floor(r.start.date().getTime() / MINUTE) * MINUTE) : wallClockToInstant(componentsWall(r.start), zone);
  let end: Date | undefined;
  if (r.end) {
    if (allDay) {
      const w = componentsWall(r.end);
      end = wallClockToInstant({ ...nextDay(w.year, w.month, w.day), hour: 0, minute: 0 }, zone);
    } else {
      end = wallClockToInstant(componentsWall(r.end), zone);
    }
  }
  const hour = r.start.get('hour') ?? 0;
  const meridiemUnsure =
    !elapsed && !allDay && !r.end && r.start.isCertain('hour') && !r.start.isCertain('meridiem') && hour >= 1 && hour <= 12 &&
    !/[:.h]\d{2}|noon|midnight|tonight|morning|afternoon|evening|night/i.test(r.text);
  return { start, allDay, end, endIsExplicit: Boolean(r.end), meridiemUnsure };
}

/**
 * Reads a start (and optional end: "18:30-20:00", "18:30 for 2h") in `zone`: ISO "2026-12-05 18:30",
 * day-first "05.12.2026 18:30" / "5/12/2026 18:30", a bare date (all-day), natural English via chrono-node
 * ("tomorrow 7pm", "next friday 18:00", "in 3 hours", "Dec 5 6:30pm"), Persian/Arabic-Indic digits.
 * Rejects a start before `now` (in_past) and more than 5 years ahead (too_far). Also reads Solar Hijri
 * numeric dates (years 1300–1499: "۱۴۰۵/۰۹/۱۴ ۱۸:۳۰") and a few Persian/Arabic/Urdu day words ("فردا
 * ساعت ۱۹"). Vague spans ("next week", "June") are unrecognized, unless `monthStart` is set, when a bare
 * month means its first day (used for "until June" in recurrence rules).
 */
export function parseWhen(input: string, opts: WhenOptions): DateResult<ParsedWhen> {
  if (!isValidTimeZone(opts.zone)) return err('unknown_zone');
  const s = clean(input);
  if (s.length === 0 || s.length > 200) return err('unrecognized');
  // Persian, Arabic and Urdu words: the hand-written reader. Latin text: numeric forms and chrono-node
  // first, the same reader for what they miss ("14 Azar 1405 18:00", "Ramadan 1 at 8pm").
  if (ARABIC_SCRIPT.test(s)) return fromReadings(readNative(s, opts), opts);
  // chrono reads "tomorrow 1 at night" as one of its two meanings; the night words go to our reader.
  if (/\b(?:night|midnight|tonight)\b/i.test(s)) {
    const native = readNative(s, opts);
    if (native) return fromReadings(native, opts);
  }
  // "3/4/2027" to an English reader: 3 April or March 4. Asked.
  const slash = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(s);
  if (opts.locale === 'en' && slash && slash[1] !== slash[2] && Number(slash[1]) <= 12 && Number(slash[2]) <= 12) {
    const dayFirst = parseWhenLatin(s, opts);
    const monthFirst = parseWhenLatin(`${slash[2]}/${slash[1]}/${slash[3]}${s.slice(slash[0].length)}`, opts);
    const readings = [dayFirst, monthFirst].flatMap((r) => (r.ok ? [r.value] : []));
    if (readings.length === 2) return { ok: false, error: 'ambiguous', readings };
    return readings.length === 1 ? ok(readings[0]!) : dayFirst;
  }
  const latin = parseWhenLatin(s, opts);
  if (latin.ok || latin.error !== 'unrecognized') return latin;
  const native = readNative(s, opts);
  return native ? fromReadings(native, opts) : latin;
}

export interface WhenOptions {
  zone: string;
  now: Date;
  /** A bare month means its first day (for "until June" in recurrence rules). */
  monthStart?: boolean;
  /** The organizer's language: decides "کل" (Urdu: tomorrow) and asks "3/4/2027" month-first or day-first in English. */
  locale?: Locale;
}

const ARABIC_SCRIPT = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;

function readNative(s: string, opts: WhenOptions): Reading[] | undefined {
  const w = instantToZonedWallTime(opts.now, opts.zone);
  const res = readDate(s, { today: { year: w.year, month: w.month, day: w.day }, nowMinutes: w.hour * 60 + w.minute, locale: opts.locale });
  return res.ok ? res.readings : undefined;
}

/** Readings (wall clocks) to instants in the zone; one left → that reading, several → ambiguous. */
function fromReadings(readings: Reading[] | undefined, opts: WhenOptions): DateResult<ParsedWhen> {
  const { zone, now } = opts;
  if (!readings || readings.length === 0) return err('unrecognized');
  const results: DateResult<ParsedWhen>[] = readings.map((r) => {
    // "دو ساعت دیگر" is elapsed time from now (to the minute), like chrono's "in 2 hours".
    const start = r.fromNowMinutes !== undefined ? new Date(Math.floor(now.getTime() / MINUTE) * MINUTE + r.fromNowMinutes * MINUTE) : wallClockToInstant(r.start, zone);
    let end: Date | undefined;
    if (r.allDay) {
      end = r.end && 'wall' in r.end ? wallClockToInstant(r.end.wall, zone) : wallClockToInstant({ ...nextDay(r.start.year, r.start.month, r.start.day), hour: 0, minute: 0 }, zone);
    } else if (r.end) {
      if ('minutes' in r.end) {
        if (r.end.minutes > MAX_DURATION_MINUTES) return err('too_far');
        end = new Date(start.getTime() + r.end.minutes * MINUTE);
      } else end = wallClockToInstant(r.end.wall, zone);
    }
    const problem = checkStart(start, now, r.allDay ? end : undefined);
    if (problem) return err(problem);
    if (end && end.getTime() <= start.getTime()) return err('end_before_start');
    return ok({ start, end, allDay: r.allDay });
  });
  const good: ParsedWhen[] = [];
  for (const r of results) {
    if (r.ok && !good.some((g) => g.start.getTime() === r.value.start.getTime() && g.end?.getTime() === r.value.end?.getTime())) good.push(r.value);
  }
  if (good.length === 1) return ok(good[0]!);
  if (good.length > 1) return { ok: false, error: 'ambiguous', readings: good };
  // Nothing possible: the first reading's reason (in_past, end_before_start, …).
  return results[0]!;
}

/** The numeric forms and chrono-node (English). */
function parseWhenLatin(s: string, opts: WhenOptions): DateResult<ParsedWhen> {
  const { zone, now } = opts;
  const chronoOpts = { monthStart: opts.monthStart };
  const { head, end: endText, isDuration } = splitEnd(s);

  let start: Date;
  let allDay: boolean;
  let end: Date | undefined;

  const numeric = parseNumericDateTime(head);
  if (numeric === 'bad') return err('unrecognized');
  if (numeric !== undefined) {
    if (numeric.rest !== '' && !FILLER.test(numeric.rest)) return err('unrecognized');
    allDay = numeric.time === undefined;
    start = wallClockToInstant({ ...numeric.date, hour: numeric.time?.hour ?? 0, minute: numeric.time?.minute ?? 0 }, zone);
    if (allDay) end = wallClockToInstant({ ...nextDay(numeric.date.year, numeric.date.month, numeric.date.day), hour: 0, minute: 0 }, zone);
  } else {
    // Let chrono see the whole text first ("fri 6pm to 9pm"); fall back to the head without the end.
    const whole = endText !== undefined && !isDuration ? parseWithChrono(s, zone, now, chronoOpts) : undefined;
    const parsed = whole?.endIsExplicit ? whole : parseWithChrono(head, zone, now, chronoOpts);
    if (!parsed) return err('unrecognized');
    start = parsed.start;
    allDay = parsed.allDay;
    if (parsed.meridiemUnsure && endText === undefined) {
      // Both halves of the day, the past one dropped; never a guess.
      const w = wallOf(start, zone);
      const other = w.hour === 12 ? wallClockToInstant({ ...nextDay(w.year, w.month, w.day), hour: 0, minute: w.minute }, zone) : wallClockToInstant({ ...w, hour: w.hour + 12 }, zone);
      const readings = [start, other].filter((d) => checkStart(d, now) === undefined).map((d) => ({ start: d, end: undefined, allDay: false }));
      if (readings.length === 2) return { ok: false, error: 'ambiguous', readings };
      if (readings.length === 1) return ok(readings[0]!);
    }
    if (parsed.endIsExplicit) {
      end = parsed.end;
    } else if (allDay) {
      const w = wallOf(start, zone);
      end = wallClockToInstant({ ...nextDay(w.year, w.month, w.day), hour: 0, minute: 0 }, zone);
    }
    if (parsed === whole) {
      const problem = checkStart(start, now, allDay ? end : undefined);
      if (problem) return err(problem);
      if (end && end.getTime() <= start.getTime()) return err('end_before_start');
      return ok({ start, end, allDay });
    }
  }

  const problem = checkStart(start, now, allDay ? end : undefined);
  if (problem) return err(problem);

  if (endText !== undefined) {
    if (allDay) {
      // "2026-12-05 - 2026-12-07": an all-day span, inclusive of the last day.
      const last = parseNumericDateTime(endText);
      if (last === undefined || last === 'bad' || last.time !== undefined || last.rest !== '') return err('unrecognized');
      end = wallClockToInstant({ ...nextDay(last.date.year, last.date.month, last.date.day), hour: 0, minute: 0 }, zone);
      if (end.getTime() <= start.getTime()) return err('end_before_start');
    } else {
      const e = parseEnd(endText, start, { zone });
      if (!e.ok) return err(e.error === 'ambiguous' ? 'unrecognized' : e.error);
      end = e.value;
    }
  }
  return ok({ start, end, allDay });
}

/**
 * End as a duration ("2h", "90m", "1h30m", "2 hours") from start, or a time ("20:30" on the start's local
 * day; an end before the start is end_before_start), or a full date-time.
 */
export function parseEnd(input: string, start: Date, opts: { zone: string; locale?: Locale }): DateResult<Date> {
  const { zone } = opts;
  if (!isValidTimeZone(zone)) return err('unknown_zone');
  const s = clean(input).replace(/^(?:(?:for|until|till|to|ends?)\b|[-–—])\s*/i, '');
  if (s === '') return err('unrecognized');
  if (ARABIC_SCRIPT.test(s)) return parseEndNative(s, start, zone, opts.locale);
  const minutes = parseDuration(s);
  if (minutes !== undefined) return ok(new Date(start.getTime() + minutes * MINUTE));

  const clock = parseClock(s);
  if (clock) {
    const w = wallOf(start, zone);
    const end = wallClockToInstant({ year: w.year, month: w.month, day: w.day, ...clock }, zone);
    return end.getTime() > start.getTime() ? ok(end) : err('end_before_start');
  }

  let end: Date | undefined;
  const numeric = parseNumericDateTime(s);
  if (numeric === 'bad') return err('unrecognized');
  if (numeric !== undefined) {
    if (numeric.rest !== '' && !FILLER.test(numeric.rest)) return err('unrecognized');
    // A bare end date means "through that day".
    const d = numeric.time ? numeric.date : nextDay(numeric.date.year, numeric.date.month, numeric.date.day);
    end = wallClockToInstant({ ...d, hour: numeric.time?.hour ?? 0, minute: numeric.time?.minute ?? 0 }, zone);
  } else {
    const parsed = parseWithChrono(s, zone, start);
    if (!parsed) return err('unrecognized');
    end = parsed.start;
  }
  if (end.getTime() <= start.getTime()) return err('end_before_start');
  if (end.getTime() - start.getTime() > MAX_DURATION_MINUTES * MINUTE) return err('too_far');
  return ok(end);
}

/**
 * An end typed in Persian, Arabic or Urdu: a duration ("دو ساعت", "ساعتين", "ڈیڑھ گھنٹہ") or a time
 * read from the start ("ساعت ۲۱", "۱۱ شب", "رات 10 بجے"); a clock not after the start is the next day's
 * (within a day). Several readings ("ساعت ۹": 09:00 or 21:00) keep those after the start; two left → ambiguous.
 */
function parseEndNative(s: string, start: Date, zone: string, locale?: Locale): DateResult<Date> {
  const minutes = readDurationWords(s, locale);
  if (minutes !== undefined) {
    if (minutes > MAX_DURATION_MINUTES) return err('too_far');
    return ok(new Date(start.getTime() + minutes * MINUTE));
  }
  const w = instantToZonedWallTime(start, zone);
  const res = readDate(s, { today: { year: w.year, month: w.month, day: w.day }, nowMinutes: w.hour * 60 + w.minute, locale });
  if (!res.ok) return err('unrecognized');
  const ends: Date[] = [];
  // A clock alone ("ساعت ۲ شب") may run past midnight, but not round to the next afternoon.
  const maxSpan = mentionsDay(s, locale) ? MAX_DURATION_MINUTES * MINUTE : 12 * 60 * MINUTE;
  for (const r of res.readings) {
    if (r.allDay || r.end) continue;
    const end = wallClockToInstant(r.start, zone);
    const span = end.getTime() - start.getTime();
    if (span > 0 && span <= maxSpan && !ends.some((e) => e.getTime() === end.getTime())) ends.push(end);
  }
  if (ends.length === 0) return err(res.readings.some((r) => !r.allDay && !r.end) ? 'end_before_start' : 'unrecognized');
  if (ends.length === 1) return ok(ends[0]!);
  // "ساعت ۹" after an 08:00 start: 09:00 and 21:00 are both within 12 hours of it, so asked; after 18:00 it is 21:00.
  const sameDay = ends.filter((e) => e.getTime() - start.getTime() <= 12 * 60 * MINUTE);
  if (sameDay.length === 1) return ok(sameDay[0]!);
  return { ok: false, error: 'ambiguous', readings: sameDay.length ? sameDay : ends };
}

const UNIT_MINUTES: { re: RegExp; minutes: number }[] = [
  { re: /^(?:w|wk|wks|week|weeks|هفته|أسبوع|اسبوع|أسابيع|اسابيع|ہفتہ|ہفتے)$/, minutes: 7 * DAY_MINUTES },
  { re: /^(?:d|day|days|روز|يوم|أيام|ايام|يومين|دن)$/, minutes: DAY_MINUTES },
  { re: /^(?:h|hr|hrs|hour|hours|ساعت|ساعة|ساعات|ساعتين|گھنٹہ|گھنٹے|گھنٹا)$/, minutes: 60 },
  { re: /^(?:m|min|mins|minute|minutes|دقیقه|دقيقه|دقيقة|دقائق|منٹ)$/, minutes: 1 },
];

/**
 * A duration in minutes: "2h", "90m", "1h30m", "1h 30m", "1.5h", "2 hours", "1 hour 30 minutes", "3d",
 * "1w", and the same in Persian, Arabic and Urdu words with any digits. Undefined when it
 * is not a duration or is zero or longer than a year.
 */
export function parseDuration(input: string): number | undefined {
  let s = clean(input).toLowerCase().replace(/(^|\s)(?:and|و|اور)(?=\s|$)/g, ' ').trim();
  if (s === '') return undefined;
  // "2h30" → "2h30m"
  s = s.replace(/^(\d+)\s*h\s*(\d{1,2})$/, '$1h$2m');
  const token = /(\d+(?:\.\d+)?)\s*([a-z\u0600-\u06ff]+)\s*,?\s*/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = token.exec(s)) !== null) {
    const unit = UNIT_MINUTES.find((u) => u.re.test(m![2]!));
    if (!unit) return undefined;
    total += Number(m[1]) * unit.minutes;
    pos = token.lastIndex;
  }
  if (pos !== s.length || total <= 0) return undefined;
  const minutes = Math.round(total);
  return minutes >= 1 && minutes <= MAX_DURATION_MINUTES ? minutes : undefined;
}

/**
 * Reminder offset lists like "3d, 1d, 2h, 15m" → minutes, sorted descending, deduped, each between 1
 * minute and 30 days; undefined on any bad part.
 */
export function parseOffsets(input: string): number[] | undefined {
  const s = clean(input);
  if (s === '') return undefined;
  const parts = s.split(/\s*[,;]\s*/);
  const out = new Set<number>();
  for (const part of parts) {
    if (part === '') return undefined;
    const minutes = parseDuration(part);
    if (minutes === undefined || minutes < 1 || minutes > MAX_OFFSET_MINUTES) return undefined;
    out.add(minutes);
  }
  return [...out].sort((a, b) => b - a);
}

/** One offset in words: "1 day 2 hours", "15 minutes" (plural forms from the locale files). */
export function formatDuration(minutes: number, t: Translate, _locale?: Locale): string {
  // The number goes in as a number: the translation writes it in its language's digits.
  const n = (count: number) => ({ count, n: count });
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(minutes));
  const days = Math.floor(rest / DAY_MINUTES);
  rest -= days * DAY_MINUTES;
  const hours = Math.floor(rest / 60);
  rest -= hours * 60;
  if (days) parts.push(t('dates.unit.day', n(days)));
  if (hours) parts.push(t('dates.unit.hour', n(hours)));
  if (rest || parts.length === 0) parts.push(t('dates.unit.minute', n(rest)));
  return parts.join(t('dates.unitJoiner'));
}

/** "3 days, 1 day, 2 hours 15 minutes" style list of reminder offsets, in the translation's digits. */
export function formatOffsets(minutes: number[], t: Translate, locale?: Locale): string {
  return minutes.map((m) => formatDuration(m, t, locale)).join(t('dates.listSeparator'));
}
