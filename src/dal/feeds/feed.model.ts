import { Schema, type Connection, type Model } from 'mongoose';
import { LIMITS } from '../../domain/validate';
import type { OrganizerSnapshot } from '../../domain/event';
import { organizerSchema } from '../events/event.model';

/** An iCalendar address (Google Calendar, a `?ical=1` export, webcal://) or a The Events Calendar site (its REST API). */
export type FeedKind = 'ical' | 'tribe';
export const FEED_KINDS: readonly FeedKind[] = ['ical', 'tribe'];

/** Why a feed is not polled: its owner paused it, it kept failing, or its owner may no longer create events. */
export type FeedPauseReason = 'owner' | 'failures' | 'rights';
export const FEED_PAUSE_REASONS: readonly FeedPauseReason[] = ['owner', 'failures', 'rights'];

/** What the owner chose for the events a feed brings in. */
export interface FeedOptions {
  /** Category slugs every imported event gets (besides those matched from the source's own). */
  categories: string[];
  /** The organizer shown when the source names none. */
  organizer?: OrganizerSnapshot;
  /** Whether new events are announced in linked chats (their cards and reminders are there either way). */
  announce: boolean;
  /** How far ahead entries are imported. */
  horizonDays: number;
}

/** What the last successful poll found. */
export interface FeedPollCounts {
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  /** Entries the source gave that could not be read (bad dates, no title…). */
  problems: number;
}

/**
 * A calendar kept in sync. Its polls are jobs (`feed:<id>:<dueMs>`) like every other timed work;
 * `nextPollAt` is the due time of the one job that counts (an older one finds it changed and stops).
 * What it imported, entry by entry, is in `feed_entries`.
 */
export interface Feed {
  /** An ObjectId's hex: a string `_id` is what FerretDB finds by index. */
  _id: string;
  url: string;
  kind: FeedKind;
  /** Telegram id of the organizer or super-admin who added it; imported events are theirs. */
  ownerId: number;
  options: FeedOptions;
  /** Validators of the last full answer, sent back as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  /** sha256 of the last body read, so a server without validators that sends the same bytes costs no diff. */
  bodyHash?: string;
  /** Failed polls in a row. */
  failures: number;
  /** The kind of the last failure (a fetch failure kind, 'unreadable', 'owner_rights'). */
  lastFailure?: string;
  nextPollAt: Date;
  lastPolledAt?: Date;
  /** The last poll that read and parsed the whole feed (at least daily, so the horizon moves on). */
  lastFullAt?: Date;
  lastCounts?: FeedPollCounts;
  paused: boolean;
  pausedReason?: FeedPauseReason;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<Feed>(
  {
    _id: { type: String, required: true },
    url: { type: String, required: true, maxlength: LIMITS.url },
    kind: { type: String, enum: FEED_KINDS, required: true },
    ownerId: { type: Number, required: true },
    options: {
      categories: { type: [String], default: [] },
      organizer: organizerSchema,
      announce: { type: Boolean, default: true },
      horizonDays: { type: Number, required: true, min: 1 },
    },
    etag: String,
    lastModified: String,
    bodyHash: String,
    failures: { type: Number, default: 0 },
    lastFailure: String,
    nextPollAt: { type: Date, required: true },
    lastPolledAt: Date,
    lastFullAt: Date,
    lastCounts: { type: Schema.Types.Mixed },
    paused: { type: Boolean, default: false },
    pausedReason: { type: String, enum: FEED_PAUSE_REASONS },
  },
  { timestamps: true, versionKey: false },
);

// /feeds for an organizer: { ownerId } (and /forgetme's removal of their feeds). Unique with the
// URL, so adding the same calendar twice (a double press, two instances) keeps one: the insert decides.
schema.index({ ownerId: 1, url: 1 }, { unique: true });

export type FeedModel = Model<Feed>;
export const feedModel = (conn: Connection): FeedModel => conn.model<Feed>('Feed', schema, 'feeds');
