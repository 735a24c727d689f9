import type { CalendarSystem } from '../../domain/time';
import type { User, UserModel } from './user.model';
import { isDuplicateKey } from '../write-errors';

export interface TelegramPerson {
  id: number;
  first_name: string;
  username?: string | undefined;
}

/** What a delivery copies from a member. */
export type RecipientUser = Pick<User, '_id' | 'locale' | 'timezone' | 'calendar' | 'calendarChosen'>;
const RECIPIENT_FIELDS = { _id: 1, locale: 1, timezone: 1, calendar: 1, calendarChosen: 1 };
const reachableFilter = (offsetMin: number | undefined) => ({
  reachable: true,
  privateChatStarted: true,
  ...(offsetMin !== undefined ? { reminderOffsets: offsetMin } : {}),
});

/** How many ids `UserRepository` remembers as stored, before it starts over. */
const KNOWN_IDS_CAP = 50_000;

export class UserRepository {
  /**
   * Ids this process has seen stored. Only a hint for the order of the two writes in
   * upsertFromTelegram, never trusted for a result: a member erased by /forgetme since is created
   * again by the upsert, and an id stored by another process is refused by the insert's index.
   */
  private readonly known = new Set<number>();

  constructor(private readonly model: UserModel) {}

  /**
   * Creates or refreshes the user from the Telegram `from` field, so two updates from a new user
   * racing each other never create two records.
   *
   * Someone this process has not seen is first inserted: the unique `_id` index decides, and it is
   * the one write FerretDB answers without reading the collection. A burst of newcomers (a deep link
   * posted in a channel) then costs one index probe each instead of a pass over `users`: a filter on a
   * number `_id` is never pushed down to SQLite (CONTRIBUTING.md, "Cost on FerretDB"). Anyone else,
   * and an insert the index refuses, takes the atomic upsert; on MongoDB both are index seeks.
   */
  async upsertFromTelegram(from: TelegramPerson, opts: { privateChat: boolean }): Promise<User> {
    const set: Partial<User> = { firstName: from.first_name.slice(0, 256) };
    if (from.username) set.username = from.username;
    if (opts.privateChat) {
      set.privateChatStarted = true;
      set.reachable = true;
    }
    if (!this.known.has(from.id)) {
      const created = await this.insertIfNew({ _id: from.id, ...set });
      this.remember(from.id);
      if (created) return created;
    }
    const upsert = () =>
      this.model
        .findOneAndUpdate({ _id: from.id }, { $set: set }, { upsert: true, new: true, setDefaultsOnInsert: true })
        .lean<User>()
        .exec();
    let user: User;
    try {
      user = await upsert();
    } catch (err) {
      // Two upserts racing on a new _id: one inserts, the other gets E11000. The record now
      // exists, so the retry is a plain update. (MongoDB retries this itself in some cases; FerretDB does not.)
      if (!isDuplicateKey(err)) throw err;
      user = await upsert();
    }
    this.remember(from.id);
    return user;
  }

  /** The new record with the schema's defaults, or undefined when one with this `_id` exists. */
  private async insertIfNew(doc: Partial<User> & { _id: number }): Promise<User | undefined> {
    try {
      const created = await this.model.create(doc);
      return created.toObject<User>();
    } catch (err) {
      if (isDuplicateKey(err)) return undefined;
      throw err;
    }
  }

  private remember(id: number): void {
    if (this.known.size >= KNOWN_IDS_CAP) this.known.clear();
    this.known.add(id);
  }

  findById(id: number): Promise<User | null> {
    return this.model.findById(id).lean<User>().exec();
  }

  /**
   * Several users in one query. On FerretDB a lookup by a number `_id` is a pass over `users` either
   * way, so one query for many beats one each.
   */
  findMany(ids: number[]): Promise<User[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.model.find({ _id: { $in: ids } }).lean<User[]>().exec();
  }

  async update(id: number, set: Partial<Omit<User, '_id'>>): Promise<User | null> {
    return this.model.findOneAndUpdate({ _id: id }, { $set: set }, { new: true }).lean<User>().exec();
  }

  /** A calendar the member picked, or undefined to go back to their language's default. */
  async setCalendar(id: number, calendar: CalendarSystem | undefined): Promise<User | null> {
    const update = calendar ? { $set: { calendar, calendarChosen: true } } : { $unset: { calendar: 1, calendarChosen: 1 } };
    return this.model.findOneAndUpdate({ _id: id }, update, { new: true }).lean<User>().exec();
  }

  /**
   * Members among `ids` who can be messaged (and, with `offsetMin`, want a reminder that long before),
   * with what a delivery copies. One `$in` query: on FerretDB a pass over `users` whatever its size.
   */
  reachableAmong(ids: number[], offsetMin?: number): Promise<RecipientUser[]> {
    return this.model
      .find({ _id: { $in: ids }, ...reachableFilter(offsetMin) })
      .select(RECIPIENT_FIELDS)
      .lean<RecipientUser[]>()
      .exec();
  }

  /** Every member who can be messaged (optionally: wants a reminder `offsetMin` before), streamed in one pass. */
  reachable(offsetMin?: number): AsyncIterable<RecipientUser> {
    return this.model.find(reachableFilter(offsetMin)).select(RECIPIENT_FIELDS).lean<RecipientUser>().cursor();
  }

  /** The reminder offsets (minutes) members who can be messaged use. */
  async reminderOffsetsInUse(): Promise<number[]> {
    return this.model.distinct('reminderOffsets', { reachable: true, privateChatStarted: true }).exec();
  }

  /** How these members are named (first name, username), for lists such as /attendees. */
  names(ids: readonly number[]): Promise<Array<Pick<User, '_id' | 'firstName' | 'username'>>> {
    return this.model.find({ _id: { $in: [...ids] } }, { firstName: 1, username: 1 }).lean<Array<Pick<User, '_id' | 'firstName' | 'username'>>>().exec();
  }

  async markUnreachable(id: number): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { reachable: false } }).exec();
  }

  async deleteById(id: number): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }
}
