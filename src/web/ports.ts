/**
 * What the public web calendar reads, and nothing more: a small read port the application layer
 * implements (issue 12), and the plain view-models it returns. The web code never touches the data
 * layer; tests give it an in-memory reader (test/support/web-reader.ts).
 *
 * The reader's contract: **only public events** ever come out of it — published, postponed or
 * cancelled ones that were published; never drafts, deleted events or anything private. Ids are the
 * events' 24-hex ids as strings; instants are UTC `Date`s with the event's IANA zone beside them.
 */
import type { Locale } from '../i18n/locales';

/** The states a public event can be in (a draft is never public). */
export type WebEventStatus = 'published' | 'postponed' | 'cancelled';

export interface WebVenue {
  name: string;
  address?: string;
  city?: string;
  country?: string;
  lat?: number;
  lon?: number;
  mapUrl?: string;
}

export interface WebOrganizer {
  name: string;
  website?: string;
  /** By network: telegram, whatsapp, eitaa, instagram, … (URLs as the organizer gave them). */
  links: Record<string, string>;
}

/** One occurrence of a series, for the "other dates" list on an occurrence's page. */
export interface WebOccurrence {
  id: string;
  startAt: Date;
  status: WebEventStatus;
}

export interface WebSeries {
  seriesId: string;
  /** RFC 5545 RRULE without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=TH;COUNT=10". */
  rrule: string;
  /** This occurrence's index in the series, from 0. */
  index: number;
  /** Moved or cancelled on its own. */
  detached: boolean;
  /** The series' public occurrences in start order (the page links them); may be empty in lists. */
  occurrences: WebOccurrence[];
}

export interface WebRsvpCounts {
  going: number;
  maybe: number;
  guests: number;
  waitlist: number;
}

export interface WebEvent {
  id: string;
  title: string;
  description?: string;
  startAt: Date;
  /** For an all-day event: local midnight after the last day. */
  endAt: Date;
  allDay: boolean;
  timezone: string;
  venue?: WebVenue;
  onlineUrl?: string;
  organizer?: WebOrganizer;
  /** Category slugs. */
  categories: string[];
  /** An absolute or site-relative URL the page can show: a Telegram photo is `photoPath(id, fileId)` (src/web/photos.ts). */
  photoUrl?: string;
  capacity?: number;
  status: WebEventStatus;
  cancelReason?: string;
  rsvp: WebRsvpCounts;
  /** Raised on every change a subscriber should see; the iCalendar SEQUENCE. */
  sequence: number;
  series?: WebSeries;
  publishedAt?: Date;
  updatedAt: Date;
}

export interface WebCategory {
  slug: string;
  /** `en` always; the others fall back to it. */
  names: Partial<Record<Locale, string>> & { en: string };
}

export interface PageOf<T> {
  items: T[];
  /** From 1. */
  page: number;
  pageCount: number;
}

export interface ListQuery {
  category?: string;
  /** From 1. */
  page: number;
  pageSize: number;
}

export interface CalendarReader {
  /** A public event, or undefined (unknown, draft, deleted, private: all look the same). */
  getPublicEvent(id: string): Promise<WebEvent | undefined>;
  /** Events not yet ended, soonest first. */
  listUpcoming(query: ListQuery): Promise<PageOf<WebEvent>>;
  /** Events that have ended, latest first. */
  listPast(query: ListQuery): Promise<PageOf<WebEvent>>;
  /** Events overlapping the given month in `zone` (1–12), in start order. */
  month(query: { year: number; month: number; zone: string; category?: string }): Promise<WebEvent[]>;
  categories(): Promise<WebCategory[]>;
  /** What a subscription feed carries: recent and future public events (cancelled ones too, so apps drop them). */
  feed(query: { category?: string }): Promise<WebEvent[]>;
  /** The latest announcements (newest published first), for the Atom feed. */
  announcements(query: { limit: number }): Promise<WebEvent[]>;
  /**
   * The Telegram file_id of a public event's photo, for the site's photo route (src/web/photos.ts);
   * undefined when the event is not public or has no photo. Never put in a page.
   */
  photoFileId(id: string): Promise<string | undefined>;
}
