import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One-shot claims: "this invite was used", "this organizer request was decided". A claim is taken by
 * inserting a document with a chosen `_id`; the unique _id lets exactly one of racing inserts win, on
 * MongoDB and on FerretDB alike (FerretDB's conditional findOneAndUpdate is not atomic under
 * concurrency, so it cannot decide a race by itself).
 */
export interface ClaimRecord {
  /** "<kind>:<key>", e.g. "invite:<code>". */
  _id: string;
  /** Who took it: a Telegram user id, or an instance id for a lease takeover. */
  holder: number | string;
  at: Date;
}

const schema = new Schema<ClaimRecord>(
  {
    _id: { type: String, required: true },
    holder: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
// Read and written by _id only; no secondary index.

export type ClaimModel = Model<ClaimRecord>;
export const claimModel = (conn: Connection): ClaimModel => conn.model<ClaimRecord>('Claim', schema, 'claims');
