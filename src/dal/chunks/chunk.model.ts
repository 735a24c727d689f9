import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A chunk of deliveries inserted together by a fan-out (up to 500), claimed by the sender as a unit.
 * Claiming one small document instead of updating every delivery keeps the cost per message constant
 * on backends where each document update is expensive (FerretDB on SQLite).
 * ready → claimed (claim token, until) → done (written together with its deliveries' "sent").
 *
 * A copy of its deliveries as inserted is in `chunk_items` under the same `_id`, so the sender reads
 * one document by `_id` instead of querying `deliveries` (which grows with every message ever sent).
 * The copy is only the first word: a chunk claimed before (`claims` > 0: its sender stopped or died)
 * re-reads its pending deliveries and their receipts.
 */
export interface Chunk {
  /** The deliveries' `batch` value: "<jobId>:<run>:<n>", or "group:<run>" for single-recipient jobs run together. */
  _id: string;
  /** The job whose fan-out wrote it (absent for a group). */
  jobId?: string;
  status: 'ready' | 'claimed' | 'done';
  claim?: string;
  until?: Date;
  /** How many times a sender has claimed it. */
  claims: number;
  createdAt: Date;
}

const schema = new Schema<Chunk>(
  {
    _id: { type: String, required: true },
    jobId: String,
    status: { type: String, enum: ['ready', 'claimed', 'done'], required: true },
    claim: String,
    until: Date,
    claims: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// The sender learns of chunks from its own fan-out; this serves its sweep at lease takeover and every
// minute: { status: 'ready' } or { status: 'claimed', until: { $lt: now } }, oldest first.
schema.index({ status: 1, createdAt: 1 });

export type ChunkModel = Model<Chunk>;
export const chunkModel = (conn: Connection): ChunkModel => conn.model<Chunk>('Chunk', schema, 'chunks');
