import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Conversation state (a half-finished dialogue) keyed by telegraf's session key "<chatId>:<userId>".
 * Kept in the database so a restart mid-dialogue loses nothing.
 */
export interface SessionRecord {
  _id: string;
  data: unknown;
  updatedAt: Date;
}

const schema = new Schema<SessionRecord>(
  {
    _id: { type: String, required: true },
    data: { type: Schema.Types.Mixed },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

// Sweeping abandoned sessions (no TTL index: FerretDB lacks them), oldest first.
schema.index({ updatedAt: 1 });

export type SessionModel = Model<SessionRecord>;
export const sessionModel = (conn: Connection): SessionModel =>
  conn.model<SessionRecord>('Session', schema, 'sessions');
