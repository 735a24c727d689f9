import type { Delivery } from '../deliveries/delivery.model';
import type { ChunkItemsModel } from '../chunk-items/chunk-items.model';
import type { Chunk, ChunkModel } from './chunk.model';
import { insertNew } from '../write-errors';

/**
 * Fan-out chunks and their copies of deliveries (`chunk_items`). Everything on the sending path reads
 * and writes one document by `_id` (an index seek on FerretDB, see CONTRIBUTING.md); the filtered
 * queries (the sweep, recovery at takeover, settling) run rarely and off that path. Only the sender
 * lease holder claims, so a claim is a read and a write, not a conditional update.
 *
 * This process's writes to `chunks` run one at a time (`serial`). On FerretDB an update reads the
 * document and writes it back whole, so a lease renewal's "until" racing a chunk's "done" could write
 * the chunk back as claimed by a claim the sender had already closed, leaving it stuck until its
 * chunk lease ran out. (On MongoDB each update is atomic; the queue costs nothing there.)
 */
export class ChunkRepository {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly model: ChunkModel,
    private readonly items: ChunkItemsModel,
  ) {}

  /** Runs a write to `chunks` after this process's earlier ones. */
  private serial<T>(write: () => Promise<T>): Promise<T> {
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }

  /**
   * Writes a chunk once: its copy of the deliveries first (a chunk is never seen without it), then
   * the chunk, `ready`. Either may be there already (a retry); returns whether the chunk is new.
   */
  write(batch: string, jobId: string | undefined, now: Date, items: Delivery[]): Promise<boolean> {
    return this.serial(async () => {
      await insertNew(this.items, [{ _id: batch, items }]);
      return (await insertNew(this.model, [{ _id: batch, ...(jobId ? { jobId } : {}), status: 'ready' as const, claims: 0, createdAt: now }])).length === 1;
    });
  }

  findById(id: string): Promise<Chunk | null> {
    return this.model.findById(id).lean<Chunk>().exec();
  }

  async exists(id: string): Promise<boolean> {
    return Boolean(await this.model.exists({ _id: id }).exec());
  }

  /** The copy of a chunk's deliveries as inserted (read on a first claim). */
  async itemsOf(id: string): Promise<Delivery[] | undefined> {
    return (await this.items.findById(id).lean().exec())?.items;
  }

  /** Marks a chunk claimed by `claim` until `until` (the `claims`-th claim). */
  async claim(id: string, claim: string, until: Date, claims: number): Promise<void> {
    await this.serial(() => this.model.updateOne({ _id: id }, { $set: { status: 'claimed', claim, until, claims } }).exec());
  }

  /** Extends a held chunk's lease. */
  async renew(id: string, until: Date): Promise<void> {
    await this.serial(() => this.model.updateOne({ _id: id }, { $set: { until } }).exec());
  }

  /** A held chunk goes back to ready (a graceful stop); whoever claims it sends what is unsent. */
  async release(id: string): Promise<void> {
    await this.serial(() => this.model.updateOne({ _id: id }, { $set: { status: 'ready' }, $unset: { claim: 1, until: 1 } }).exec());
  }

  /** Chunks claimed by anyone but these claims go back to ready (lease takeover); returns how many. */
  async releaseAllExcept(heldClaims: string[]): Promise<number> {
    const res = await this.serial(() =>
      this.model.updateMany({ status: 'claimed', claim: { $nin: heldClaims } }, { $set: { status: 'ready' }, $unset: { claim: 1, until: 1 } }).exec(),
    );
    return res.modifiedCount;
  }

  /** Up to `limit` chunks to claim, oldest first: ready, or claimed by a sender whose chunk lease ran out. */
  async claimable(now: Date, limit: number): Promise<string[]> {
    const found = await this.model
      .find({ $or: [{ status: 'ready' }, { status: 'claimed', until: { $lt: now } }] })
      .select({ _id: 1 })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean()
      .exec();
    return found.map((c) => c._id);
  }

  /** Finished chunks become done (one set-wise write). */
  async markDone(ids: string[]): Promise<void> {
    await this.serial(() => this.model.updateMany({ _id: { $in: ids } }, { $set: { status: 'done' }, $unset: { claim: 1, until: 1 } }).exec());
  }

  /** The copies of finished chunks' deliveries go: no one reads them again. */
  async dropItems(ids: string[]): Promise<void> {
    await this.items.deleteMany({ _id: { $in: ids } }).exec();
  }

  /** Chunks not done (ready or claimed), for waiting until delivery is idle. */
  open(): Promise<Chunk[]> {
    return this.model.find({ status: { $in: ['ready', 'claimed'] } }).lean<Chunk[]>().exec();
  }

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
