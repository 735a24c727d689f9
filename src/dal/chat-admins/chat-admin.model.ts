import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Who administers a linked chat, as the bot last saw it: recorded from getChatAdministrators when
 * the chat is linked, kept current by chat_member updates, and refreshed (getChatMember) whenever
 * that person opens the chat in /channels. /channels lists a person's chats from here, so it asks
 * Telegram nothing until one is opened. `_id` is "<chatId>:<userId>" (a string: point reads and
 * writes by `_id` are index seeks on FerretDB).
 */
export interface ChatAdmin {
  _id: string;
  chatId: number;
  userId: number;
  status: 'creator' | 'administrator';
  /** Channels: may post (the right that goes with changing what the bot posts there). */
  canPostMessages: boolean;
  /** Groups: may change the chat's info. */
  canChangeInfo: boolean;
  /** When the bot first saw this person as an admin of the chat (newest first in /channels). */
  since: Date;
  updatedAt: Date;
}

const schema = new Schema<ChatAdmin>(
  {
    _id: { type: String, required: true },
    chatId: { type: Number, required: true },
    userId: { type: Number, required: true },
    status: { type: String, enum: ['creator', 'administrator'], required: true },
    canPostMessages: { type: Boolean, default: false },
    canChangeInfo: { type: Boolean, default: false },
    since: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// /channels: a person's chats, newest first, a page at a time.
schema.index({ userId: 1, since: -1 });
// Replacing a chat's admins after getChatAdministrators.
schema.index({ chatId: 1 });

export type ChatAdminModel = Model<ChatAdmin>;
export const chatAdminModel = (conn: Connection): ChatAdminModel => conn.model<ChatAdmin>('ChatAdmin', schema, 'chat_admins');
