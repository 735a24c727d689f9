import type { SessionModel } from './session.model';

/** telegraf's `SessionStore` contract, on mongoose. One document per key, replaced atomically. */
export class MongoSessionStore<T> {
  constructor(private readonly model: SessionModel) {}

  async get(key: string): Promise<T | undefined> {
    const doc = await this.model.findById(key).lean().exec();
    return (doc?.data as T | undefined) ?? undefined;
  }

  async set(key: string, data: T): Promise<void> {
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
