import type { ChunkItemsModel } from '../chunk-items/chunk-items.model';
import type { ChunkModel } from './chunk.model';

export class ChunkRepository {
  constructor(
    readonly model: ChunkModel,
    readonly items: ChunkItemsModel,
  ) {}

  /**
   * Removes a recipient from the copies of deliveries that chunks not yet done carry (the sender sends
   * from those copies; a done chunk's copy is deleted). Read and written back by `_id`, which behaves
   * the same on MongoDB and FerretDB. Returns how many chunks changed.
   */
  async dropRecipient(chatId: number): Promise<number> {
    let changed = 0;
    for (const chunk of await this.items.find({ 'items.chatId': chatId }).lean().exec()) {
      const items = chunk.items.filter((d) => d.chatId !== chatId);
      await this.items.updateOne({ _id: chunk._id }, { $set: { items } }).exec();
      changed += 1;
    }
    return changed;
  }
}
