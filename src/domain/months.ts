/**
 * Months in the calendars readers live by (Gregorian, Solar Hijri, Hijri Umm al-Qura) as runs of
 * Gregorian days, so that a month view can be laid out in the reader's own calendar: Persian readers
 * see Azar 1405 as a month, not December 2026 with Solar Hijri labels. Conversions come from Intl
 * (ICU) through the date reader's converters; a Hijri month has 29 or 30 days as Umm al-Qura has it.
 */
import { hijriToGregorian, solarToGregorian, type Ymd } from './read-date';
import type { CalendarSystem } from './time';

const INTL_CALENDAR = { gregorian: 'gregory', persian: 'persian', islamic: 'islamic-umalqura' } as const;
const DAY_MS = 86_400_000;

/** The month after (y, m) and the one before, in any of our calendars (all have twelve months). */
export const nextMonth = (year: number, month: number): [number, number] => (month === 12 ? [year + 1, 1] : [year, month + 1]);
export const previousMonth = (year: number, month: number): [number, number] => (month === 1 ? [year - 1, 12] : [year, month - 1]);

/** Day 1 of month (year, month) in `calendar`, as a Gregorian date; undefined when there is none. */
export function monthStart(calendar: CalendarSystem, year: number, month: number): Ymd | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (calendar === 'gregorian') return { year, month, day: 1 };
  return calendar === 'persian' ? solarToGregorian(year, month, 1) : hijriToGregorian(year, month, 1);
}

/** Months already worked out (a few dozen Intl calls each; a month view asks on every request). */
const known = new Map<string, readonly Ymd[] | undefined>();
const KNOWN_MAX = 512;

/** The Gregorian days of month (year, month) in `calendar`, first to last; undefined when there is no such month. */
export function monthDays(calendar: CalendarSystem, year: number, month: number): readonly Ymd[] | undefined {
  const key = `${calendar}|${year}|${month}`;
  if (known.has(key)) return known.get(key);
  const days = workOutMonth(calendar, year, month);
  if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value!);
  known.set(key, days);
  return days;
}

function workOutMonth(calendar: CalendarSystem, year: number, month: number): readonly Ymd[] | undefined {
  const start = monthStart(calendar, year, month);
  const end = monthStart(calendar, ...nextMonth(year, month));
  if (!start || !end) return undefined;
  const days: Ymd[] = [];
  for (let t = Date.UTC(start.year, start.month - 1, start.day); t < Date.UTC(end.year, end.month - 1, end.day); t += DAY_MS) {
    const d = new Date(t);
    days.push({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  }
  return days.length >= 28 && days.length <= 31 ? days : undefined;
}

const partsFormat = new Map<CalendarSystem, Intl.DateTimeFormat>();

/** The (year, month) in `calendar` of a Gregorian date. */
export function monthOf(calendar: CalendarSystem, date: Ymd): [number, number] {
  if (calendar === 'gregorian') return [date.year, date.month];
  let f = partsFormat.get(calendar);
  if (!f) {
    f = new Intl.DateTimeFormat(`en-u-ca-${INTL_CALENDAR[calendar]}-nu-latn`, { timeZone: 'UTC', year: 'numeric', month: 'numeric' });
    partsFormat.set(calendar, f);
  }
  const parts = f.formatToParts(new Date(Date.UTC(date.year, date.month - 1, date.day, 12)));
  const get = (type: string) => Number.parseInt(parts.find((p) => p.type === type)?.value ?? '', 10);
  return [get('year'), get('month')];
}
