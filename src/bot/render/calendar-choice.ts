/**
 * The calendar line of /settings and of a channel's settings, and the chooser's buttons' labels:
 * which calendars the reader sees (first, and beside it), whether that is their language's default,
 * and today's date as it will look.
 */
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { calendarOrder, formatDate, formatDayMonthYear } from '../../domain/date-format';
import { CALENDAR_SYSTEMS, type CalendarSystem } from '../../domain/time';

/** "auto" (the language's default) or one of the calendars: what the chooser offers. */
export const CALENDAR_CHOICES = ['auto', ...CALENDAR_SYSTEMS] as const;
export type CalendarChoice = (typeof CALENDAR_CHOICES)[number];

export function isCalendarChoice(v: string): v is CalendarChoice {
  return (CALENDAR_CHOICES as readonly string[]).includes(v);
}

/** The stored value for a choice: undefined for "auto". */
export function storedCalendar(choice: CalendarChoice): CalendarSystem | undefined {
  return choice === 'auto' ? undefined : choice;
}

/**
 * value: "Solar Hijri · Gregorian — language default"; example: today in those calendars. Written in
 * `locale` (the one reading the settings) for readers of `readerLocale` (a channel's post language).
 */
export function calendarSummary(
  t: Translate,
  locale: Locale,
  choice: CalendarSystem | undefined,
  now: Date,
  zone: string,
  readerLocale: Locale = locale,
): { value: string; example: string } {
  const order = calendarOrder(choice, readerLocale);
  const names = [order.primary, ...(order.beside ? [order.beside] : [])].map((c) => t(`settings.calendar.${c}`)).join(' · ');
  const value = choice === undefined ? `${names} — ${t('settings.calendar.auto')}` : names;
  const first = formatDate(now, zone, locale, true, order.primary);
  const example = order.beside ? `${first} · ${formatDayMonthYear(now, zone, locale, order.beside)}` : first;
  return { value, example };
}
