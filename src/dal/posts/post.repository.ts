import type { Types } from 'mongoose';
import type { Post, PostModel } from './post.model';
import { insertNew } from '../write-errors';
import { isDuplicateKey } from '../write-errors';

export class PostRepository {
  constructor(private readonly model: PostModel) {}

  async record(p: { eventId: Types.ObjectId; chatId: number; messageId: number; locale: string; photo?: boolean; renderedHash?: string }, now: Date): Promise<void> {
    await this.model
      .updateOne(
        { chatId: p.chatId, messageId: p.messageId },
        {
          $setOnInsert: { eventId: p.eventId, createdAt: now },
          $set: {
            locale: p.locale,
            ...(p.photo !== undefined ? { photo: p.photo } : {}),
            ...(p.renderedHash !== undefined ? { renderedHash: p.renderedHash } : {}),
          },
        },
        { upsert: true },
      )
      .exec()
      .catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err; // a racing upsert inserted it first: fine
      });
  }

  forEvent(eventId: Types.ObjectId): Promise<Post[]> {
    return this.model.find({ eventId }).lean<Post[]>().exec();
  }

  /** The card posted as this message, if it is recorded. */
  find(chatId: number, messageId: number): Promise<Post | null> {
    return this.model.findOne({ chatId, messageId }).lean<Post>().exec();
  }

  /** Cards the sender posted (appended with its receipts); one already recorded is left as it is. */
  async appendNew(posts: Array<Omit<Post, '_id' | 'renderedHash' | 'lastEditAt'>>): Promise<void> {
    await insertNew(this.model, posts, { lean: false });
  }

  /** What the card now shows (its hash), after an edit (`editedAt`) or an edit Telegram found unchanged. */
  async recordRendered(chatId: number, messageId: number, renderedHash: string, editedAt?: Date): Promise<void> {
    await this.model.updateOne({ chatId, messageId }, { $set: { renderedHash, ...(editedAt ? { lastEditAt: editedAt } : {}) } }).exec();
  }

}
