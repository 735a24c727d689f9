/**
 * Recurring series: reading "every Thursday 19:00 until June" into an RFC 5545 RRULE, expanding it
 * into occurrences at the same local wall-clock time across DST changes, and describing it on a card.
 *
 * rrule's own time-zone support depends on the process zone, so it is only ever given "floating"
 * dates: the local wall-clock fields written into a UTC Date (rrule computes with UTC getters). Each
 * result is turned back into a real instant with wallClockToInstant, which applies that day's
 * offset — 19:00 stays 19:00 when New York moves its clocks (wallClockToInstant: a time in a DST gap
 * moves forward, a time that occurs twice is the first).
 */
import { RRule, Frequency, Weekday, type Options } from 'rrule';
import type { Translate } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import { parseWhen, wallClockToInstant } from './dates';
import { gregorianTag } from './date-format';
import { normalizeDigits } from './typed-text';
import { instantToZonedWallTime, isValidTimeZone } from './time';
import { readRecurrencePhrase, type RecurrenceReading } from './read-date';
import type { Locale as ReaderLocale } from '../i18n/locales';

const DAY_WORDS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** A rule read from Persian, Arabic or Urdu, written in the English grammar parseRuleBody reads. */
function ruleInEnglish(r: RecurrenceReading): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = r.weekdays.map((d) => DAY_WORDS[d]).join(' ');
  let body: string;
  if (r.freq === 'DAILY') body = r.interval > 1 ? `every ${r.interval} days` : 'daily';
  else if (r.freq === 'MONTHLY') body = `${r.interval > 1 ? `every ${r.interval} months` : 'monthly'} on the ${r.monthDay ?? 1}`;
  else body = r.interval > 1 ? `every ${r.interval} weeks ${days}` : days ? `every ${days}` : 'weekly';
  const end = r.until ? `until ${r.until.year}-${pad(r.until.month)}-${pad(r.until.day)}` : `for ${r.count ?? 0} times`;
  return `${body} ${pad(r.hour)}:${pad(r.minute)} ${end}`;
}

export type RecurrenceError = 'unrecognized' | 'no_end' | 'too_many' | 'ambiguous_time';
/** One reading of a repeat phrase; `durationMinutes` when it gave a time range ("هر پنجشنبه ساعت ۱۹ تا ۲۱ تا خرداد"). */
export interface RecurrenceReadingResult {
  rrule: string;
  first: Date;
  durationMinutes?: number;
}
/** `ambiguous`: the phrase's hour reads two ways ("هر پنجشنبه ساعت ۷"); every reading, for the organizer to pick. */
export type RecurrenceResult =
  | ({ ok: true } & RecurrenceReadingResult)
  | { ok: false; error: RecurrenceError }
  | { ok: false; error: 'ambiguous'; readings: RecurrenceReadingResult[] };

/** The most occurrences a series may have (two years of weekly meetings). */
export const MAX_OCCURRENCES = 104;

const WEEKDAYS: { re: RegExp; day: Weekday; code: string }[] = [
  { re: /^(?:mon|monday|mondays|mo)$/, day: RRule.MO, code: 'MO' },
  { re: /^(?:tue|tues|tuesday|tuesdays|tu)$/, day: RRule.TU, code: 'TU' },
  { re: /^(?:wed|weds|wednesday|wednesdays|we)$/, day: RRule.WE, code: 'WE' },
  { re: /^(?:thu|thur|thurs|thursday|thursdays|th)$/, day: RRule.TH, code: 'TH' },
  { re: /^(?:fri|friday|fridays|fr)$/, day: RRule.FR, code: 'FR' },
  { re: /^(?:sat|saturday|saturdays|sa)$/, day: RRule.SA, code: 'SA' },
  { re: /^(?:sun|sunday|sundays|su)$/, day: RRule.SU, code: 'SU' },
];
const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const ORDINALS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: -1,
};

/** Words that carry no meaning between the parts of a rule. */
const FILLER_WORDS = new Set(['on', 'the', 'at', 'and', 'of', 'each', 'every', 'month', 'a', 'in', 'starting', 'from', 'day']);

type Wall = { year: number; month: number; day: number; hour: number; minute: number };

function floating(w: Wall, second = 0): Date {
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, second));
}

function fromFloating(d: Date): Wall {
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

function wallOf(instant: Date, zone: string): Wall {
  const w = instantToZonedWallTime(instant, zone);
  return { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute };
}

function untilStamp(instant: Date): string {
  return instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

interface RuleParts {
  freq: Frequency;
  interval: number;
  byday: { code: string; n?: number }[];
  bymonthday?: number;
  hour: number;
  minute: number;
}

/**
 * Pulls the time out of the text: "19:00", "7pm", "7:30 pm", "at 19". A bare number without "at" is
 * left alone (it is an interval or a day of the month).
 */
function takeTime(s: string): { hour: number; minute: number; rest: string } | undefined {
  const re = /(^|[\s,])(at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?(?=[\s,]|$)/g;
  for (const c of s.matchAll(re)) {
    if (c[2] === undefined && c[4] === undefined && c[5] === undefined) continue;
    let hour = Number(c[3]);
    const minute = c[4] === undefined ? 0 : Number(c[4]);
    if (c[5]) {
      if (hour < 1 || hour > 12) return undefined;
      if (c[5] === 'pm' && hour !== 12) hour += 12;
      if (c[5] === 'am' && hour === 12) hour = 0;
    }
    if (hour > 23 || minute > 59) return undefined;
    const index = c.index ?? 0;
    return { hour, minute, rest: `${s.slice(0, index)} ${s.slice(index + c[0].length)}` };
  }
  return undefined;
}

function parseRuleBody(text: string): RuleParts | undefined {
  const time = takeTime(text);
  if (!time) return undefined;
  let s = time.rest.replace(/,/g, ' ').replace(/\s+/g, ' ').trim();

  let freq: Frequency | undefined;
  let interval = 1;
  const freqPatterns: { re: RegExp; apply: (m: RegExpExecArray) => void }[] = [
    { re: /\bevery\s+(\d+)\s+(day|days|week|weeks|month|months)\b/, apply: (m) => { interval = Number(m[1]); freq = unitFreq(m[2]!); } },
    { re: /\bevery\s+other\s+(day|week|month)\b/, apply: (m) => { interval = 2; freq = unitFreq(m[1]!); } },
    { re: /\bevery\s+(day|week|month)\b/, apply: (m) => { freq = unitFreq(m[1]!); } },
    { re: /\b(?:biweekly|fortnightly|every\s+fortnight)\b/, apply: () => { interval = 2; freq = Frequency.WEEKLY; } },
    { re: /\bweekly\b/, apply: () => { freq = Frequency.WEEKLY; } },
    { re: /\bmonthly\b/, apply: () => { freq = Frequency.MONTHLY; } },
    { re: /\bdaily\b/, apply: () => { freq = Frequency.DAILY; } },
  ];
  for (const p of freqPatterns) {
    const m = p.re.exec(s);
    if (m) {
      p.apply(m);
      s = `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`;
      break;
    }
  }
  if (interval < 1 || interval > 12) return undefined;

  const byday: { code: string; n?: number }[] = [];
  let bymonthday: number | undefined;
  const words = s.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (FILLER_WORDS.has(w)) continue;
    const weekday = WEEKDAYS.find((d) => d.re.test(w));
    if (weekday) {
      byday.push({ code: weekday.code });
      continue;
    }
    const ord = ORDINALS[w];
    const next = words[i + 1];
    const nextDay = next ? WEEKDAYS.find((d) => d.re.test(next)) : undefined;
    if (ord !== undefined && nextDay) {
      byday.push({ code: nextDay.code, n: ord });
      i += 1;
      continue;
    }
    const md = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(w);
    if (md && bymonthday === undefined) {
      const n = Number(md[1]);
      if (n < 1 || n > 31) return undefined;
      bymonthday = n;
      continue;
    }
    return undefined;
  }
  // Without a frequency word: "every thursday" is weekly; "every 15th", "every last friday of the month"
  // are monthly.
  if (freq === undefined) {
    if (byday.length > 0 && byday.every((d) => d.n === undefined) && bymonthday === undefined) freq = Frequency.WEEKLY;
    else if ((bymonthday !== undefined && byday.length === 0) || (byday.length > 0 && byday.every((d) => d.n !== undefined))) freq = Frequency.MONTHLY;
    else return undefined;
  }
  if (freq === Frequency.WEEKLY && (bymonthday !== undefined || byday.some((d) => d.n !== undefined))) return undefined;
  if (freq === Frequency.DAILY && (bymonthday !== undefined || byday.length > 0)) return undefined;
  if (freq === Frequency.MONTHLY && bymonthday !== undefined && byday.length > 0) return undefined;
  const unique = [...new Map(byday.map((d) => [`${d.n ?? ''}${d.code}`, d])).values()];
  return { freq, interval, byday: unique, bymonthday, hour: time.hour, minute: time.minute };
}

function unitFreq(unit: string): Frequency {
  if (unit.startsWith('day')) return Frequency.DAILY;
  if (unit.startsWith('week')) return Frequency.WEEKLY;
  return Frequency.MONTHLY;
}

const FREQ_NAMES = new Map<Frequency, string>([
  [Frequency.DAILY, 'DAILY'],
  [Frequency.WEEKLY, 'WEEKLY'],
  [Frequency.MONTHLY, 'MONTHLY'],
]);

function buildRule(parts: RuleParts, end: { count?: number; until?: Date }): string {
  const out = [`FREQ=${FREQ_NAMES.get(parts.freq) ?? 'WEEKLY'}`];
  if (parts.interval > 1) out.push(`INTERVAL=${parts.interval}`);
  if (parts.byday.length > 0) {
    const sorted = [...parts.byday].sort((a, b) => CODES.indexOf(a.code) - CODES.indexOf(b.code));
    out.push(`BYDAY=${sorted.map((d) => `${d.n ?? ''}${d.code}`).join(',')}`);
  }
  if (parts.bymonthday !== undefined) out.push(`BYMONTHDAY=${parts.bymonthday}`);
  if (end.count !== undefined) out.push(`COUNT=${end.count}`);
  if (end.until) out.push(`UNTIL=${untilStamp(end.until)}`);
  return out.join(';');
}

/**
 * "every Thursday 19:00 until June", "weekly on friday 18:00 until 2027-03-01", "monthly on the 1st
 * 10:00 for 6 times", "every 2 weeks on monday 17:00 until ..." → an RFC 5545 RRULE string (no DTSTART)
 * plus the first occurrence's start, in `zone`. Persian digits accepted. At most 104 occurrences.
 * An UNTIL date includes that whole local day; the first occurrence is the first one after `now`.
 */
export function parseRecurrence(input: string, opts: { zone: string; now: Date; locale?: ReaderLocale }): RecurrenceResult {
  const { zone, now } = opts;
  if (!isValidTimeZone(zone)) return { ok: false, error: 'unrecognized' };
  // Persian, Arabic and Urdu phrases (and English ones naming Solar Hijri or Hijri months) are read by
  // the same word tables as dates, then written in the English grammar below, so one rule builder
  // serves all four languages.
  const english = parseEnglishRecurrence(input, zone, now);
  if (english.ok || !/[\u0600-\u06ff]/.test(input) && english.error !== 'unrecognized') return english;
  const w = wallOf(now, zone);
  const native = readRecurrencePhrase(input, { today: { year: w.year, month: w.month, day: w.day }, locale: opts.locale });
  if (!native.ok) return /[\u0600-\u06ff]/.test(input) ? { ok: false, error: native.error } : english;
  const results = native.rules.map((rule) => {
    const res = parseEnglishRecurrence(ruleInEnglish(rule), zone, now);
    return res.ok && rule.durationMinutes !== undefined ? { ...res, durationMinutes: rule.durationMinutes } : res;
  });
  const readings = results.flatMap((r) => (r.ok ? [{ rrule: r.rrule, first: r.first, ...(r.durationMinutes !== undefined ? { durationMinutes: r.durationMinutes } : {}) }] : []));
  if (readings.length > 1) return { ok: false, error: 'ambiguous', readings };
  return results.find((r) => r.ok) ?? results[0]!;
}

function parseEnglishRecurrence(input: string, zone: string, now: Date): ({ ok: true } & RecurrenceReadingResult) | { ok: false; error: RecurrenceError } {
  let s = normalizeDigits(input).toLowerCase().replace(/\s+/g, ' ').trim();
  if (s === '' || s.length > 200) return { ok: false, error: 'unrecognized' };

  let count: number | undefined;
  let untilText: string | undefined;
  let span: { n: number; unit: 'week' | 'month' } | undefined;
  const countMatch = /[\s,]+(?:for\s+)?(\d+)\s*(?:times|occurrences|sessions|x)$/.exec(s);
  const spanMatch = /[\s,]+for\s+(\d+)\s*(weeks?|months?)$/.exec(s);
  if (countMatch) {
    count = Number(countMatch[1]);
    s = s.slice(0, countMatch.index);
  } else if (spanMatch) {
    // "for 10 weeks": the series runs until just before the same time 10 weeks after the first.
    span = { n: Number(spanMatch[1]), unit: spanMatch[2]!.startsWith('week') ? 'week' : 'month' };
    s = s.slice(0, spanMatch.index);
  } else {
    const untilMatch = /[\s,]+(?:until|till|through|thru|ending|ends)\s+(.+)$/.exec(s);
    if (untilMatch) {
      untilText = untilMatch[1]!;
      s = s.slice(0, untilMatch.index);
    }
  }

  const parts = parseRuleBody(s);
  if (!parts) return { ok: false, error: 'unrecognized' };
  if (count === undefined && untilText === undefined && span === undefined) return { ok: false, error: 'no_end' };
  if (span !== undefined && (span.n < 1 || span.n > 120)) return { ok: false, error: span.n < 1 ? 'unrecognized' : 'too_many' };
  if (count !== undefined && count < 1) return { ok: false, error: 'unrecognized' };
  if (count !== undefined && count > MAX_OCCURRENCES) return { ok: false, error: 'too_many' };

  let until: Date | undefined;
  if (untilText !== undefined) {
    const parsed = parseWhen(untilText, { zone, now, monthStart: true });
    if (!parsed.ok) return { ok: false, error: 'unrecognized' };
    // A date means "through that day"; a date and time is taken as given.
    until = parsed.value.allDay && parsed.value.end ? new Date(parsed.value.end.getTime() - 1000) : parsed.value.start;
  }

  // Find the first occurrence after now: run the rule from today's local date at the given time.
  const today = wallOf(now, zone);
  const candidates = expandFloating(floating({ ...today, hour: parts.hour, minute: parts.minute }), buildRule(parts, {}), undefined, zone, 60);
  const first = candidates.find((d) => d.getTime() > now.getTime());
  if (!first) return { ok: false, error: 'unrecognized' };

  if (span !== undefined) {
    const w = wallOf(first, zone);
    const after = span.unit === 'week' ? { ...w, day: w.day + 7 * span.n } : { ...w, month: w.month + span.n };
    // Date.UTC normalizes the day/month overflow; the result is a wall time in the zone.
    until = new Date(wallClockToInstant(fromFloating(floating(after)), zone).getTime() - 1000);
  }

  let rrule = buildRule(parts, { count, until });
  const occurrences = expandOccurrences(first, zone, rrule, MAX_OCCURRENCES + 1);
  if (occurrences.length === 0) return { ok: false, error: 'unrecognized' };
  if (occurrences.length > MAX_OCCURRENCES) return { ok: false, error: 'too_many' };
  // A span is stored as its number of occurrences, which is also what the card can say plainly.
  if (span !== undefined) rrule = buildRule(parts, { count: occurrences.length });
  return { ok: true, rrule, first: occurrences[0]! };
}

function parseRuleOptions(rrule: string): Partial<Options> | undefined {
  const text = rrule.trim().replace(/^RRULE:/i, '');
  if (!/^FREQ=/i.test(text) && !/;FREQ=/i.test(text)) return undefined;
  try {
    return RRule.parseString(text);
  } catch {
    return undefined;
  }
}

function expandFloating(dtstart: Date, rrule: string, untilInstant: Date | undefined, zone: string, max: number): Date[] {
  const options = parseRuleOptions(rrule);
  if (!options) return [];
  // Zone offsets are whole minutes, so the seconds of UNTIL are the same on the wall clock.
  const until = untilInstant ? floating(wallOf(untilInstant, zone), untilInstant.getUTCSeconds()) : null;
  const rule = new RRule({ ...options, dtstart, until, tzid: null });
  return rule.all((_d, i) => i < max).map((d) => wallClockToInstant(fromFloating(d), zone));
}

/** The occurrences' start instants: each at the same LOCAL wall-clock time in `zone`, across DST changes. */
export function expandOccurrences(first: Date, zone: string, rrule: string, max = MAX_OCCURRENCES): Date[] {
  if (!isValidTimeZone(zone) || max <= 0) return [];
  const options = parseRuleOptions(rrule);
  if (!options) return [];
  return expandFloating(floating(wallOf(first, zone)), rrule, options.until ?? undefined, zone, max);
}

// ---------------------------------------------------------------------------------------------------
// Description

const WEEKDAY_REFERENCE: Record<string, Date> = Object.fromEntries(
  // 2024-01-01 was a Monday.
  CODES.map((code, i) => [code, new Date(Date.UTC(2024, 0, 1 + i, 12))]),
);

function weekdayName(code: string, locale: Locale): string {
  const ref = WEEKDAY_REFERENCE[code];
  if (!ref) return code;
  return new Intl.DateTimeFormat(gregorianTag(locale), { weekday: 'long', timeZone: 'UTC' }).format(ref);
}

function joinList(items: string[], locale: Locale): string {
  return new Intl.ListFormat(gregorianTag(locale).replace(/-u-ca-gregory$/, ''), { style: 'long', type: 'conjunction' }).format(items);
}

/** Human description for the card, localized: e.g. "Weekly on Thursday, until 1 Jun 2027". */
export function describeRecurrence(rrule: string, zoneName: string, locale: Locale, t: Translate): string {
  const zone = isValidTimeZone(zoneName) ? zoneName : 'UTC';
  const options = parseRuleOptions(rrule);
  if (!options || options.freq === undefined) return t('recurrence.custom');
  const interval = options.interval ?? 1;
  const freqKey = options.freq === Frequency.DAILY ? 'day' : options.freq === Frequency.WEEKLY ? 'week' : options.freq === Frequency.MONTHLY ? 'month' : undefined;
  if (!freqKey) return t('recurrence.custom');
  const n = (count: number) => ({ count, n: new Intl.NumberFormat(gregorianTag(locale)).format(count) });
  let text = interval > 1 ? t(`recurrence.every.${freqKey}s`, n(interval)) : t(`recurrence.freq.${freqKey}`);

  const bydayRaw = /(?:^|;)BYDAY=([^;]+)/i.exec(rrule)?.[1];
  const bymonthday = /(?:^|;)BYMONTHDAY=(-?\d+)/i.exec(rrule)?.[1];
  if (bydayRaw) {
    const days = bydayRaw.split(',').map((d) => /^([+-]?\d)?([A-Z]{2})$/i.exec(d.trim())).filter((m): m is RegExpExecArray => m !== null);
    const plain = days.filter((d) => d[1] === undefined).map((d) => weekdayName(d[2]!.toUpperCase(), locale));
    const nth = days.filter((d) => d[1] !== undefined);
    if (plain.length > 0) text += t('recurrence.onDays', { days: joinList(plain, locale) });
    for (const d of nth) {
      const n = Number(d[1]);
      const ordinal = n === -1 ? 'last' : String(n);
      text += t('recurrence.onNthWeekday', { nth: t(`recurrence.nth.${ordinal}`), day: weekdayName(d[2]!.toUpperCase(), locale) });
    }
  } else if (bymonthday) {
    text += t('recurrence.onMonthDay', { day: new Intl.NumberFormat(gregorianTag(locale)).format(Number(bymonthday)) });
  }

  if (options.count) {
    text += t('recurrence.times', n(options.count));
  } else if (options.until) {
    const date = new Intl.DateTimeFormat(gregorianTag(locale), { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone }).format(options.until);
    text += t('recurrence.until', { date });
  }
  return text;
}
