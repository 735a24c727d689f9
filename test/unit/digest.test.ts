import { nextWeeklyAt } from '../../src/domain/digest';

describe('nextWeeklyAt (when a weekly digest is due)', () => {
  it('finds the next weekday and hour in the chat’s zone, strictly after the given instant', () => {
    // Fri 27 Nov 2026 10:00 UTC = 13:30 in Tehran. Saturday 18:00 Tehran = 14:30 UTC.
    const after = new Date('2026-11-27T10:00:00Z');
    expect(nextWeeklyAt(after, 'Asia/Tehran', 6, 18).toISOString()).toBe('2026-11-28T14:30:00.000Z');
    // Friday 18:00 Tehran is still ahead today.
    expect(nextWeeklyAt(after, 'Asia/Tehran', 5, 18).toISOString()).toBe('2026-11-27T14:30:00.000Z');
    // Friday 09:00 Tehran has passed: a week later.
    expect(nextWeeklyAt(after, 'Asia/Tehran', 5, 9).toISOString()).toBe('2026-12-04T05:30:00.000Z');
    // Exactly at the due instant: the following week.
    expect(nextWeeklyAt(new Date('2026-11-28T14:30:00Z'), 'Asia/Tehran', 6, 18).toISOString()).toBe('2026-12-05T14:30:00.000Z');
  });

  it('keeps the local hour across a DST change', () => {
    // Sunday 18:00 in New York, before (EDT, UTC-4) and after (EST, UTC-5) 1 Nov 2026.
    expect(nextWeeklyAt(new Date('2026-10-26T00:00:00Z'), 'America/New_York', 0, 18).toISOString()).toBe('2026-11-01T23:00:00.000Z');
    expect(nextWeeklyAt(new Date('2026-10-20T00:00:00Z'), 'America/New_York', 0, 18).toISOString()).toBe('2026-10-25T22:00:00.000Z');
  });

  it('uses the chat’s calendar day, not UTC’s', () => {
    // 22:00 UTC Friday is already Saturday 01:30 in Tehran: Saturday 09:00 Tehran is the same local day.
    expect(nextWeeklyAt(new Date('2026-11-27T22:00:00Z'), 'Asia/Tehran', 6, 9).toISOString()).toBe('2026-11-28T05:30:00.000Z');
  });
});
