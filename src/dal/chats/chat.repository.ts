import type { CalendarSystem } from '../../domain/time';
import type { ChatModel, LinkedChat } from './chat.model';
import type { Locale } from '../../i18n/locales';
import { isDuplicateKey } from '../write-errors';

export type InactiveReason = 'removed' | 'no_post_right' | 'unlinked' | 'migrated';

export interface LinkInput {
  id: number;
  type: LinkedChat['type'];
  title: string;
  linkedBy: number;
  /** Defaults for a chat linked for the first time; a chat linked again keeps its settings. */
  defaults: { locale: Locale; timezone: string; reminderOffsets: number[] };
  /** False when the bot may not post there yet (the chat is linked but inactive until it may). */
  canPost: boolean;
}

export type ChatSettings = Partial<Pick<LinkedChat, 'categories' | 'locale' | 'timezone' | 'reminderOffsets' | 'startingNow' | 'digest'>>;

export class ChatRepository {
  constructor(private readonly model: ChatModel) {}

  findById(id: number): Promise<LinkedChat | null> {
    return this.model.findById(id).lean<LinkedChat>().exec();
  }

  /**
   * Links (or links again) a chat in one upsert: settings are set only on first insert, so a chat
   * the bot is added back to keeps its categories, language and times.
   */
  async link(input: LinkInput): Promise<LinkedChat> {
    const state = input.canPost
      ? { $set: { type: input.type, title: input.title.slice(0, 256), active: true }, $unset: { inactiveReason: 1, migratedTo: 1 } }
      : { $set: { type: input.type, title: input.title.slice(0, 256), active: false, inactiveReason: 'no_post_right' }, $unset: { migratedTo: 1 } };
    const doc = await this.model
      .findOneAndUpdate(
        { _id: input.id },
        {
          ...state,
          $setOnInsert: {
            linkedBy: input.linkedBy,
            categories: [],
            locale: input.defaults.locale,
            timezone: input.defaults.timezone,
            reminderOffsets: input.defaults.reminderOffsets,
          },
        },
        { upsert: true, new: true, setDefaultsOnInsert: true },
      )
      .lean<LinkedChat>()
      .exec();
    return this.withCategories(doc);
  }

  /**
   * FerretDB (1.24) drops an empty array given in $setOnInsert, and a chat without `categories`
   * would match neither "all" ({$size: 0}) nor any category: store the empty list explicitly.
   */
  private async withCategories(doc: LinkedChat): Promise<LinkedChat> {
    if (Array.isArray(doc.categories)) return doc;
    await this.model.updateOne({ _id: doc._id, categories: { $exists: false } }, { $set: { categories: [] } }).exec();
    return { ...doc, categories: [] };
  }

  async deactivate(id: number, reason: InactiveReason): Promise<LinkedChat | null> {
    return this.model.findOneAndUpdate({ _id: id }, { $set: { active: false, inactiveReason: reason } }, { new: true }).lean<LinkedChat>().exec();
  }

  async activate(id: number): Promise<LinkedChat | null> {
    return this.model
      .findOneAndUpdate({ _id: id, migratedTo: { $exists: false } }, { $set: { active: true }, $unset: { inactiveReason: 1 } }, { new: true })
      .lean<LinkedChat>()
      .exec();
  }

  updateSettings(id: number, set: ChatSettings): Promise<LinkedChat | null> {
    return this.model.findOneAndUpdate({ _id: id }, { $set: set }, { new: true, runValidators: true }).lean<LinkedChat>().exec();
  }

  /** The chat's calendar; undefined goes back to its language's default (the field is removed). */
  setCalendar(id: number, calendar: CalendarSystem | undefined): Promise<LinkedChat | null> {
    const update = calendar ? { $set: { calendar } } : { $unset: { calendar: 1 } };
    return this.model.findOneAndUpdate({ _id: id }, update, { new: true, runValidators: true }).lean<LinkedChat>().exec();
  }

  /** Adds or removes one category slug (atomic, so two admins toggling at once do not lose a change). */
  toggleCategory(id: number, slug: string, on: boolean): Promise<LinkedChat | null> {
    const update = on ? { $addToSet: { categories: slug } } : { $pull: { categories: slug } };
    return this.model.findOneAndUpdate({ _id: id }, update, { new: true }).lean<LinkedChat>().exec();
  }

  /**
   * A group became a supergroup: the new id takes over the link and its settings, the old record
   * stays (inactive, pointing at the new one) as history. Idempotent: both the old chat's
   * migrate_to_chat_id and the new chat's migrate_from_chat_id arrive.
   */
  async migrate(oldId: number, newId: number, title?: string): Promise<LinkedChat | null> {
    const old = await this.findById(oldId);
    if (!old) return this.findById(newId);
    const { _id: _old, createdAt: _c, updatedAt: _u, migratedTo: _m, inactiveReason: _r, ...settings } = old;
    void _old; void _c; void _u; void _m; void _r;
    const moved = await this.model
      .findOneAndUpdate(
        { _id: newId },
        {
          $setOnInsert: { ...settings, type: 'supergroup', title: title ?? old.title, active: old.active || old.inactiveReason === 'migrated' },
        },
        { upsert: true, new: true },
      )
      .lean<LinkedChat>()
      .exec();
    await this.model.updateOne({ _id: oldId }, { $set: { active: false, inactiveReason: 'migrated', migratedTo: newId } }).exec();
    return this.withCategories(moved);
  }

  /** Chats this person linked (not replaced by a supergroup), at most `limit`. */
  linkedBy(userId: number, limit: number): Promise<LinkedChat[]> {
    return this.model.find({ linkedBy: userId, migratedTo: { $exists: false } }).limit(limit).lean<LinkedChat[]>().exec();
  }

  /** These chats (a page of /channels), in no particular order. */
  findByIds(ids: readonly number[]): Promise<LinkedChat[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.model.find({ _id: { $in: [...ids] } }).lean<LinkedChat[]>().exec();
  }

  /**
   * A message to the chat failed for good (403, chat not found): it takes nothing more until it is
   * linked again. One update by `_id`; `reason` is the failure's.
   */
  async markUnreachable(id: number, reason: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { active: false, inactiveReason: reason } }).exec();
  }

  /**
   * Telegram answered a send with `migrate_to_chat_id`: the new chat takes the old one's settings
   * (active, as a supergroup) unless it is already recorded, and the old one is marked migrated.
   * Idempotent. (The membership update for the same migration goes through `migrate`.)
   */
  async migrateOnSend(oldId: number, newId: number): Promise<void> {
    const old = await this.model.findById(oldId).lean().exec();
    if (!old) return;
    const { _id, createdAt, updatedAt, migratedTo, inactiveReason, ...settings } = old;
    void _id; void createdAt; void updatedAt; void migratedTo; void inactiveReason;
    await this.model.updateOne({ _id: newId }, { $setOnInsert: { ...settings, _id: newId, type: 'supergroup', active: true } }, { upsert: true }).exec().catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    await this.model.updateOne({ _id: oldId }, { $set: { active: false, inactiveReason: 'migrated to a supergroup', migratedTo: newId } }).exec();
  }

  /**
   * Active chats taking an event of these categories (an empty chat list means all) and matching
   * `extra`, with what a delivery copies: streamed by cursor.
   */
  matchingAudience(categories: readonly string[], extra: Record<string, unknown>): AsyncIterable<Pick<LinkedChat, '_id' | 'type' | 'locale' | 'timezone' | 'calendar'>> {
    const filter = {
      active: true,
      ...extra,
      $or: [{ categories: { $size: 0 } }, { categories: { $in: [...categories] } }],
    };
    return this.model.find(filter).select({ _id: 1, type: 1, locale: 1, timezone: 1, calendar: 1 }).lean<Pick<LinkedChat, '_id' | 'type' | 'locale' | 'timezone' | 'calendar'>>().cursor();
  }

  /** Active chats with the weekly digest on, streamed. */
  withDigest(): AsyncIterable<Pick<LinkedChat, '_id' | 'timezone' | 'digest'>> {
    return this.model.find({ active: true, 'digest.enabled': true }).select({ _id: 1, timezone: 1, digest: 1 }).lean<Pick<LinkedChat, '_id' | 'timezone' | 'digest'>>().cursor();
  }

  /** The reminder offsets (minutes) active chats use. */
  async reminderOffsetsInUse(): Promise<number[]> {
    return this.model.distinct('reminderOffsets', { active: true }).exec();
  }

  /** The titles of these chats, by id (/stats). */
  titles(ids: readonly number[]): Promise<Array<Pick<LinkedChat, '_id' | 'title'>>> {
    return this.model.find({ _id: { $in: [...ids] } }, { title: 1 }).lean<Array<Pick<LinkedChat, '_id' | 'title'>>>().exec();
  }

  /** Active chats that receive events of these categories (an empty chat list means all). */
  activeFor(categories: readonly string[]): Promise<LinkedChat[]> {
    return this.model
      .find({ active: true, $or: [{ categories: { $size: 0 } }, { categories: { $exists: false } }, { categories: { $in: [...categories] } }] })
      .lean<LinkedChat[]>()
      .exec();
  }
}
