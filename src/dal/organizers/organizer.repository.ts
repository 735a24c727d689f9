import { Types } from 'mongoose';
import type { OrganizerSnapshot } from '../events/event.model';
import type { OrganizerProfileModel, OrganizerProfileRecord } from './organizer.model';

export class OrganizerProfileRepository {
  constructor(private readonly model: OrganizerProfileModel) {}

  /** Saves (or refreshes) a creator's organizer profile by name in one atomic upsert. */
  async save(createdBy: number, profile: OrganizerSnapshot, now: Date): Promise<OrganizerProfileRecord> {
    const set: Record<string, unknown> = { links: profile.links, lastUsedAt: now };
    const unset: Record<string, 1> = {};
    if (profile.website) set.website = profile.website;
    else unset.website = 1;
    return this.model
      .findOneAndUpdate(
        { createdBy, name: profile.name },
        { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
        { upsert: true, new: true, setDefaultsOnInsert: true },
      )
      .lean<OrganizerProfileRecord>()
      .exec();
  }

  listForCreator(createdBy: number, limit = 6): Promise<OrganizerProfileRecord[]> {
    return this.model.find({ createdBy }).sort({ lastUsedAt: -1 }).limit(limit).lean<OrganizerProfileRecord[]>().exec();
  }

  findOwned(id: string, createdBy: number): Promise<OrganizerProfileRecord | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null);
    return this.model.findOne({ _id: new Types.ObjectId(id), createdBy }).lean<OrganizerProfileRecord>().exec();
  }
}

export function organizerSnapshot(o: OrganizerProfileRecord): OrganizerSnapshot {
  return { name: o.name, links: { ...(o.links ?? {}) }, ...(o.website ? { website: o.website } : {}) };
}
