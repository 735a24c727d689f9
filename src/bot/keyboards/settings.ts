/** The keyboards of /settings: the menu, the language picker and the calendar picker. */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import { LOCALE_NATIVE_NAMES, SUPPORTED_LOCALES } from '../../i18n/locales';
import { settingsCallback } from '../callback-data/members';
import { CALENDAR_CHOICES } from '../render/calendar-choice';

const btn = (text: string, action: string, value = '_'): InlineKeyboardButton => ({ text, callback_data: settingsCallback.encode({ action, value }) });

export function settingsMenuKeyboard(t: Translate): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [btn(t('settings.button.language'), 'langs'), btn(t('settings.button.zone'), 'zone')],
      [btn(t('settings.button.reminders'), 'rem'), btn(t('settings.button.calendar'), 'cals')],
    ],
  };
}

/** Each language in its own name, then Back. */
export function settingsLanguagesKeyboard(t: Translate): InlineKeyboardMarkup {
  return { inline_keyboard: [SUPPORTED_LOCALES.map((l) => btn(LOCALE_NATIVE_NAMES[l], 'lang', l)), [btn(t('settings.button.back'), 'menu')]] };
}

/** The language's default, then each calendar, one a row, then Back. */
export function settingsCalendarsKeyboard(t: Translate): InlineKeyboardMarkup {
  return { inline_keyboard: [...CALENDAR_CHOICES.map((c) => [btn(t(`settings.calendar.${c}`), 'cal', c)]), [btn(t('settings.button.back'), 'menu')]] };
}
