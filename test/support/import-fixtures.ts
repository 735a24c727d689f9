/**
 * Sources to import from, written from the formats' documentation: schema.org Event JSON-LD as
 * The Events Calendar (an array of objects, escaped HTML descriptions, `performer: "Organization"`),
 * Eventbrite (one object of an Event subtype) and Meetup/SEO plugins (`@graph` with `@id`
 * references) print it; microdata; Open Graph only; an iCalendar feed (RFC 5545) with a series,
 * EXDATE, RECURRENCE-ID overrides, a cancelled occurrence and a zone with DST; and The Events
 * Calendar's REST API (`/wp-json/tribe/events/v1/events`). Used by the tests and the bench.
 */

/** "now" for every import test: 1 December 2026. */
export const NOW = new Date('2026-12-01T00:00:00Z');

export const RALLY = {
  title: 'گردهمایی دانشجویان بین‌المللی در خیابان شهدا',
  venue: 'میدان شهدا',
  address: 'Shuhada Ave.',
  city: 'Qom',
  website: 'https://qomstudents.example.org/',
  telegram: 'https://t.me/qomstudents',
  eitaa: 'https://eitaa.com/qomstudents',
  whatsapp: 'https://wa.me/989121234567',
};

const page = (head: string, body = '<h1>Event</h1>') => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

/** The Events Calendar's single-event page: a JSON-LD array, description as escaped HTML. */
export const tecEventPage = page(
  ld([
    {
      '@context': 'http://schema.org',
      '@type': 'Event',
      name: RALLY.title,
      description: '&lt;p&gt;همه دعوتند. &lt;strong&gt;ساعت ۹ صبح&lt;/strong&gt;&lt;/p&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
      image: 'https://qomstudents.example.org/wp-content/uploads/rally.jpg',
      url: 'https://qomstudents.example.org/event/rally/',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      eventStatus: 'https://schema.org/EventScheduled',
      startDate: '2026-12-18T09:00:00+03:30',
      endDate: '2026-12-18T11:30:00+03:30',
      location: {
        '@type': 'Place',
        name: RALLY.venue,
        description: '',
        url: '',
        address: { '@type': 'PostalAddress', streetAddress: RALLY.address, addressLocality: RALLY.city, addressRegion: 'Qom', postalCode: '', addressCountry: 'Iran' },
        telephone: '',
        sameAs: '',
      },
      organizer: { '@type': 'Person', name: 'انجمن دانشجویان', description: '', url: RALLY.website, telephone: '', email: '', sameAs: [RALLY.telegram, RALLY.eitaa] },
      performer: 'Organization',
    },
  ]),
);

/** Eventbrite: one object of an Event subtype, offset in the dates, Organization organizer. */
export const eventbritePage = page(
  ld({
    '@context': 'https://schema.org',
    '@type': 'EducationEvent',
    name: 'Arabic calligraphy workshop',
    description: 'Bring a pen. Materials provided.',
    url: 'https://www.eventbrite.example/e/arabic-calligraphy-workshop-tickets-123456789',
    image: 'https://img.evbuc.example/calligraphy.jpg',
    startDate: '2027-01-20T18:30:00-05:00',
    endDate: '2027-01-20T20:30:00-05:00',
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: {
      '@type': 'Place',
      name: 'Community Library',
      address: { '@type': 'PostalAddress', streetAddress: '12 Main St', addressLocality: 'Springfield', addressRegion: 'NJ', postalCode: '07081', addressCountry: 'US' },
      geo: { '@type': 'GeoCoordinates', latitude: 40.7, longitude: -74.3 },
    },
    organizer: { '@type': 'Organization', name: 'Springfield Arts', url: 'https://www.eventbrite.example/o/springfield-arts-1234' },
    offers: [{ '@type': 'AggregateOffer', lowPrice: '0', highPrice: '0', priceCurrency: 'USD', availability: 'InStock' }],
  }),
);

/** Meetup / SEO plugins: an @graph whose Event refers to its place and organizer by @id. */
export const meetupPage = page(
  ld({
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebPage', '@id': 'https://www.meetup.example/urdu-poetry/events/301/', name: 'Urdu poetry evening | Meetup' },
      {
        '@type': 'Event',
        '@id': 'https://www.meetup.example/urdu-poetry/events/301/#event',
        name: 'اردو شاعری کی شام',
        startDate: '2027-02-05T19:00:00+05:00',
        endDate: '2027-02-05T21:00:00+05:00',
        eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
        eventStatus: 'https://schema.org/EventCancelled',
        location: { '@id': '#online' },
        organizer: { '@id': '#group' },
        image: [{ '@type': 'ImageObject', url: '/images/poetry.jpg' }],
        description: '<p>غالب اور اقبال</p><style>p{color:red}</style>',
      },
      { '@id': '#online', '@type': 'VirtualLocation', url: 'https://meet.example/urdu-poetry' },
      { '@id': '#group', '@type': 'Organization', name: 'Urdu Poetry Circle', url: 'https://www.meetup.example/urdu-poetry/', sameAs: ['https://t.me/urdupoetry'] },
    ],
  }),
);

/** Luma: one object, organizers as an array of people, images as an array. */
export const lumaPage = page(
  ld({
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: 'Founders breakfast',
    startDate: '2027-03-02T08:00:00.000Z',
    endDate: '2027-03-02T09:30:00.000Z',
    location: [{ '@type': 'Place', name: 'Café Nour', address: 'Enghelab St 5, Tehran' }],
    organizer: [{ '@type': 'Person', name: 'Sara', url: 'https://lu.ma/user/sara' }, { '@type': 'Person', name: 'Ali' }],
    image: ['https://images.lu.example/cover.png'],
  }),
);

/** Microdata, no JSON-LD. */
export const microdataPage = page(
  '<title>Quran recitation</title>',
  `<div itemscope itemtype="https://schema.org/Event">
    <h1 itemprop="name">تلاوة القرآن الكريم</h1>
    <time itemprop="startDate" datetime="2027-01-08T17:00:00+03:00">8 January, 5 pm</time>
    <meta itemprop="endDate" content="2027-01-08T18:30:00+03:00">
    <div itemprop="location" itemscope itemtype="https://schema.org/Place">
      <span itemprop="name">المسجد الجامع</span>
      <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
        <span itemprop="streetAddress">شارع الملك فهد</span>, <span itemprop="addressLocality">الرياض</span>
      </div>
    </div>
    <div itemprop="description"><p>للجميع</p><script>document.cookie</script></div>
    <img itemprop="image" src="/img/quran.jpg">
  </div>`,
);

/** Only Open Graph tags. */
export const openGraphPage = page(
  '<meta property="og:title" content="Book fair &amp; tea"><meta property="og:description" content="Three days of books."><meta property="og:image" content="https://fair.example/cover.jpg"><meta property="og:url" content="https://fair.example/2027">',
);

// ---------------------------------------------------------------------------------------------------
// iCalendar

const NY_VTIMEZONE = [
  'BEGIN:VTIMEZONE', 'TZID:America/New_York', 'X-LIC-LOCATION:America/New_York',
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'TZNAME:EDT', 'DTSTART:19700308T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'TZNAME:EST', 'DTSTART:19701101T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'END:STANDARD',
  'END:VTIMEZONE',
];
/** The same rules under a name that is not an IANA zone: only the file's VTIMEZONE can convert it. */
const CUSTOM_VTIMEZONE = NY_VTIMEZONE.map((l) => (l.startsWith('TZID:') ? 'TZID:Eastern Standard Time' : l)).filter((l) => !l.startsWith('X-LIC'));

export function ics(lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Import//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
}

/**
 * A weekly series, Thursdays 19:00 New York, 4 Feb – 1 Apr 2027 (COUNT=9, across the DST change of
 * 14 March), without 18 Feb (EXDATE), 4 Mar moved to Fri 5 Mar 20:00 (RECURRENCE-ID), 25 Mar
 * cancelled (an override with STATUS:CANCELLED); plus a cancelled single event, an all-day event,
 * one in a zone known only by its VTIMEZONE, one with a malformed date, one without a title, one in
 * the past and one past the horizon.
 */
export const feed = ics([
  'X-WR-CALNAME:Study circle',
  'X-WR-TIMEZONE:America/New_York',
  ...NY_VTIMEZONE,
  ...CUSTOM_VTIMEZONE,
  'BEGIN:VEVENT', 'UID:series-1@test', 'DTSTAMP:20261101T000000Z', 'SEQUENCE:2', 'LAST-MODIFIED:20261120T120000Z',
  'DTSTART;TZID=America/New_York:20270204T190000', 'DTEND;TZID=America/New_York:20270204T203000',
  'RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=9', 'EXDATE;TZID=America/New_York:20270218T190000',
  'SUMMARY:Study circle', 'DESCRIPTION:Weekly reading.\\nBring the book.', 'LOCATION:Room 4\\, Library\\, 1 College Rd', 'CATEGORIES:Study,Reading',
  'END:VEVENT',
  'BEGIN:VEVENT', 'UID:series-1@test', 'DTSTAMP:20261101T000000Z', 'RECURRENCE-ID;TZID=America/New_York:20270304T190000',
  'DTSTART;TZID=America/New_York:20270305T200000', 'DTEND;TZID=America/New_York:20270305T213000', 'SUMMARY:Study circle (Friday this week)',
  'END:VEVENT',
  'BEGIN:VEVENT', 'UID:series-1@test', 'DTSTAMP:20261101T000000Z', 'RECURRENCE-ID;TZID=America/New_York:20270325T190000',
  'DTSTART;TZID=America/New_York:20270325T190000', 'DTEND;TZID=America/New_York:20270325T203000', 'SUMMARY:Study circle', 'STATUS:CANCELLED',
  'END:VEVENT',
  'BEGIN:VEVENT', 'UID:cancelled-1@test', 'DTSTAMP:20261101T000000Z', 'DTSTART:20270110T150000Z', 'DTEND:20270110T160000Z', 'SUMMARY:Picnic', 'STATUS:CANCELLED', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:allday-1@test', 'DTSTAMP:20261101T000000Z', 'DTSTART;VALUE=DATE:20270301', 'DTEND;VALUE=DATE:20270303', 'SUMMARY:Book fair', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:custom-tz@test', 'DTSTAMP:20261101T000000Z', 'DTSTART;TZID=Eastern Standard Time:20270315T100000', 'DURATION:PT1H', 'SUMMARY:Office hours',
  'DESCRIPTION:<p>Ask <b>anything</b></p><script>steal()</script>', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:broken-date@test', 'DTSTAMP:20261101T000000Z', 'DTSTART:20271345T990000Z', 'SUMMARY:Broken', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:no-title@test', 'DTSTAMP:20261101T000000Z', 'DTSTART:20270111T150000Z', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:past@test', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261001T150000Z', 'DTEND:20261001T160000Z', 'SUMMARY:Long gone', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:far@test', 'DTSTAMP:20261101T000000Z', 'DTSTART:20281001T150000Z', 'SUMMARY:Far away', 'END:VEVENT',
]);

/** n weekly-spread single events in UTC; `changed` of them (every (n/changed)th) with another title. */
export function bigFeed(n: number, changed = 0): string {
  const lines: string[] = [];
  const every = changed > 0 ? Math.floor(n / changed) : 0;
  for (let i = 0; i < n; i += 1) {
    const start = new Date(NOW.getTime() + 86_400_000 + i * 3_600_000);
    const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const title = every > 0 && i % every === 0 ? `Event ${i} (moved room)` : `Event ${i}`;
    lines.push('BEGIN:VEVENT', `UID:big-${i}@test`, 'DTSTAMP:20261101T000000Z', `DTSTART:${stamp(start)}`, `DTEND:${stamp(new Date(start.getTime() + 3_600_000))}`, `SUMMARY:${title}`, `DESCRIPTION:Entry ${i}`, 'END:VEVENT');
  }
  return ics(lines);
}

// ---------------------------------------------------------------------------------------------------
// The Events Calendar REST API

export function tecRestPage1(nextUrl: string): unknown {
  return {
    events: [
      {
        id: 501,
        global_id: 'qomstudents.example.org?id=501',
        status: 'publish',
        url: 'https://qomstudents.example.org/event/rally/',
        title: RALLY.title,
        description: '<p>همه دعوتند.</p><script>alert(1)</script><style>.x{}</style><p>با پرچم بیایید &amp; به موقع</p>',
        image: { url: 'https://qomstudents.example.org/wp-content/uploads/rally.jpg', id: 9 },
        all_day: false,
        start_date: '2026-12-18 09:00:00',
        end_date: '2026-12-18 11:30:00',
        utc_start_date: '2026-12-18 05:30:00',
        utc_end_date: '2026-12-18 08:00:00',
        timezone: 'Asia/Tehran',
        timezone_abbr: '+0330',
        modified_utc: '2026-11-25 10:00:00',
        venue: { id: 77, venue: RALLY.venue, address: RALLY.address, city: RALLY.city, country: 'Iran', province: 'Qom', zip: '', geo_lat: 34.6399, geo_lng: 50.8759 },
        organizer: [
          {
            id: 88,
            organizer: 'انجمن دانشجویان بین‌المللی',
            website: RALLY.website,
            email: 'info@qomstudents.example.org',
            description: `<p>کانال ما: <a href="${RALLY.telegram}">تلگرام</a> · <a href="${RALLY.eitaa}">ایتا</a> · <a href="${RALLY.whatsapp}">واتساپ</a></p>`,
          },
        ],
        categories: [{ name: 'گردهمایی', slug: 'rally', id: 3 }, { name: 'Students', slug: 'students', id: 4 }],
      },
      {
        id: 502,
        global_id: 'qomstudents.example.org?id=502',
        title: 'Lecture &#8211; <em>Hadith</em> studies',
        description: '<img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe>Room 3',
        all_day: false,
        utc_start_date: '2026-12-20 14:00:00',
        utc_end_date: '2026-12-20 15:30:00',
        timezone: 'UTC+3:30',
        venue: [],
        organizer: [],
        categories: [],
      },
      { id: 503, title: 'Broken dates', utc_start_date: '2026-13-45 99:00:00', utc_end_date: '2026-12-20 15:30:00', timezone: 'Asia/Tehran' },
      { id: 504, title: '', utc_start_date: '2026-12-21 10:00:00', utc_end_date: '2026-12-21 11:00:00', timezone: 'Asia/Tehran' },
    ],
    rest_url: 'page-1',
    next_rest_url: nextUrl,
    total: 5,
    total_pages: 2,
  };
}

export function tecRestPage2(foreignNext: string): unknown {
  return {
    events: [
      {
        id: 505,
        title: 'Nowruz open house',
        all_day: true,
        start_date: '2027-03-20 00:00:00',
        end_date: '2027-03-21 23:59:59',
        utc_start_date: '2027-03-19 20:30:00',
        utc_end_date: '2027-03-21 20:29:59',
        timezone: 'Asia/Tehran',
        venue: { venue: 'Dormitory hall' },
        organizer: [],
        categories: [{ name: 'Culture' }],
      },
    ],
    next_rest_url: foreignNext,
    total: 5,
    total_pages: 2,
  };
}
