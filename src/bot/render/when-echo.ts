/**
 * What the bot understood from a typed date, said back before anything is published: weekday, the date
 * in the organizer's calendar and in Gregorian, the time (and end), and the zone. One function, so the
 * dialogue, the one-message form and the date questions all say it the same way (and a better
 * formatter changes it everywhere).
 */
import { calendarOrder, formatDate, formatDayMonthYear, formatTime, formatWhen } from '../../domain/date-format';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { instantToZonedWallTime, isValidTimeZone, type CalendarSystem } from '../../domain/time';

/**
 * The calendar the echo adds beside Gregorian: the organizer's own setting, or their language's
 * (Solar Hijri for Persian, Hijri for Arabic and Urdu), so a Persian organizer who typed "۱۴ آذر" sees
 * "۱۴ آذر ۱۴۰۵" back whatever their setting.
 */
export function echoCalendar(locale: Locale, setting: CalendarSystem | undefined): CalendarSystem {
  if (setting && setting !== 'gregorian') return setting;
  return locale === 'fa' ? 'persian' : locale === 'ar' || locale === 'ur' ? 'islamic' : 'gregorian';
}

/**
 * "شنبه ۱۴ آذر ۱۴۰۵، ۱۸:۳۰–۲۰:۳۰ (وقت ایران) · ۵ دسامبر ۲۰۲۶": the unambiguous echo of a start (and
 * end), in the same calendar order as every other message (calendarOrder: the organizer's choice, or
 * their language's default, first; the other calendar's date beside it, the start's local date in the
 * event's zone). The calendars shown are echoCalendar's and Gregorian.
 */
export function echoWhen(
  when: { start: Date; end?: Date; allDay: boolean; zone: string },
  viewer: { locale: Locale; calendar?: CalendarSystem },
  t: Translate,
): string {
  const zone = isValidTimeZone(when.zone) ? when.zone : 'UTC';
  const order = calendarOrder(viewer.calendar, viewer.locale);
  const main = formatWhen(when.start, when.end, zone, viewer.locale, when.allDay, t, order.primary);
  if (!order.beside) return main;
  return t('dates.echo', { when: main, other: formatDayMonthYear(when.start, zone, viewer.locale, order.beside) });
}

/** A button label for one reading of an ambiguous date: weekday, date, time (the zone is the same for all). */
export function choiceLabel(when: { start: Date; end?: Date; allDay: boolean; zone: string }, locale: Locale, calendar?: CalendarSystem): string {
  const zone = isValidTimeZone(when.zone) ? when.zone : 'UTC';
  // The same calendar order as the echo and every message: the reader's first calendar, the other beside.
  const order = calendarOrder(calendar, locale);
  const date = formatDate(when.start, zone, locale, true, order.primary);
  const other = order.beside ? ` (${formatDayMonthYear(when.start, zone, locale, order.beside)})` : '';
  if (when.allDay) return `${date}${other}`;
  let time = formatTime(when.start, zone, locale);
  if (when.end) {
    const a = instantToZonedWallTime(when.start, zone);
    const b = instantToZonedWallTime(when.end, zone);
    const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
    time += `–${sameDay ? '' : `${formatDate(when.end, zone, locale, false, order.primary)} `}${formatTime(when.end, zone, locale)}`;
  }
  return `${date}${other}، ${time}`.replace('، ', locale === 'en' ? ', ' : '، ');
}

/**
 * The readings of an ambiguous date as lines ("\n• Sat 28 Nov 2026, 07:00"), for the questions that
 * ask the organizer to type the date again (postponing, editing) instead of offering buttons.
 */
export function readingLines(choices: readonly { start?: string; end?: string; allDay?: boolean; timezone: string }[], locale: Locale, calendar?: CalendarSystem): string {
  return choices
    .filter((c): c is typeof c & { start: string } => c.start !== undefined)
    .map((c) => `\n• ${choiceLabel({ start: new Date(c.start), end: c.end ? new Date(c.end) : undefined, allDay: c.allDay ?? false, zone: c.timezone }, locale, calendar)}`)
    .join('');
}
