import { Schema, Types, type Connection, type Model } from 'mongoose';

export type JobKind = 'announce' | 'reminder' | 'starting' | 'notice' | 'card_edit' | 'promotion' | 'digest' | 'direct';
export const JOB_KINDS: readonly JobKind[] = ['announce', 'reminder', 'starting', 'notice', 'card_edit', 'promotion', 'digest', 'direct'];

/** pending: waiting for dueAt; fanning: claimed by a tick (leaseUntil says until when); then done, skipped or failed. */
export type JobStatus = 'pending' | 'fanning' | 'done' | 'skipped' | 'failed';

/**
 * One piece of planned work. A tick claims it when due, turns it into one delivery per recipient,
 * and marks it done. `key` is unique, so planning the same thing twice plans it once.
 */
export interface Job {
  _id: Types.ObjectId;
  key: string;
  kind: JobKind;
  eventId?: Types.ObjectId;
  /** For chat-specific jobs (digests) the chat; for direct messages the user. */
  chatId?: number;
  dueAt: Date;
  status: JobStatus;
  /** While fanning: the claim expires then, and another tick may take the job over. */
  leaseUntil?: Date;
  attempts: number;
  /** Why it was skipped or failed. */
  reason?: string;
  /** Set by refreshCards while a card edit is running: run it once more afterwards. */
  rerun?: boolean;
  payload: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<Job>(
  {
    key: { type: String, required: true },
    kind: { type: String, enum: JOB_KINDS, required: true },
    eventId: { type: Schema.Types.ObjectId },
    chatId: Number,
    dueAt: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'fanning', 'done', 'skipped', 'failed'], required: true, default: 'pending' },
    leaseUntil: Date,
    attempts: { type: Number, default: 0 },
    reason: String,
    rerun: Boolean,
    payload: { type: Schema.Types.Mixed, default: () => ({}) },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

// Planning is idempotent: upsert by key ("reminder:<event>:<offset>:<start>"), one job whatever races.
schema.index({ key: 1 }, { unique: true });
// The tick's claim: { status: 'pending', dueAt: { $lte: now } } sorted by dueAt (and expired fanning leases).
schema.index({ status: 1, dueAt: 1 });
// eventChanged / cancellation: an event's pending jobs ({ eventId, status }).
schema.index({ eventId: 1, status: 1 });

export type JobModel = Model<Job>;
export const jobModel = (conn: Connection): JobModel => conn.model<Job>('Job', schema, 'jobs');
