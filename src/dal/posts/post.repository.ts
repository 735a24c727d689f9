import type { Types } from 'mongoose';
import type { Post, PostModel } from './post.model';

export class PostRepository {
  constructor(readonly model: PostModel) {}

  async record(p: { eventId: Types.ObjectId; chatId: number; messageId: number; locale: string; photo?: boolean; renderedHash?: string }): Promise<void> {
    await this.model
      .updateOne(
        { chatId: p.chatId, messageId: p.messageId },
        {
          $setOnInsert: { eventId: p.eventId, createdAt: new Date() },
          $set: {
            locale: p.locale,
            ...(p.photo !== undefined ? { photo: p.photo } : {}),
            ...(p.renderedHash !== undefined ? { renderedHash: p.renderedHash } : {}),
          },
        },
        { upsert: true },
      )
      .exec()
      .catch((err: { code?: number }) => {
        if (err.code !== 11000) throw err; // a racing upsert inserted it first: fine
      });
  }

  forEvent(eventId: Types.ObjectId): Promise<Post[]> {
    return this.model.find({ eventId }).lean<Post[]>().exec();
  }

}
