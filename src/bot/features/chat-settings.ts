import { Composer } from 'telegraf';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { categoryName } from '../../dal/categories/category.repository';
import { formatOffsets, parseOffsets } from '../../domain/dates';
import { LOCALE_NATIVE_NAMES, SUPPORTED_LOCALES, isLocale } from '../../i18n/locales';
import { buildMessage } from '../../i18n/bidi';
import { localizeDigits } from '../../i18n/digits';
import type { Locale } from '../../i18n/locales';
import { zoneName, zoneWithId } from '../../domain/date-format';
import { CALENDAR_CHOICES, calendarSummary, isCalendarChoice, storedCalendar } from '../render/calendar-choice';
import { chatCallback } from '../callback-data/members';
import { answer, chatMember, isAdmin, mayConfigure, recordAdmin, showInPlace, tellEngine } from '../member-support';
import type { LinkedChat } from '../../dal/types';

/**
 * A linked chat's settings: categories, post language, reminder times, "starting now" posts and
 * the weekly digest. Only the chat's current admins may see them, and only those with the matching
 * right change them (`mayConfigure`): every screen and every change asks Telegram (getChatMember)
 * about that one chat again, so an admin who was demoted a minute ago changes nothing.
 */
export const chatSettingsFeature = new Composer<BotContext>();

const DIALOG = 'chats.offsets';
const SETTINGS_ACTIONS = new Set(['set', 'cats', 'cat', 'langs', 'lang', 'cals', 'cal', 'rem', 'now', 'dg', 'dgd', 'dgh']);

const btn = (text: string, action: string, chat: number, value: string | number = '_'): InlineKeyboardButton => ({
  text,
  callback_data: chatCallback.encode({ action, chat, value }),
});

const KNOWN_REASONS = new Set(['removed', 'no_post_right', 'unlinked', 'migrated']);

/** The chat's state in words; reasons written by the delivery engine (Telegram's refusals) read as "paused". */
export function chatStatusText(t: (key: string) => string, chat: Pick<LinkedChat, 'active' | 'inactiveReason'>): string {
  if (chat.active) return t('chats.status.active');
  return t(`chats.status.${chat.inactiveReason && KNOWN_REASONS.has(chat.inactiveReason) ? chat.inactiveReason : 'failed'}`);
}

/** "18:00" in the language's digits ("۱۸:۰۰"). */
export function hourLabel(hour: number, locale: Locale): string {
  return localizeDigits(`${String(hour).padStart(2, '0')}:00`, locale);
}

export function weekdayName(locale: string, weekday: number): string {
  const tag = { en: 'en-GB', fa: 'fa-IR', ar: 'ar', ur: 'ur-PK' }[locale] ?? 'en-GB';
  return new Intl.DateTimeFormat(`${tag}-u-ca-gregory`, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + weekday)));
}

/**
 * The chat, if it is linked (and not replaced by a supergroup) and the presser administers it now,
 * asked of Telegram for this chat only (one getChatMember), which also brings the bot's record of
 * its admins up to date. `change`: the action changes the chat's settings or unlinks it, which needs
 * the matching right (`mayConfigure`). Otherwise the presser is told why and undefined is returned.
 */
export async function chatForAdmin(ctx: BotContext, chatIdText: string, need: 'view' | 'change' = 'change'): Promise<LinkedChat | undefined> {
  const chatId = /^-?\d{1,16}$/.test(chatIdText) ? Number(chatIdText) : undefined;
  const chat = chatId !== undefined ? await ctx.deps.dal.chats.findById(chatId) : null;
  const deny = async (key: string) => {
    if (ctx.callbackQuery) await answer(ctx, ctx.t(key), { show_alert: true });
    else await ctx.reply(ctx.t(key));
    return undefined;
  };
  if (!chat || chat.migratedTo !== undefined) return deny('chats.unknownChat');
  const member = ctx.from ? await chatMember(ctx, chat._id, ctx.from.id) : undefined;
  if (ctx.from && member) await recordAdmin(ctx, chat._id, ctx.from.id, member);
  if (!ctx.from || !member || !isAdmin(member)) {
    ctx.log.info({ chatId: chat._id, userId: ctx.from?.id }, 'chat settings refused: not a current admin');
    return deny('chats.notAdminNow');
  }
  if (need === 'change' && !mayConfigure(chat.type, member)) {
    ctx.log.info({ chatId: chat._id, userId: ctx.from.id }, 'chat settings refused: admin without the right');
    return deny(chat.type === 'channel' ? 'chats.needRightChannel' : 'chats.needRightGroup');
  }
  return chat;
}

export async function renderChatSettings(ctx: BotContext, chat: LinkedChat): Promise<{ text: string; keyboard: InlineKeyboardMarkup }> {
  const t = ctx.t;
  const categories = await ctx.deps.dal.categories.listAll();
  const catNames = chat.categories.map((slug) => {
    const c = categories.find((x) => x.slug === slug);
    return c ? categoryName(c, ctx.locale) : slug;
  });
  const status = chatStatusText(t, chat);
  const digest = chat.digest.enabled
    ? t('chats.digestOn', { day: weekdayName(ctx.locale, chat.digest.weekday), hour: hourLabel(chat.digest.hour, ctx.locale) })
    : t('chats.off');
  // A chat without its own calendar shows its post language's default, not the admin's.
  const chatLocale = isLocale(chat.locale) ? chat.locale : ctx.locale;
  const calendar = calendarSummary(t, ctx.locale, chat.calendar, ctx.deps.now(), chat.timezone, chatLocale);
  const text = buildMessage([
    t('chats.settingsTitle', { title: chat.title }),
    '',
    t('chats.line.status', { value: status }),
    t('chats.line.categories', { value: catNames.length ? catNames.join(', ') : t('chats.allCategories') }),
    t('chats.line.language', { value: isLocale(chat.locale) ? LOCALE_NATIVE_NAMES[chat.locale] : chat.locale }),
    t('chats.line.zone', { value: zoneWithId(chat.timezone, ctx.locale) }),
    t('chats.line.calendar', calendar),
    t('chats.line.reminders', { value: chat.reminderOffsets.length ? formatOffsets(chat.reminderOffsets, t) : t('chats.off') }),
    t('chats.line.startingNow', { value: chat.startingNow ? t('chats.on') : t('chats.off') }),
    t('chats.line.digest', { value: digest }),
  ], ctx.locale);
  const id = chat._id;
  const keyboard: InlineKeyboardMarkup = {
    inline_keyboard: [
      [btn(t('chats.button.categories'), 'cats', id), btn(t('chats.button.language'), 'langs', id)],
      [btn(t('chats.button.calendar'), 'cals', id)],
      [btn(t('chats.button.reminders'), 'rem', id), btn(t(chat.startingNow ? 'chats.button.startingNowOff' : 'chats.button.startingNowOn'), 'now', id)],
      [
        btn(t(chat.digest.enabled ? 'chats.button.digestOff' : 'chats.button.digestOn'), 'dg', id),
        btn(t('chats.button.digestDay'), 'dgd', id),
        btn(t('chats.button.digestHour'), 'dgh', id),
      ],
      [btn(t('chats.button.back'), 'list', 0)],
    ],
  };
  return { text, keyboard };
}

async function showSettings(ctx: BotContext, chat: LinkedChat): Promise<void> {
  const screen = await renderChatSettings(ctx, chat);
  await showInPlace(ctx, screen.text, screen.keyboard);
}

const changed = (ctx: BotContext) => tellEngine(ctx, 'reminderPreferencesChanged', () => ctx.deps.scheduler.reminderPreferencesChanged());

chatSettingsFeature.action(chatCallback.pattern, async (ctx, next) => {
  const data = chatCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !SETTINGS_ACTIONS.has(data.action)) return next();
  // Looking at the settings needs admin status; every other action here changes them.
  const chat = await chatForAdmin(ctx, data.chat, data.action === 'set' ? 'view' : 'change');
  if (!chat) return;
  const { chats } = ctx.deps.dal;
  const t = ctx.t;
  const id = chat._id;
  switch (data.action) {
    case 'set':
      await answer(ctx);
      return showSettings(ctx, chat);
    case 'cats':
    case 'cat': {
      let current = chat;
      if (data.action === 'cat') {
        if (data.value === '*') current = (await chats.updateSettings(id, { categories: [] })) ?? chat;
        else {
          if (!(await ctx.deps.dal.categories.findBySlug(data.value))) return answer(ctx, t('subscriptions.unknownCategory'), { show_alert: true });
          current = (await chats.toggleCategory(id, data.value, !chat.categories.includes(data.value))) ?? chat;
        }
        await changed(ctx);
      }
      await answer(ctx);
      const categories = await ctx.deps.dal.categories.listActive();
      const rows: InlineKeyboardButton[][] = [[btn(`${current.categories.length === 0 ? '✅' : '⬜'} ${t('chats.allCategories')}`, 'cat', id, '*')]];
      for (const c of categories.slice(0, 40)) {
        if (Buffer.byteLength(`ch:cat:${id}:${c.slug}`) > 64) continue;
        rows.push([btn(`${current.categories.includes(c.slug) ? '✅' : '⬜'} ${categoryName(c, ctx.locale)}`, 'cat', id, c.slug)]);
      }
      rows.push([btn(t('chats.button.back'), 'set', id)]);
      return showInPlace(ctx, t('chats.chooseCategories', { title: chat.title }), { inline_keyboard: rows });
    }
    case 'langs':
      await answer(ctx);
      return showInPlace(ctx, t('chats.chooseLanguage', { title: chat.title }), {
        inline_keyboard: [SUPPORTED_LOCALES.map((l) => btn(LOCALE_NATIVE_NAMES[l], 'lang', id, l)), [btn(t('chats.button.back'), 'set', id)]],
      });
    case 'lang': {
      if (!isLocale(data.value)) return answer(ctx, t('rsvp.toast.invalid'), { show_alert: true });
      const updated = (await chats.updateSettings(id, { locale: data.value })) ?? chat;
      await answer(ctx, t('chats.saved'));
      return showSettings(ctx, updated);
    }
    case 'cals':
      await answer(ctx);
      return showInPlace(ctx, t('chats.chooseCalendar', { title: chat.title }), {
        inline_keyboard: [...CALENDAR_CHOICES.map((c) => [btn(t(`settings.calendar.${c}`), 'cal', id, c)]), [btn(t('chats.button.back'), 'set', id)]],
      });
    case 'cal': {
      if (!isCalendarChoice(data.value)) return answer(ctx, t('rsvp.toast.invalid'), { show_alert: true });
      const updated = (await chats.setCalendar(id, storedCalendar(data.value))) ?? chat;
      await answer(ctx, t('chats.saved'));
      return showSettings(ctx, updated);
    }
    case 'rem':
      ctx.session.dialog = { name: DIALOG, step: 'offsets', data: { chatId: id }, startedAt: ctx.deps.now().toISOString() };
      await answer(ctx);
      await ctx.reply(t('chats.askReminders', { title: chat.title, current: formatOffsets(chat.reminderOffsets, t) }), { parse_mode: 'HTML' });
      return;
    case 'now': {
      const updated = (await chats.updateSettings(id, { startingNow: !chat.startingNow })) ?? chat;
      await changed(ctx);
      await answer(ctx, t('chats.saved'));
      return showSettings(ctx, updated);
    }
    case 'dg': {
      const updated = (await chats.updateSettings(id, { digest: { ...chat.digest, enabled: !chat.digest.enabled } })) ?? chat;
      await changed(ctx);
      await answer(ctx, t('chats.saved'));
      return showSettings(ctx, updated);
    }
    case 'dgd':
    case 'dgh': {
      const max = data.action === 'dgd' ? 6 : 23;
      if (data.value !== '_') {
        const n = /^\d{1,2}$/.test(data.value) ? Number(data.value) : -1;
        if (n < 0 || n > max) return answer(ctx, t('rsvp.toast.invalid'), { show_alert: true });
        const digest = data.action === 'dgd' ? { ...chat.digest, weekday: n, enabled: true } : { ...chat.digest, hour: n, enabled: true };
        const updated = (await chats.updateSettings(id, { digest })) ?? chat;
        await changed(ctx);
        await answer(ctx, t('chats.saved'));
        return showSettings(ctx, updated);
      }
      await answer(ctx);
      const values = Array.from({ length: max + 1 }, (_, i) => i);
      const label = (n: number) => (data.action === 'dgd' ? weekdayName(ctx.locale, n) : hourLabel(n, ctx.locale));
      const perRow = data.action === 'dgd' ? 2 : 6;
      const rows: InlineKeyboardButton[][] = [];
      for (let i = 0; i < values.length; i += perRow) rows.push(values.slice(i, i + perRow).map((n) => btn(label(n), data.action, id, n)));
      rows.push([btn(t('chats.button.back'), 'set', id)]);
      return showInPlace(ctx, t(data.action === 'dgd' ? 'chats.chooseDay' : 'chats.chooseHour', { zone: zoneName(chat.timezone, ctx.locale) }), { inline_keyboard: rows });
    }
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
  const chat = await chatForAdmin(ctx, String(dialog.data.chatId));
  if (!chat) {
    delete ctx.session.dialog;
    return;
  }
  const offsets = parseOffsets(text);
  if (!offsets) {
    await ctx.reply(ctx.t('settings.badOffsets'), { parse_mode: 'HTML' });
    return;
  }
  delete ctx.session.dialog;
  const updated = (await ctx.deps.dal.chats.updateSettings(chat._id, { reminderOffsets: offsets.slice(0, 10) })) ?? chat;
  await changed(ctx);
  const screen = await renderChatSettings(ctx, updated);
  await ctx.reply(`${ctx.t('chats.saved')}\n\n${screen.text}`, { parse_mode: 'HTML', reply_markup: screen.keyboard });
});
