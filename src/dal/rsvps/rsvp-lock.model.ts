import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A short-lived per-event lock that serializes RSVP changes of one event. Taken by inserting a
 * document with the event id as `_id` (the unique _id index makes exactly one of several racing
 * inserts win, on MongoDB and on FerretDB alike), released by deleting it. `until` lets a lock
 * left by a crashed process be taken over.
 */
export interface RsvpLock {
  _id: string;
  holder: string;
  until: Date;
}

const schema = new Schema<RsvpLock>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false },
);
// No secondary index: locks are only ever read and written by _id.

export type RsvpLockModel = Model<RsvpLock>;
export const rsvpLockModel = (conn: Connection): RsvpLockModel => conn.model<RsvpLock>('RsvpLock', schema, 'rsvp_locks');
