/**
 * One model for every source an event is imported from (an event page's schema.org data, an
 * iCalendar feed or file, The Events Calendar's REST API). Parsers are pure: text in, a list of
 * `ImportedEvent`s and a list of `ImportProblem`s out — one bad entry is reported and skipped,
 * never the end of the whole import. Creating or updating events from them is the application
 * layer's job (it validates and stores them like an event typed in chat).
 */

export type ImportedStatus = 'confirmed' | 'cancelled';

export interface ImportedVenue {
  name: string;
  address?: string;
  city?: string;
  country?: string;
  lat?: number;
  lon?: number;
}

export type OrganizerNetwork = 'telegram' | 'whatsapp' | 'eitaa' | 'instagram';

export interface ImportedOrganizer {
  name: string;
  website?: string;
  links: Partial<Record<OrganizerNetwork, string>>;
}

export interface ImportedOccurrence {
  /** The series' own UID at the source. */
  seriesUid: string;
  /** The occurrence's original start (its RECURRENCE-ID): stable even when this occurrence is moved. */
  recurrenceId: Date;
  /** The series' rule as the source wrote it (RRULE value), for display. */
  rrule?: string;
  /** This occurrence was changed on its own at the source (RECURRENCE-ID override). */
  overridden: boolean;
}

export interface ImportedEvent {
  /** Identifies the entry at its source across polls: the iCalendar UID (plus the occurrence's start for a series), TEC id, the page URL. */
  sourceUid: string;
  title: string;
  start: Date;
  end: Date;
  allDay: boolean;
  /** IANA zone the event's wall-clock times are in. */
  timezone: string;
  /** False when the source named no zone and `defaultZone` was used (the instants are still exact when the source gave an offset). */
  zoneFromSource: boolean;
  /** Plain text (HTML converted, scripts and styles dropped); never markup. */
  description?: string;
  venue?: ImportedVenue;
  onlineUrl?: string;
  organizer?: ImportedOrganizer;
  imageUrl?: string;
  /** The event's own page at the source. */
  url?: string;
  /** Category names as the source gives them (matched to the bot's categories by the application layer). */
  categories: string[];
  status: ImportedStatus;
  occurrence?: ImportedOccurrence;
  /** iCalendar SEQUENCE, when given. */
  sequence?: number;
  lastModified?: Date;
  /** sha256 of every field above except sequence and lastModified: equal hashes, nothing to update. */
  hash: string;
}

export type ImportProblemKind =
  | 'missing_title'
  | 'missing_start'
  | 'bad_date'
  | 'end_before_start'
  | 'too_many_events'
  | 'too_many_occurrences'
  | 'unreadable'
  | 'nothing_found';

export const IMPORT_PROBLEM_KINDS: readonly ImportProblemKind[] = [
  'missing_title', 'missing_start', 'bad_date', 'end_before_start', 'too_many_events', 'too_many_occurrences', 'unreadable',
  'nothing_found',
];

export interface ImportProblem {
  kind: ImportProblemKind;
  /** Which entry: its UID, id or position at the source (shown to the organizer as is). */
  entry?: string;
  /** The title, when there was one, so the organizer recognizes the entry. */
  title?: string;
  /** A limit that was reached (too_many_*). */
  max?: number;
}

/**
 * What a single-event import (a link or a file sent in chat) can still use of an entry a feed would
 * skip: everything that was read, with the title or the dates missing (the chat asks for them). An
 * `ImportedEvent` is one too.
 */
export type PartialImportedEvent = Partial<
  Pick<ImportedEvent, 'title' | 'start' | 'end' | 'allDay' | 'timezone' | 'description' | 'venue' | 'onlineUrl' | 'organizer' | 'imageUrl' | 'url' | 'status' | 'occurrence'>
> & { categories: string[] };

export interface ImportResult {
  events: ImportedEvent[];
  problems: ImportProblem[];
}

export interface ParseOptions {
  now: Date;
  /** Zone for times the source gives without one (the feed's setting, else DEFAULT_TIMEZONE). */
  defaultZone: string;
  /** How far ahead to import: occurrences starting after now + horizonDays are left out. */
  horizonDays: number;
  /** Most events one parse returns; past it, a `too_many_events` problem. */
  maxEvents?: number;
}

export const DEFAULT_MAX_EVENTS = 2000;
/** Most occurrences one series contributes, and most rule steps walked to find them. */
export const MAX_OCCURRENCES_PER_SERIES = 500;
export const MAX_RULE_STEPS = 50_000;
