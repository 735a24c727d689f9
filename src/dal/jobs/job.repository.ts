import type { Types } from 'mongoose';
import type { Job, JobKind, JobModel } from './job.model';

export interface PlanJob {
  key: string;
  kind: JobKind;
  dueAt: Date;
  eventId?: Types.ObjectId;
  chatId?: number;
  payload?: Record<string, unknown>;
}

export class JobRepository {
  constructor(readonly model: JobModel) {}

  /** Plans a job once: an upsert by key that only inserts. Returns true when it was new. */
  async plan(job: PlanJob, now: Date): Promise<boolean> {
    try {
      const res = await this.model
        .updateOne(
          { key: job.key },
          {
            $setOnInsert: {
              key: job.key,
              kind: job.kind,
              dueAt: job.dueAt,
              status: 'pending',
              attempts: 0,
              payload: job.payload ?? {},
              ...(job.eventId ? { eventId: job.eventId } : {}),
              ...(job.chatId !== undefined ? { chatId: job.chatId } : {}),
              createdAt: now,
              updatedAt: now,
            },
          },
          { upsert: true, timestamps: false },
        )
        .exec();
      return res.upsertedCount > 0;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false; // a racing upsert won
      throw err;
    }
  }

  /**
   * Claims the oldest due job: pending and due, or fanning with an expired lease (its claimer died).
   * One atomic findOneAndUpdate, so two ticks never claim the same job.
   */
  claimDue(now: Date, leaseMs: number): Promise<Job | null> {
    return this.model
      .findOneAndUpdate(
        {
          $or: [
            { status: 'pending', dueAt: { $lte: now } },
            { status: 'fanning', leaseUntil: { $lt: now } },
          ],
        },
        { $set: { status: 'fanning', leaseUntil: new Date(now.getTime() + leaseMs), rerun: false }, $inc: { attempts: 1 } },
        { sort: { dueAt: 1 }, new: true },
      )
      .lean<Job>()
      .exec();
  }

  async finish(id: Types.ObjectId, status: 'done' | 'skipped' | 'failed', reason?: string): Promise<void> {
    await this.model
      .updateOne({ _id: id }, { $set: { status, ...(reason ? { reason } : {}) }, $unset: { leaseUntil: 1 } })
      .exec();
  }

  async retryAt(id: Types.ObjectId, at: Date, reason: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'pending', dueAt: at, reason }, $unset: { leaseUntil: 1 } }).exec();
  }

  /** Skips an event's pending jobs of the given kinds (moved or cancelled event). */
  async skipPendingForEvent(eventId: Types.ObjectId, kinds: JobKind[], reason: string, keepKeys: string[] = []): Promise<number> {
    const res = await this.model
      .updateMany(
        { eventId, status: 'pending', kind: { $in: kinds }, ...(keepKeys.length ? { key: { $nin: keepKeys } } : {}) },
        { $set: { status: 'skipped', reason } },
      )
      .exec();
    return res.modifiedCount;
  }
}
