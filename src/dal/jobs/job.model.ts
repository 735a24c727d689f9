import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * 'retention' is housekeeping (no recipients): it deletes old history and plans the next day's.
 * 'replan': re-plan reminders after preferences changed (no recipients; coalesced, see planner.ts).
 * 'feed': poll a calendar feed (no recipients; what it changes is told through the usual jobs).
 */
export type JobKind = 'announce' | 'reminder' | 'starting' | 'notice' | 'card_edit' | 'promotion' | 'digest' | 'direct' | 'retention' | 'replan' | 'forget' | 'feed';
export const JOB_KINDS: readonly JobKind[] = ['announce', 'reminder', 'starting', 'notice', 'card_edit', 'promotion', 'digest', 'direct', 'retention', 'replan', 'forget', 'feed'];

/** pending: waiting for dueAt (or running: the lease holder's engine knows); then done, skipped or failed. */
export type JobStatus = 'pending' | 'done' | 'skipped' | 'failed';

/**
 * One piece of planned work. When its agenda entry comes due, the engine of the sender-lease holder
 * runs it (nothing marks it as running: a run cut short by a crash is simply run again, and the
 * deliveries' unique index stops doubles), turns it into one delivery per recipient, and marks it
 * done. Its `_id` is its key, so planning the same thing twice plans it once, and planning, reading
 * and finishing are all reads and writes by `_id`.
 */
export interface Job {
  /** The key ("reminder:<event>:<offset>:<start>"…); `key` repeats it for readable queries. */
  _id: string;
  key: string;
  kind: JobKind;
  eventId?: Types.ObjectId;
  /** For chat-specific jobs (digests) the chat; for direct messages the user. */
  chatId?: number;
  dueAt: Date;
  status: JobStatus;
  /** Runs that asked for a retry (after the fifth failed run the job is failed). */
  attempts: number;
  /** Why it was skipped or failed. */
  reason?: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<Job>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    kind: { type: String, enum: JOB_KINDS, required: true },
    eventId: { type: Schema.Types.ObjectId },
    chatId: Number,
    dueAt: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'done', 'skipped', 'failed'], required: true, default: 'pending' },
    attempts: { type: Number, default: 0 },
    reason: String,
    payload: { type: Schema.Types.Mixed, default: () => ({}) },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

// Planning is idempotent through `_id` (the key); this index serves lookups by `key` in tools and tests.
schema.index({ key: 1 }, { unique: true });
// The reconciliation sweep: { status: 'pending', dueAt: { $lte: … } }.
// (The tick itself reads the agenda by `_id`.)
schema.index({ status: 1, dueAt: 1 });
// eventChanged / cancellation: an event's pending jobs ({ eventId, status }).
schema.index({ eventId: 1, status: 1 });

export type JobModel = Model<Job>;
export const jobModel = (conn: Connection): JobModel => conn.model<Job>('Job', schema, 'jobs');
