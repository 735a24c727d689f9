import type { LeaseModel, Lease } from './lease.model';
import type { ClaimRepository } from '../claims/claim.repository';
import { isDuplicateKey } from '../write-errors';

/**
 * Named leases (e.g. "sender": who may send). A conditional findOneAndUpdate cannot decide who takes
 * an expired lease on FerretDB (several racers "win"; see CONTRIBUTING.md), so every change of holder
 * is decided by a unique claim: "lease:<name>:<generation>", which exactly one racer can insert. The
 * holder renews by moving `until` only (never `holder`), then reads the lease back to confirm.
 */
export class LeaseRepository {
  constructor(
    private readonly model: LeaseModel,
    private readonly claims: ClaimRepository,
  ) {}

  /** Takes or renews lease `name` for `holder` until now+ttl, if it is free, expired or already ours. */
  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const until = new Date(now.getTime() + ttlMs);
    const current = await this.model.findById(name).lean<Lease>().exec();
    if (!current) {
      try {
        await this.model.create({ _id: name, holder, until, generation: 0, updatedAt: now });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    }
    if (current.holder === holder && current.until >= now) {
      await this.model.updateOne({ _id: name, holder }, { $set: { until, updatedAt: now } }).exec();
    } else if (current.until < now) {
      const generation = current.generation ?? 0;
      if (!(await this.claims.take(`lease:${name}:${generation}`, holder, now))) return false;
      await this.model.updateOne({ _id: name }, { $set: { holder, until, generation: generation + 1, updatedAt: now } }).exec();
    } else {
      return false;
    }
    const after = await this.model.findById(name).lean<Lease>().exec();
    return after?.holder === holder;
  }

  /** Gives the lease up (graceful stop) so another instance takes over at once. */
  async release(name: string, holder: string): Promise<void> {
    await this.model.updateOne({ _id: name, holder }, { $set: { until: new Date(0) } }).exec();
  }

  async holderOf(name: string, now: Date): Promise<string | undefined> {
    const doc = await this.model.findById(name).lean<Lease>().exec();
    return doc && doc.until > now ? doc.holder : undefined;
  }
}
