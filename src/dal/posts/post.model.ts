import { Schema, Types, type Connection, type Model } from 'mongoose';

/** A copy of an event's card posted somewhere, so changes edit it in place. */
export interface Post {
  _id: Types.ObjectId;
  eventId: Types.ObjectId;
  chatId: number;
  messageId: number;
  locale: string;
  /** Whether the card went out as a photo with a caption (edit the caption, not the text). */
  photo?: boolean;
  /** Hash of the text and keyboard last put in this message; an identical edit is not sent. */
  renderedHash?: string;
  lastEditAt?: Date;
  createdAt: Date;
}

const schema = new Schema<Post>(
  {
    eventId: { type: Schema.Types.ObjectId, required: true },
    chatId: { type: Number, required: true },
    messageId: { type: Number, required: true },
    locale: { type: String, required: true },
    photo: Boolean,
    renderedHash: String,
    lastEditAt: Date,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// One record per message, whatever races (recordPostedCard twice).
schema.index({ chatId: 1, messageId: 1 }, { unique: true });
// Card edits: every copy of one event's card ({ eventId }).
schema.index({ eventId: 1 });

export type PostModel = Model<Post>;
export const postModel = (conn: Connection): PostModel => conn.model<Post>('Post', schema, 'posts');
