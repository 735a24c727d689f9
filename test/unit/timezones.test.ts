import { etcZoneForOffset, zoneFromText, zoneLabel } from '../../src/domain/timezones';
import { zoneOffsetMinutes } from '../../src/domain/time';

describe('time zones from what members type', () => {
  it('finds zone cities and aliases in several scripts', () => {
    expect(zoneFromText('Tehran')).toBe('Asia/Tehran');
    expect(zoneFromText('  new york ')).toBe('America/New_York');
    expect(zoneFromText('Mashhad')).toBe('Asia/Tehran');
    expect(zoneFromText('مشهد')).toBe('Asia/Tehran');
    expect(zoneFromText('لاہور')).toBe('Asia/Karachi');
    expect(zoneFromText('النجف')).toBe('Asia/Baghdad');
    expect(zoneFromText('Europe/London')).toBe('Europe/London');
    expect(zoneFromText('Atlantis')).toBeUndefined();
    expect(zoneFromText('')).toBeUndefined();
  });

  it('stores UTC offsets as Etc/GMT with the inverted sign', () => {
    expect(etcZoneForOffset(3)).toBe('Etc/GMT-3');
    expect(etcZoneForOffset(-5)).toBe('Etc/GMT+5');
    expect(etcZoneForOffset(0)).toBe('Etc/UTC');
    expect(etcZoneForOffset(15)).toBeUndefined();
    expect(zoneOffsetMinutes(new Date('2026-06-01T00:00:00Z'), etcZoneForOffset(3)!)).toBe(180);
    expect(zoneOffsetMinutes(new Date('2026-06-01T00:00:00Z'), etcZoneForOffset(-5)!)).toBe(-300);
    expect(zoneFromText('UTC+3')).toBe('Etc/GMT-3');
    expect(zoneFromText('gmt -5')).toBe('Etc/GMT+5');
    expect(zoneFromText('UTC+۴')).toBe('Etc/GMT-4');
    expect(zoneLabel('Etc/GMT-3')).toBe('UTC+3');
    expect(zoneLabel('Etc/GMT+5')).toBe('UTC-5');
    expect(zoneLabel('Asia/Tehran')).toBe('Asia/Tehran');
  });
});
