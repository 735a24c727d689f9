import type { LeaseModel } from './lease.model';

export class LeaseRepository {
  constructor(readonly model: LeaseModel) {}

  /**
   * Takes or renews lease `name` for `holder` until now+ttl, if it is free, expired or already ours.
   * Atomic: the filter and the update are one document operation; when two instances race for a
   * free lease the unique _id lets only one insert win (the other gets a duplicate-key error).
   */
  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const until = new Date(now.getTime() + ttlMs);
    try {
      const res = await this.model
        .findOneAndUpdate(
          { _id: name, $or: [{ holder }, { until: { $lt: now } }] },
          { $set: { holder, until, updatedAt: now } },
          { upsert: true, new: true },
        )
        .lean()
        .exec();
      return res?.holder === holder;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  /** Gives the lease up (graceful stop) so another instance takes over at once. */
  async release(name: string, holder: string): Promise<void> {
    await this.model.updateOne({ _id: name, holder }, { $set: { until: new Date(0) } }).exec();
  }

  async holderOf(name: string, now: Date): Promise<string | undefined> {
    const doc = await this.model.findById(name).lean().exec();
    return doc && doc.until > now ? doc.holder : undefined;
  }
}
