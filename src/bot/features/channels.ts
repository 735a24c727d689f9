import { Composer } from 'telegraf';
import { buildMessage, plainRun } from '../../i18n/bidi';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { chatCallback } from '../callback-data/members';
import { answer, chatMember, isAdmin, missingPostRight, recordAdmin, showInPlace, tellEngine } from '../member-support';
import { chatForAdmin, chatStatusText } from './chat-settings';
import type { LinkedChat } from '../../dal/types';

/**
 * /channels, in private: the linked chats the member administers, from the bot's own record of
 * their admins (`chat_admins`: seen at link time, kept current by chat_member updates and whenever a
 * chat is opened), a page at a time. Listing asks Telegram nothing; opening, changing or unlinking
 * a chat asks about that one chat (chat-settings.ts `chatForAdmin`). Unlinking keeps the record
 * and its history; nothing more is posted there.
 */
export const channelsFeature = new Composer<BotContext>();

const OWN_ACTIONS = new Set(['list', 'unl', 'unly', 'rel']);
export const CHATS_PER_PAGE = 8;

const btn = (text: string, action: string, chat: number, value: string | number = '_'): InlineKeyboardButton => ({
  text,
  callback_data: chatCallback.encode({ action, chat, value }),
});

async function channelsScreen(ctx: BotContext, page = 0): Promise<{ text: string; keyboard?: InlineKeyboardMarkup }> {
  const userId = ctx.from!.id;
  const { chatAdmins, chats } = ctx.deps.dal;
  let { chatIds, total } = await chatAdmins.chatsOf(userId, page, CHATS_PER_PAGE);
  if (total === 0 && (await adoptLinkedBefore(ctx, userId))) ({ chatIds, total } = await chatAdmins.chatsOf(userId, page, CHATS_PER_PAGE));
  const pages = Math.max(1, Math.ceil(total / CHATS_PER_PAGE));
  if (page >= pages && page > 0) {
    page = pages - 1;
    ({ chatIds, total } = await chatAdmins.chatsOf(userId, page, CHATS_PER_PAGE));
  }
  const byId = new Map((await chats.findByIds(chatIds)).map((c) => [c._id, c]));
  const mine = chatIds.map((id) => byId.get(id)).filter((c): c is LinkedChat => c !== undefined && c.migratedTo === undefined);
  if (mine.length === 0) return { text: ctx.t('chats.noneYet') };
  const lines = [ctx.t('chats.listTitle'), ''];
  const rows: InlineKeyboardButton[][] = [];
  for (const c of mine) {
    const status = chatStatusText(ctx.t, c);
    lines.push(ctx.t('chats.listLine', { title: c.title, status }));
    const label = c.title.slice(0, 30);
    rows.push([
      btn(`⚙️ ${label}`, 'set', c._id),
      c.inactiveReason === 'unlinked' ? btn(ctx.t('chats.button.relink'), 'rel', c._id) : btn(ctx.t('chats.button.unlink'), 'unl', c._id),
    ]);
  }
  if (pages > 1) {
    lines.push('', ctx.t('chats.page', { page: page + 1, pages }));
    const nav: InlineKeyboardButton[] = [];
    if (page > 0) nav.push(btn(ctx.t('chats.button.prevPage'), 'list', 0, page - 1));
    if (page + 1 < pages) nav.push(btn(ctx.t('chats.button.nextPage'), 'list', 0, page + 1));
    rows.push(nav);
  }
  return { text: buildMessage(lines, ctx.locale), keyboard: { inline_keyboard: rows } };
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
  if (data.action === 'list') {
    await answer(ctx);
    const page = /^\d{1,4}$/.test(data.value) ? Number(data.value) : 0;
    const screen = await channelsScreen(ctx, page);
    return showInPlace(ctx, screen.text, screen.keyboard);
  }
  // Unlinking and linking again change what the bot does there: they need the matching right.
  const chat = await chatForAdmin(ctx, data.chat, 'change');
  if (!chat) return;
  if (data.action === 'unl') {
    await answer(ctx);
    return showInPlace(ctx, ctx.t('chats.confirmUnlink', { title: chat.title }), {
      inline_keyboard: [[btn(ctx.t('chats.button.unlinkYes'), 'unly', chat._id), btn(ctx.t('chats.button.back'), 'list', 0)]],
    });
  }
  if (data.action === 'unly') {
    await ctx.deps.dal.chats.deactivate(chat._id, 'unlinked');
    await tellEngine(ctx, 'reminderPreferencesChanged', () => ctx.deps.scheduler.reminderPreferencesChanged());
    await answer(ctx, ctx.t('chats.unlinked', { title: plainRun(chat.title.slice(0, 60), ctx.locale) }));
    const screen = await channelsScreen(ctx);
    return showInPlace(ctx, screen.text, screen.keyboard);
  }
  // rel: link again, active only if the bot may still post there.
  let missing: ReturnType<typeof missingPostRight> = 'post_messages';
  try {
    missing = missingPostRight(chat.type, await ctx.telegram.getChatMember(chat._id, ctx.botInfo.id));
  } catch (err) {
    ctx.log.warn({ err, chatId: chat._id }, 'could not check the bot in the chat');
  }
  if (missing) {
    await ctx.deps.dal.chats.deactivate(chat._id, 'no_post_right');
    await answer(ctx, ctx.t(missing === 'post_messages' ? 'chats.needPostRightShort' : 'chats.needSendRightShort'), { show_alert: true });
  } else {
    await ctx.deps.dal.chats.activate(chat._id);
    await tellEngine(ctx, 'reminderPreferencesChanged', () => ctx.deps.scheduler.reminderPreferencesChanged());
    await answer(ctx, ctx.t('chats.saved'));
  }
  const screen = await channelsScreen(ctx);
  return showInPlace(ctx, screen.text, screen.keyboard);
});
