/**
 * The keyboards of /channels and a linked chat's settings. Every button carries `ch:<action>:<chat
 * id>:<value>` (callback-data/members.ts `chatCallback`); the chat's rights are checked again on
 * every press, so nothing here is trusted.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import { LOCALE_NATIVE_NAMES, SUPPORTED_LOCALES, type Locale } from '../../i18n/locales';
import type { LinkedChat } from '../../dal/types';
import { chatCallback } from '../callback-data/members';
import { CALENDAR_CHOICES } from '../render/calendar-choice';
import { hourLabel, weekdayName } from '../render/chats';

/** Telegram's limit on a button's callback data, in bytes. */
const MAX_CALLBACK_BYTES = 64;
/** Category buttons on one screen (Telegram allows 100 buttons; a longer list would not be read anyway). */
const MAX_CATEGORY_BUTTONS = 40;
/** Characters of a chat's title on its buttons. */
const TITLE_ON_BUTTON = 30;

const btn = (text: string, action: string, chat: number, value: string | number = '_'): InlineKeyboardButton => ({
  text,
  callback_data: chatCallback.encode({ action, chat, value }),
});

/** /channels: ⚙️ and Unlink (or Link again) per chat, and the pages. */
export function chatListKeyboard(t: Translate, chats: ReadonlyArray<Pick<LinkedChat, '_id' | 'title' | 'inactiveReason'>>, page: number, pages: number): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = chats.map((c) => [
    btn(`⚙️ ${c.title.slice(0, TITLE_ON_BUTTON)}`, 'set', c._id),
    c.inactiveReason === 'unlinked' ? btn(t('chats.button.relink'), 'rel', c._id) : btn(t('chats.button.unlink'), 'unl', c._id),
  ]);
  if (pages > 1) {
    const nav: InlineKeyboardButton[] = [];
    if (page > 0) nav.push(btn(t('chats.button.prevPage'), 'list', 0, page - 1));
    if (page + 1 < pages) nav.push(btn(t('chats.button.nextPage'), 'list', 0, page + 1));
    rows.push(nav);
  }
  return { inline_keyboard: rows };
}

export function unlinkConfirmKeyboard(t: Translate, chatId: number): InlineKeyboardMarkup {
  return { inline_keyboard: [[btn(t('chats.button.unlinkYes'), 'unly', chatId), btn(t('chats.button.back'), 'list', 0)]] };
}

/** The settings screen: what each button changes follows the chat's current state (on → "turn off"). */
export function chatSettingsKeyboard(t: Translate, chat: Pick<LinkedChat, '_id' | 'startingNow' | 'digest'>): InlineKeyboardMarkup {
  const id = chat._id;
  return {
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
}

/**
 * "All categories" and one toggle per category (✅ chosen, ⬜ not), at most 40; a category whose
 * slug would not fit in the button's 64 bytes is left out rather than sent broken.
 */
export function chatCategoriesKeyboard(t: Translate, chatId: number, chosen: readonly string[], categories: ReadonlyArray<{ slug: string; name: string }>): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [[btn(`${chosen.length === 0 ? '✅' : '⬜'} ${t('chats.allCategories')}`, 'cat', chatId, '*')]];
  for (const c of categories.slice(0, MAX_CATEGORY_BUTTONS)) {
    if (Buffer.byteLength(`${chatCallback.prefix}:cat:${chatId}:${c.slug}`) > MAX_CALLBACK_BYTES) continue;
    rows.push([btn(`${chosen.includes(c.slug) ? '✅' : '⬜'} ${c.name}`, 'cat', chatId, c.slug)]);
  }
  rows.push([btn(t('chats.button.back'), 'set', chatId)]);
  return { inline_keyboard: rows };
}

export function chatLanguagesKeyboard(t: Translate, chatId: number): InlineKeyboardMarkup {
  return { inline_keyboard: [SUPPORTED_LOCALES.map((l) => btn(LOCALE_NATIVE_NAMES[l], 'lang', chatId, l)), [btn(t('chats.button.back'), 'set', chatId)]] };
}

export function chatCalendarsKeyboard(t: Translate, chatId: number): InlineKeyboardMarkup {
  return { inline_keyboard: [...CALENDAR_CHOICES.map((c) => [btn(t(`settings.calendar.${c}`), 'cal', chatId, c)]), [btn(t('chats.button.back'), 'set', chatId)]] };
}

/** The digest's day (seven, two a row) or hour (0–23, six a row), labelled in the reader's language. */
export function digestPickerKeyboard(t: Translate, locale: Locale, chatId: number, what: 'dgd' | 'dgh'): InlineKeyboardMarkup {
  const max = what === 'dgd' ? 6 : 23;
  const perRow = what === 'dgd' ? 2 : 6;
  const label = (n: number) => (what === 'dgd' ? weekdayName(locale, n) : hourLabel(n, locale));
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i <= max; i += perRow) {
    rows.push(Array.from({ length: Math.min(perRow, max + 1 - i) }, (_, k) => btn(label(i + k), what, chatId, i + k)));
  }
  rows.push([btn(t('chats.button.back'), 'set', chatId)]);
  return { inline_keyboard: rows };
}
