/**
 * Reads the dates organizers type in Persian, Arabic, Urdu (and English words the same grammar
 * covers) into wall-clock readings in the event's zone. Hand-written because no library reads these
 * languages: chrono-node has no Persian, Arabic or Urdu parser, and none of them knows that "۱ شب" is
 * 01:00 after midnight or that "ساعت ۷" alone may be morning or evening.
 *
 * The text is folded (`foldScript`), split into tokens, and the phrases of `date-words.ts` are matched
 * longest first; what is left must be numbers and numeric dates, or the input is refused. A phrase
 * that can mean two instants yields two readings (never a guess):
 * - a bare hour 1–12 with no part of day ("فردا ساعت ۷", "کل 7 بجے"): morning or evening;
 * - an hour after midnight tied to a named day ("فردا ساعت ۱ شب"): the night after that day's evening,
 *   or the small hours at that day's start;
 * - "۱۲ صبح", "12 مساءً": noon or midnight;
 * - a bare weekday that is today: today or a week later.
 * Readings already in the past are dropped when another remains.
 *
 * Rules for numeric dates: a 4-digit year first is year/month/day; otherwise day/month/year (the
 * order written in Iran, the Arab world and Pakistan). Years 1300–1499 are Hijri: Solar Hijri or
 * lunar, whichever puts the date within a year back to five years ahead (1405 is Solar Hijri, 2026;
 * 1448 is lunar Hijri, 2026; the other reading of each is decades away). Lunar Hijri dates use the
 * Umm al-Qura calendar (`islamic-umalqura` in Intl/ICU), see `hijriToGregorian`.
 */
import { foldScript, phraseTable, type Meaning, type Period } from './date-words';
import type { Locale } from '../i18n/locales';

export interface Ymd {
  year: number;
  month: number;
  day: number;
}
export interface WallTime extends Ymd {
  hour: number;
  minute: number;
}

/** One reading of the input: a start (a day, or a day and a time) and an optional end. */
export interface Reading {
  start: WallTime;
  allDay: boolean;
  /** "دو ساعت دیگر": the start is this many minutes after now (elapsed time, not a wall clock). */
  fromNowMinutes?: number;
  /** A wall-clock end, or minutes after the start. */
  end?: { wall: WallTime } | { minutes: number };
}

export type ReadResult = { ok: true; readings: Reading[] } | { ok: false; error: 'unrecognized' };

type Tok =
  | { k: 'number'; n: number; minute?: number; raw: string; colon: boolean; lead0: boolean }
  | { k: 'date'; y?: number; m: number; d: number; ymdOrder: boolean; sep: string }
  | { k: 'word'; raw: string }
  | (Meaning & { raw?: string });

// ---------------------------------------------------------------------------------------------------
// Calendars (Intl/ICU does the arithmetic; these search the few days around an estimate).

const partsCache = new Map<string, Intl.DateTimeFormat>();
function calParts(cal: string, date: Date): Ymd {
  let f = partsCache.get(cal);
  if (!f) {
    f = new Intl.DateTimeFormat(`en-u-ca-${cal}-nu-latn`, { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
    partsCache.set(cal, f);
  }
  const parts = f.formatToParts(date);
  const get = (t: string) => Number(parts.find((x) => x.type === t)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** A date in `cal` ('persian' or 'islamic-umalqura') to Gregorian, or undefined if it does not exist. */
function toGregorian(cal: 'persian' | 'islamic-umalqura', y: number, mo: number, d: number): Ymd | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const estimate =
    cal === 'persian'
      ? Date.UTC(y + 621, 2, 21, 12) + ((mo <= 6 ? (mo - 1) * 31 : 186 + (mo - 7) * 30) + d - 1) * 86_400_000
      : Date.UTC(622, 6, 19, 12) + ((y - 1) * 354.367 + (mo - 1) * 29.53 + d - 1) * 86_400_000;
  for (let delta = 0; delta <= 6; delta++) {
    for (const sign of delta === 0 ? [1] : [1, -1]) {
      const date = new Date(estimate + sign * delta * 86_400_000);
      const c = calParts(cal, date);
      if (c.year === y && c.month === mo && c.day === d) {
        return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
      }
    }
  }
  return undefined;
}

/**
 * A lunar Hijri date to Gregorian in the Umm al-Qura calendar (Saudi Arabia's official calendar,
 * computed from the predicted moon, and the one ICU ships as `islamic-umalqura`). Iran and Pakistan
 * declare months by sighting, so their dates can differ from it by a day; the echo shows the
 * Gregorian date and weekday beside the Hijri one so the organizer sees which day was taken.
 */
export function hijriToGregorian(y: number, m: number, d: number): Ymd | undefined {
  return toGregorian('islamic-umalqura', y, m, d);
}

export function solarToGregorian(y: number, m: number, d: number): Ymd | undefined {
  return toGregorian('persian', y, m, d);
}

function gregorianValid(y: number, m: number, d: number): Ymd | undefined {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 9999) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCDate() === d ? { year: y, month: m, day: d } : undefined;
}

function calDate(cal: 'g' | 'p' | 'h', y: number, m: number, d: number): Ymd | undefined {
  if (cal === 'g') return gregorianValid(y, m, d);
  return cal === 'p' ? solarToGregorian(y, m, d) : hijriToGregorian(y, m, d);
}

function addDays(d: Ymd, n: number): Ymd {
  const dt = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: dt.getUTCFullYear(), month: dt.getUTCMonth() + 1, day: dt.getUTCDate() };
}

function cmp(a: Ymd, b: Ymd): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function weekdayOf(d: Ymd): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** Today's year in a calendar. */
function yearIn(cal: 'g' | 'p' | 'h', today: Ymd): number {
  if (cal === 'g') return today.year;
  const date = new Date(Date.UTC(today.year, today.month - 1, today.day, 12));
  return calParts(cal === 'p' ? 'persian' : 'islamic-umalqura', date).year;
}

// ---------------------------------------------------------------------------------------------------
// Tokens

const NUMERIC_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$|^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{1,2})\/(\d{1,2})$/;

function tokenize(input: string, locale: Locale | undefined): Tok[] | undefined {
  let s = foldScript(input)
    .replace(/[()«»"!؟?]/g, ' ')
    .replace(/[,،;]/g, ' , ')
    // "7pm", "۱۸ساعت", "2h": split digits from letters (not inside 18:30, 1405/09/14, 1.5).
    .replace(/(\d)([^\d\s:/.\-–—])/g, '$1 $2')
    .replace(/([^\d\s:/.\-–—@])(\d)/g, '$1 $2');
  // A dash between times is a range ("18-20", "18:30–20:00"); inside a numeric date it is not.
  s = s.replace(/\s*([–—])\s*/g, ' $1 ').replace(/(\d{1,2}(?::\d{2})?)-(\d{1,2}(?::\d{2})?)(?![-/.\d])/g, (all, a: string, b: string, offset: number, whole: string) => {
    const before = whole.slice(0, offset);
    return /[-/.]\d*$/.test(before) ? all : `${a} - ${b}`;
  });
  const words = s.split(/\s+/).filter(Boolean);
  const table = phraseTable(locale);
  const out: Tok[] = [];
  for (let i = 0; i < words.length; ) {
    const word = words[i]!;
    const date = NUMERIC_DATE.exec(word);
    if (date) {
      if (date[1]) out.push({ k: 'date', y: Number(date[1]), m: Number(date[2]), d: Number(date[3]), ymdOrder: true, sep: word[4] ?? '-' });
      else if (date[4]) out.push({ k: 'date', y: Number(date[6]), m: Number(date[5]), d: Number(date[4]), ymdOrder: false, sep: word[date[4].length] ?? '/' });
      else out.push({ k: 'date', m: Number(date[8]), d: Number(date[7]), ymdOrder: false, sep: '/' });
      i++;
      continue;
    }
    const clock = /^(\d{1,2})[:.](\d{2})$/.exec(word);
    if (clock) {
      out.push({ k: 'number', n: Number(clock[1]), minute: Number(clock[2]), raw: word, colon: true, lead0: word.startsWith('0') });
      i++;
      continue;
    }
    if (/^\d+(?:\.\d+)?$/.test(word)) {
      out.push({ k: 'number', n: Number(word), raw: word, colon: false, lead0: word.length > 1 && word.startsWith('0') });
      i++;
      continue;
    }
    const candidates = table.byFirst.get(word) ?? [];
    const hit = candidates.find((c) => c.tokens.every((t, j) => words[i + j] === t));
    if (hit) {
      if (hit.meaning.k !== 'filler') out.push({ ...hit.meaning, raw: hit.tokens.join(' ') });
      i += hit.tokens.length;
      continue;
    }
    // "آذرماه", "رمضان‌ماه": a month name with ماه written onto it.
    const stem = word.endsWith('ماه') ? table.byFirst.get(word.slice(0, -3))?.find((c) => c.tokens.length === 1 && c.meaning.k === 'month') : undefined;
    if (stem) {
      out.push({ ...stem.meaning, raw: word });
      i++;
      continue;
    }
    out.push({ k: 'word', raw: word });
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Grammar

type DaySpec =
  | { kind: 'rel'; days: number }
  | { kind: 'tonight' }
  | { kind: 'weekday'; day: number; next: boolean; nextWeek: boolean }
  | {
      kind: 'date'; cal: 'g' | 'p' | 'h' | 'numeric'; year?: number; month: number; day: number; ymdOrder?: boolean; sep?: string;
      /** "پنجشنبه ۱۳ آذر": the weekday written beside the date, which must agree with it. */
      weekday?: number;
    };

interface ClockSpec {
  hour: number;
  minute: number;
  period?: Period;
  /** Written as a 24-hour clock (18:30, 09:00, 0–23 with minutes, or an hour above 12). */
  h24: boolean;
  /** A plain number, nothing around it (may be a day of the month in "۱۴ تا ۱۶ آذر"). */
  bare?: boolean;
}

interface Segment {
  day?: DaySpec;
  clock?: ClockSpec;
  period?: Period;
  duration?: number;
  /** "دو ساعت دیگر", "بعد ساعتين", "2 گھنٹے بعد": minutes from now. */
  later?: number;
}

class Cursor {
  i = 0;
  constructor(readonly toks: Tok[]) {}
  peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }
}

const is = <K extends Tok['k']>(t: Tok | undefined, k: K): t is Extract<Tok, { k: K }> => t?.k === k;

/** A number of hours/minutes in a duration: "دو ساعت", "2 گھنٹے", "ساعة ونصف", "1.5h", "ڈیڑھ گھنٹہ". */
function readDuration(c: Cursor): number | undefined {
  const start = c.i;
  let total = 0;
  let any = false;
  for (;;) {
    const t = c.peek();
    let amount: number | undefined;
    if (is(t, 'number') && !t.colon) amount = t.n;
    else if (is(t, 'num')) amount = t.n;
    else if (is(t, 'urduNum')) amount = t.n;
    else if (is(t, 'half')) amount = 0.5;
    else if (is(t, 'dual')) {
      c.i++;
      total += t.minutes;
      any = true;
      if (is(c.peek(), 'half')) { c.i++; total += t.minutes / 4; }
      continue;
    }
    // "لمدة ساعة", "for an hour": the unit alone after "for" is one of it.
    const unitAlone = amount === undefined && !any && (is(t, 'saat') || is(t, 'unit')) && is(c.toks[c.i - 1], 'for');
    if (unitAlone) amount = 1;
    if (amount === undefined) break;
    const u = unitAlone ? t : c.peek(1);
    let minutes: number | undefined;
    if (is(u, 'unit')) minutes = u.minutes;
    else if (is(u, 'saat')) minutes = 60;
    // "۲۰ روز پنجشنبه" is 20:00 on Thursday, not twenty days.
    else if (is(u, 'dayword') && !is(c.peek(unitAlone ? 1 : 2), 'weekday')) minutes = 24 * 60;
    else if (is(u, 'week')) minutes = 7 * 24 * 60;
    if (minutes === undefined) break;
    c.i += unitAlone ? 1 : 2;
    total += amount * minutes;
    any = true;
    // "یک ساعت و نیم", "ساعة ونصف", "1 hour and 30 minutes"
    if (is(c.peek(), 'half')) { c.i++; total += minutes / 2; }
    else if (is(c.peek(), 'quarter')) { c.i++; total += minutes / 4; }
    if (is(c.peek(), 'and')) {
      c.i++;
      continue;
    }
  }
  if (!any) {
    c.i = start;
    return undefined;
  }
  return Math.round(total);
}

/** The hour expression after "ساعت"/"الساعة" or before "بجے"/a part of day. */
function readClock(c: Cursor): ClockSpec | undefined {
  const start = c.i;
  let frac = 0;
  if (is(c.peek(), 'urduFrac')) {
    frac = (c.peek() as { add: number }).add;
    c.i++;
  }
  const t = c.peek();
  let hour: number;
  let minute = 0;
  let h24 = false;
  if (is(t, 'number') && Number.isInteger(t.n)) {
    hour = t.n;
    if (t.minute !== undefined) {
      minute = t.minute;
      h24 = true;
    }
    if (t.lead0) h24 = true;
  } else if (is(t, 'num') && t.n <= 12) {
    hour = t.n;
  } else if (is(t, 'urduNum') && frac === 0) {
    hour = Math.floor(t.n);
    minute = (t.n - hour) * 60;
  } else {
    c.i = start;
    return undefined;
  }
  c.i++;
  if (is(c.peek(), 'half')) { minute += 30; c.i++; }
  else if (is(c.peek(), 'quarter')) { minute += 15; c.i++; }
  else if (is(c.peek(), 'lessQuarter')) { minute -= 15; c.i++; }
  else if (is(c.peek(), 'and') && is(c.peek(1), 'number') && is(c.peek(2), 'unit') && (c.peek(2) as { minutes: number }).minutes === 1) {
    minute += (c.peek(1) as { n: number }).n;
    c.i += 3;
  }
  if (frac !== 0) minute += frac * 60;
  while (minute < 0) { minute += 60; hour -= 1; }
  if (minute >= 60) { hour += Math.floor(minute / 60); minute %= 60; }
  if (hour > 31 || hour < 0 || minute > 59) return undefined;
  if (hour === 0 || hour > 12) h24 = true;
  const bare = c.i === start + 1 && is(t, 'number') && !t.colon;
  if (is(c.peek(), 'oclock')) c.i++;
  return { hour, minute, h24, bare };
}

/** Reads the tokens of one side of a range. */
function readSegment(c: Cursor, stopAtTo: boolean): Segment | undefined {
  const seg: Segment = {};
  const setDay = (d: DaySpec) => {
    // A weekday beside a date ("پنجشنبه ۱۳ آذر", "الخميس 3 ديسمبر") is a check on the date.
    const prev = seg.day;
    if (prev?.kind === 'weekday' && d.kind === 'date' && !prev.next && !prev.nextWeek && d.weekday === undefined) {
      seg.day = { ...d, weekday: prev.day };
      return true;
    }
    if (prev?.kind === 'date' && d.kind === 'weekday' && !d.next && !d.nextWeek && prev.weekday === undefined) {
      seg.day = { ...prev, weekday: d.day };
      return true;
    }
    if (prev) return false;
    seg.day = d;
    return true;
  };
  const setLater = (minutes: number) => {
    // Whole days name a day ("۳ روز دیگر ساعت ۱۸"); hours and minutes are elapsed time.
    if (minutes % (24 * 60) === 0) return setDay({ kind: 'rel', days: minutes / (24 * 60) });
    if (seg.later !== undefined || seg.day) return false;
    seg.later = minutes;
    return true;
  };
  let pendingNext = false;
  while (!c.done()) {
    const t = c.peek()!;
    if ((stopAtTo && t.k === 'to') || t.k === 'till') break;
    if (t.k === 'dayword' || t.k === 'and' || t.k === 'oclock' || t.k === 'monthword') { c.i++; continue; }
    if (t.k === 'from' || t.k === 'this' || (t.k === 'word' && t.raw === ',')) { c.i++; continue; }
    if (t.k === 'for') {
      c.i++;
      const d = readDuration(c);
      // Urdu puts it after the duration: "دو گھنٹے کے لیے".
      if (d === undefined && seg.duration !== undefined) continue;
      if (d === undefined || seg.duration !== undefined) return undefined;
      seg.duration = d;
      continue;
    }
    if (t.k === 'next') {
      c.i++;
      // "بعد 3 أيام", "بعد ساعتين": in so much time.
      const later = readDuration(c);
      if (later !== undefined) {
        if (!setLater(later)) return undefined;
        continue;
      }
      // "اگلے جمعرات", "next friday"
      pendingNext = true;
      continue;
    }
    if (t.k === 'rel') {
      if (!setDay({ kind: 'rel', days: t.days })) return undefined;
      c.i++;
      continue;
    }
    if (t.k === 'tonight') {
      if (!setDay({ kind: 'tonight' })) return undefined;
      c.i++;
      continue;
    }
    if (t.k === 'weekday') {
      c.i++;
      let next = pendingNext;
      let nextWeek = false;
      pendingNext = false;
      if (is(c.peek(), 'next')) { next = true; c.i++; }
      else if (is(c.peek(), 'week') && is(c.peek(1), 'next')) { nextWeek = true; c.i += 2; }
      else if (is(c.peek(), 'week') && is(c.peek(1), 'this')) { c.i += 2; }
      if (!setDay({ kind: 'weekday', day: t.day, next, nextWeek })) return undefined;
      continue;
    }
    if (t.k === 'date') {
      c.i++;
      let cal: 'numeric' | 'g' | 'p' | 'h' = 'numeric';
      if (is(c.peek(), 'yearMark')) { cal = (c.peek() as { cal: 'g' | 'p' | 'h' }).cal; c.i++; }
      if (!setDay({ kind: 'date', cal, year: t.y, month: t.m, day: t.d, ymdOrder: t.ymdOrder, sep: t.sep })) return undefined;
      continue;
    }
    if (t.k === 'month') {
      // "Azar 14 [1405]", "December 5"
      const dn = c.peek(1);
      if (is(dn, 'number') && !dn.colon && dn.n >= 1 && dn.n <= 31 && !is(c.peek(2), 'oclock') && !is(c.peek(2), 'period') && !is(c.peek(2), 'saat') && !is(c.peek(2), 'unit')) {
        c.i += 2;
        const year = readYear(c);
        if (!setDay({ kind: 'date', cal: t.cal, month: t.month, day: dn.n, year: year?.year })) return undefined;
        if (year?.cal && year.cal !== t.cal) return undefined;
        continue;
      }
      return undefined;
    }
    if (t.k === 'number' && !t.colon && Number.isInteger(t.n) && t.n >= 1 && t.n <= 31 && is(c.peek(1), 'month')) {
      // "۱۴ آذر [۱۴۰۵]", "25 ربيع الأول", "5 دسمبر"
      const mo = c.peek(1) as { cal: 'g' | 'p' | 'h'; month: number };
      c.i += 2;
      const year = readYear(c);
      if (year?.cal && year.cal !== mo.cal) return undefined;
      if (!setDay({ kind: 'date', cal: mo.cal, month: mo.month, day: t.n, year: year?.year })) return undefined;
      continue;
    }
    if (t.k === 'period') {
      if (seg.period && seg.period !== t.p) {
        // "صبح ساعت ۹ صبح" is fine; two different parts of the day are not.
        return undefined;
      }
      seg.period = t.p;
      c.i++;
      // "شام 7 بجے", "ظهر ۱": a clock right after the part of day.
      if (!seg.clock) {
        const save = c.i;
        if (is(c.peek(), 'at') || is(c.peek(), 'saat')) c.i++;
        const clock = readClock(c);
        if (clock && !is(c.peek(), 'unit') && !is(c.peek(), 'saat') && !is(c.peek(), 'dayword') && !is(c.peek(), 'month')) seg.clock = clock;
        else c.i = save;
      }
      continue;
    }
    if (t.k === 'at' || t.k === 'saat') {
      c.i++;
      const clock = readClock(c);
      if (!clock || seg.clock) return undefined;
      seg.clock = clock;
      continue;
    }
    if (t.k === 'number' || t.k === 'num' || t.k === 'urduNum' || t.k === 'urduFrac' || t.k === 'dual' || t.k === 'half') {
      // A duration ("دو ساعت", "2 گھنٹے") or a clock ("۱۸:۳۰", "7 بجے", "۹ شب", "8 ق.ظ").
      const d = readDuration(c);
      if (d !== undefined) {
        // "۳ روز دیگر", "2 گھنٹے بعد": in so much time; otherwise the event's length.
        if (is(c.peek(), 'next') && !is(c.peek(1), 'weekday')) {
          c.i++;
          if (!setLater(d)) return undefined;
          continue;
        }
        if (seg.duration !== undefined) return undefined;
        seg.duration = d;
        continue;
      }
      const save = c.i;
      const clock = readClock(c);
      if (!clock || seg.clock) return undefined;
      const after = c.peek();
      const closed = (clock.h24 && !clock.bare) || is(c.toks[c.i - 1], 'oclock') || is(after, 'period') || is(after, 'to') || is(after, 'till') || (stopAtTo === false && c.i > save);
      if (!closed) return undefined; // a bare "18" is refused rather than guessed
      seg.clock = clock;
      continue;
    }
    return undefined;
  }
  if (pendingNext) return undefined;
  return seg;
}

function readYear(c: Cursor): { year: number; cal?: 'g' | 'p' | 'h' } | undefined {
  const t = c.peek();
  if (!is(t, 'number') || t.colon || t.n < 1000 || t.n > 9999 || !Number.isInteger(t.n)) return undefined;
  c.i++;
  let cal: 'g' | 'p' | 'h' | undefined;
  if (is(c.peek(), 'yearMark')) {
    cal = (c.peek() as { cal: 'g' | 'p' | 'h' }).cal;
    c.i++;
  }
  return { year: t.n, cal };
}

// ---------------------------------------------------------------------------------------------------
// Resolution

interface HourReading {
  hour: number;
  minute: number;
  /** Days after the named day (1 for midnight and the small hours "of" that day's night). */
  shift: number;
}

/** A clock with its part of day → the instants it may mean, relative to the named day. */
function resolveHour(clock: ClockSpec, period: Period | undefined, tiedToDay: boolean, tonight: boolean): HourReading[] | undefined {
  const { hour: h, minute } = clock;
  const at = (hour: number, shift = 0): HourReading => ({ hour, minute, shift });
  const night = (): HourReading[] => {
    if (h === 12 || h === 0) return [at(0, 1)];
    if (h >= 6 && h <= 11) return [at(h + 12)];
    if (h >= 1 && h <= 5) return tiedToDay && !tonight ? [at(h, 1), at(h, 0)] : [at(h, 1)];
    return []; // 13–23 are caught above as a 24-hour clock
  };
  if (clock.h24 && h > 12) {
    // "۱۸ شب" is 18:00; "۱۸ صبح" is a contradiction.
    if (period && ['morning', 'dawn', 'am'].includes(period)) return undefined;
    return [at(h)];
  }
  switch (period) {
    case undefined:
      if (tonight) return night().length ? night() : undefined;
      if (clock.h24) return [at(h)];
      // "ساعت ۷": 07:00 or 19:00; "ساعت ۱۲": noon or midnight. Asked, not guessed.
      if (h === 12) return [at(12), at(0, 1)];
      return [at(h), at(h + 12)];
    case 'am':
      return h === 12 ? [at(0)] : h <= 11 ? [at(h)] : undefined;
    case 'pm':
      return h === 12 ? [at(12)] : h <= 11 ? [at(h + 12)] : undefined;
    case 'morning':
      if (h >= 1 && h <= 11) return [at(h)];
      return h === 12 ? [at(12), at(0)] : undefined;
    case 'dawn':
      return h >= 1 && h <= 6 ? [at(h)] : undefined;
    case 'noon':
      if (h === 12 || h === 11) return [at(h)];
      return h >= 1 && h <= 5 ? [at(h + 12)] : undefined;
    case 'afternoon':
      if (h === 12) return [at(12)];
      return h >= 1 && h <= 9 ? [at(h + 12)] : undefined;
    case 'evening':
      if (h >= 1 && h <= 11) return [at(h + 12)];
      return h === 12 ? [at(0, 1), at(12)] : undefined;
    case 'night':
    case 'midnight': {
      const r = night();
      return r.length ? r : undefined;
    }
  }
}

function resolveDays(day: DaySpec | undefined, today: Ymd, locale: Locale | undefined): Ymd[] | undefined {
  if (!day) return undefined;
  switch (day.kind) {
    case 'rel':
      return [addDays(today, day.days)];
    case 'tonight':
      return [today];
    case 'weekday': {
      const wd = weekdayOf(today);
      let ahead = (day.day - wd + 7) % 7;
      if (day.nextWeek) {
        // The week after this one; weeks start on Saturday in Iran and most of the Arab world.
        const toSaturday = (6 - wd + 7) % 7 || 7;
        ahead = toSaturday + ((day.day - 6 + 7) % 7);
        return [addDays(today, ahead)];
      }
      if (ahead === 0) return day.next ? [addDays(today, 7)] : [today, addDays(today, 7)];
      return [addDays(today, ahead)];
    }
    case 'date': {
      const dates = resolveDate(day, today, locale);
      return day.weekday === undefined ? dates : dates.filter((x) => weekdayOf(x) === day.weekday);
    }
  }
}

function resolveDate(day: Extract<DaySpec, { kind: 'date' }>, today: Ymd, locale: Locale | undefined): Ymd[] {
  const { month, day: d } = day;
  if (day.cal !== 'numeric') {
    if (day.year !== undefined) {
      const g = calDate(day.cal, day.year, month, d);
      return g ? [g] : [];
    }
    // No year: the next time that date comes round.
    const y = yearIn(day.cal, today);
    for (const year of [y, y + 1]) {
      const g = calDate(day.cal, year, month, d);
      if (g && cmp(g, today) >= 0) return [g];
    }
    return [];
  }
  if (day.year === undefined) {
    // "14/09": refused; which calendar and which order it means is anybody's guess.
    return [];
  }
  const y = day.year;
  if (y >= 1300 && y <= 1499) {
    const out: Ymd[] = [];
    const lo = addDays(today, -366);
    const hi = addDays(today, 5 * 366);
    for (const cal of ['p', 'h'] as const) {
      const g = calDate(cal, y, month, d);
      if (g && cmp(g, lo) >= 0 && cmp(g, hi) <= 0) out.push(g);
    }
    if (out.length === 0) {
      const g = solarToGregorian(y, month, d);
      return g ? [g] : [];
    }
    return out;
  }
  const dmy = gregorianValid(y, month, d);
  // Slashes with both parts ≤ 12 are the US month-first form to an English reader: asked.
  if (!day.ymdOrder && day.sep === '/' && locale === 'en' && month <= 12 && d <= 12 && month !== d) {
    const mdy = gregorianValid(y, d, month);
    return [dmy, mdy].filter((x): x is Ymd => x !== undefined);
  }
  return dmy ? [dmy] : [];
}

const MAX_READINGS = 4;

/**
 * All the readings of `input` relative to `today` (the zone's current date) and `nowWall` (its wall
 * clock). `unrecognized` when any word is not understood.
 */
export function readDate(input: string, opts: { today: Ymd; nowMinutes: number; locale?: Locale }): ReadResult {
  opts = { ...opts, locale: scriptLocale(input) ?? opts.locale };
  const toks = tokenize(input, opts.locale);
  if (!toks || toks.length === 0 || toks.some((t) => t.k === 'word' && t.raw !== ',')) return { ok: false, error: 'unrecognized' };
  const c = new Cursor(toks.filter((t) => !(t.k === 'word' && t.raw === ',')));
  const head = readSegment(c, true);
  if (!head) return { ok: false, error: 'unrecognized' };
  let tail: Segment | undefined;
  if (!c.done()) {
    if (!is(c.peek(), 'to')) {
      // "۶ سے ۸ بجے تک": Urdu closes with تک; nothing else may follow.
      return { ok: false, error: 'unrecognized' };
    }
    c.i++;
    tail = readSegment(c, false);
    if (!tail || (!tail.clock && !tail.day && tail.duration === undefined)) return { ok: false, error: 'unrecognized' };
    if (is(c.peek(), 'till')) c.i++;
    if (!c.done()) return { ok: false, error: 'unrecognized' };
  }
  // "از ۱۴ تا ۱۶ آذر": the day of the start borrows the month of the end.
  if (tail?.day?.kind === 'date' && tail.day.cal !== 'numeric' && !tail.clock && !head.day && head.clock?.bare && head.period === undefined) {
    head.day = { ...tail.day, day: head.clock.hour };
    delete head.clock;
  }
  // "ساعت ۱۸ الی ۲۰ روز پنجشنبه": a day written after the range is the day of both ends.
  if (tail?.day && tail.clock && head.clock && !head.day) {
    head.day = tail.day;
    delete tail.day;
  }
  if (head.later !== undefined) {
    if (head.day || head.clock || head.period || tail?.clock || tail?.day) return { ok: false, error: 'unrecognized' };
    const minutes = opts.nowMinutes + head.later;
    const start = { ...addDays(opts.today, Math.floor(minutes / (24 * 60))), hour: Math.floor((minutes % (24 * 60)) / 60), minute: minutes % 60 };
    const duration = head.duration ?? tail?.duration;
    return { ok: true, readings: [{ start, allDay: false, fromNowMinutes: head.later, ...(duration !== undefined ? { end: { minutes: duration } } : {}) }] };
  }
  // "۷ تا ۹ شب": the start takes the end's part of day when it has none.
  if (tail?.clock && head.clock && !head.period && tail.period && !head.clock.h24) head.period = tail.period;

  const readings: Reading[] = [];
  const todayDays = resolveDays(head.day, opts.today, opts.locale);
  if (head.day && (!todayDays || todayDays.length === 0)) return { ok: false, error: 'unrecognized' };
  const tonight = head.day?.kind === 'tonight';
  if (!head.clock) {
    if (head.period === 'noon') head.clock = { hour: 12, minute: 0, h24: false };
    else if (head.period === 'midnight') head.clock = { hour: 12, minute: 0, h24: false };
  }
  if (!head.clock) {
    // A day alone is an all-day event; a part of the day alone ("فردا شب") says too little.
    if (!head.day || head.period || tonight) return { ok: false, error: 'unrecognized' };
    for (const d of todayDays!) {
      const reading: Reading = { start: { ...d, hour: 0, minute: 0 }, allDay: true };
      if (tail) {
        const endDays = resolveDays(tail.day, opts.today, opts.locale);
        if (tail.clock || tail.duration !== undefined || !endDays || endDays.length !== 1) return { ok: false, error: 'unrecognized' };
        reading.end = { wall: { ...addDays(endDays[0]!, 1), hour: 0, minute: 0 } };
      }
      readings.push(reading);
    }
    return { ok: true, readings };
  }
  if (head.clock.hour > 23) return { ok: false, error: 'unrecognized' };
  const hours = resolveHour(head.clock, head.period, Boolean(head.day), tonight);
  if (!hours || hours.length === 0) return { ok: false, error: 'unrecognized' };
  const days = todayDays ?? [undefined];
  for (const d of days) {
    for (const h of hours) {
      let date: Ymd;
      if (d) date = addDays(d, h.shift);
      else {
        // No day named: the next time the clock shows this hour.
        date = h.hour * 60 + h.minute > opts.nowMinutes ? opts.today : addDays(opts.today, 1);
      }
      const start: WallTime = { ...date, hour: h.hour, minute: h.minute };
      readings.push({ start, allDay: false });
    }
  }
  // The end: a duration, or a clock on the start's day (the next day when it is not after the start).
  const duration = head.duration ?? tail?.duration;
  if (head.duration !== undefined && tail?.duration !== undefined) return { ok: false, error: 'unrecognized' };
  const out: Reading[] = [];
  for (const r of readings) {
    if (duration !== undefined) {
      if (tail?.clock || tail?.day) return { ok: false, error: 'unrecognized' };
      out.push({ ...r, end: { minutes: duration } });
      continue;
    }
    if (!tail) {
      out.push(r);
      continue;
    }
    const endDays = tail.day ? resolveDays(tail.day, opts.today, opts.locale) : [r.start];
    if (!endDays || endDays.length !== 1 || !tail.clock || tail.clock.hour > 23) return { ok: false, error: 'unrecognized' };
    const endHours = resolveHour(tail.clock, tail.period ?? (tail.clock.h24 ? undefined : pickPeriodFor(r.start.hour, tail.clock.hour)), false, false);
    if (!endHours) return { ok: false, error: 'unrecognized' };
    for (const eh of endHours) {
      let endDate = { year: endDays[0]!.year, month: endDays[0]!.month, day: endDays[0]!.day };
      const startMin = r.start.hour * 60 + r.start.minute;
      const endMin = eh.hour * 60 + eh.minute;
      if (!tail.day && endMin <= startMin) endDate = addDays(endDate, 1);
      else if (tail.day) endDate = addDays(endDate, eh.shift);
      const wall = { ...endDate, hour: eh.hour, minute: eh.minute };
      // Keep only ends within a day of the start for a bare end clock.
      if (!tail.day && endMin <= startMin && endMin + 24 * 60 - startMin > 12 * 60) continue;
      out.push({ ...r, end: { wall } });
    }
  }
  if (out.length === 0) return { ok: false, error: 'unrecognized' };
  return { ok: true, readings: dedupe(out).slice(0, MAX_READINGS) };
}

/** An end hour 1–12 with no part of day takes the half of the day that puts it soonest after the start. */
function pickPeriodFor(startHour: number, endHour: number): Period | undefined {
  if (endHour > 12) return undefined;
  const am = endHour === 12 ? 0 : endHour;
  const pm = endHour === 12 ? 12 : endHour + 12;
  if (pm > startHour && (am <= startHour || pm - startHour < am - startHour)) return 'pm';
  if (am > startHour) return 'am';
  return 'am'; // past midnight: "۲۲ تا ۲" ends at 02:00
}

function dedupe(rs: Reading[]): Reading[] {
  const seen = new Set<string>();
  return rs.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}


/**
 * Letters only Urdu writes (ٹ ڈ ڑ ں ے) make the text Urdu whatever the organizer's interface language,
 * so "کل" is read as Urdu "tomorrow" and "ہفتہ" as Saturday; Arabic letters make "كل" "every".
 */
function scriptLocale(input: string): Locale | undefined {
  if (/[ٹڈڑںےۓ]/.test(input)) return 'ur';
  // Arabic kaf, yeh, teh marbuta, alef maksura: Persian and Urdu write ک ی ه instead.
  if (/[كيةى]/.test(input)) return 'ar';
  return undefined;
}

/** Whether the text names a day (a relative day, weekday, month or numeric date), not only a clock. */
export function mentionsDay(input: string, locale?: Locale): boolean {
  const toks = tokenize(input, scriptLocale(input) ?? locale) ?? [];
  return toks.some((t) => t.k === 'rel' || t.k === 'tonight' || t.k === 'weekday' || t.k === 'month' || t.k === 'date');
}

/** A duration in words in any of the four languages ("دو ساعت و نیم", "ساعتين", "ڈیڑھ گھنٹہ"), in minutes. */
export function readDurationWords(input: string, locale?: Locale): number | undefined {
  const toks = tokenize(input, scriptLocale(input) ?? locale);
  if (!toks || toks.length === 0) return undefined;
  // "ساعة ونصف", "hour and a half": the unit alone is one of it.
  const first = toks.find((t) => t.k !== 'for');
  if (is(first, 'saat') || is(first, 'unit')) toks.splice(toks.indexOf(first!), 0, { k: 'num', n: 1 });
  const c = new Cursor(toks);
  if (is(c.peek(), 'for')) c.i++;
  const minutes = readDuration(c);
  if (is(c.peek(), 'for')) c.i++; // "دو گھنٹے کے لیے"
  if (is(c.peek(), 'till')) c.i++; // "دو گھنٹے تک"
  return c.done() && minutes !== undefined && minutes > 0 ? minutes : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Recurrence phrases ("هر پنجشنبه ساعت ۱۹ تا خرداد", "كل خميس الساعة 7 مساءً حتى يونيو", "ہر جمعرات شام 7 بجے جون تک")

export interface RecurrenceReading {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  /** 0 = Sunday. */
  weekdays: number[];
  monthDay?: number;
  hour: number;
  minute: number;
  /** Minutes from start to end when the phrase gave a range ("ساعت ۱۹ تا ۲۱"). */
  durationMinutes?: number;
  /** The last day, inclusive. */
  until?: Ymd;
  count?: number;
}

/** `rules`: one, or one per reading of an hour with no part of the day. */
export type RecurrenceRead =
  | { ok: true; rules: RecurrenceReading[] }
  | { ok: false; error: 'unrecognized' | 'ambiguous_time' | 'no_end' };

/** A date alone (the end of a series): "خرداد" (its first day), "۱۵ خرداد", "1 يونيو 2027", "2027-06-01". */
function sliceDate(toks: Tok[], today: Ymd, locale: Locale | undefined): Ymd | undefined {
  const t = toks.filter((x) => x.k !== 'monthword');
  if (t.length === 1 && is(t[0], 'month')) {
    const { cal, month } = t[0];
    const y = yearIn(cal, today);
    for (const year of [y, y + 1]) {
      const g = calDate(cal, year, month, 1);
      if (g && cmp(g, today) > 0) return g;
    }
    return undefined;
  }
  const c = new Cursor(t);
  const seg = readSegment(c, false);
  if (!seg || !c.done() || !seg.day || seg.clock || seg.period || seg.duration !== undefined) return undefined;
  const days = resolveDays(seg.day, today, locale);
  return days && days.length === 1 ? days[0] : undefined;
}

export function readRecurrencePhrase(input: string, opts: { today: Ymd; locale?: Locale }): RecurrenceRead {
  const locale = scriptLocale(input) ?? opts.locale;
  const all = tokenize(input, locale);
  if (!all) return { ok: false, error: 'unrecognized' };
  let toks = all.filter((t) => !(t.k === 'word' && t.raw === ','));
  if (toks.some((t) => t.k === 'word')) return { ok: false, error: 'unrecognized' };

  // The count: "۱۰ بار", "10 مرات", "10 دفعہ".
  let count: number | undefined;
  const ti = toks.findIndex((t) => t.k === 'times');
  if (ti > 0) {
    const nt = toks[ti - 1];
    const n = is(nt, 'number') ? nt.n : is(nt, 'num') ? nt.n : undefined;
    if (n === undefined || !Number.isInteger(n)) return { ok: false, error: 'unrecognized' };
    count = n;
    toks = [...toks.slice(0, ti - 1), ...toks.slice(ti + 1)].filter((t, i, arr) => !(t.k === 'for' && i === arr.length - 1));
    if (is(toks[ti - 2], 'for')) toks.splice(ti - 2, 1);
  }

  // The end of the series: after the last "تا"/"حتى"/"until", or before a closing Urdu "تک".
  let until: Ymd | undefined;
  if (is(toks[toks.length - 1], 'till')) {
    for (let j = 0; j < toks.length - 1; j++) {
      const d = sliceDate(toks.slice(j, toks.length - 1), opts.today, locale);
      if (d) {
        until = d;
        toks = toks.slice(0, j);
        break;
      }
    }
    if (!until) return { ok: false, error: 'unrecognized' };
  } else {
    for (let j = toks.length - 1; j >= 0; j--) {
      if (!is(toks[j], 'to')) continue;
      const d = sliceDate(toks.slice(j + 1), opts.today, locale);
      if (d) {
        until = d;
        toks = toks.slice(0, j);
      }
      break;
    }
  }

  // The frequency: "هر پنجشنبه", "كل خميس", "كل يوم", "هر دو هفته دوشنبه", "هفتگی", "ہر روز".
  let freq: RecurrenceReading['freq'] | undefined;
  let interval = 1;
  const weekdays: number[] = [];
  let monthDay: number | undefined;
  const rest: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.k === 'every') {
      let j = i + 1;
      const nt = toks[j];
      if ((is(nt, 'number') && !nt.colon) || is(nt, 'num')) {
        if (is(toks[j + 1], 'week') || is(toks[j + 1], 'dayword') || is(toks[j + 1], 'monthword')) {
          interval = (nt as { n: number }).n;
          j++;
        }
      }
      const u = toks[j];
      if (is(u, 'dayword') && !is(toks[j + 1], 'weekday')) freq = 'DAILY';
      else if (is(u, 'week')) freq = 'WEEKLY';
      else if (is(u, 'monthword')) freq = 'MONTHLY';
      else if (is(u, 'dayword') || is(u, 'weekday')) freq = freq ?? 'WEEKLY';
      else return { ok: false, error: 'unrecognized' };
      i = j;
      if (is(u, 'weekday')) weekdays.push(u.day);
      // "كل يوم خميس": every Thursday.
      const after = toks[j + 1];
      if (is(u, 'dayword') && is(after, 'weekday')) {
        weekdays.push(after.day);
        i = j + 1;
      }
      continue;
    }
    if (t.k === 'freq') { freq = t.freq; continue; }
    if (t.k === 'weekday') { weekdays.push(t.day); continue; }
    if (t.k === 'and' && is(toks[i + 1], 'weekday')) continue;
    if (freq === 'MONTHLY' && is(t, 'number') && !t.colon && monthDay === undefined && (is(toks[i - 1], 'monthword') || is(toks[i - 1], 'dayword'))) {
      monthDay = t.n;
      continue;
    }
    rest.push(t);
  }
  if (!freq) return { ok: false, error: 'unrecognized' };
  if (freq === 'DAILY' && weekdays.length) return { ok: false, error: 'unrecognized' };
  if (freq === 'MONTHLY' && (monthDay === undefined || weekdays.length)) return { ok: false, error: 'unrecognized' };
  if (interval < 1 || interval > 12) return { ok: false, error: 'unrecognized' };

  // The time (and an end time).
  const c = new Cursor(rest);
  const head = readSegment(c, true);
  if (!head || !head.clock || head.day) return { ok: false, error: 'unrecognized' };
  let tail: Segment | undefined;
  if (!c.done()) {
    if (!is(c.peek(), 'to')) return { ok: false, error: 'unrecognized' };
    c.i++;
    tail = readSegment(c, false);
    if (!tail || !c.done() || tail.day || !tail.clock) return { ok: false, error: 'unrecognized' };
    if (!head.period && tail.period && !head.clock.h24) head.period = tail.period;
  }
  const hours = resolveHour(head.clock, head.period, false, false);
  if (!hours || hours.length === 0 || head.clock.hour > 23) return { ok: false, error: 'unrecognized' };
  if (until === undefined && count === undefined) return { ok: false, error: 'no_end' };
  // "هر پنجشنبه ساعت ۷": one rule per reading of the hour (07:00 and 19:00), for the organizer to pick.
  const rules: RecurrenceReading[] = [];
  for (const { hour, minute } of hours) {
    let durationMinutes = head.duration;
    if (tail?.clock) {
      const eh = resolveHour(tail.clock, tail.period ?? (tail.clock.h24 ? undefined : pickPeriodFor(hour, tail.clock.hour)), false, false);
      if (!eh || eh.length !== 1) return { ok: false, error: 'ambiguous_time' };
      let d = eh[0]!.hour * 60 + eh[0]!.minute - (hour * 60 + minute);
      if (d <= 0) d += 24 * 60;
      durationMinutes = d;
    }
    rules.push({
      freq, interval, weekdays: [...new Set(weekdays)], hour, minute,
      ...(monthDay !== undefined ? { monthDay } : {}),
      ...(durationMinutes !== undefined ? { durationMinutes } : {}),
      ...(until ? { until } : {}),
      ...(count !== undefined ? { count } : {}),
    });
  }
  return { ok: true, rules };
}
