import { Composer } from 'telegraf';
import { buildMessage } from '../../i18n/bidi';
import { zoneWithId } from '../../domain/date-format';
import { message } from 'telegraf/filters';
import type { ChatMember } from 'telegraf/types';
import type { BotContext } from '../context';
import { formatOffsets } from '../../domain/dates';
import { LOCALE_NATIVE_NAMES, isLocale } from '../../i18n/locales';
import { chatMember, isAdmin, missingPostRight, recordAdmin, sendPrivate, tellEngine, type MissingRight } from '../member-support';
import { type LinkedChat, DEFAULT_REMINDER_OFFSETS } from '../../dal/types';

/**
 * The bot's own membership in channels and groups (my_chat_member):
 * - added (as a channel admin, or to a group) by someone getChatMember confirms is an admin of that
 *   chat → linked with defaults (all categories, the adder's language, DEFAULT_TIMEZONE, reminders
 *   1 day and 1 hour before), and the adder is told how to set it up, or which right to grant;
 * - added by anyone else → not linked, and they are told why;
 * - removed, or lost the right to post → inactive with the reason (history kept); the right
 *   granted again or added back → active again with its settings;
 * - a group upgraded to a supergroup (migrate_to_chat_id / migrate_from_chat_id) keeps its link and
 *   settings under the new id.
 */
export const chatMembershipFeature = new Composer<BotContext>();

const PRESENT: ReadonlySet<ChatMember['status']> = new Set(['creator', 'administrator', 'member']);

function isPresent(m: ChatMember): boolean {
  return PRESENT.has(m.status) || (m.status === 'restricted' && m.is_member);
}

/** Tells the person who acted: in private if they started the bot (and it works), else in the group. */
async function tellPerson(ctx: BotContext, userId: number, chat: { id: number; type: string }, text: string): Promise<void> {
  const user = await ctx.deps.dal.users.findById(userId);
  if (user?.privateChatStarted && user.reachable && (await sendPrivate(ctx, userId, text))) return;
  if (chat.type === 'group' || chat.type === 'supergroup') {
    try {
      await ctx.telegram.sendMessage(chat.id, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    } catch (err) {
      ctx.log.warn({ err, chatId: chat.id }, 'could not tell the group');
    }
  }
}

function rightText(ctx: BotContext, missing: Exclude<MissingRight, undefined>, title: string): string {
  return ctx.t(missing === 'post_messages' ? 'chats.needPostRight' : 'chats.needSendRight', { title });
}

function linkedText(ctx: BotContext, chat: LinkedChat): string {
  const lang = isLocale(chat.locale) ? LOCALE_NATIVE_NAMES[chat.locale] : chat.locale;
  return ctx.t('chats.linked', { title: chat.title, language: lang, offsets: formatOffsets(chat.reminderOffsets, ctx.t), zone: zoneWithId(chat.timezone, ctx.locale) });
}

chatMembershipFeature.on('my_chat_member', async (ctx) => {
  const update = ctx.myChatMember;
  const chat = update.chat;
  if (chat.type === 'private') return;
  const title = 'title' in chat ? chat.title : '';
  const { chats } = ctx.deps.dal;
  const existing = await chats.findById(chat.id);
  const nowPresent = isPresent(update.new_chat_member);
  const wasPresent = isPresent(update.old_chat_member);

  if (!nowPresent) {
    if (existing && existing.migratedTo === undefined) {
      await chats.deactivate(chat.id, 'removed');
      await tellEngine(ctx, 'reminderPreferencesChanged', () => ctx.deps.scheduler.reminderPreferencesChanged());
      ctx.log.info({ chatId: chat.id }, 'removed from a linked chat: inactive');
      await tellPerson(ctx, existing.linkedBy, { id: chat.id, type: 'private' }, ctx.t('chats.removed', { title: existing.title || title }));
    }
    return;
  }

  const missing = missingPostRight(chat.type, update.new_chat_member);
  const joining = !wasPresent || !existing || existing.inactiveReason === 'removed' || existing.inactiveReason === 'unlinked';

  if (joining) {
    const adder = await chatMember(ctx, chat.id, update.from.id);
    if (!adder || !isAdmin(adder)) {
      ctx.log.info({ chatId: chat.id, by: update.from.id }, 'added by a non-admin: not linked');
      await tellPerson(ctx, update.from.id, chat, ctx.t('chats.notAdmin', { title }));
      return;
    }
    const linked = await chats.link({
      id: chat.id,
      type: chat.type,
      title,
      linkedBy: update.from.id,
      canPost: missing === undefined,
      defaults: {
        locale: ctx.locale,
        timezone: ctx.deps.config.defaultTimezone,
        reminderOffsets: [...DEFAULT_REMINDER_OFFSETS],
      },
    });
    await recordAdmins(ctx, chat.id, update.from.id, adder);
    await tellEngine(ctx, 'reminderPreferencesChanged', () => ctx.deps.scheduler.reminderPreferencesChanged());
    const lines = [linkedText(ctx, linked)];
    if (missing) lines.push('', rightText(ctx, missing, title));
    lines.push('', ctx.t('chats.howToSetUp'));
    await tellPerson(ctx, update.from.id, chat, buildMessage(lines, ctx.locale));
    return;
  }

  // Still there; its rights changed.
  if (missing && existing.active) {
    await chats.deactivate(chat.id, 'no_post_right');
    await tellEngine(ctx, 'reminderPreferencesChanged', () => ctx.deps.scheduler.reminderPreferencesChanged());
    await tellPerson(ctx, update.from.id, chat, ctx.t('chats.lostRight', { title }) + '\n\n' + rightText(ctx, missing, title));
  } else if (!missing && !existing.active && existing.migratedTo === undefined && existing.inactiveReason !== 'unlinked') {
    // Paused for want of the right (by us, or by the delivery engine after Telegram refused a post).
    await chats.activate(chat.id);
    await tellEngine(ctx, 'reminderPreferencesChanged', () => ctx.deps.scheduler.reminderPreferencesChanged());
    await tellPerson(ctx, update.from.id, chat, ctx.t('chats.reactivated', { title }));
  }
});

/**
 * Records who administers a newly linked chat (one getChatAdministrators), so that /channels can
 * list it for each of them without asking Telegram. The adder is recorded from what getChatMember
 * said even if the list cannot be had.
 */
async function recordAdmins(ctx: BotContext, chatId: number, adderId: number, adder: ChatMember): Promise<void> {
  await recordAdmin(ctx, chatId, adderId, adder);
  try {
    const admins = await ctx.telegram.getChatAdministrators(chatId);
    const people = admins.filter((a) => !a.user.is_bot && a.user.id !== ctx.botInfo.id);
    await ctx.deps.dal.chatAdmins.replaceForChat(
      chatId,
      people.map((a) => ({
        userId: a.user.id,
        status: a.status,
        canPostMessages: a.status === 'creator' || a.can_post_messages === true,
        canChangeInfo: a.status === 'creator' || a.can_change_info === true,
      })),
      ctx.deps.now(),
    );
  } catch (err) {
    ctx.log.warn({ err, chatId }, 'could not list the chat admins; only the one who linked it is recorded');
  }
}

/**
 * Someone else's membership changed in a linked chat (promoted, demoted, left): the record of its
 * admins follows. Telegram sends these only to bots that are admins there and ask for them.
 */
chatMembershipFeature.on('chat_member', async (ctx) => {
  const update = ctx.chatMember;
  if (update.new_chat_member.user.is_bot) return;
  if (!(await ctx.deps.dal.chats.findById(update.chat.id))) return;
  await recordAdmin(ctx, update.chat.id, update.new_chat_member.user.id, update.new_chat_member);
});

chatMembershipFeature.on(message('migrate_to_chat_id'), async (ctx) => {
  await ctx.deps.dal.chats.migrate(ctx.chat.id, ctx.message.migrate_to_chat_id);
  await ctx.deps.dal.chatAdmins.moveChat(ctx.chat.id, ctx.message.migrate_to_chat_id, ctx.deps.now());
  ctx.log.info({ from: ctx.chat.id, to: ctx.message.migrate_to_chat_id }, 'group became a supergroup');
});

chatMembershipFeature.on(message('migrate_from_chat_id'), async (ctx) => {
  const title = 'title' in ctx.chat ? ctx.chat.title : undefined;
  await ctx.deps.dal.chats.migrate(ctx.message.migrate_from_chat_id, ctx.chat.id, title);
});
