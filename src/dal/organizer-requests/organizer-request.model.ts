import { Schema, type Connection, type Model } from 'mongoose';

export type OrganizerRequestStatus = 'pending' | 'approved' | 'denied';

/** A member's /organize request. `_id` is their Telegram user id: one request per person. */
export interface OrganizerRequestRecord {
  _id: number;
  status: OrganizerRequestStatus;
  requestedAt: Date;
  /** The requester's language when they asked, for the answer (they may not have chosen one in /settings). */
  locale?: string;
  decidedBy?: number;
  decidedAt?: Date;
}

const schema = new Schema<OrganizerRequestRecord>(
  {
    _id: { type: Number, required: true },
    status: { type: String, enum: ['pending', 'approved', 'denied'], required: true },
    requestedAt: { type: Date, required: true },
    locale: String,
    decidedBy: Number,
    decidedAt: Date,
  },
  { versionKey: false },
);
// Lookups are by _id only (the requester); no further index.

export type OrganizerRequestModel = Model<OrganizerRequestRecord>;
export const organizerRequestModel = (conn: Connection): OrganizerRequestModel =>
  conn.model<OrganizerRequestRecord>('OrganizerRequest', schema, 'organizer_requests');
