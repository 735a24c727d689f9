/**
 * The domain's own view of an event and its answers: plain types with no storage behind them. The
 * data layer's records fit them (an ObjectId is a `HexId`), and the application maps what the
 * domain builds (ids as hex strings, chosen by the caller) to what the data layer stores.
 */

/** An id as the domain needs it: something that reads as 24 hex digits (a stored ObjectId does). */
export interface HexId {
  toHexString(): string;
}

export type EventStatus = 'draft' | 'published' | 'postponed' | 'cancelled';

export interface VenueSnapshot {
  name: string;
  address?: string;
  city?: string;
  country?: string;
  lat?: number;
  lon?: number;
  mapUrl?: string;
}

export interface OrganizerSnapshot {
  name: string;
  website?: string;
  /** Social links keyed by network: telegram, whatsapp, eitaa, instagram, ... */
  links: Record<string, string>;
}

export interface SeriesRef<Id> {
  seriesId: Id;
  /** RFC 5545 RRULE (without DTSTART). */
  rrule: string;
  /** This occurrence's index in the series, from 0. */
  index: number;
  /** Moved or cancelled on its own. */
  detached: boolean;
}

/**
 * Where an imported event comes from, and who wins: the feed keeps every field up to date except
 * those an organizer changed in chat (`edited`, names of the dialogue's steps: 'title', 'when'…),
 * which stay as edited. The card says so ("Imported from <host> · edited here").
 */
export interface ImportSource {
  feedId: string;
  /** The source's host name, shown on the card. */
  host: string;
  edited: string[];
}

/** What an event says (everything an organizer writes), with ids of type `Id`. */
export interface EventContent<Id = HexId> {
  title: string;
  description?: string;
  /** UTC instants. For an all-day event, local midnight of the first day to local midnight after the last. */
  startAt: Date;
  endAt: Date;
  allDay: boolean;
  /** IANA zone. */
  timezone: string;
  venueId?: Id;
  venue?: VenueSnapshot;
  onlineUrl?: string;
  organizerId?: Id;
  organizer?: OrganizerSnapshot;
  /** Category slugs. */
  categories: string[];
  photoFileId?: string;
  capacity?: number;
  createdBy: number;
  series?: SeriesRef<Id>;
}

export type RsvpStatus = 'going' | 'maybe' | 'not_going' | 'waitlist';

export interface RsvpCounts {
  going: number;
  maybe: number;
  notGoing: number;
  waitlist: number;
  /** Extra people brought by those going (+1, +2). */
  guests: number;
}
