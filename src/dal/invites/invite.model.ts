import { Schema, Types, type Connection, type Model } from 'mongoose';

/** A single-use, expiring invitation to become an organizer (/invite → t.me/<bot>?start=inv_<code>). */
export interface InviteRecord {
  _id: Types.ObjectId;
  code: string;
  createdBy: number;
  expiresAt: Date;
  usedBy: number | null;
  usedAt?: Date;
  createdAt: Date;
}

const schema = new Schema<InviteRecord>(
  {
    code: { type: String, required: true },
    createdBy: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
    usedBy: { type: Number, default: null },
    usedAt: Date,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// Consuming an invite: findOneAndUpdate on {code, usedBy: null, expiresAt > now}; codes are unique.
schema.index({ code: 1 }, { unique: true });

export type InviteModel = Model<InviteRecord>;
export const inviteModel = (conn: Connection): InviteModel => conn.model<InviteRecord>('Invite', schema, 'invites');
