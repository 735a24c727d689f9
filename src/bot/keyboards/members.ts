/** Confirmations a member answers: an RSVP that came by a deep link, and /forgetme. */
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import { forgetCallback, rsvpConfirmCallback } from '../callback-data/members';
import type { RsvpAnswerCode } from '../callback-data/event-card';

/** "Yes, record it" / "No" under the event a deep link named. */
export function rsvpConfirmKeyboard(t: Translate, eventId: string, code: RsvpAnswerCode): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t('rsvp.confirm.yes'), callback_data: rsvpConfirmCallback.encode({ event: eventId, answer: code }) }],
      [{ text: t('rsvp.confirm.no'), callback_data: rsvpConfirmCallback.encode({ event: eventId, answer: '0' }) }],
    ],
  };
}

export function forgetMeKeyboard(t: Translate): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t('forgetme.yes'), callback_data: forgetCallback.encode({ answer: 'yes' }) }],
      [{ text: t('forgetme.no'), callback_data: forgetCallback.encode({ answer: 'no' }) }],
    ],
  };
}
