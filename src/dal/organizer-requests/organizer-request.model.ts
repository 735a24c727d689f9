import { Schema, type Connection, type Model } from 'mongoose';

export type OrganizerRequestStatus = 'pending' | 'approved' | 'denied';

/** A member's /organize request. `_id` is their Telegram user id: one request per person. */
export interface OrganizerRequestRecord {
  _id: number;
  status: OrganizerRequestStatus;
  requestedAt: Date;
  decidedBy?: number;
  decidedAt?: Date;
}

const schema = new Schema<OrganizerRequestRecord>(
  {
    _id: { type: Number, required: true },
    status: { type: String, enum: ['pending', 'approved', 'denied'], required: true },
    requestedAt: { type: Date, required: true },
    decidedBy: Number,
    decidedAt: Date,
  },
  { versionKey: false },
);
// Lookups are by _id only (the requester); no further index.

export type OrganizerRequestModel = Model<OrganizerRequestRecord>;
export const organizerRequestModel = (conn: Connection): OrganizerRequestModel =>
  conn.model<OrganizerRequestRecord>('OrganizerRequest', schema, 'organizer_requests');
