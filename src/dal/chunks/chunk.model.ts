import { Schema, Types, type Connection, type Model } from 'mongoose';

/**
 * A chunk of deliveries inserted together by a fan-out (up to 500), claimed by the sender as a unit.
 * Claiming one small document instead of updating every delivery keeps the cost per message constant
 * on backends where each document update is expensive (FerretDB on SQLite).
 * ready → claimed (claim token, until) → done → settled (its deliveries' statuses written).
 */
export interface Chunk {
  /** The deliveries' `batch` value: "<jobId>:<n>". */
  _id: string;
  jobId: Types.ObjectId;
  status: 'ready' | 'claimed' | 'done';
  claim?: string;
  until?: Date;
  settled: boolean;
  createdAt: Date;
}

const schema = new Schema<Chunk>(
  {
    _id: { type: String, required: true },
    jobId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['ready', 'claimed', 'done'], required: true },
    claim: String,
    until: Date,
    settled: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// The sender's claim: { status: 'ready' } or { status: 'claimed', until: { $lt: now } }, oldest first.
schema.index({ status: 1, createdAt: 1 });
// Settling finished chunks: { status: 'done', settled: false }.
schema.index({ settled: 1, status: 1 });

export type ChunkModel = Model<Chunk>;
export const chunkModel = (conn: Connection): ChunkModel => conn.model<Chunk>('Chunk', schema, 'chunks');
