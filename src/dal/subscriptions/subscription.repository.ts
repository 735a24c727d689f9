import type { Types } from 'mongoose';
import type { Subscription, SubscriptionKind, SubscriptionModel } from './subscription.model';
import { isDuplicateKey } from '../write-errors';

export class SubscriptionRepository {
  constructor(private readonly model: SubscriptionModel) {}

  /** The members subscribed to everything, to one of these categories, or to this event (ids only), streamed. */
  async *subscriberIds(eventId: Types.ObjectId, categories: readonly string[]): AsyncGenerator<number> {
    const subs = this.model
      .find({
        $or: [
          { kind: 'all', target: '*' },
          { kind: 'category', target: { $in: [...categories] } },
          { kind: 'event', target: eventId.toHexString() },
        ],
      })
      .select({ userId: 1, _id: 0 })
      .lean<Pick<Subscription, 'userId'>>()
      .cursor();
    for await (const s of subs) yield s.userId;
  }

  /** Subscribes once, whatever double taps race (the unique index); true when it is new. */
  async add(userId: number, kind: SubscriptionKind, target: string): Promise<boolean> {
    try {
      const res = await this.model.updateOne({ userId, kind, target }, { $setOnInsert: { userId, kind, target } }, { upsert: true }).exec();
      return res.upsertedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async has(userId: number, kind: SubscriptionKind, target: string): Promise<boolean> {
    return (await this.model.countDocuments({ userId, kind, target }).exec()) > 0;
  }

  /** Removes one; true when there was one. */
  async remove(userId: number, kind: SubscriptionKind, target: string): Promise<boolean> {
    const res = await this.model.deleteOne({ userId, kind, target }).exec();
    return res.deletedCount === 1;
  }

  /** Removes by id, only if it is this member's (a forged id changes nothing). */
  async removeById(userId: number, id: Types.ObjectId): Promise<Subscription | null> {
    return this.model.findOneAndDelete({ _id: id, userId }).lean<Subscription>().exec();
  }

  list(userId: number): Promise<Subscription[]> {
    return this.model.find({ userId }).sort({ kind: 1, createdAt: 1 }).limit(200).lean<Subscription[]>().exec();
  }

  /** /stop and /forgetme: every subscription of the member; returns how many. */
  async removeAll(userId: number): Promise<number> {
    const res = await this.model.deleteMany({ userId }).exec();
    return res.deletedCount;
  }
}
