import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The sender's ledger: one record per message Telegram accepted, written (in small batches, every
 * few tens of milliseconds) as soon as the answer arrives. Appending is cheap on every backend,
 * while updating one delivery at a time is not (FerretDB on SQLite scans for each update); the
 * deliveries' statuses are then set per finished chunk, and a re-claimed chunk reads this ledger.
 */
export interface Receipt {
  /** The delivery's _id: a delivery is receipted once. */
  _id: string;
  claim: string;
  /** The delivery's chunk: a re-claimed chunk skips what already has a receipt. */
  batch: string;
  messageId: number;
  at: Date;
}

const schema = new Schema<Receipt>(
  {
    _id: { type: String, required: true },
    claim: { type: String, required: true },
    batch: { type: String, required: true },
    messageId: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

// Re-claiming a chunk after a crash: what of it was already sent ({ batch }).
schema.index({ batch: 1 });

export type ReceiptModel = Model<Receipt>;
export const receiptModel = (conn: Connection): ReceiptModel => conn.model<Receipt>('Receipt', schema, 'receipts');
