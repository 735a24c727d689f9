import { Composer } from 'telegraf';
import { buildMessage, plainRun } from '../../i18n/bidi';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { chatCallback } from '../callback-data/members';
import { answer, isChatAdmin, missingPostRight, showInPlace, tellEngine } from '../member-support';
import { chatForAdmin, chatStatusText } from './chat-settings';

/**
 * /channels, in private: the linked chats the member administers right now (asked of Telegram
 * chat by chat), each with Settings and Unlink (or Link again). Unlinking keeps the record and its
 * history; nothing more is posted there.
 */
export const channelsFeature = new Composer<BotContext>();

const OWN_ACTIONS = new Set(['list', 'unl', 'unly', 'rel']);
const MAX_CHECKED = 60;

const btn = (text: string, action: string, chat: number, value = '_'): InlineKeyboardButton => ({
  text,
  callback_data: chatCallback.encode({ action, chat, value }),
});

async function channelsScreen(ctx: BotContext): Promise<{ text: string; keyboard?: InlineKeyboardMarkup }> {
  const userId = ctx.from!.id;
  const linked = (await ctx.deps.dal.chats.listLinked()).slice(0, MAX_CHECKED);
  const checks = await Promise.all(linked.map(async (c) => ((await isChatAdmin(ctx, c._id, userId)) ? c : undefined)));
  const mine = checks.filter((c) => c !== undefined);
  if (mine.length === 0) return { text: ctx.t('chats.noneYet') };
  const lines = [ctx.t('chats.listTitle'), ''];
  const rows: InlineKeyboardButton[][] = [];
  for (const c of mine) {
    const status = chatStatusText(ctx.t, c);
    lines.push(ctx.t('chats.listLine', { title: c.title, status }));
    const label = c.title.slice(0, 30);
    rows.push([
      btn(`⚙️ ${label}`, 'set', c._id) as InlineKeyboardButton,
      c.inactiveReason === 'unlinked' ? btn(ctx.t('chats.button.relink'), 'rel', c._id) : btn(ctx.t('chats.button.unlink'), 'unl', c._id),
    ]);
  }
  return { text: buildMessage(lines, ctx.locale), keyboard: { inline_keyboard: rows } };
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
    const screen = await channelsScreen(ctx);
    return showInPlace(ctx, screen.text, screen.keyboard);
  }
  const chat = await chatForAdmin(ctx, data.chat);
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
