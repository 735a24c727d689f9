import type { Receipt, ReceiptModel } from './receipt.model';
import { insertNew } from '../write-errors';

/** The sender's append-only ledger of messages Telegram accepted (see receipt.model.ts). */
export class ReceiptRepository {
  constructor(private readonly model: ReceiptModel) {}

  /** Appends receipts; one already there (written by an earlier flush that failed half-way) is left. */
  async append(receipts: Receipt[]): Promise<void> {
    await insertNew(this.model, receipts, { lean: false });
  }

  /** The ids of a chunk's deliveries that have a receipt (one query by batch; after a stop or crash only). */
  async deliveryIdsInBatch(batch: string): Promise<string[]> {
    return (await this.model.find({ batch }).select({ _id: 1 }).lean<Array<{ _id: string }>>().exec()).map((r) => r._id);
  }
}
