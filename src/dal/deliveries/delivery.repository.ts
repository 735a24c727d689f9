import type { Delivery, DeliveryModel } from './delivery.model';
import type { Types } from 'mongoose';
import { insertNew } from '../write-errors';
import { topReasons, type ReasonCount } from '../reasons';

/** What the sender writes on a delivery when its outcome is not (yet) "sent by receipt". */
export interface DeliveryOutcome {
  status: Delivery['status'];
  reason?: string;
  nextAttemptAt?: Date;
  lastError?: Delivery['lastError'];
  attempts?: number;
  sentAt?: Date;
}

/**
 * Per-recipient messages (see src/delivery/README.md). Written by `_id` (a string) on the sending
 * path; the queries by job or batch run only after a crash or stop, or while settling in a lull.
 */
export class DeliveryRepository {
  constructor(private readonly model: DeliveryModel) {}

  /**
   * Inserts deliveries built complete (one unordered insert); those whose (job, chat, edited message)
   * is already there — a re-run fan-out, a racing instance — are left out. Returns those inserted.
   */
  insertNew(docs: Delivery[]): Promise<Delivery[]> {
    return insertNew(this.model, docs);
  }

  /** Records one delivery's outcome: one update by `_id`. */
  async recordOutcome(id: string, outcome: DeliveryOutcome): Promise<void> {
    const update: Record<string, unknown> = { status: outcome.status };
    if (outcome.reason) update.reason = outcome.reason;
    if (outcome.nextAttemptAt) update.nextAttemptAt = outcome.nextAttemptAt;
    if (outcome.lastError) update.lastError = outcome.lastError;
    if (outcome.attempts !== undefined) update.attempts = outcome.attempts;
    if (outcome.sentAt) update.sentAt = outcome.sentAt;
    await this.model.updateOne({ _id: id }, { $set: update }).exec();
  }

  /** A chunk's deliveries still pending (a re-claimed chunk; a chunk a stopped fan-out did not write). */
  pendingInBatch(batch: string): Promise<Delivery[]> {
    return this.model.find({ batch, status: 'pending' }).lean<Delivery[]>().exec();
  }

  /** The chunks (batches) of a job that still have pending deliveries. */
  async pendingBatchesOfJob(jobId: string): Promise<string[]> {
    return (await this.model.distinct('batch', { jobId, status: 'pending' }).exec()) as string[];
  }

  /**
   * Writes "sent" on the deliveries of finished chunks still marked pending (their receipts prove it):
   * one set-wise update. Not a bulkWrite by `_id`: FerretDB 1.24 never answers one.
   */
  async markSentInBatches(batches: string[], sentAt: Date): Promise<void> {
    if (!batches.length) return;
    await this.model.updateMany({ batch: { $in: batches }, status: 'pending' }, { $set: { status: 'sent', sentAt } }).exec();
  }

  /** Deliveries counted per event and status (/stats; one aggregation over the collection). */
  async countsByEvent(): Promise<Array<{ eventId: Types.ObjectId; status: Delivery['status']; count: number }>> {
    const rows = await this.model
      .aggregate<{ _id: { e: Types.ObjectId; s: Delivery['status'] }; n: number }>([
        { $match: { eventId: { $exists: true } } },
        { $group: { _id: { e: '$eventId', s: '$status' }, n: { $sum: 1 } } },
      ])
      .exec();
    return rows.map((r) => ({ eventId: r._id.e, status: r._id.s, count: r.n }));
  }

  /** Deliveries to linked chats counted per chat and status (/stats). */
  async countsByChat(): Promise<Array<{ chatId: number; status: Delivery['status']; count: number }>> {
    const rows = await this.model
      .aggregate<{ _id: { c: number; s: Delivery['status'] }; n: number }>([
        { $match: { recipient: 'chat' } },
        { $group: { _id: { c: '$chatId', s: '$status' }, n: { $sum: 1 } } },
      ])
      .exec();
    return rows.map((r) => ({ chatId: r._id.c, status: r._id.s, count: r.n }));
  }

  /** The most frequent reasons deliveries failed or were skipped (/stats). */
  topReasons(limit: number): Promise<ReasonCount[]> {
    return topReasons(this.model, limit);
  }
}
