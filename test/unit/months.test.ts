import { monthDays, monthOf, monthStart, nextMonth, previousMonth } from '../../src/domain/months';

const iso = (d: { year: number; month: number; day: number } | undefined) => (d ? `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : undefined);

describe('months in the readers’ calendars as runs of Gregorian days', () => {
  it('Solar Hijri: Farvardin 1405 begins at Nowruz, 21 March 2026, with 31 days; Azar has 30; Esfand 30 in a leap year, 29 otherwise', () => {
    const farvardin = monthDays('persian', 1405, 1)!;
    expect([iso(farvardin[0]), farvardin.length]).toEqual(['2026-03-21', 31]);
    const azar = monthDays('persian', 1405, 9)!;
    expect([iso(azar[0]), iso(azar.at(-1)), azar.length]).toEqual(['2026-11-22', '2026-12-21', 30]);
    expect(monthDays('persian', 1403, 12)!.length).toBe(30);
    expect(monthDays('persian', 1404, 12)!.length).toBe(29);
    expect(iso(monthStart('persian', 1404, 12))).toBe('2026-02-20');
  });

  it('Hijri (Umm al-Qura): Jumada II 1448 runs 11 November – 9 December 2026 (29 days)', () => {
    const days = monthDays('islamic', 1448, 6)!;
    expect([iso(days[0]), iso(days.at(-1)), days.length]).toEqual(['2026-11-11', '2026-12-09', 29]);
  });

  it('Gregorian months are themselves, February 2028 included', () => {
    expect(monthDays('gregorian', 2028, 2)!.length).toBe(29);
    expect(iso(monthDays('gregorian', 2026, 12)!.at(-1))).toBe('2026-12-31');
  });

  it('finds the month a day is in, and has no thirteenth month', () => {
    expect(monthOf('persian', { year: 2026, month: 12, day: 5 })).toEqual([1405, 9]);
    expect(monthOf('persian', { year: 2026, month: 12, day: 22 })).toEqual([1405, 10]);
    expect(monthOf('islamic', { year: 2026, month: 12, day: 5 })).toEqual([1448, 6]);
    expect(monthOf('gregorian', { year: 2026, month: 12, day: 5 })).toEqual([2026, 12]);
    expect(monthDays('persian', 1405, 13)).toBeUndefined();
    expect(monthDays('islamic', 1448, 0)).toBeUndefined();
    expect(nextMonth(1405, 12)).toEqual([1406, 1]);
    expect(previousMonth(1405, 1)).toEqual([1404, 12]);
  });
});
