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

export class UserRepository {
  constructor(private readonly model: UserModel) {}

  /**
   * Creates or refreshes the user from the Telegram `from` field in one atomic upsert, so two
   * updates from a new user racing each other never create two records.
   */
  async upsertFromTelegram(from: TelegramPerson, opts: { privateChat: boolean }): Promise<User> {
    const set: Partial<User> = { firstName: from.first_name.slice(0, 256) };
    if (from.username) set.username = from.username;
    if (opts.privateChat) {
      set.privateChatStarted = true;
      set.reachable = true;
    }
    const upsert = () =>
      this.model
        .findOneAndUpdate({ _id: from.id }, { $set: set }, { upsert: true, new: true, setDefaultsOnInsert: true })
        .lean<User>()
        .exec();
    try {
      return await upsert();
    } catch (err) {
      // Two upserts racing on a new _id: one inserts, the other gets E11000. The record now
      // exists, so the retry is a plain update. (MongoDB retries this itself in some cases; FerretDB does not.)
      if (isDuplicateKey(err)) return upsert();
      throw err;
    }
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
