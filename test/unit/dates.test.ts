/**
 * Expected instants are literal UTC values or computed with zonedWallTimeToInstant for the event's
 * zone, never from the process zone: this file is run under TZ=UTC, Asia/Tehran and America/New_York.
 */
import {
  formatOffsets,
  parseDuration,
  parseEnd,
  parseOffsets,
  parseWhen,
  solarHijriToGregorian,
  wallClockToInstant,
  type DateResult,
  type ParsedWhen,
} from '../../src/domain/dates';
import { normalizeDigits } from '../../src/domain/typed-text';
import { formatWhen } from '../../src/domain/date-format';
import { createI18n, type I18n, type Translate } from '../../src/i18n/i18n';
import { instantToZonedWallTime, zonedWallTimeToInstant } from '../../src/domain/time';

const TEHRAN = 'Asia/Tehran';
const NY = 'America/New_York';
const LONDON = 'Europe/London';
/** Friday 27 Nov 2026, 13:30 in Tehran. */
const NOW = new Date('2026-11-27T10:00:00Z');
const utc = (iso: string) => new Date(iso);

function value<T>(r: DateResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error}`);
  return r.value;
}
const when = (input: string, zone = TEHRAN, now = NOW): ParsedWhen => value(parseWhen(input, { zone, now }));
const whenError = (input: string, zone = TEHRAN, now = NOW) => {
  const r = parseWhen(input, { zone, now });
  return r.ok ? `ok ${r.value.start.toISOString()}` : r.error;
};

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

describe('normalizeDigits', () => {
  it('turns Persian and Arabic-Indic digits into ASCII', () => {
    expect(normalizeDigits('۲۰۲۶-۱۲-۰۵ ۱۸:۳۰')).toBe('2026-12-05 18:30');
    expect(normalizeDigits('٠٥/١٢/٢٠٢٦ ١٨:٣٠')).toBe('05/12/2026 18:30');
  });

  it('maps the Arabic comma, semicolon and decimal separator, and drops bidi marks', () => {
    expect(normalizeDigits('۳d، ۱d؛ ۱٫۵h')).toBe('3d, 1d; 1.5h');
    expect(normalizeDigits('\u200f18:30\u200e')).toBe('18:30');
  });

  it('leaves other text alone', () => {
    expect(normalizeDigits('tomorrow 7pm — فردا')).toBe('tomorrow 7pm — فردا');
  });
});

describe('parseWhen: numeric formats', () => {
  it('reads ISO in the given zone, not the process zone', () => {
    expect(when('2026-12-05 18:30')).toEqual({ start: utc('2026-12-05T15:00:00Z'), end: undefined, allDay: false });
    expect(when('2026-12-05T18:30').start).toEqual(utc('2026-12-05T15:00:00Z'));
    expect(when('2026-12-05 18:30', NY).start).toEqual(utc('2026-12-05T23:30:00Z'));
  });

  it('reads day-first dates with dots and slashes (5/12 is the 5th of December)', () => {
    expect(when('05.12.2026 18:30').start).toEqual(utc('2026-12-05T15:00:00Z'));
    expect(when('5/12/2026 18:30').start).toEqual(utc('2026-12-05T15:00:00Z'));
    expect(when('5/12/2026, 6:30pm').start).toEqual(utc('2026-12-05T15:00:00Z'));
  });

  it('reads Persian and Arabic-Indic digits', () => {
    expect(when('۲۰۲۶-۱۲-۰۵ ۱۸:۳۰').start).toEqual(utc('2026-12-05T15:00:00Z'));
    expect(when('٠٥/١٢/٢٠٢٦ ١٨:٣٠').start).toEqual(utc('2026-12-05T15:00:00Z'));
  });

  it('reads a bare date as all-day: local midnight to the next local midnight', () => {
    expect(when('2026-12-05')).toEqual({
      start: zonedWallTimeToInstant({ year: 2026, month: 12, day: 5, hour: 0, minute: 0 }, TEHRAN),
      end: zonedWallTimeToInstant({ year: 2026, month: 12, day: 6, hour: 0, minute: 0 }, TEHRAN),
      allDay: true,
    });
    expect(when('2026-12-05').start).toEqual(utc('2026-12-04T20:30:00Z'));
  });

  it('reads an all-day span, inclusive of the last day', () => {
    const w = when('2026-12-05 - 2026-12-07');
    expect(w.allDay).toBe(true);
    expect(w.start).toEqual(utc('2026-12-04T20:30:00Z'));
    expect(w.end).toEqual(utc('2026-12-07T20:30:00Z'));
  });

  it('accepts today as an all-day date until the day is over', () => {
    expect(when('2026-11-27').allDay).toBe(true);
    expect(whenError('2026-11-26')).toBe('in_past');
  });

  it('reads an end given as a time range, a duration or a full date-time', () => {
    expect(when('2026-12-05 18:30-20:00')).toEqual({ start: utc('2026-12-05T15:00:00Z'), end: utc('2026-12-05T16:30:00Z'), allDay: false });
    expect(when('2026-12-05 18:30 – 20:00').end).toEqual(utc('2026-12-05T16:30:00Z'));
    expect(when('2026-12-05 18:30 to 20:00').end).toEqual(utc('2026-12-05T16:30:00Z'));
    expect(when('2026-12-05 18:30 for 2h').end).toEqual(utc('2026-12-05T17:00:00Z'));
    expect(when('05.12.2026 18:30 for 1h30m').end).toEqual(utc('2026-12-05T16:30:00Z'));
    expect(when('2026-12-05 18:30 - 2026-12-06 02:00').end).toEqual(utc('2026-12-05T22:30:00Z'));
  });
});

describe('parseWhen: natural English', () => {
  it('reads "tomorrow 7pm" on the zone\'s calendar day', () => {
    expect(when('tomorrow 7pm').start).toEqual(utc('2026-11-28T15:30:00Z'));
    // 22:00 UTC on the 27th is already 01:30 on the 28th in Tehran: tomorrow is the 29th there.
    expect(when('tomorrow 7pm', TEHRAN, utc('2026-11-27T22:00:00Z')).start).toEqual(utc('2026-11-29T15:30:00Z'));
    // …and still the 27th in New York (17:00), so tomorrow is the 28th.
    expect(when('tomorrow 7pm', NY, utc('2026-11-27T22:00:00Z')).start).toEqual(utc('2026-11-29T00:00:00Z'));
    // A zero offset is still an offset: 03:00 UTC on the 28th is the 28th in UTC (the 27th in New York).
    expect(when('tomorrow 7pm', 'UTC', utc('2026-11-28T03:00:00Z')).start).toEqual(utc('2026-11-29T19:00:00Z'));
  });

  it('reads "next friday 18:00" as a Friday at 18:00 local, within two weeks', () => {
    const start = when('next friday 18:00').start;
    const local = instantToZonedWallTime(start, TEHRAN);
    expect({ weekday: local.weekday, hour: local.hour, minute: local.minute }).toEqual({ weekday: 5, hour: 18, minute: 0 });
    expect(start.getTime()).toBeGreaterThan(NOW.getTime());
    expect(start.getTime() - NOW.getTime()).toBeLessThan(14 * 86_400_000);
  });

  it('reads "in 3 hours" as elapsed time from now', () => {
    expect(when('in 3 hours')).toEqual({ start: utc('2026-11-27T13:00:00Z'), end: undefined, allDay: false });
  });

  it('reads month names and 12-hour times', () => {
    expect(when('Dec 5 6:30pm').start).toEqual(utc('2026-12-05T15:00:00Z'));
    expect(when('5 Dec 2026 at 18:30').start).toEqual(utc('2026-12-05T15:00:00Z'));
  });

  it('reads a bare day name as all-day', () => {
    const w = when('tomorrow');
    expect(w).toEqual({ start: utc('2026-11-27T20:30:00Z'), end: utc('2026-11-28T20:30:00Z'), allDay: true });
  });

  it('reads natural ranges and durations', () => {
    expect(when('tomorrow 18:30-20:00')).toEqual({ start: utc('2026-11-28T15:00:00Z'), end: utc('2026-11-28T16:30:00Z'), allDay: false });
    expect(when('tomorrow 18:30 for 2h').end).toEqual(utc('2026-11-28T17:00:00Z'));
    expect(when('tomorrow 6pm to 9pm').end).toEqual(utc('2026-11-28T17:30:00Z'));
  });
});

describe('parseWhen: Solar Hijri dates and Persian, Arabic and Urdu words', () => {
  it('reads a Solar Hijri numeric date (14 Azar 1405 is 5 December 2026)', () => {
    expect(when('۱۴۰۵/۰۹/۱۴ ۱۸:۳۰').start).toEqual(utc('2026-12-05T15:00:00Z'));
    expect(when('14.09.1405 18:30').start).toEqual(utc('2026-12-05T15:00:00Z'));
    expect(when('۱۴۰۵/۰۹/۱۴')).toEqual({ start: utc('2026-12-04T20:30:00Z'), end: utc('2026-12-05T20:30:00Z'), allDay: true });
  });

  it('knows Solar Hijri leap years', () => {
    expect(solarHijriToGregorian(1405, 1, 1)).toEqual({ year: 2026, month: 3, day: 21 });
    expect(solarHijriToGregorian(1403, 12, 30)).toEqual({ year: 2025, month: 3, day: 20 }); // 1403 is a leap year
    expect(solarHijriToGregorian(1404, 12, 30)).toBeUndefined();
    expect(whenError('1405/12/30')).toBe('unrecognized');
    expect(whenError('1405/07/31')).toBe('unrecognized'); // months 7–12 have 30 days
  });

  it.each([
    ['فردا ساعت ۱۹', '2026-11-28T15:30:00.000Z'],
    ['فردا ساعت ۷ عصر', '2026-11-28T15:30:00.000Z'],
    ['فردا صبح ساعت ۹', '2026-11-28T05:30:00.000Z'],
    ['پنج‌شنبه ساعت ۱۸:۳۰', '2026-12-03T15:00:00.000Z'],
    ['غداً الساعة 7 مساءً', '2026-11-28T15:30:00.000Z'],
    ['الخميس الساعة 18:30', '2026-12-03T15:00:00.000Z'],
    ['آج شام 7 بجے', '2026-11-27T15:30:00.000Z'],
  ])('reads %s', (input, iso) => {
    expect(whenError(input)).toBe(`ok ${iso}`);
  });
});

describe('parseWhen: errors', () => {
  it('refuses vague spans but reads a number of days', () => {
    expect(whenError('next week')).toBe('unrecognized');
    expect(whenError('in 2 weeks')).toBe('unrecognized');
    expect(whenError('June')).toBe('unrecognized');
    expect(when('in 3 days')).toEqual({ start: utc('2026-11-29T20:30:00Z'), end: utc('2026-11-30T20:30:00Z'), allDay: true });
    expect(when('the day after tomorrow 10am').start).toEqual(utc('2026-11-29T06:30:00Z'));
  });


  it('rejects a start in the past', () => {
    expect(whenError('yesterday 18:00')).toBe('in_past');
    expect(whenError('2026-11-27 13:00')).toBe('in_past'); // 09:30 UTC, half an hour ago
    expect(whenError('2026-11-27 14:00')).toBe('ok 2026-11-27T10:30:00.000Z');
  });

  it('rejects a start more than 5 years ahead', () => {
    expect(whenError('2032-01-01 10:00')).toBe('too_far');
    expect(whenError('2031-11-26 10:00')).toBe('ok 2031-11-26T06:30:00.000Z');
  });

  it('rejects an end before the start', () => {
    expect(whenError('2026-12-05 20:00-18:00')).toBe('end_before_start');
    expect(whenError('2026-12-07 - 2026-12-05')).toBe('end_before_start');
  });

  it('rejects an unknown zone', () => {
    expect(whenError('2026-12-05 18:30', 'Mars/Olympus')).toBe('unknown_zone');
  });

  it('rejects absurdly long input', () => {
    expect(whenError(`tomorrow ${'x'.repeat(500)}`)).toBe('unrecognized');
  });

  it.each(['banana', '', '   ', '2026-02-30', '32.12.2026', '2026-12-05 25:00', '2026-12-05 18:30 and then some', '18'])(
    'rejects %j as unrecognized',
    (input) => {
      expect(whenError(input)).toBe('unrecognized');
    },
  );
});

describe('parseWhen: daylight-saving changes', () => {
  // New York 2027: clocks go 02:00 → 03:00 on 14 March and 02:00 → 01:00 on 7 November.
  // London 2027: 01:00 → 02:00 on 28 March and 02:00 → 01:00 on 31 October.
  it('uses each day\'s own offset on either side of the March change', () => {
    expect(when('2027-03-13 12:00', NY).start).toEqual(utc('2027-03-13T17:00:00Z')); // EST, -5
    expect(when('2027-03-14 12:00', NY).start).toEqual(utc('2027-03-14T16:00:00Z')); // EDT, -4
    expect(when('2027-03-27 12:00', LONDON).start).toEqual(utc('2027-03-27T12:00:00Z')); // GMT
    expect(when('2027-03-28 12:00', LONDON).start).toEqual(utc('2027-03-28T11:00:00Z')); // BST
  });

  it('moves a time in the spring-forward gap forward by the gap', () => {
    expect(when('2027-03-14 02:30', NY).start).toEqual(utc('2027-03-14T07:30:00Z')); // 03:30 EDT
    expect(when('2027-03-28 01:30', LONDON).start).toEqual(utc('2027-03-28T01:30:00Z')); // 02:30 BST
  });

  it('takes the first of a time that occurs twice on the fall-back night', () => {
    expect(when('2027-11-07 01:30', NY).start).toEqual(utc('2027-11-07T05:30:00Z')); // 01:30 EDT
    expect(when('2027-10-31 01:30', LONDON).start).toEqual(utc('2027-10-31T00:30:00Z')); // 01:30 BST
    expect(when('2027-11-07 02:30', NY).start).toEqual(utc('2027-11-07T07:30:00Z')); // after: EST
  });

  it('reads "tomorrow 7pm" across the change with the new day\'s offset', () => {
    // Saturday 13 March 2027, 10:00 EST; tomorrow evening is already EDT.
    expect(when('tomorrow 7pm', NY, utc('2027-03-13T15:00:00Z')).start).toEqual(utc('2027-03-14T23:00:00Z'));
    // Saturday 30 October 2027 in London, BST; Sunday evening is GMT.
    expect(when('tomorrow 7pm', LONDON, utc('2027-10-30T09:00:00Z')).start).toEqual(utc('2027-10-31T19:00:00Z'));
  });

  it('keeps "in 3 hours" as elapsed time across the change', () => {
    expect(when('in 3 hours', NY, utc('2027-03-14T05:00:00Z')).start).toEqual(utc('2027-03-14T08:00:00Z'));
  });

  it('wallClockToInstant round-trips ordinary times in any zone', () => {
    for (const zone of [TEHRAN, NY, LONDON, 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      const wall = { year: 2027, month: 7, day: 1, hour: 9, minute: 45 };
      const local = instantToZonedWallTime(wallClockToInstant(wall, zone), zone);
      expect({ zone, ...wall }).toEqual({ zone, year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute });
    }
  });
});

describe('parseEnd', () => {
  const start = utc('2026-12-05T15:00:00Z'); // 18:30 in Tehran
  const end = (input: string, s = start, zone = TEHRAN) => {
    const r = parseEnd(input, s, { zone });
    return r.ok ? r.value.toISOString() : r.error;
  };

  it('reads durations from the start', () => {
    expect(end('2h')).toBe('2026-12-05T17:00:00.000Z');
    expect(end('90m')).toBe('2026-12-05T16:30:00.000Z');
    expect(end('1h30m')).toBe('2026-12-05T16:30:00.000Z');
    expect(end('2 hours')).toBe('2026-12-05T17:00:00.000Z');
    expect(end('for 45 minutes')).toBe('2026-12-05T15:45:00.000Z');
    expect(end('۲ ساعت')).toBe('2026-12-05T17:00:00.000Z');
  });

  it('reads a time on the start\'s local day', () => {
    expect(end('20:30')).toBe('2026-12-05T17:00:00.000Z');
    expect(end('9pm')).toBe('2026-12-05T17:30:00.000Z');
    // 00:30 on the 6th in Tehran is still the 5th in UTC: the end's day is the local one.
    expect(end('02:00', utc('2026-12-05T21:00:00Z'))).toBe('2026-12-05T22:30:00.000Z');
  });

  it('refuses an end time before the start', () => {
    expect(end('17:00')).toBe('end_before_start');
    expect(end('18:30')).toBe('end_before_start');
    expect(end('2026-12-04 20:00')).toBe('end_before_start');
  });

  it('reads a full date-time, numeric or natural', () => {
    expect(end('2026-12-06 01:00')).toBe('2026-12-05T21:30:00.000Z');
    expect(end('06.12.2026 01:00')).toBe('2026-12-05T21:30:00.000Z');
    expect(end('tomorrow 10am')).toBe('2026-12-06T06:30:00.000Z');
  });

  it('treats a bare end date as the end of that day', () => {
    expect(end('2026-12-07')).toBe('2026-12-07T20:30:00.000Z');
  });

  it('reports unreadable input and unknown zones', () => {
    expect(end('banana')).toBe('unrecognized');
    expect(end('')).toBe('unrecognized');
    expect(end('2h', start, 'Nowhere/Land')).toBe('unknown_zone');
  });

  it('counts a duration as elapsed time and a clock time as wall-clock across DST', () => {
    const nyStart = utc('2027-03-14T03:00:00Z'); // 22:00 EST on 13 March
    expect(end('12h', nyStart, NY)).toBe('2027-03-14T15:00:00.000Z'); // 11:00 EDT
    expect(end('2027-03-14 10:00', nyStart, NY)).toBe('2027-03-14T14:00:00.000Z');
  });
});

describe('parseDuration', () => {
  it.each([
    ['2h', 120],
    ['90m', 90],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['2h30', 150],
    ['1.5h', 90],
    ['2 hours', 120],
    ['1 hour 30 minutes', 90],
    ['1 hour and 15 min', 75],
    ['3d', 4320],
    ['1w', 10080],
    ['۲ ساعت', 120],
    ['۳۰ دقیقه', 30],
    ['۱ ساعت و ۳۰ دقیقه', 90],
    ['1 گھنٹہ اور 15 منٹ', 75],
    ['٢ ساعات', 120],
    ['2 گھنٹے', 120],
  ])('%s → %d minutes', (input, minutes) => {
    expect(parseDuration(input)).toBe(minutes);
  });

  it.each(['', 'x', '2', '0m', '2 parsecs', 'h2', '2h x', '-1h', '400d', '20:30'])('%j is not a duration', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('parseOffsets and formatOffsets', () => {
  it('reads, sorts descending and dedupes', () => {
    expect(parseOffsets('3d, 1d, 2h, 15m')).toEqual([4320, 1440, 120, 15]);
    expect(parseOffsets('15m, 2h, 15m, 1d')).toEqual([1440, 120, 15]);
    expect(parseOffsets('۳ روز، ۲ ساعت')).toEqual([4320, 120]);
    expect(parseOffsets('1h30m')).toEqual([90]);
  });

  it('accepts 1 minute to 30 days and nothing outside', () => {
    expect(parseOffsets('1m, 30d')).toEqual([43200, 1]);
    expect(parseOffsets('31d')).toBeUndefined();
    expect(parseOffsets('0m')).toBeUndefined();
  });

  it('refuses the whole list when any part is bad', () => {
    expect(parseOffsets('3d, banana')).toBeUndefined();
    expect(parseOffsets('3d,,1h')).toBeUndefined();
    expect(parseOffsets('')).toBeUndefined();
  });

  it('formats offsets in words with each language\'s plural forms', () => {
    expect(formatOffsets([4320, 90, 1], i18n.forLocale('en'))).toBe('3 days, 1 hour 30 minutes, 1 minute');
    // The digits follow the translation's language whether or not a locale is passed.
    expect(formatOffsets([1440, 120], i18n.forLocale('fa'))).toBe('۱ روز، ۲ ساعت');
    expect(formatOffsets([1440, 150], i18n.forLocale('fa'), 'fa')).toBe('۱ روز، ۲ ساعت و ۳۰ دقیقه');
    expect(formatOffsets([90], i18n.forLocale('ur'), 'ur')).toBe('1 گھنٹہ 30 منٹ');
    expect(formatOffsets([120, 2], i18n.forLocale('ar'))).toBe('ساعتين، دقيقتين'); // after بعد/قبل: the genitive dual
    expect(formatOffsets([180], i18n.forLocale('ar'))).toBe('٣ ساعات');
  });
});

describe('formatWhen', () => {
  const s = utc('2026-12-05T15:00:00Z');
  const e = utc('2026-12-05T17:00:00Z');

  it('echoes a timed event with its zone', () => {
    expect(formatWhen(s, e, TEHRAN, 'en', false, i18n.forLocale('en'))).toBe('Sat 5 Dec 2026, 18:30–20:30 (Iran Time)');
    expect(formatWhen(s, undefined, TEHRAN, 'en', false, i18n.forLocale('en'))).toBe('Sat 5 Dec 2026, 18:30 (Iran Time)');
    expect(formatWhen(s, e, NY, 'en', false, i18n.forLocale('en'))).toBe('Sat 5 Dec 2026, 10:00–12:00 (New York Time)');
  });

  it('shows both dates for a span over midnight', () => {
    expect(formatWhen(s, utc('2026-12-05T21:30:00Z'), TEHRAN, 'en', false, i18n.forLocale('en'))).toBe('Sat 5 Dec 2026, 18:30 – Sun 6 Dec 2026, 01:00 (Iran Time)');
  });

  it('echoes all-day events without times', () => {
    const day = utc('2026-12-04T20:30:00Z');
    expect(formatWhen(day, utc('2026-12-05T20:30:00Z'), TEHRAN, 'en', true, i18n.forLocale('en'))).toBe('Sat 5 Dec 2026 (all day)');
    expect(formatWhen(day, utc('2026-12-07T20:30:00Z'), TEHRAN, 'en', true, i18n.forLocale('en'))).toBe('Sat 5 Dec 2026 – Mon 7 Dec 2026 (all day)');
  });

  it('uses localized names, digits and zone names in right-to-left locales', () => {
    const fa = formatWhen(s, e, TEHRAN, 'fa', false, i18n.forLocale('fa'));
    expect(fa).toBe('شنبه ۵ دسامبر ۲۰۲۶، ۱۸:۳۰–۲۰:۳۰ (\u2068وقت ایران\u2069)');
    expect(formatWhen(s, e, TEHRAN, 'ar', false, i18n.forLocale('ar'))).toContain('ديسمبر');
    expect(formatWhen(s, e, TEHRAN, 'ur', false, i18n.forLocale('ur'))).toContain('دسمبر');
    expect(formatWhen(utc('2026-12-04T20:30:00Z'), utc('2026-12-05T20:30:00Z'), TEHRAN, 'fa', true, i18n.forLocale('fa'))).toBe('شنبه ۵ دسامبر ۲۰۲۶ (تمام روز)');
  });

  it('takes its words from the texts passed in, in the reader\'s language', () => {
    const words: Translate = (key) => (key === 'dates.allDay' ? 'whole day' : key === 'dates.dateTimeSeparator' ? ' @ ' : key);
    expect(formatWhen(s, e, TEHRAN, 'en', false, words)).toBe('Sat 5 Dec 2026 @ 18:30–20:30 (Iran Time)');
    expect(formatWhen(utc('2026-12-04T20:30:00Z'), utc('2026-12-05T20:30:00Z'), TEHRAN, 'en', true, words)).toBe('Sat 5 Dec 2026 (whole day)');
  });

  it('shows the local time on each side of a DST change', () => {
    expect(formatWhen(utc('2027-03-14T16:00:00Z'), undefined, NY, 'en', false, i18n.forLocale('en'))).toBe('Sun 14 Mar 2027, 12:00 (New York Time)');
    expect(formatWhen(utc('2027-03-13T17:00:00Z'), undefined, NY, 'en', false, i18n.forLocale('en'))).toBe('Sat 13 Mar 2027, 12:00 (New York Time)');
  });
});

describe('zonedWallTimeToInstant (src/domain/time.ts)', () => {
  it('takes the first of a time that occurs twice on a fall-back night (RFC 5545)', () => {
    // New York, 7 Nov 2027: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(zonedWallTimeToInstant({ year: 2027, month: 11, day: 7, hour: 1, minute: 30 }, 'America/New_York').toISOString()).toBe(
      '2027-11-07T05:30:00.000Z',
    );
  });

  it('moves a time in a spring-forward gap forward by the gap', () => {
    // New York, 14 Mar 2027: 02:30 does not exist; it becomes 03:30 EDT = 07:30Z.
    expect(zonedWallTimeToInstant({ year: 2027, month: 3, day: 14, hour: 2, minute: 30 }, 'America/New_York').toISOString()).toBe(
      '2027-03-14T07:30:00.000Z',
    );
  });
});
