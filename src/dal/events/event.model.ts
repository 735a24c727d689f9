import { Schema, Types, type Connection, type Model } from 'mongoose';
import { LIMITS } from '../../domain/validate';

import type { EventContent, EventStatus, ImportSource, OrganizerSnapshot, RsvpCounts, SeriesRef, VenueSnapshot } from '../../domain/event';
import { countCalendarWrites } from '../write-watch';

// The stored shapes of an event's parts are the domain's own types (src/domain/event.ts), with
// ObjectIds where the domain has any id.
export type { EventStatus, OrganizerSnapshot, RsvpCounts, VenueSnapshot };
export const EVENT_STATUSES: readonly EventStatus[] = ['draft', 'published', 'postponed', 'cancelled'];

/** A series occurrence as stored: the rule is RFC 5545 without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=TH;UNTIL=20270601T000000Z". */
export type EventSeriesRef = SeriesRef<Types.ObjectId>;

/** A stored event: what its organizer wrote (the domain's EventContent, with ObjectIds) and what the bot keeps about it. */
export interface EventRecord extends EventContent<Types.ObjectId> {
  _id: Types.ObjectId;
  status: EventStatus;
  cancelReason?: string;
  /** Raised on every change a subscriber should see; the .ics SEQUENCE. */
  sequence: number;
  rsvpCounts: RsvpCounts;
  publishedAt?: Date;
  /** Set on events a calendar feed created: which feed, and the fields since edited in chat (who wins). */
  source?: ImportSource;
  createdAt: Date;
  updatedAt: Date;
}

const venueSchema = new Schema<VenueSnapshot>(
  {
    name: { type: String, required: true, maxlength: LIMITS.venueName },
    address: { type: String, maxlength: LIMITS.address },
    city: { type: String, maxlength: LIMITS.city },
    country: { type: String, maxlength: LIMITS.country },
    lat: Number,
    lon: Number,
    mapUrl: { type: String, maxlength: LIMITS.url },
  },
  { _id: false },
);

/** An organizer as stored on an event, and as a feed's default organizer (feed.model.ts). */
export const organizerSchema = new Schema<OrganizerSnapshot>(
  {
    name: { type: String, required: true, maxlength: LIMITS.organizerName },
    website: { type: String, maxlength: LIMITS.url },
    links: { type: Schema.Types.Mixed, default: () => ({}) },
  },
  { _id: false, minimize: false },
);

const schema = new Schema<EventRecord>(
  {
    title: { type: String, required: true, maxlength: LIMITS.title },
    description: { type: String, maxlength: LIMITS.description },
    startAt: { type: Date, required: true },
    endAt: { type: Date, required: true },
    allDay: { type: Boolean, default: false },
    timezone: { type: String, required: true },
    venueId: { type: Schema.Types.ObjectId },
    venue: venueSchema,
    onlineUrl: { type: String, maxlength: LIMITS.url },
    organizerId: { type: Schema.Types.ObjectId },
    organizer: organizerSchema,
    categories: { type: [String], default: [] },
    photoFileId: String,
    capacity: { type: Number, min: 1 },
    status: { type: String, enum: EVENT_STATUSES, default: 'draft', required: true },
    cancelReason: { type: String, maxlength: LIMITS.cancelReason },
    createdBy: { type: Number, required: true },
    series: {
      type: new Schema<EventSeriesRef>(
        {
          seriesId: { type: Schema.Types.ObjectId, required: true },
          rrule: { type: String, required: true },
          index: { type: Number, required: true },
          detached: { type: Boolean, default: false },
        },
        { _id: false },
      ),
    },
    sequence: { type: Number, default: 0 },
    rsvpCounts: {
      going: { type: Number, default: 0 },
      maybe: { type: Number, default: 0 },
      notGoing: { type: Number, default: 0 },
      waitlist: { type: Number, default: 0 },
      guests: { type: Number, default: 0 },
    },
    publishedAt: Date,
    source: {
      type: new Schema<ImportSource>(
        { feedId: { type: String, required: true }, host: { type: String, required: true, maxlength: 253 }, edited: { type: [String], default: [] } },
        { _id: false },
      ),
    },
  },
  { timestamps: true, versionKey: false },
);

// /events (upcoming, paged) and the Past view: status = published|postponed, by startAt.
schema.index({ status: 1, startAt: 1 });
// /events filtered by category.
schema.index({ categories: 1, status: 1, startAt: 1 });
// /myevents: an organizer's events, newest first.
schema.index({ createdBy: 1, startAt: -1 });
// Editing or cancelling a whole series.
schema.index({ 'series.seriesId': 1, 'series.index': 1 }, { sparse: true });

// The public calendar keeps its answers until one of these writes (src/dal/write-watch.ts).
countCalendarWrites(schema);

export type EventModel = Model<EventRecord>;
export const eventModel = (conn: Connection): EventModel => conn.model<EventRecord>('Event', schema, 'events');
