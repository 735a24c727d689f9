/** The keyboards of a new member's first /start (also /settings → Time zone): language, how to give a zone, UTC offsets. */
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import { LOCALE_NATIVE_NAMES, SUPPORTED_LOCALES } from '../../i18n/locales';
import { onboardingCallback } from '../callback-data/members';

/** Each language in its own name, one row. */
export function onboardingLanguageKeyboard(): InlineKeyboardMarkup {
  return { inline_keyboard: [SUPPORTED_LOCALES.map((l) => ({ text: LOCALE_NATIVE_NAMES[l], callback_data: onboardingCallback.encode({ step: 'lang', value: l }) }))] };
}

/** "Pick a UTC offset", under the question that also takes a typed city or a shared location. */
export function pickOffsetKeyboard(t: Translate): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: t('onboarding.pickOffset'), callback_data: onboardingCallback.encode({ step: 'offs', value: '_' }) }]] };
}

/** The reply keyboard whose one button shares the member's location (Telegram asks them first). */
export function shareLocationKeyboard(t: Translate): ReplyKeyboardMarkup {
  return { keyboard: [[{ text: t('onboarding.shareLocation'), request_location: true }]], resize_keyboard: true, one_time_keyboard: true };
}

/** UTC−12 … UTC+14, five a row. */
export function utcOffsetKeyboard(): InlineKeyboardMarkup {
  const offsets = Array.from({ length: 27 }, (_, i) => i - 12);
  const rows = [];
  for (let i = 0; i < offsets.length; i += 5) {
    rows.push(offsets.slice(i, i + 5).map((h) => ({ text: `UTC${h >= 0 ? '+' : '−'}${Math.abs(h)}`, callback_data: onboardingCallback.encode({ step: 'off', value: h }) })));
  }
  return { inline_keyboard: rows };
}
