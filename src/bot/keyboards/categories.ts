/** The keyboards of /categories (super-admins): rename and archive or restore each, add one, cancel a dialogue. */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import type { CategoryRecord } from '../../dal/types';
import { categoryName } from '../../dal/categories/category.repository';
import { categoryCallback } from '../callback-data/events';

/** Characters of a category's name on its button. */
const NAME_ON_BUTTON = 30;

export function categoryListKeyboard(t: Translate, locale: Locale, all: ReadonlyArray<Pick<CategoryRecord, 'slug' | 'names' | 'archived'>>): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = all.map((c) => [
    { text: `✏️ ${categoryName(c, locale).slice(0, NAME_ON_BUTTON)}`, callback_data: categoryCallback.encode({ a: 'rn', s: c.slug }) },
    c.archived
      ? { text: t('categories.button.restore'), callback_data: categoryCallback.encode({ a: 'rs', s: c.slug }) }
      : { text: t('categories.button.archive'), callback_data: categoryCallback.encode({ a: 'ar', s: c.slug }) },
  ]);
  rows.push([{ text: t('categories.button.add'), callback_data: categoryCallback.encode({ a: 'ad', s: '-' }) }]);
  return { inline_keyboard: rows };
}

/** Cancel, under the question of an add or rename dialogue. */
export function categoryCancelKeyboard(t: Translate): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: t('newevent.button.cancel'), callback_data: categoryCallback.encode({ a: 'x', s: '-' }) }]] };
}
