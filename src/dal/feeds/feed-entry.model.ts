import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * One entry of a feed (an event, or one occurrence of a series) and the event it became. Its `_id`
 * is the feed and the entry's source UID (hashed), so an entry is recorded once however many polls,
 * restarts or racing instances see it. `hash` is the content hash last applied (src/import/changes.ts).
 */
export interface FeedEntry {
  /** "<feed>:<sha256 of the source UID, 40 hex>". */
  _id: string;
  feedId: string;
  sourceUid: string;
  eventId: Types.ObjectId;
  hash: string;
  /** Cancelled at the source (or removed from it): the event was cancelled and is not touched again. */
  cancelled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<FeedEntry>(
  {
    _id: { type: String, required: true },
    feedId: { type: String, required: true },
    sourceUid: { type: String, required: true },
    eventId: { type: Schema.Types.ObjectId, required: true },
    hash: { type: String, required: true },
    cancelled: { type: Boolean, default: false },
  },
  { timestamps: true, versionKey: false },
);

// A poll that found changes reads the feed's entries to diff against: { feedId }. Removing a feed
// (or /forgetme removing its owner's) deletes them the same way.
schema.index({ feedId: 1 });

export type FeedEntryModel = Model<FeedEntry>;
export const feedEntryModel = (conn: Connection): FeedEntryModel => conn.model<FeedEntry>('FeedEntry', schema, 'feed_entries');
