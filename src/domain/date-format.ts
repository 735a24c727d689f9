/**
 * How dates, times and zones are shown: in the reader's calendar first (with a second calendar beside
 * it where the reader expects one), in the language's digits (src/i18n/digits.ts), with the zone's
 * localized name ("وقت ایران", "توقيت إيران", "Iran Time") rather than its IANA id.
 *
 * Calendars come from Intl (ICU): the Solar Hijri calendar ("persian", the official calendar of Iran
 * and Afghanistan, arithmetic and exact), the Hijri calendar as Umm al-Qura ("islamic-umalqura", Saudi
 * Arabia's published calendar and the one most Arabic software shows; "islamic-civil" is a purely
 * arithmetic approximation that is often a day off). Iran's official lunar calendar follows moon
 * sightings announced month by month and can differ from Umm al-Qura by a day; no table of it exists
 * ahead of time, so the bot shows Umm al-Qura and the README says so.
 */
import type { Translate } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import { FSI, PDI, isRtlLocale, isolateLtr } from '../i18n/bidi';
import { intlTag, localizeDigits } from '../i18n/digits';
import { zoneLabel } from './timezones';
import { instantToZonedWallTime, isValidTimeZone, type CalendarSystem } from './time';

const MINUTE = 60_000;

/** The calendar a reader sees first when they (or their channel) chose none. */
export const DEFAULT_CALENDAR: Record<Locale, CalendarSystem> = { en: 'gregorian', fa: 'persian', ar: 'gregorian', ur: 'gregorian' };

/**
 * The calendar shown beside a Gregorian date, per language: Solar Hijri for Persian readers, Hijri for
 * Arabic and Urdu readers (religious dates are reckoned in it), none for English.
 */
const BESIDE_GREGORIAN: Record<Locale, CalendarSystem | undefined> = { en: undefined, fa: 'persian', ar: 'islamic', ur: 'islamic' };

export interface CalendarOrder {
  primary: CalendarSystem;
  /** Shown beside the primary date; a non-Gregorian primary always has the Gregorian date beside it. */
  beside?: CalendarSystem;
}

/** The calendars a reader sees: their choice (or their channel's), else the language's default. */
export function calendarOrder(choice: CalendarSystem | undefined, locale: Locale): CalendarOrder {
  const primary = choice ?? DEFAULT_CALENDAR[locale] ?? 'gregorian';
  const beside = primary === 'gregorian' ? BESIDE_GREGORIAN[locale] : 'gregorian';
  return beside ? { primary, beside } : { primary };
}

type IntlCalendar = 'gregory' | 'persian' | 'islamic-umalqura';
const INTL_CALENDAR: Record<CalendarSystem, IntlCalendar> = { gregorian: 'gregory', persian: 'persian', islamic: 'islamic-umalqura' };

/** The Intl locale tag for a bot locale in the Gregorian calendar, with the language's digits. */
export function gregorianTag(locale: Locale): string {
  return intlTag(locale, 'gregory');
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: Locale, calendar: CalendarSystem, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${calendar}|${zone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlTag(locale, INTL_CALENDAR[calendar] ?? 'gregory'), { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/**
 * "Sat 5 Dec 2026" (en), "شنبه ۱۴ آذر ۱۴۰۵" (fa, Solar Hijri), "السبت، ٥ ديسمبر ٢٠٢٦" (ar): the weekday,
 * then day, month and year in `calendar`. Built from two Intl calls because ICU's combined pattern
 * for some pairs is wrong ("۱۴۰۵ آذر ۱۴, شنبه" for Persian in the Solar Hijri calendar).
 */
export function formatDate(instant: Date, zone: string, locale: Locale, withYear = true, calendar: CalendarSystem = 'gregorian'): string {
  const en = locale === 'en';
  const weekday = fmt(locale, calendar, zone, { weekday: en ? 'short' : 'long' }).format(instant);
  const dayMonth = fmt(locale, calendar, zone, {
    day: 'numeric',
    month: en && calendar === 'gregorian' ? 'short' : 'long',
    ...(withYear ? { year: 'numeric' } : {}),
  }).format(instant);
  const sep = locale === 'ar' || locale === 'ur' ? '، ' : ' ';
  return `${weekday}${sep}${dayMonth}`;
}

/** "14 Azar 1405 AP", "۱۴ آذر ۱۴۰۵", "٢٥ جمادى الآخرة ١٤٤٨ هـ": a date without its weekday. */
export function formatDayMonthYear(instant: Date, zone: string, locale: Locale, calendar: CalendarSystem): string {
  return fmt(locale, calendar, zone, { day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
}

/** "18:30" (24-hour clock, the locale's digits). */
export function formatTime(instant: Date, zone: string, locale: Locale): string {
  return fmt(locale, 'gregorian', zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/**
 * The zone as readers call it, from Intl's generic location names: "وقت ایران", "توقيت إيران",
 * "ایران وقت", "Iran Time" (for zones with no name, "GMT+03:30" in the locale's digits). The IANA id
 * is for settings (zoneWithId), where a reader may need to tell two zones of one country apart.
 */
export function zoneName(zone: string, locale: Locale): string {
  if (!isValidTimeZone(zone)) return zone;
  // UTC and the fixed offsets picked at onboarding (Etc/GMT-3 is UTC+3): "UTC+3" in the locale's digits.
  if (zone === 'UTC' || zone.startsWith('Etc/')) return localizeDigits(zoneLabel(zone), locale);
  const parts = fmt(locale, 'gregorian', zone, { timeZoneName: 'shortGeneric' }).formatToParts(new Date(0));
  return parts.find((p) => p.type === 'timeZoneName')?.value.replace(/[\u200e\u200f]/g, '') ?? zone;
}

/** "وقت ایران (Asia/Tehran)": the name and, isolated as a left-to-right run, the IANA id. */
export function zoneWithId(zone: string, locale: Locale): string {
  const name = zoneName(zone, locale);
  if (zone === 'UTC' || zone.startsWith('Etc/')) return isolateLtr(name, locale);
  return name === zone ? isolateLtr(zone, locale) : `${name} (${isolateLtr(zone, locale)})`;
}

function sameLocalDay(a: Date, b: Date, zone: string): boolean {
  const x = instantToZonedWallTime(a, zone);
  const y = instantToZonedWallTime(b, zone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

/**
 * Unambiguous echo, e.g. "Sat 5 Dec 2026, 18:30–20:30 (Iran Time)", "شنبه ۱۴ آذر ۱۴۰۵، ۱۸:۳۰–۲۰:۳۰
 * (وقت ایران)"; all-day: "Sat 5 Dec 2026 (all day)"; multi-day spans show both dates. Dates are in
 * `calendar` (default Gregorian), numbers in the locale's digits, the zone by its localized name.
 * `t` supplies the words ("all day", the date-time separator) in the reader's language.
 */
export function formatWhen(
  start: Date,
  end: Date | undefined,
  zoneId: string,
  locale: Locale,
  allDay: boolean,
  t: Translate,
  calendar: CalendarSystem = 'gregorian',
): string {
  // A zone Intl does not know would throw; show the instant in UTC, labelled as such, instead.
  const zone = isValidTimeZone(zoneId) ? zoneId : 'UTC';
  const sep = t('dates.dateTimeSeparator');
  const label = t('dates.allDay');
  const date = (d: Date) => formatDate(d, zone, locale, true, calendar);
  if (allDay) {
    const lastDay = end ? new Date(end.getTime() - MINUTE) : start;
    const first = date(start);
    const range = end && !sameLocalDay(start, lastDay, zone) ? `${first} – ${date(lastDay)}` : first;
    return `${range} (${label})`;
  }
  // Isolated in right-to-left languages: "UTC+۳" or an English name must not reorder the times.
  const zoneText = zoneName(zone, locale);
  const zoneLabel = `(${isRtlLocale(locale) ? `${FSI}${zoneText}${PDI}` : zoneText})`;
  const startText = `${date(start)}${sep}${formatTime(start, zone, locale)}`;
  if (!end) return `${startText} ${zoneLabel}`;
  if (sameLocalDay(start, end, zone)) return `${startText}–${formatTime(end, zone, locale)} ${zoneLabel}`;
  return `${startText} – ${date(end)}${sep}${formatTime(end, zone, locale)} ${zoneLabel}`;
}

/** What a reader sees of an event's time: the main text in their first calendar, and the date beside. */
export interface WhenText {
  main: string;
  beside?: string;
}

export function describeWhen(
  event: { startAt: Date; endAt?: Date | undefined; allDay: boolean },
  zoneId: string,
  locale: Locale,
  calendars: CalendarOrder,
  t: Translate,
): WhenText {
  const zone = isValidTimeZone(zoneId) ? zoneId : 'UTC';
  const main = formatWhen(event.startAt, event.endAt, zone, locale, event.allDay, t, calendars.primary);
  if (!calendars.beside) return { main };
  return { main, beside: formatDayMonthYear(event.startAt, zone, locale, calendars.beside) };
}

/** The same on one line: "شنبه ۱۴ آذر ۱۴۰۵، ۱۸:۳۰ (وقت ایران) · ۵ دسامبر ۲۰۲۶". */
export function whenOneLine(w: WhenText): string {
  return w.beside ? `${w.main} · ${w.beside}` : w.main;
}
