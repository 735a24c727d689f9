import { Schema, Types, type Connection, type Model } from 'mongoose';
import { LIMITS } from '../../domain/validate';

/** An organizer profile (name, website, social links) saved by a creator and reused with one tap. */
export interface OrganizerProfileRecord {
  _id: Types.ObjectId;
  createdBy: number;
  name: string;
  website?: string;
  links: Record<string, string>;
  lastUsedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<OrganizerProfileRecord>(
  {
    createdBy: { type: Number, required: true },
    name: { type: String, required: true, maxlength: LIMITS.organizerName },
    website: { type: String, maxlength: LIMITS.url },
    links: { type: Schema.Types.Mixed, default: () => ({}) },
    lastUsedAt: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

// Saving a profile again updates it: one profile per creator and name.
schema.index({ createdBy: 1, name: 1 }, { unique: true });
// The saved-organizer buttons: a creator's profiles, most recently used first.
schema.index({ createdBy: 1, lastUsedAt: -1 });

export type OrganizerProfileModel = Model<OrganizerProfileRecord>;
export const organizerProfileModel = (conn: Connection): OrganizerProfileModel =>
  conn.model<OrganizerProfileRecord>('OrganizerProfile', schema, 'organizers');
