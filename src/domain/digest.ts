/**
 * When a chat's weekly digest is due: the next time, strictly after `after`, that the chat's own
 * wall clock shows `weekday` (0 = Sunday … 6 = Saturday) at `hour`:00. Computed on the local
 * calendar, so a DST change in the chat's zone does not shift the hour.
 */
import { instantToZonedWallTime, zonedWallTimeToInstant } from './time';

export function nextWeeklyAt(after: Date, zone: string, weekday: number, hour: number): Date {
  const local = instantToZonedWallTime(after, zone);
  // Walk the local calendar day by day (at most 8 days) from "today" in the chat's zone.
  const base = Date.UTC(local.year, local.month - 1, local.day);
  for (let i = 0; i <= 8; i++) {
    const day = new Date(base + i * 86_400_000);
    if (day.getUTCDay() !== weekday) continue;
    const at = zonedWallTimeToInstant(
      { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour, minute: 0 },
      zone,
    );
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error(`no weekday ${weekday} within 8 days of ${after.toISOString()}`);
}
