/** /events: the list's buttons (open, Prev / Next, category filters, Past / All) and the row under an opened card. */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import { categoryName } from '../../dal/categories/category.repository';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { browseCallback, myEventsCallback } from '../callback-data/events';
import type { CategoryRecord, EventRecord } from '../../dal/types';

export const NO_CATEGORY = '-';
const shortTitle = (s: string) => (s.length > 48 ? `${s.slice(0, 47)}…` : s);
const cb = (a: string, p: number, c: string | undefined, id = '-') => browseCallback.encode({ a, p, c: c ?? NO_CATEGORY, id });

export interface BrowseListView {
  view: 'upcoming' | 'past';
  page: number;
  pageSize: number;
  items: readonly Pick<EventRecord, '_id' | 'title'>[];
  hasMore: boolean;
  /** The filters offered (upcoming only), and the one chosen. */
  categories: readonly CategoryRecord[];
  category: string | undefined;
}

export function browseListKeyboard(t: Translate, locale: Locale, v: BrowseListView): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = v.items.map((e, i) => [
    { text: `${v.page * v.pageSize + i + 1}. ${shortTitle(e.title)}`, callback_data: cb('o', v.page, v.category, e._id.toHexString()) },
  ]);
  const nav: InlineKeyboardButton[] = [];
  const a = v.view === 'past' ? 'p' : 'l';
  if (v.page > 0) nav.push({ text: t('events.button.prev'), callback_data: cb(a, v.page - 1, v.category) });
  if (v.hasMore) nav.push({ text: t('events.button.next'), callback_data: cb(a, v.page + 1, v.category) });
  if (nav.length) rows.push(nav);
  if (v.view === 'upcoming' && v.categories.length) {
    const filters = v.categories.map((c) => ({
      text: `${c.slug === v.category ? '• ' : ''}#${categoryName(c, locale)}`,
      callback_data: cb('l', 0, c.slug === v.category ? undefined : c.slug),
    }));
    for (let i = 0; i < filters.length; i += 3) rows.push(filters.slice(i, i + 3));
  }
  const bottom: InlineKeyboardButton[] = [];
  if (v.view === 'upcoming') bottom.push({ text: t('events.button.past'), callback_data: cb('p', 0, undefined) });
  if (v.view === 'past' || v.category) bottom.push({ text: t('events.button.all'), callback_data: cb('l', 0, undefined) });
  rows.push(bottom);
  return { inline_keyboard: rows };
}

/** Under a card opened from the list: "« All events", and Manage for whoever may manage it. */
export function cardBackRow(t: Translate, eventId: string, canManage: boolean): InlineKeyboardButton[] {
  const back: InlineKeyboardButton[] = [{ text: t('events.button.all'), callback_data: cb('b', 0, undefined) }];
  if (canManage) back.push({ text: t('events.button.manage'), callback_data: myEventsCallback.encode({ a: 'op', id: eventId }) });
  return back;
}

/** A card opened from the list outside a private chat: only the row above (members' buttons are the posted cards'). */
export function cardBackKeyboard(t: Translate, eventId: string, canManage: boolean): InlineKeyboardMarkup {
  return { inline_keyboard: [cardBackRow(t, eventId, canManage)] };
}
