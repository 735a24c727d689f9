/**
 * Linked channels and groups: linking one when the bot is added, pausing and resuming it as the
 * bot's rights there change, unlinking and linking it again, and its settings (categories,
 * language, calendar, reminder times, "starting now", weekly digest).
 *
 * Who may act on a chat is Telegram's to say, not ours: the front door asks Telegram about this
 * person in this chat at the moment of the action (`RoleNow`, asked only once the chat is known to
 * be linked), the operation records the answer in chat_admins and decides from that record as
 * stored (`canUseChat`): any current admin may look at the settings; changing them, unlinking or
 * linking again needs the matching right (Post messages in a channel, Change info in a group, or
 * being the creator). An admin demoted a minute ago changes nothing.
 *
 * Every change to what a chat receives is followed by a re-plan of reminders (the engine's
 * coalesced `replan` job); a failure to record it is logged, the change stands.
 */
import type { Dal } from '../dal';
import type { ChatRole } from '../domain/permissions';
import { canUseChat } from '../domain/permissions';
import { MAX_OFFSET_MINUTES } from '../domain/dates';
import { CALENDAR_SYSTEMS } from '../domain/time';
import type { DraftError } from '../domain/event-draft';
import type { Scheduler } from '../delivery/ports';
import { isLocale, type Locale } from '../i18n/locales';
import type { Logger } from '../logger';
import { DEFAULT_REMINDER_OFFSETS, type LinkedChat } from '../dal/types';
import type { Actor } from './actor';
import { done } from './outcome';

/** What Telegram says about a person in a chat right now: an admin's rights, not an admin, or no answer. */
export type RoleNow = ChatRole | 'not_admin' | 'unknown';

/** The right the bot itself lacks to post in a chat, if any. */
export type MissingRight = 'post_messages' | 'send_messages' | undefined;

export type ChatRefusal =
  /** Not linked (or replaced by a supergroup). */
  | { ok: false; reason: 'gone' }
  /** Not an admin of the chat now (or Telegram could not say). */
  | { ok: false; reason: 'not_chat_admin' }
  /** An admin without the right the change needs. */
  | { ok: false; reason: 'no_chat_right'; chatType: LinkedChat['type'] }
  /** The new setting does not read. */
  | { ok: false; reason: 'invalid'; error: DraftError };

export type ChatOutcome<T> = { ok: true; value: T } | ChatRefusal;

/** One change to a chat's settings, as the front door read it. */
export type ChatChange =
  | { kind: 'allCategories' }
  | { kind: 'toggleCategory'; slug: string }
  | { kind: 'language'; locale: string }
  /** One of CALENDAR_SYSTEMS, or 'auto': the post language's default. */
  | { kind: 'calendar'; choice: string }
  /** Minutes before an event (at most 10 kept); empty: the front door could not read any. */
  | { kind: 'reminderTimes'; offsets: readonly number[] }
  | { kind: 'toggleStartingNow' }
  | { kind: 'toggleDigest' }
  /** 0 = Sunday … 6; choosing one turns the digest on. */
  | { kind: 'digestDay'; weekday: number }
  /** 0–23 in the chat's zone; choosing one turns the digest on. */
  | { kind: 'digestHour'; hour: number };

/** What became of the bot's membership in a chat (my_chat_member), for the front door to tell. */
export type MembershipResult =
  /** Nothing to do (a chat it was never linked to, or no change that matters). */
  | { kind: 'unchanged' }
  /** Removed from a linked chat: inactive, history kept; `chat` as it was (who linked it is told). */
  | { kind: 'removed'; chat: LinkedChat }
  /** Added by someone who is not an admin there: not linked. */
  | { kind: 'refused' }
  /** Linked (or linked again, keeping its settings); inactive until the bot may post when `missing`. */
  | { kind: 'linked'; chat: LinkedChat; missing: MissingRight }
  /** Still there, but may no longer post: paused. */
  | { kind: 'paused'; missing: Exclude<MissingRight, undefined> }
  /** The right to post given back: active again. */
  | { kind: 'resumed' };

export interface MembershipChange {
  chat: { id: number; type: LinkedChat['type']; title: string };
  /** Who added or removed the bot, or changed its rights. */
  by: number;
  wasPresent: boolean;
  nowPresent: boolean;
  /** What the bot may not do there now (read from the update). */
  missing: MissingRight;
  /** The language of the person who added it: a new chat's posts start in it. */
  locale: Locale;
  /** Asked of Telegram only when a chat is being linked. */
  ask: {
    /** The adder's role in the chat (getChatMember). */
    adder(): Promise<RoleNow>;
    /** Every person administering the chat, bots left out (getChatAdministrators); undefined when Telegram cannot say. */
    admins(): Promise<Array<ChatRole & { userId: number }> | undefined>;
  };
}

const MAX_OFFSETS = 10;

export interface ChatOperationsDeps {
  dal: Pick<Dal, 'chats' | 'chatAdmins' | 'categories'>;
  scheduler: Scheduler;
  now: () => Date;
  logger: Logger;
  /** The zone a newly linked chat starts with (DEFAULT_TIMEZONE). */
  defaultTimezone: string;
}

const invalid = (key: string): ChatRefusal => ({ ok: false, reason: 'invalid', error: { key } });

export class ChatOperations {
  constructor(private readonly deps: ChatOperationsDeps) {}

  private async replan(): Promise<void> {
    try {
      await this.deps.scheduler.reminderPreferencesChanged();
    } catch (err) {
      this.deps.logger.error({ err, what: 'reminderPreferencesChanged' }, 'delivery engine call failed');
    }
  }

  /** Records what Telegram just said about this person in this chat, and returns their role as stored. */
  private async roleAsStored(chatId: number, userId: number, now: RoleNow): Promise<ChatRole | undefined> {
    if (now === 'unknown') return undefined;
    await this.deps.dal.chatAdmins.record(chatId, userId, now === 'not_admin' ? undefined : now, this.deps.now());
    return (await this.deps.dal.chatAdmins.find(chatId, userId)) ?? undefined;
  }

  /**
   * The linked chat, when the actor may look at it (`view`) or change it (`change`). `roleNow` is
   * asked only for a chat that is linked.
   */
  async access(actor: Actor, chatId: number, roleNow: () => Promise<RoleNow>, need: 'view' | 'change'): Promise<ChatOutcome<LinkedChat>> {
    const chat = await this.deps.dal.chats.findById(chatId);
    if (!chat || chat.migratedTo !== undefined) return { ok: false, reason: 'gone' };
    if (actor.kind === 'system') return done(chat);
    const role = await this.roleAsStored(chat._id, actor.id, await roleNow());
    const decision = canUseChat(chat.type, role, need);
    if (decision.ok) return done(chat);
    this.deps.logger.info({ chatId: chat._id, userId: actor.id, reason: decision.reason }, 'chat refused');
    return decision.reason === 'no_chat_right' ? { ok: false, reason: 'no_chat_right', chatType: chat.type } : { ok: false, reason: 'not_chat_admin' };
  }

  /** Changes one of a chat's settings (the matching admin right needed), validated here. */
  async configure(actor: Actor, chatId: number, roleNow: () => Promise<RoleNow>, change: ChatChange): Promise<ChatOutcome<LinkedChat>> {
    const found = await this.access(actor, chatId, roleNow, 'change');
    if (!found.ok) return found;
    const chat = found.value;
    const { chats, categories } = this.deps.dal;
    const id = chat._id;
    let updated: LinkedChat | null;
    let replan = true;
    switch (change.kind) {
      case 'allCategories':
        updated = await chats.updateSettings(id, { categories: [] });
        break;
      case 'toggleCategory':
        if (!(await categories.findBySlug(change.slug))) return invalid('subscriptions.unknownCategory');
        updated = await chats.toggleCategory(id, change.slug, !chat.categories.includes(change.slug));
        break;
      case 'language':
        if (!isLocale(change.locale)) return invalid('rsvp.toast.invalid');
        updated = await chats.updateSettings(id, { locale: change.locale });
        replan = false;
        break;
      case 'calendar': {
        const calendar = CALENDAR_SYSTEMS.find((c) => c === change.choice);
        if (!calendar && change.choice !== 'auto') return invalid('rsvp.toast.invalid');
        updated = await chats.setCalendar(id, calendar);
        replan = false;
        break;
      }
      case 'reminderTimes':
        if (change.offsets.length === 0 || change.offsets.some((m) => !Number.isInteger(m) || m < 1 || m > MAX_OFFSET_MINUTES)) return invalid('settings.badOffsets');
        updated = await chats.updateSettings(id, { reminderOffsets: change.offsets.slice(0, MAX_OFFSETS) });
        break;
      case 'toggleStartingNow':
        updated = await chats.updateSettings(id, { startingNow: !chat.startingNow });
        break;
      case 'toggleDigest':
        updated = await chats.updateSettings(id, { digest: { ...chat.digest, enabled: !chat.digest.enabled } });
        break;
      case 'digestDay':
        if (!Number.isInteger(change.weekday) || change.weekday < 0 || change.weekday > 6) return invalid('rsvp.toast.invalid');
        updated = await chats.updateSettings(id, { digest: { ...chat.digest, weekday: change.weekday, enabled: true } });
        break;
      case 'digestHour':
        if (!Number.isInteger(change.hour) || change.hour < 0 || change.hour > 23) return invalid('rsvp.toast.invalid');
        updated = await chats.updateSettings(id, { digest: { ...chat.digest, hour: change.hour, enabled: true } });
        break;
    }
    if (replan) await this.replan();
    return done(updated ?? chat);
  }

  /** Nothing more is posted there; the record and its history stay, and it can be linked again. */
  async unlink(actor: Actor, chatId: number, roleNow: () => Promise<RoleNow>): Promise<ChatOutcome<LinkedChat>> {
    const found = await this.access(actor, chatId, roleNow, 'change');
    if (!found.ok) return found;
    const updated = await this.deps.dal.chats.deactivate(found.value._id, 'unlinked');
    await this.replan();
    return done(updated ?? found.value);
  }

  /**
   * Links an unlinked chat again, with its settings: active if the bot may still post there
   * (`botMissing`, asked of Telegram once the actor's right is confirmed), else inactive for want
   * of that right.
   */
  async relink(actor: Actor, chatId: number, roleNow: () => Promise<RoleNow>, botMissing: (chat: LinkedChat) => Promise<MissingRight>): Promise<ChatOutcome<{ chat: LinkedChat; missing: MissingRight }>> {
    const found = await this.access(actor, chatId, roleNow, 'change');
    if (!found.ok) return found;
    const id = found.value._id;
    const missing = await botMissing(found.value);
    if (missing) return done({ chat: (await this.deps.dal.chats.deactivate(id, 'no_post_right')) ?? found.value, missing });
    const chat = (await this.deps.dal.chats.activate(id)) ?? found.value;
    await this.replan();
    return done({ chat, missing });
  }

  /**
   * The bot was added to a chat, removed from it, or its rights there changed (my_chat_member).
   * Added by a current admin: linked with defaults (all categories, the adder's language,
   * DEFAULT_TIMEZONE, reminders 1 day and 1 hour before; a chat linked before keeps its settings),
   * its admins recorded. Added by anyone else: not linked. Removed: inactive with the reason. Lost
   * the right to post: paused; given it back: active again (unless an admin unlinked it).
   */
  async botMembershipChanged(change: MembershipChange): Promise<MembershipResult> {
    const { chats, chatAdmins } = this.deps.dal;
    const { chat } = change;
    const existing = await chats.findById(chat.id);

    if (!change.nowPresent) {
      if (!existing || existing.migratedTo !== undefined) return { kind: 'unchanged' };
      await chats.deactivate(chat.id, 'removed');
      await this.replan();
      this.deps.logger.info({ chatId: chat.id }, 'removed from a linked chat: inactive');
      return { kind: 'removed', chat: existing };
    }

    const joining = !change.wasPresent || !existing || existing.inactiveReason === 'removed' || existing.inactiveReason === 'unlinked';
    if (joining) {
      const adder = await this.roleAsStored(chat.id, change.by, await change.ask.adder());
      if (!canUseChat(chat.type, adder, 'view').ok) {
        this.deps.logger.info({ chatId: chat.id, by: change.by }, 'added by a non-admin: not linked');
        return { kind: 'refused' };
      }
      const linked = await chats.link({
        id: chat.id,
        type: chat.type,
        title: chat.title,
        linkedBy: change.by,
        canPost: change.missing === undefined,
        defaults: { locale: change.locale, timezone: this.deps.defaultTimezone, reminderOffsets: [...DEFAULT_REMINDER_OFFSETS] },
      });
      const admins = await change.ask.admins();
      // Without the list (Telegram could not say), only the adder is recorded.
      if (admins) await chatAdmins.replaceForChat(chat.id, admins, this.deps.now());
      await this.replan();
      return { kind: 'linked', chat: linked, missing: change.missing };
    }

    if (change.missing && existing.active) {
      await chats.deactivate(chat.id, 'no_post_right');
      await this.replan();
      return { kind: 'paused', missing: change.missing };
    }
    if (!change.missing && !existing.active && existing.migratedTo === undefined && existing.inactiveReason !== 'unlinked') {
      // Paused for want of the right (by us, or by the delivery engine after Telegram refused a post).
      await chats.activate(chat.id);
      await this.replan();
      return { kind: 'resumed' };
    }
    return { kind: 'unchanged' };
  }

  /**
   * A group became a supergroup: the new id takes over the link, its settings and its admins.
   * Idempotent: both the old chat's migrate_to_chat_id and the new chat's migrate_from_chat_id arrive.
   */
  async groupMigrated(fromId: number, toId: number, title?: string): Promise<void> {
    await this.deps.dal.chats.migrate(fromId, toId, title);
    await this.deps.dal.chatAdmins.moveChat(fromId, toId, this.deps.now());
  }
}
