/**
 * Instants are stored as UTC `Date`s plus an IANA zone name; everything here converts between the
 * two with dayjs's utc/timezone plugins (which use the platform's ICU time-zone data, so DST rules
 * are the operating system's current ones) and formats with Intl for other calendars.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

export { dayjs };


export type CalendarSystem = 'gregorian' | 'islamic' | 'persian';
export const CALENDAR_SYSTEMS: readonly CalendarSystem[] = ['gregorian', 'islamic', 'persian'];

const zoneCache = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
  const cached = zoneCache.get(zone);
  if (cached !== undefined) return cached;
  let ok = false;
  try {
    // Intl throws RangeError for an unknown zone; "UTC" and "Etc/GMT+3" are valid IANA names.
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    ok = zone.length > 0;
  } catch {
    ok = false;
  }
  zoneCache.set(zone, ok);
  return ok;
}

/** The offset of `zone` from UTC at `instant`, in minutes (Tehran: +210). */
export function zoneOffsetMinutes(instant: Date, zone: string): number {
  return dayjs(instant).tz(zone).utcOffset();
}

/** "UTC+03:30" style label for an offset in minutes. */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${sign}${hh}:${mm}`;
}

/**
 * The UTC instant at which the wall clock in `zone` shows the given local date and time. In a DST
 * gap (a time that does not exist) it moves forward by the gap; in an overlap (a fall-back night,
 * when the time occurs twice) it takes the first, as RFC 5545 requires. dayjs alone returns the
 * second occurrence, so the earlier candidate (the offset in force before the change) is tried first.
 */
export function zonedWallTimeToInstant(
  wall: { year: number; month: number; day: number; hour: number; minute: number },
  zone: string,
): Date {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const text = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:00`;
  const candidate = dayjs.tz(text, zone).toDate();
  const offsetBefore = zoneOffsetMinutes(new Date(candidate.getTime() - 6 * 3_600_000), zone);
  const earlier = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) - offsetBefore * 60_000);
  if (earlier.getTime() < candidate.getTime()) {
    const w = instantToZonedWallTime(earlier, zone);
    if (w.year === wall.year && w.month === wall.month && w.day === wall.day && w.hour === wall.hour && w.minute === wall.minute) {
      return earlier;
    }
  }
  return candidate;
}

/** The wall-clock fields of `instant` in `zone`. */
export function instantToZonedWallTime(instant: Date, zone: string) {
  const d = dayjs(instant).tz(zone);
  return { year: d.year(), month: d.month() + 1, day: d.date(), hour: d.hour(), minute: d.minute(), weekday: d.day() };
}
