import { Types } from 'mongoose';
import type { VenueSnapshot } from '../events/event.model';
import type { VenueModel, VenueRecord } from './venue.model';

export class VenueRepository {
  constructor(private readonly model: VenueModel) {}

  /** Saves (or refreshes) a creator's venue by name in one atomic upsert; returns the stored venue. */
  async save(createdBy: number, venue: VenueSnapshot, now: Date): Promise<VenueRecord> {
    const { name, ...rest } = venue;
    return this.model
      .findOneAndUpdate(
        { createdBy, name },
        { $set: { ...rest, lastUsedAt: now } },
        { upsert: true, new: true, setDefaultsOnInsert: true },
      )
      .lean<VenueRecord>()
      .exec();
  }

  listForCreator(createdBy: number, limit = 6): Promise<VenueRecord[]> {
    return this.model.find({ createdBy }).sort({ lastUsedAt: -1 }).limit(limit).lean<VenueRecord[]>().exec();
  }

  /** A venue by id, only if it belongs to `createdBy` (ids come from callback data). */
  findOwned(id: string, createdBy: number): Promise<VenueRecord | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null);
    return this.model.findOne({ _id: new Types.ObjectId(id), createdBy }).lean<VenueRecord>().exec();
  }
}

export function venueSnapshot(v: VenueRecord): VenueSnapshot {
  const out: VenueSnapshot = { name: v.name };
  if (v.address) out.address = v.address;
  if (v.city) out.city = v.city;
  if (v.country) out.country = v.country;
  if (v.lat !== undefined && v.lat !== null) out.lat = v.lat;
  if (v.lon !== undefined && v.lon !== null) out.lon = v.lon;
  if (v.mapUrl) out.mapUrl = v.mapUrl;
  return out;
}
