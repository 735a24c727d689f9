import type { SessionModel } from './session.model';

/** telegraf's `SessionStore` contract, on mongoose. One document per key, replaced atomically. */
export class MongoSessionStore<T extends object> {
  private readonly fresh = new WeakSet<object>();

  constructor(private readonly model: SessionModel) {}

  async get(key: string): Promise<T | undefined> {
    const doc = await this.model.findById(key).lean().exec();
    return (doc?.data as T | undefined) ?? undefined;
  }

  /**
   * A new, empty session. Written back unchanged (nothing was said that needs remembering: a group
   * message, a command), it is not stored; emptied (a dialogue ended), the stored one is deleted.
   */
  empty(make: () => T): T {
    const data = make();
    this.fresh.add(data);
    return data;
  }

  async set(key: string, data: T): Promise<void> {
    if (Object.keys(data).length === 0) {
      if (this.fresh.has(data)) return;
      await this.delete(key);
      return;
    }
    await this.model
      .updateOne({ _id: key }, { $set: { data, updatedAt: new Date() } }, { upsert: true })
      .exec();
  }

  async delete(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key }).exec();
  }

  /** Deletes sessions untouched since `before`; returns how many. */
  async sweep(before: Date): Promise<number> {
    const res = await this.model.deleteMany({ updatedAt: { $lt: before } }).exec();
    return res.deletedCount;
  }

  /** Deletes every session of one user (used by /forgetme). Keys end in ":<userId>". */
  async deleteForUser(userId: number): Promise<number> {
    const res = await this.model.deleteMany({ _id: { $regex: `:${userId}$` } }).exec();
    return res.deletedCount;
  }
}
