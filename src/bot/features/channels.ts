import { Composer } from 'telegraf';
import { plainRun } from '../../i18n/bidi';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import type { LinkedChat } from '../../dal/types';
import type { MissingRight } from '../../application/chats';
import { chatCallback } from '../callback-data/members';
import { chatListKeyboard, unlinkConfirmKeyboard } from '../keyboards/chats';
import { renderChatList } from '../render/chats';
import { answer, chatMember, isAdmin, missingPostRight, recordAdmin, showInPlace } from '../member-support';
import { accessChat, chatForAdmin } from './chat-settings';

/**
 * /channels, in private: the linked chats the member administers, from the bot's own record of
 * their admins (`chat_admins`: seen at link time, kept current by chat_member updates and whenever a
 * chat is opened), a page at a time. Listing asks Telegram nothing; opening, changing or unlinking
 * a chat asks about that one chat (through the chat operations). Unlinking keeps the record and its
 * history; nothing more is posted there.
 */
export const channelsFeature = new Composer<BotContext>();

const OWN_ACTIONS = new Set(['list', 'unl', 'unly', 'rel']);
export const CHATS_PER_PAGE = 8;

async function channelsScreen(ctx: BotContext, page = 0): Promise<{ text: string; keyboard?: InlineKeyboardMarkup }> {
  const userId = ctx.from!.id;
  let { chatIds, total } = await ctx.deps.dal.chatAdmins.chatsOf(userId, page, CHATS_PER_PAGE);
  if (total === 0 && (await adoptLinkedBefore(ctx, userId))) ({ chatIds, total } = await ctx.deps.dal.chatAdmins.chatsOf(userId, page, CHATS_PER_PAGE));
  const pages = Math.max(1, Math.ceil(total / CHATS_PER_PAGE));
  if (page >= pages && page > 0) {
    page = pages - 1;
    ({ chatIds, total } = await ctx.deps.dal.chatAdmins.chatsOf(userId, page, CHATS_PER_PAGE));
  }
  const byId = new Map((await ctx.deps.dal.chats.findByIds(chatIds)).map((c) => [c._id, c]));
  const mine = chatIds.map((id) => byId.get(id)).filter((c): c is LinkedChat => c !== undefined && c.migratedTo === undefined);
  if (mine.length === 0) return { text: ctx.t('chats.noneYet') };
  return { text: renderChatList(ctx.t, ctx.locale, mine, page, pages), keyboard: chatListKeyboard(ctx.t, mine, page, pages) };
}

/**
 * Chats linked before the bot kept a record of their admins have none: for a person with no record
 * at all, the chats they linked themselves (at most ADOPT_MAX, one getChatMember each) are checked
 * once and recorded. Returns whether any was.
 */
const ADOPT_MAX = 20;
async function adoptLinkedBefore(ctx: BotContext, userId: number): Promise<boolean> {
  const theirs = await ctx.deps.dal.chats.linkedBy(userId, ADOPT_MAX);
  let adopted = false;
  for (const chat of theirs) {
    const member = await chatMember(ctx, chat._id, userId);
    await recordAdmin(ctx, chat._id, userId, member);
    adopted ||= member !== undefined && isAdmin(member);
  }
  return adopted;
}

/** What the bot may not do in the chat now (asked of Telegram); unknown counts as not posting. */
async function botMissing(ctx: BotContext, chat: Pick<LinkedChat, '_id' | 'type'>): Promise<MissingRight> {
  try {
    return missingPostRight(chat.type, await ctx.telegram.getChatMember(chat._id, ctx.botInfo.id));
  } catch (err) {
    ctx.log.warn({ err, chatId: chat._id }, 'could not check the bot in the chat');
    return 'post_messages';
  }
}

async function showList(ctx: BotContext, page = 0): Promise<void> {
  const screen = await channelsScreen(ctx, page);
  return showInPlace(ctx, screen.text, screen.keyboard);
}

channelsFeature.command('channels', async (ctx) => {
  if (ctx.chat.type !== 'private') {
    await ctx.reply(ctx.t('chats.privateOnly'));
    return;
  }
  const screen = await channelsScreen(ctx);
  await ctx.reply(screen.text, { parse_mode: 'HTML', ...(screen.keyboard ? { reply_markup: screen.keyboard } : {}) });
});

channelsFeature.action(chatCallback.pattern, async (ctx, next) => {
  const data = chatCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !OWN_ACTIONS.has(data.action)) return next();
  switch (data.action) {
    case 'list':
      await answer(ctx);
      return showList(ctx, /^\d{1,4}$/.test(data.value) ? Number(data.value) : 0);
    case 'unl': {
      // Unlinking and linking again change what the bot does there: they need the matching right.
      const chat = await chatForAdmin(ctx, data.chat, 'change');
      if (!chat) return;
      await answer(ctx);
      return showInPlace(ctx, ctx.t('chats.confirmUnlink', { title: chat.title }), unlinkConfirmKeyboard(ctx.t, chat._id));
    }
    case 'unly': {
      const unlinked = await accessChat(ctx, data.chat, (actor, id, role) => ctx.deps.app.chats.unlink(actor, id, role));
      if (!unlinked) return;
      await answer(ctx, ctx.t('chats.unlinked', { title: plainRun(unlinked.value.title.slice(0, 60), ctx.locale) }));
      return showList(ctx);
    }
    default: {
      // rel: link again, active only if the bot may still post there.
      const relinked = await accessChat(ctx, data.chat, (actor, id, role) => ctx.deps.app.chats.relink(actor, id, role, (chat) => botMissing(ctx, chat)));
      if (!relinked) return;
      const { missing } = relinked.value;
      if (missing) await answer(ctx, ctx.t(missing === 'post_messages' ? 'chats.needPostRightShort' : 'chats.needSendRightShort'), { show_alert: true });
      else await answer(ctx, ctx.t('chats.saved'));
      return showList(ctx);
    }
  }
});
