/**
 * An in-memory CalendarReader for the web calendar's tests, with the port's contract applied the way
 * the application layer must apply it: drafts and deleted events are held here too, and never come
 * out. Fixtures are written as people here write them: a Persian event at a Latin-named venue, an
 * Arabic lecture, an Urdu mushaira, a weekly series with one occurrence moved and one deleted.
 */
import type { CalendarReader, PageOf, WebCategory, WebEvent, WebEventStatus } from '../../src/web/ports';
import { zonedWallTimeToInstant } from '../../src/domain/time';

export type StoredEvent = Omit<WebEvent, 'status'> & { status: WebEventStatus | 'draft' | 'deleted' };

export class MemoryCalendarReader implements CalendarReader {
  /** Telegram photos by event id (a test that serves photos sets the event's photoUrl with photoPath). */
  readonly photos = new Map<string, string>();

  constructor(
    public events: StoredEvent[],
    public cats: WebCategory[],
    private readonly now: () => Date,
  ) {}

  private visible(): WebEvent[] {
    const pub = this.events.filter((e): e is WebEvent => e.status === 'published' || e.status === 'postponed' || e.status === 'cancelled');
    return pub.map((e) => {
      if (!e.series) return e;
      const occurrences = pub
        .filter((o) => o.series?.seriesId === e.series!.seriesId)
        .sort((a, b) => a.startAt.getTime() - b.startAt.getTime())
        .map((o) => ({ id: o.id, startAt: o.startAt, status: o.status }));
      return { ...e, series: { ...e.series, occurrences } };
    });
  }

  private page(items: WebEvent[], page: number, pageSize: number): PageOf<WebEvent> {
    const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
    const p = Math.min(page, pageCount);
    return { items: items.slice((p - 1) * pageSize, p * pageSize), page: p, pageCount };
  }

  async getPublicEvent(id: string) {
    return this.visible().find((e) => e.id === id);
  }
  async listUpcoming(q: { category?: string; page: number; pageSize: number }) {
    const now = this.now().getTime();
    const items = this.visible()
      .filter((e) => e.endAt.getTime() > now && (!q.category || e.categories.includes(q.category)))
      .sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
    return this.page(items, q.page, q.pageSize);
  }
  async listPast(q: { category?: string; page: number; pageSize: number }) {
    const now = this.now().getTime();
    const items = this.visible()
      .filter((e) => e.endAt.getTime() <= now && (!q.category || e.categories.includes(q.category)))
      .sort((a, b) => b.startAt.getTime() - a.startAt.getTime());
    return this.page(items, q.page, q.pageSize);
  }
  async month(q: { year: number; month: number; zone: string }) {
    const from = zonedWallTimeToInstant({ year: q.year, month: q.month, day: 1, hour: 0, minute: 0 }, q.zone);
    const next = q.month === 12 ? { year: q.year + 1, month: 1 } : { year: q.year, month: q.month + 1 };
    const to = zonedWallTimeToInstant({ ...next, day: 1, hour: 0, minute: 0 }, q.zone);
    return this.visible()
      .filter((e) => e.startAt < to && e.endAt > from)
      .sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
  }
  async categories() {
    return this.cats;
  }
  async feed(q: { category?: string }) {
    return this.visible().filter((e) => !q.category || e.categories.includes(q.category));
  }
  async photoFileId(id: string) {
    return (await this.getPublicEvent(id)) ? this.photos.get(id) : undefined;
  }
  async announcements(q: { limit: number }) {
    return this.visible()
      .sort((a, b) => (b.publishedAt ?? b.updatedAt).getTime() - (a.publishedAt ?? a.updatedAt).getTime())
      .slice(0, q.limit);
  }
}

/** 24-hex ids that read as what they are in failure messages. */
export const ids = {
  persian: 'aaaaaaaaaaaaaaaaaaaaaa01',
  cancelled: 'aaaaaaaaaaaaaaaaaaaaaa02',
  berlin: 'aaaaaaaaaaaaaaaaaaaaaa03',
  draft: 'aaaaaaaaaaaaaaaaaaaaaa04',
  deleted: 'aaaaaaaaaaaaaaaaaaaaaa05',
  past: 'aaaaaaaaaaaaaaaaaaaaaa06',
  urdu: 'aaaaaaaaaaaaaaaaaaaaaa07',
  series: 'bbbbbbbbbbbbbbbbbbbbbb00',
  occ: (i: number) => `bbbbbbbbbbbbbbbbbbbbbb1${i}`,
};

/** "Now" for every fixture: Sunday 29 Nov 2026, 12:00 UTC. */
export const NOW = new Date('2026-11-29T12:00:00Z');

const at = (zone: string, y: number, mo: number, d: number, h: number, mi = 0) => zonedWallTimeToInstant({ year: y, month: mo, day: d, hour: h, minute: mi }, zone);
const updated = new Date('2026-11-20T10:00:00Z');
const base = { categories: [], allDay: false, sequence: 0, rsvp: { going: 0, maybe: 0, guests: 0, waitlist: 0 }, updatedAt: updated, publishedAt: updated };

export const CATEGORIES: WebCategory[] = [
  { slug: 'poetry', names: { en: 'Poetry', fa: 'شعر', ar: 'شعر', ur: 'شاعری' } },
  { slug: 'talks', names: { en: 'Talks', fa: 'سخنرانی', ar: 'محاضرات', ur: 'لیکچر' } },
];

/** A weekly Thursday 19:00 series in Berlin: the second occurrence moved alone to Friday 20:00, the third deleted. */
function series(): StoredEvent[] {
  const zone = 'Europe/Berlin';
  const rrule = 'FREQ=WEEKLY;BYDAY=TH;COUNT=4';
  const starts = [at(zone, 2026, 12, 3, 19), at(zone, 2026, 12, 10, 19), at(zone, 2026, 12, 17, 19), at(zone, 2026, 12, 24, 19)];
  return starts.map((s, i) => ({
    ...base,
    id: ids.occ(i),
    title: 'Deutsch-Persischer Gesprächskreis',
    startAt: i === 1 ? at(zone, 2026, 12, 11, 20) : s, // the second one moved to Friday 20:00
    endAt: new Date((i === 1 ? at(zone, 2026, 12, 11, 20) : s).getTime() + 2 * 3_600_000),
    timezone: zone,
    categories: ['talks'],
    status: i === 2 ? ('deleted' as const) : ('published' as const),
    sequence: i === 1 ? 2 : 1,
    series: { seriesId: ids.series, rrule, index: i, detached: i === 1, occurrences: [] },
  }));
}

export function fixtures(): StoredEvent[] {
  const tehran = 'Asia/Tehran';
  return [
    {
      ...base,
      id: ids.persian,
      title: 'شب شعر حافظ <b>& دوستان</b>',
      description: 'خط اول توضیحات\nخط دوم با پیوند https://example.org/hafez?a=1&b=2.\n<script>alert(1)</script> javascript:alert(2)',
      startAt: at(tehran, 2026, 12, 5, 18, 30),
      endAt: at(tehran, 2026, 12, 5, 20, 30),
      timezone: tehran,
      venue: { name: 'Café Lumière', address: 'خیابان صفائیه، کوچهٔ ۱۲', city: 'قم', lat: 34.6401, lon: 50.8764 },
      onlineUrl: 'https://meet.example.org/hafez',
      organizer: { name: 'انجمن ادبی', website: 'https://adabi.example.org', links: { telegram: 'https://t.me/adabi', whatsapp: 'https://wa.me/989121234567', eitaa: 'https://eitaa.com/adabi', evil: 'javascript:alert(3)' } },
      categories: ['poetry'],
      capacity: 40,
      rsvp: { going: 12, maybe: 3, guests: 2, waitlist: 0 },
      status: 'published',
      sequence: 3,
    },
    {
      ...base,
      id: ids.cancelled,
      title: 'محاضرة عن ابن سينا',
      startAt: at(tehran, 2026, 12, 8, 17),
      endAt: at(tehran, 2026, 12, 8, 19),
      timezone: tehran,
      venue: { name: 'Hall B' },
      categories: ['talks'],
      status: 'cancelled',
      cancelReason: 'المحاضر مريض',
      sequence: 5,
    },
    {
      ...base,
      id: ids.berlin,
      title: 'Spring concert',
      startAt: at('Europe/Berlin', 2027, 3, 28, 19),
      endAt: at('Europe/Berlin', 2027, 3, 28, 21),
      timezone: 'Europe/Berlin',
      venue: { name: 'Haus der Kulturen', city: 'Berlin' },
      categories: [],
      status: 'postponed',
      sequence: 2,
    },
    { ...base, id: ids.draft, title: 'Secret draft', startAt: at(tehran, 2026, 12, 6, 10), endAt: at(tehran, 2026, 12, 6, 11), timezone: tehran, status: 'draft' },
    { ...base, id: ids.deleted, title: 'Deleted event', startAt: at(tehran, 2026, 12, 7, 10), endAt: at(tehran, 2026, 12, 7, 11), timezone: tehran, status: 'deleted' },
    { ...base, id: ids.past, title: 'Autumn picnic', startAt: at(tehran, 2026, 11, 20, 10), endAt: at(tehran, 2026, 11, 20, 14), timezone: tehran, status: 'published' },
    {
      ...base,
      id: ids.urdu,
      title: 'مشاعرہ',
      startAt: at('Asia/Karachi', 2026, 12, 12, 0),
      endAt: at('Asia/Karachi', 2026, 12, 14, 0),
      allDay: true,
      timezone: 'Asia/Karachi',
      categories: ['poetry'],
      status: 'published',
    },
    ...series(),
  ];
}

export function memoryReader(now = () => NOW): MemoryCalendarReader {
  return new MemoryCalendarReader(fixtures(), CATEGORIES, now);
}

