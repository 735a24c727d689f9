import { Types } from 'mongoose';
import { buildIcs, escapeIcsText, foldLine, googleCalendarLink, rruleFromOccurrence, type IcsEvent } from '../../src/domain/ics';
import { csvCell, toCsv } from '../../src/domain/csv';

/** Unfolds and splits an .ics file into [name-with-params, value] pairs, as a calendar app would. */
function parseIcs(text: string): Array<[string, string]> {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ')) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  return logical.map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1)];
  });
}
const unescape = (v: string) => v.replace(/\\n/g, '\n').replace(/\\([,;\\])/g, '$1');

const id = new Types.ObjectId('65f0c0ffee0000000000abcd');
const base: IcsEvent = {
  _id: id,
  title: 'Poetry night; Hafez, Rumi & \\ friends',
  description: 'Line one\nLine two, with a comma',
  startAt: new Date('2026-12-10T16:00:00Z'), // 19:30 in Tehran
  endAt: new Date('2026-12-10T18:00:00Z'),
  allDay: false,
  timezone: 'Asia/Tehran',
  venue: { name: 'Café Naderi', city: 'Tehran' },
  status: 'published',
  sequence: 3,
  updatedAt: new Date('2026-12-01T00:00:00Z'),
};
const now = new Date('2026-12-02T08:00:00Z');

describe('.ics builder', () => {
  it('writes a stable UID, the zone, SEQUENCE and escaped text', () => {
    const props = parseIcs(buildIcs(base, { botUsername: 'ev_bot', now }));
    const get = (name: string) => props.filter(([n]) => n === name).map(([, v]) => v);
    expect(get('UID')).toEqual(['65f0c0ffee0000000000abcd@ev_bot']);
    expect(get('SEQUENCE')).toEqual(['3']);
    expect(get('DTSTART;TZID=Asia/Tehran')).toEqual(['20261210T193000']);
    expect(get('DTEND;TZID=Asia/Tehran')).toEqual(['20261210T213000']);
    expect(get('TZID')).toEqual(['Asia/Tehran']);
    expect(get('STATUS')).toEqual(['CONFIRMED']);
    expect(get('SUMMARY')).toEqual(['Poetry night\\; Hafez\\, Rumi & \\\\ friends']);
    expect(unescape(get('SUMMARY')[0]!)).toBe(base.title);
    expect(unescape(get('DESCRIPTION')[0]!)).toBe(base.description);
    expect(get('DTSTAMP')).toEqual(['20261202T080000Z']);
    expect(props[0]).toEqual(['BEGIN', 'VCALENDAR']);
    expect(props[props.length - 1]).toEqual(['END', 'VCALENDAR']);
  });

  it('marks a cancelled event CANCELLED and keeps its UID', () => {
    const props = parseIcs(buildIcs({ ...base, status: 'cancelled', sequence: 4 }, { botUsername: 'ev_bot', now }));
    expect(props).toContainEqual(['STATUS', 'CANCELLED']);
    expect(props).toContainEqual(['SEQUENCE', '4']);
    expect(props).toContainEqual(['UID', '65f0c0ffee0000000000abcd@ev_bot']);
  });

  it('describes the DST changes of a zone that has them', () => {
    const props = parseIcs(buildIcs({ ...base, timezone: 'Europe/London' }, { botUsername: 'ev_bot', now }));
    expect(props).toContainEqual(['BEGIN', 'DAYLIGHT']);
    expect(props).toContainEqual(['TZOFFSETTO', '+0100']);
    expect(props).toContainEqual(['DTSTART;TZID=Europe/London', '20261210T160000']);
  });

  it('writes an all-day event as dates and a series as an RRULE from this occurrence', () => {
    const seriesId = new Types.ObjectId('65f0c0ffee00000000001234');
    const props = parseIcs(
      buildIcs(
        {
          ...base,
          allDay: true,
          startAt: new Date('2026-12-09T20:30:00Z'), // local midnight in Tehran
          endAt: new Date('2026-12-10T20:30:00Z'),
          series: { seriesId, rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=10', index: 3, detached: false },
        },
        { botUsername: 'ev_bot', now },
      ),
    );
    expect(props).toContainEqual(['DTSTART;VALUE=DATE', '20261210']);
    expect(props).toContainEqual(['DTEND;VALUE=DATE', '20261211']);
    expect(props).toContainEqual(['RRULE', 'FREQ=WEEKLY;BYDAY=TH;COUNT=7']);
    expect(props).toContainEqual(['UID', '65f0c0ffee00000000001234@ev_bot']);
  });

  it('folds long Persian lines at 75 octets without splitting a letter', () => {
    const title = 'شب شعر حافظ و سعدی در کافه نادری با حضور شاعران جوان و پیشکسوتان شهر تهران';
    const text = buildIcs({ ...base, title }, { botUsername: 'ev_bot', now });
    const props = parseIcs(text);
    expect(props).toContainEqual(['SUMMARY', title]);
    expect(text).not.toContain('\uFFFD');
    const folded = foldLine(`SUMMARY:${title}`);
    expect(folded.split('\r\n ').join('')).toBe(`SUMMARY:${title}`);
  });

  it('escapes the characters RFC 5545 requires', () => {
    expect(escapeIcsText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    expect(rruleFromOccurrence('RRULE:FREQ=DAILY;UNTIL=20270101T000000Z', 5)).toBe('FREQ=DAILY;UNTIL=20270101T000000Z');
  });

  it('builds a Google Calendar template link', () => {
    const url = new URL(googleCalendarLink(base));
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(url.searchParams.get('action')).toBe('TEMPLATE');
    expect(url.searchParams.get('text')).toBe(base.title);
    expect(url.searchParams.get('dates')).toBe('20261210T160000Z/20261210T180000Z');
    expect(url.searchParams.get('ctz')).toBe('Asia/Tehran');
    expect(url.searchParams.get('location')).toBe('Café Naderi, Tehran');
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(undefined)).toBe('');
  });

  it('neutralises formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-2)).toBe('-2');
  });

  it('joins rows with CRLF after a BOM', () => {
    expect(toCsv([['name', 'guests'], ['رضا', 2]])).toBe('\uFEFFname,guests\r\nرضا,2\r\n');
  });
});
