/**
 * Small helpers the members' and linked chats' features share: asking Telegram about a person in a
 * chat (for the chat operations, which record and decide), recording admins Telegram reports,
 * answering a button press without failing on an expired query, messaging people other than the
 * sender (a 403 marks them unreachable), and the deep links a press in a group sends to private.
 */
import type { ChatMember, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from './context';
import { telegramFailure } from './errors';
import type { MissingRight, RoleNow } from '../application/chats';

export type { MissingRight };

/** getChatMember, or undefined when Telegram cannot say (logged). */
export async function chatMember(ctx: BotContext, chatId: number, userId: number): Promise<ChatMember | undefined> {
  try {
    return await ctx.telegram.getChatMember(chatId, userId);
  } catch (err) {
    ctx.log.warn({ err, chatId, userId }, 'getChatMember failed; treating as not an admin');
    return undefined;
  }
}

export function isAdmin(member: ChatMember): member is Extract<ChatMember, { status: 'creator' | 'administrator' }> {
  return member.status === 'creator' || member.status === 'administrator';
}

/** What Telegram's answer says of a person's role in a chat (no answer: Telegram could not say). */
export function roleFrom(member: ChatMember | undefined): RoleNow {
  if (!member) return 'unknown';
  if (!isAdmin(member)) return 'not_admin';
  return {
    status: member.status,
    canPostMessages: member.status === 'creator' || member.can_post_messages === true,
    canChangeInfo: member.status === 'creator' || member.can_change_info === true,
  };
}

/** Asks Telegram, now, what `userId` is in `chatId` (for the chat operations, which record and decide). */
export const roleNow = (ctx: BotContext, chatId: number, userId: number) => async (): Promise<RoleNow> => roleFrom(await chatMember(ctx, chatId, userId));

/**
 * The bot's record of who administers a chat, brought in line with what Telegram just said (a
 * chat_member update; the chat operations record the role they ask about themselves).
 */
export async function recordAdmin(ctx: BotContext, chatId: number, userId: number, member: ChatMember | undefined): Promise<void> {
  const role = roleFrom(member);
  await ctx.deps.dal.chatAdmins.record(chatId, userId, typeof role === 'object' ? role : undefined, ctx.deps.now());
}

/** The right the bot lacks to post in a chat, if any. */
export function missingPostRight(chatType: string, member: ChatMember): MissingRight {
  if (chatType === 'channel') {
    return member.status === 'creator' || (member.status === 'administrator' && member.can_post_messages === true) ? undefined : 'post_messages';
  }
  if (member.status === 'restricted') return member.can_send_messages ? undefined : 'send_messages';
  return member.status === 'member' || member.status === 'administrator' || member.status === 'creator' ? undefined : 'send_messages';
}

/** answerCbQuery that never throws (a query older than ~15 minutes can no longer be answered). */
export async function answer(ctx: BotContext, text?: string, extra: { show_alert?: boolean; url?: string } = {}): Promise<void> {
  try {
    await ctx.answerCbQuery(text?.slice(0, 200), extra);
  } catch (err) {
    ctx.log.debug({ err }, 'answerCbQuery failed');
  }
}

/** Sends a private message; false when the member cannot be reached (blocked the bot, never started it). */
export async function sendPrivate(ctx: BotContext, userId: number, text: string, extra: Parameters<BotContext['telegram']['sendMessage']>[2] = {}): Promise<boolean> {
  try {
    await ctx.telegram.sendMessage(userId, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...extra });
    return true;
  } catch (err) {
    const failure = telegramFailure(err);
    if (failure?.code === 403) {
      await ctx.deps.dal.users.markUnreachable(userId);
      return false;
    }
    if (failure?.code === 400) return false;
    throw err;
  }
}

/**
 * A message to someone other than the sender (an admin, a requester): true when it went. Telegram's
 * refusals are logged, not shown to the sender; a 403 (blocked, never started) marks the person
 * unreachable.
 */
export async function tellUser(ctx: BotContext, userId: number, text: string, extra: Parameters<BotContext['telegram']['sendMessage']>[2] = {}): Promise<boolean> {
  try {
    await ctx.telegram.sendMessage(userId, text, { parse_mode: 'HTML', ...extra });
    return true;
  } catch (err) {
    const failure = telegramFailure(err);
    if (!failure) throw err;
    ctx.log.warn({ userId, code: failure.code }, 'could not message user');
    if (failure.code === 403) await ctx.deps.dal.users.markUnreachable(userId);
    return false;
  }
}

/** Edits the pressed message's text (or sends a new one if it cannot be edited). */
export async function showInPlace(ctx: BotContext, text: string, keyboard?: InlineKeyboardMarkup): Promise<void> {
  const opts = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) };
  if (ctx.callbackQuery && ctx.callbackQuery.message && 'text' in ctx.callbackQuery.message && ctx.chat?.type === 'private') {
    try {
      await ctx.editMessageText(text, opts);
      return;
    } catch (err) {
      const failure = telegramFailure(err);
      if (failure?.code !== 400) throw err;
    }
  }
  await ctx.reply(text, opts);
}

/** A member pressing a button in a chat who cannot be written to in private goes through the deep link. */
export function needsDeepLink(ctx: BotContext): boolean {
  return ctx.chat?.type !== 'private' && !(ctx.user?.privateChatStarted && ctx.user.reachable);
}

export function deepLink(ctx: BotContext, payload: string): string {
  return `https://t.me/${ctx.botInfo.username}?start=${payload}`;
}
