/** The button sent after an event's .ics file: the same event in Google Calendar. */
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';

export function googleCalendarKeyboard(t: Translate, link: string): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: t('ics.googleButton'), url: link }]] };
}
