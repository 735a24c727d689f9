import { Schema, type Connection, type Model } from 'mongoose';
import type { Locale } from '../../i18n/locales';
import type { CalendarSystem } from '../../domain/time';

/** A channel or group the bot was added to. `_id` is the Telegram chat id. */
export interface LinkedChat {
  _id: number;
  type: 'channel' | 'group' | 'supergroup';
  title: string;
  /** Telegram user id of the admin who linked it. */
  linkedBy: number;
  /** False when the bot was removed or lost the right to post; history is kept. */
  active: boolean;
  inactiveReason?: string;
  /** Category slugs it receives; empty means all. */
  categories: string[];
  locale: Locale;
  timezone: string;
  /** The calendar its posts show first; absent means the post language's default (date-format.ts). */
  calendar?: CalendarSystem;
  /** Minutes before an event at which reminders are posted. */
  reminderOffsets: number[];
  startingNow: boolean;
  digest: { enabled: boolean; weekday: number; hour: number };
  /** Set when a group became a supergroup: the new id, and this record is inactive. */
  migratedTo?: number;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<LinkedChat>(
  {
    _id: { type: Number, required: true },
    type: { type: String, enum: ['channel', 'group', 'supergroup'], required: true },
    title: { type: String, default: '', maxlength: 256 },
    linkedBy: { type: Number, required: true },
    active: { type: Boolean, default: true },
    inactiveReason: String,
    categories: { type: [String], default: [] },
    locale: { type: String, required: true },
    timezone: { type: String, required: true },
    calendar: { type: String, enum: ['gregorian', 'islamic', 'persian'] },
    reminderOffsets: { type: [Number], default: () => [24 * 60, 60] },
    startingNow: { type: Boolean, default: false },
    digest: {
      enabled: { type: Boolean, default: false },
      weekday: { type: Number, min: 0, max: 6, default: 6 },
      hour: { type: Number, min: 0, max: 23, default: 18 },
    },
    migratedTo: Number,
  },
  { timestamps: true, versionKey: false },
);

// Fan-out of an announcement: active chats, filtered by category.
schema.index({ active: 1, categories: 1 });
// /channels: the chats a user linked.
schema.index({ linkedBy: 1 });

export type ChatModel = Model<LinkedChat>;
export const chatModel = (conn: Connection): ChatModel => conn.model<LinkedChat>('Chat', schema, 'chats');
