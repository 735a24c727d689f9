import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { JobKind } from '../jobs/job.model';

/**
 * pending: to send (at nextAttemptAt; its chunk says who holds it); sent (a receipt exists; written
 * here per finished chunk); failed (gave up, lastError says why); skipped (no longer meaningful or
 * recipient inactive, reason says why).
 */
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** One message to one recipient (a user's private chat or a linked chat) for one job. */
export interface Delivery {
  /**
   * A string (an ObjectId's hex, made at fan-out): FerretDB 1.24 updates a document found by a string
   * `_id` about six times faster than one found by an ObjectId (2 ms against 12 ms, measured here).
   */
  _id: string;
  jobId: string;
  kind: JobKind;
  eventId?: Types.ObjectId;
  /** Where it goes: a user id (private chat) or a group/channel id. */
  chatId: number;
  recipient: 'user' | 'chat';
  /** How the recipient reads: 'private' for members; for linked chats their type (card keyboards differ). */
  chatType: 'private' | 'channel' | 'group';
  locale: string;
  timezone: string;
  calendar: string;
  /** The fan-out chunk it was inserted with ("<jobId>:<run>:<n>" or "group:<run>"); the sender claims a chunk at a time. */
  batch: string;
  /** For card edits: the posted message to edit; 0 for new messages. Part of the unique key. */
  editMessageId: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError?: { code: number; description: string };
  reason?: string;
  messageId?: number;
  sentAt?: Date;
  createdAt: Date;
}

const schema = new Schema<Delivery>(
  {
    _id: { type: String, required: true },
    jobId: { type: String, required: true },
    kind: { type: String, required: true },
    eventId: { type: Schema.Types.ObjectId },
    chatId: { type: Number, required: true },
    recipient: { type: String, enum: ['user', 'chat'], required: true },
    chatType: { type: String, enum: ['private', 'channel', 'group'], required: true },
    locale: { type: String, required: true },
    timezone: { type: String, required: true },
    calendar: { type: String, default: 'gregorian' },
    batch: { type: String, required: true },
    editMessageId: { type: Number, default: 0 },
    status: { type: String, enum: ['pending', 'sent', 'failed', 'skipped'], required: true, default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: new Schema({ code: Number, description: String }, { _id: false }) },
    reason: String,
    messageId: Number,
    sentAt: Date,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// No recipient twice for one job, whatever races (fan-out re-run after a crash, two instances).
schema.index({ jobId: 1, chatId: 1, editMessageId: 1 }, { unique: true });
// Repairing a fan-out that died between inserting a chunk's deliveries and writing the chunk: { batch }.
schema.index({ batch: 1, status: 1 });
// /stats per event: { eventId, status }.
schema.index({ eventId: 1, status: 1 });
// /stats per chat and the migration re-target: { chatId, status }.
schema.index({ chatId: 1, status: 1 });

export type DeliveryModel = Model<Delivery>;
export const deliveryModel = (conn: Connection): DeliveryModel => conn.model<Delivery>('Delivery', schema, 'deliveries');
