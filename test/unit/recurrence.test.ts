/**
 * Expected instants are literal UTC values; this file is run under TZ=UTC, Asia/Tehran and
 * America/New_York to show that rrule's use of the process zone does not leak through.
 */
import { describeRecurrence, expandOccurrences, parseRecurrence, MAX_OCCURRENCES } from '../../src/domain/recurrence';
import { instantToZonedWallTime } from '../../src/domain/time';
import { createI18n, type I18n } from '../../src/i18n/i18n';

const TEHRAN = 'Asia/Tehran';
const NY = 'America/New_York';
const LONDON = 'Europe/London';
/** Friday 27 Nov 2026, 13:30 in Tehran. */
const NOW = new Date('2026-11-27T10:00:00Z');
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

function parse(input: string, zone = TEHRAN, now = NOW) {
  const r = parseRecurrence(input, { zone, now });
  if (!r.ok) throw new Error(`expected ok, got ${r.error}`);
  return r;
}
const error = (input: string, zone = TEHRAN, now = NOW) => {
  const r = parseRecurrence(input, { zone, now });
  return r.ok ? `ok ${r.rrule}` : r.error;
};

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

describe('parseRecurrence', () => {
  it('reads "every Thursday 19:00 until June" as weekly through 1 June, starting next Thursday', () => {
    const r = parse('every Thursday 19:00 until June');
    // UNTIL is the end of 1 June 2027 in Tehran (23:59:59 +03:30).
    expect(r.rrule).toBe('FREQ=WEEKLY;BYDAY=TH;UNTIL=20270601T202959Z');
    expect(r.first.toISOString()).toBe('2026-12-03T15:30:00.000Z');
    const all = expandOccurrences(r.first, TEHRAN, r.rrule);
    expect(all).toHaveLength(26);
    expect(all[all.length - 1]!.toISOString()).toBe('2027-05-27T15:30:00.000Z');
    for (const d of all) {
      const w = instantToZonedWallTime(d, TEHRAN);
      expect([w.weekday, w.hour, w.minute]).toEqual([4, 19, 0]);
    }
  });

  it('starts today when today\'s time is still ahead', () => {
    const r = parse('weekly on friday 18:00 until 2027-03-01');
    expect(r.rrule).toBe('FREQ=WEEKLY;BYDAY=FR;UNTIL=20270301T202959Z');
    expect(r.first.toISOString()).toBe('2026-11-27T14:30:00.000Z');
  });

  it('skips today when today\'s time has passed', () => {
    const r = parse('every friday 13:00 for 3 times');
    expect(iso(expandOccurrences(r.first, TEHRAN, r.rrule))).toEqual([
      '2026-12-04T09:30:00.000Z',
      '2026-12-11T09:30:00.000Z',
      '2026-12-18T09:30:00.000Z',
    ]);
  });

  it('reads monthly on a day of the month with a count', () => {
    const r = parse('monthly on the 1st 10:00 for 6 times');
    expect(r.rrule).toBe('FREQ=MONTHLY;BYMONTHDAY=1;COUNT=6');
    expect(iso(expandOccurrences(r.first, TEHRAN, r.rrule))).toEqual([
      '2026-12-01T06:30:00.000Z',
      '2027-01-01T06:30:00.000Z',
      '2027-02-01T06:30:00.000Z',
      '2027-03-01T06:30:00.000Z',
      '2027-04-01T06:30:00.000Z',
      '2027-05-01T06:30:00.000Z',
    ]);
  });

  it('reads an interval of weeks', () => {
    const r = parse('every 2 weeks on monday 17:00 until 2027-02-01');
    expect(r.rrule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20270201T202959Z');
    expect(iso(expandOccurrences(r.first, TEHRAN, r.rrule))).toEqual([
      '2026-12-07T13:30:00.000Z',
      '2026-12-21T13:30:00.000Z',
      '2027-01-04T13:30:00.000Z',
      '2027-01-18T13:30:00.000Z',
      '2027-02-01T13:30:00.000Z',
    ]);
  });

  it('reads the nth weekday of the month and several weekdays', () => {
    expect(parse('monthly on the first monday at 18:30 for 4 times').rrule).toBe('FREQ=MONTHLY;BYDAY=1MO;COUNT=4');
    expect(parse('every last friday of the month 6pm for 3 times').rrule).toBe('FREQ=MONTHLY;BYDAY=-1FR;COUNT=3');
    const r = parse('every tuesday and thursday 18:00 for 4 times');
    expect(r.rrule).toBe('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4');
    expect(iso(expandOccurrences(r.first, TEHRAN, r.rrule))).toEqual([
      '2026-12-01T14:30:00.000Z',
      '2026-12-03T14:30:00.000Z',
      '2026-12-08T14:30:00.000Z',
      '2026-12-10T14:30:00.000Z',
    ]);
  });

  it('reads "for 10 weeks" and "for 3 months" as a span from the first occurrence', () => {
    const weeks = parse('every thursday 19:00 for 10 weeks');
    expect(weeks.rrule).toBe('FREQ=WEEKLY;BYDAY=TH;COUNT=10');
    expect(parse('every 2 weeks on monday 17:00 for 10 weeks').rrule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=5');
    const all = expandOccurrences(weeks.first, TEHRAN, weeks.rrule);
    expect(all).toHaveLength(10);
    expect(all[9]!.toISOString()).toBe('2027-02-04T15:30:00.000Z');
    const months = parse('monthly on the 1st 10:00 for 3 months');
    expect(expandOccurrences(months.first, TEHRAN, months.rrule)).toHaveLength(3);
    expect(error('every day 9:00 for 20 weeks')).toBe('too_many');
  });

  it('accepts Persian digits', () => {
    expect(parse('every thursday ۱۹:۰۰ for ۱۰ times').rrule).toBe('FREQ=WEEKLY;BYDAY=TH;COUNT=10');
  });

  it('requires an end', () => {
    expect(error('every thursday 19:00')).toBe('no_end');
    expect(error('monthly on the 1st 10:00')).toBe('no_end');
  });

  it('allows at most 104 occurrences', () => {
    expect(error('every day 8am for 200 times')).toBe('too_many');
    expect(error('daily 9:00 until 2027-06-01')).toBe('too_many');
    expect(error(`every day 9:00 for ${MAX_OCCURRENCES} times`)).toBe(`ok FREQ=DAILY;COUNT=${MAX_OCCURRENCES}`);
  });

  it.each([
    'banana',
    '',
    'every blursday 19:00 until june',
    'every thursday until june',
    'every thursday 25:00 until june',
    'weekly on the 1st 10:00 for 3 times',
    'every friday 13:30 until 2026-11-27',
    'every thursday 19:00 until someday',
    'every thursday 19:00 for 0 times',
  ])('refuses %j', (input) => {
    expect(error(input)).toBe('unrecognized');
  });

  it('refuses an unknown zone', () => {
    expect(error('every thursday 19:00 for 3 times', 'Nowhere/Land')).toBe('unrecognized');
  });
});

describe('expandOccurrences across DST', () => {
  it('keeps New York\'s weekly 19:00 at 19:00 local while the UTC hour shifts in March', () => {
    const r = parse('every thursday 19:00 for 5 times', NY, new Date('2027-02-20T12:00:00Z'));
    const all = expandOccurrences(r.first, NY, r.rrule);
    expect(iso(all)).toEqual([
      '2027-02-26T00:00:00.000Z', // Thu 25 Feb 19:00 EST
      '2027-03-05T00:00:00.000Z',
      '2027-03-12T00:00:00.000Z', // Thu 11 Mar, still EST
      '2027-03-18T23:00:00.000Z', // Thu 18 Mar 19:00 EDT
      '2027-03-25T23:00:00.000Z',
    ]);
    for (const d of all) expect(instantToZonedWallTime(d, NY).hour).toBe(19);
  });

  it('keeps London\'s 19:00 across the October change', () => {
    const r = parse('every sunday 19:00 for 3 times', LONDON, new Date('2027-10-20T12:00:00Z'));
    expect(iso(expandOccurrences(r.first, LONDON, r.rrule))).toEqual([
      '2027-10-24T18:00:00.000Z', // BST
      '2027-10-31T19:00:00.000Z', // GMT
      '2027-11-07T19:00:00.000Z',
    ]);
  });

  it('moves an occurrence in the spring gap forward and takes the first of a doubled time', () => {
    const spring = parse('every sunday 01:30 for 2 times', LONDON, new Date('2027-03-20T12:00:00Z'));
    expect(iso(expandOccurrences(spring.first, LONDON, spring.rrule))).toEqual([
      '2027-03-21T01:30:00.000Z', // GMT
      '2027-03-28T01:30:00.000Z', // 01:30 does not exist: 02:30 BST
    ]);
    const autumn = parse('every sunday 01:30 for 2 times', LONDON, new Date('2027-10-28T12:00:00Z'));
    expect(iso(expandOccurrences(autumn.first, LONDON, autumn.rrule))).toEqual([
      '2027-10-31T00:30:00.000Z', // the first 01:30, still BST
      '2027-11-07T01:30:00.000Z',
    ]);
  });

  it('reads UNTIL as an instant, so the last local day is included in any zone', () => {
    const r = parse('every tuesday 20:00 until 2027-06-01', NY, new Date('2027-05-01T12:00:00Z'));
    expect(r.rrule).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270602T035959Z');
    const all = expandOccurrences(r.first, NY, r.rrule);
    expect(all[all.length - 1]!.toISOString()).toBe('2027-06-02T00:00:00.000Z'); // Tue 1 June 20:00 EDT
  });

  it('honours max, accepts an RRULE: prefix and returns nothing for a broken rule', () => {
    const first = new Date('2026-12-03T15:30:00Z');
    expect(expandOccurrences(first, TEHRAN, 'RRULE:FREQ=WEEKLY;COUNT=10', 3)).toHaveLength(3);
    expect(expandOccurrences(first, TEHRAN, 'FREQ=WEEKLY;COUNT=10')).toHaveLength(10);
    expect(expandOccurrences(first, TEHRAN, 'not a rule')).toEqual([]);
    expect(expandOccurrences(first, 'Nowhere/Land', 'FREQ=WEEKLY;COUNT=10')).toEqual([]);
  });
});

describe('describeRecurrence', () => {
  const en = () => i18n.forLocale('en');

  it('describes weekly, interval, monthly and counted rules in English', () => {
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=TH;UNTIL=20270601T202959Z', TEHRAN, 'en', en())).toBe('Weekly on Thursday, until 1 Jun 2027');
    expect(describeRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20270201T202959Z', TEHRAN, 'en', en())).toBe(
      'Every 2 weeks on Monday, until 1 Feb 2027',
    );
    expect(describeRecurrence('FREQ=MONTHLY;BYMONTHDAY=1;COUNT=6', TEHRAN, 'en', en())).toBe('Monthly on day 1, 6 times');
    expect(describeRecurrence('FREQ=MONTHLY;BYDAY=1MO;COUNT=1', TEHRAN, 'en', en())).toBe('Monthly on the first Monday, once');
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4', TEHRAN, 'en', en())).toBe('Weekly on Tuesday and Thursday, 4 times');
  });

  it('shows the UNTIL date in the event\'s zone', () => {
    // 03:59 UTC on 2 June is still 1 June in New York.
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270602T035959Z', NY, 'en', en())).toBe('Weekly on Tuesday, until 1 Jun 2027');
  });

  it('localizes names, digits and plural forms', () => {
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=TH;UNTIL=20270601T202959Z', TEHRAN, 'fa', i18n.forLocale('fa'))).toBe(
      // Interpolated values are isolated in right-to-left languages (src/i18n/bidi.ts).
      'هفتگی، \u2068پنجشنبه\u2069، تا \u2068۱ ژوئن ۲۰۲۷\u2069',
    );
    expect(describeRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=4', TEHRAN, 'fa', i18n.forLocale('fa'))).toBe('هر ۲ هفته یک‌بار، \u2068دوشنبه\u2069، ۴ بار');
    expect(describeRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=2', TEHRAN, 'ar', i18n.forLocale('ar'))).toBe('كل أسبوعين يوم \u2068الاثنين\u2069، مرتان');
    expect(describeRecurrence('FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3', TEHRAN, 'ur', i18n.forLocale('ur'))).toBe('ماہانہ، مہینے کی 15 تاریخ کو، 3 بار');
  });

  it('falls back to a generic label for a rule it cannot read', () => {
    expect(describeRecurrence('garbage', TEHRAN, 'en', en())).toBe('Repeats');
    expect(describeRecurrence('FREQ=YEARLY;COUNT=3', TEHRAN, 'en', en())).toBe('Repeats');
  });
});
