import { Schema, type Connection, type Model } from 'mongoose';
import type { Delivery } from '../deliveries/delivery.model';

/**
 * The copy of a chunk's deliveries as inserted, kept apart from the chunk itself (same `_id`): the
 * chunk is written several times (claimed, renewed, done) and on FerretDB every update rewrites the
 * whole document, which with 500 deliveries inside cost half a second. This one is written once,
 * read by `_id` when a sender claims the chunk for the first time, and deleted when the chunk is done.
 */
export interface ChunkItems {
  /** The chunk's `_id` (its deliveries' `batch`). */
  _id: string;
  items: Delivery[];
}

const schema = new Schema<ChunkItems>(
  {
    _id: { type: String, required: true },
    // Copies of the deliveries (their _id, recipient and settings), read back as they are.
    items: { type: Schema.Types.Mixed, default: () => [] },
  },
  { versionKey: false },
);

// Only ever read and deleted by _id; /forgetme looks for a recipient in `items.chatId` (rare, a scan).

export type ChunkItemsModel = Model<ChunkItems>;
export const chunkItemsModel = (conn: Connection): ChunkItemsModel => conn.model<ChunkItems>('ChunkItems', schema, 'chunk_items');
