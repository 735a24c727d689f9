import type { CalendarSystem } from '../../domain/time';
import type { ChatModel, LinkedChat } from './chat.model';
import type { Locale } from '../../i18n/locales';

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
  constructor(readonly model: ChatModel) {}

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

  /** Active chats that receive events of these categories (an empty chat list means all). */
  activeFor(categories: readonly string[]): Promise<LinkedChat[]> {
    return this.model
      .find({ active: true, $or: [{ categories: { $size: 0 } }, { categories: { $exists: false } }, { categories: { $in: [...categories] } }] })
      .lean<LinkedChat[]>()
      .exec();
  }
}
