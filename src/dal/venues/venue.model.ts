import { Schema, Types, type Connection, type Model } from 'mongoose';
import { LIMITS } from '../../domain/validate';
import type { VenueSnapshot } from '../events/event.model';

/** A venue an organizer used before, offered again with one tap. Unique per creator + name. */
export interface VenueRecord extends VenueSnapshot {
  _id: Types.ObjectId;
  createdBy: number;
  lastUsedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<VenueRecord>(
  {
    createdBy: { type: Number, required: true },
    name: { type: String, required: true, maxlength: LIMITS.venueName },
    address: { type: String, maxlength: LIMITS.address },
    city: { type: String, maxlength: LIMITS.city },
    country: { type: String, maxlength: LIMITS.country },
    lat: Number,
    lon: Number,
    mapUrl: { type: String, maxlength: LIMITS.url },
    lastUsedAt: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);

// Saving a venue again updates it instead of adding a second one with the same name.
schema.index({ createdBy: 1, name: 1 }, { unique: true });
// The saved-venue buttons: a creator's venues, most recently used first.
schema.index({ createdBy: 1, lastUsedAt: -1 });

export type VenueModel = Model<VenueRecord>;
export const venueModel = (conn: Connection): VenueModel => conn.model<VenueRecord>('Venue', schema, 'venues');
