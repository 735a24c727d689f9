import { Composer } from 'telegraf';
import type { BotContext } from '../context';
import type { LinkedChat } from '../../dal/types';
import { categoryName } from '../../dal/categories/category.repository';
import type { Actor } from '../../application';
import type { ChatChange, ChatOutcome, ChatRefusal, RoleNow } from '../../application/chats';
import { formatOffsets, parseOffsets } from '../../domain/dates';
import { zoneName } from '../../domain/date-format';
import { chatCallback } from '../callback-data/members';
import { chatCalendarsKeyboard, chatCategoriesKeyboard, chatLanguagesKeyboard, chatSettingsKeyboard, digestPickerKeyboard } from '../keyboards/chats';
import { renderChatSettings } from '../render/chats';
import { actorOf } from '../events-ui/access';
import { answer, roleNow, showInPlace } from '../member-support';

/**
 * A linked chat's settings: categories, post language, calendar, reminder times, "starting now"
 * posts and the weekly digest. Each press reads the chat id from the button, asks the chat
 * operations (`ctx.deps.app.chats`, which ask Telegram about the presser in that chat and decide:
 * any current admin may look, only one with the matching right may change) and shows the outcome.
 */
export const chatSettingsFeature = new Composer<BotContext>();

const DIALOG = 'chats.offsets';
const SETTINGS_ACTIONS = new Set(['set', 'cats', 'cat', 'langs', 'lang', 'cals', 'cal', 'rem', 'now', 'dg', 'dgd', 'dgh']);

const REFUSAL_KEYS = { gone: 'chats.unknownChat', not_chat_admin: 'chats.notAdminNow' } as const;

/** Tells the sender why a chat operation refused: as an alert for a press, else a reply. */
export async function renderChatRefusal(ctx: BotContext, res: ChatRefusal): Promise<void> {
  const key =
    res.reason === 'invalid' ? res.error.key
    : res.reason === 'no_chat_right' ? (res.chatType === 'channel' ? 'chats.needRightChannel' : 'chats.needRightGroup')
    : REFUSAL_KEYS[res.reason];
  if (ctx.callbackQuery) await answer(ctx, ctx.t(key), { show_alert: true });
  else await ctx.reply(ctx.t(key));
}

const chatIdOf = (text: string): number | undefined => (/^-?\d{1,16}$/.test(text) ? Number(text) : undefined);

/**
 * The chat a button or dialogue names, if the sender may look at it (`view`) or change it
 * (`change`); otherwise they are told why and undefined is returned.
 */
export async function chatForAdmin(ctx: BotContext, chatIdText: string, need: 'view' | 'change' = 'change'): Promise<LinkedChat | undefined> {
  const res = await accessChat(ctx, chatIdText, (actor, id, role) => ctx.deps.app.chats.access(actor, id, role, need));
  return res?.value;
}

/** Runs a chat operation on the chat `chatIdText` names, for the sender; a refusal is rendered and gives undefined. */
export async function accessChat<T>(
  ctx: BotContext,
  chatIdText: string,
  run: (actor: Actor, chatId: number, role: () => Promise<RoleNow>) => Promise<ChatOutcome<T>>,
): Promise<{ value: T } | undefined> {
  const chatId = chatIdOf(chatIdText);
  if (chatId === undefined) return void (await renderChatRefusal(ctx, { ok: false, reason: 'gone' }));
  if (!ctx.from) return void (await renderChatRefusal(ctx, { ok: false, reason: 'not_chat_admin' }));
  const res = await run(actorOf(ctx), chatId, roleNow(ctx, chatId, ctx.from.id));
  if (!res.ok) return void (await renderChatRefusal(ctx, res));
  return { value: res.value };
}

async function settingsScreen(ctx: BotContext, chat: LinkedChat) {
  const categories = await ctx.deps.dal.categories.listAll();
  return { text: renderChatSettings(ctx.t, ctx.locale, chat, categories, ctx.deps.now()), keyboard: chatSettingsKeyboard(ctx.t, chat) };
}

async function showSettings(ctx: BotContext, chat: LinkedChat): Promise<void> {
  const screen = await settingsScreen(ctx, chat);
  await showInPlace(ctx, screen.text, screen.keyboard);
}

async function showCategories(ctx: BotContext, chat: LinkedChat): Promise<void> {
  const categories = (await ctx.deps.dal.categories.listActive()).map((c) => ({ slug: c.slug, name: categoryName(c, ctx.locale) }));
  await showInPlace(ctx, ctx.t('chats.chooseCategories', { title: chat.title }), chatCategoriesKeyboard(ctx.t, chat._id, chat.categories, categories));
}

/** A press that changes a setting, as the operation's input (undefined: the press only opens a screen). */
function changeOf(action: string, value: string): ChatChange | undefined {
  const number = /^\d{1,2}$/.test(value) ? Number(value) : -1;
  switch (action) {
    case 'cat':
      return value === '*' ? { kind: 'allCategories' } : { kind: 'toggleCategory', slug: value };
    case 'lang':
      return { kind: 'language', locale: value };
    case 'cal':
      return { kind: 'calendar', choice: value };
    case 'now':
      return { kind: 'toggleStartingNow' };
    case 'dg':
      return { kind: 'toggleDigest' };
    case 'dgd':
      return value === '_' ? undefined : { kind: 'digestDay', weekday: number };
    case 'dgh':
      return value === '_' ? undefined : { kind: 'digestHour', hour: number };
    default:
      return undefined;
  }
}

chatSettingsFeature.action(chatCallback.pattern, async (ctx, next) => {
  const data = chatCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !SETTINGS_ACTIONS.has(data.action)) return next();
  const t = ctx.t;
  const change = changeOf(data.action, data.value);
  if (change) {
    const done = await accessChat(ctx, data.chat, (actor, id, role) => ctx.deps.app.chats.configure(actor, id, role, change));
    if (!done) return;
    if (change.kind === 'allCategories' || change.kind === 'toggleCategory') {
      await answer(ctx);
      return showCategories(ctx, done.value);
    }
    await answer(ctx, t('chats.saved'));
    return showSettings(ctx, done.value);
  }
  // Looking at the settings needs admin status; every other screen here is for changing them.
  const chat = await chatForAdmin(ctx, data.chat, data.action === 'set' ? 'view' : 'change');
  if (!chat) return;
  await answer(ctx);
  switch (data.action) {
    case 'set':
      return showSettings(ctx, chat);
    case 'cats':
      return showCategories(ctx, chat);
    case 'langs':
      return showInPlace(ctx, t('chats.chooseLanguage', { title: chat.title }), chatLanguagesKeyboard(t, chat._id));
    case 'cals':
      return showInPlace(ctx, t('chats.chooseCalendar', { title: chat.title }), chatCalendarsKeyboard(t, chat._id));
    case 'rem':
      ctx.session.dialog = { name: DIALOG, step: 'offsets', data: { chatId: chat._id }, startedAt: ctx.deps.now().toISOString() };
      await ctx.reply(t('chats.askReminders', { title: chat.title, current: formatOffsets(chat.reminderOffsets, t) }), { parse_mode: 'HTML' });
      return;
    case 'dgd':
    case 'dgh':
      return showInPlace(ctx, t(data.action === 'dgd' ? 'chats.chooseDay' : 'chats.chooseHour', { zone: zoneName(chat.timezone, ctx.locale) }), digestPickerKeyboard(t, ctx.locale, chat._id, data.action));
    default:
      return next();
  }
});

chatSettingsFeature.on('text', async (ctx, next) => {
  const dialog = ctx.session.dialog;
  if (dialog?.name !== DIALOG || ctx.chat.type !== 'private') return next();
  const text = ctx.message.text.trim();
  if (text.startsWith('/')) {
    delete ctx.session.dialog;
    return next();
  }
  const chatId = chatIdOf(String(dialog.data.chatId));
  if (chatId === undefined) {
    delete ctx.session.dialog;
    return renderChatRefusal(ctx, { ok: false, reason: 'gone' });
  }
  const offsets = parseOffsets(text) ?? [];
  const res = await ctx.deps.app.chats.configure(actorOf(ctx), chatId, roleNow(ctx, chatId, ctx.from.id), { kind: 'reminderTimes', offsets });
  if (!res.ok && res.reason === 'invalid') {
    await ctx.reply(ctx.t(res.error.key), { parse_mode: 'HTML' });
    return;
  }
  delete ctx.session.dialog;
  if (!res.ok) return renderChatRefusal(ctx, res);
  const screen = await settingsScreen(ctx, res.value);
  await ctx.reply(`${ctx.t('chats.saved')}\n\n${screen.text}`, { parse_mode: 'HTML', reply_markup: screen.keyboard });
});
