/** The keyboards of /organizers (revoke, one per organizer) and of an organizer request sent to a super-admin. */
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import type { User } from '../../dal/types';
import { organizerCallback } from '../callback-data/events';

/** Characters of a first name on a button. */
const NAME_ON_BUTTON = 30;

/** "Revoke n. name" per organizer, numbered as the list above it (none: no buttons, which also clears an edited list's). */
export function organizerListKeyboard(t: Translate, organizers: ReadonlyArray<Pick<User, '_id' | 'firstName'>>): InlineKeyboardMarkup {
  return {
    inline_keyboard: organizers.map((u, i) => [
      { text: t('organizers.button.revoke', { n: i + 1, name: u.firstName.slice(0, NAME_ON_BUTTON) }), callback_data: organizerCallback.encode({ a: 'rv', u: u._id }) },
    ]),
  };
}

/** Approve / Deny under a member's request, in the admin's language. */
export function organizerRequestKeyboard(t: Translate, userId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: t('organizers.button.approve'), callback_data: organizerCallback.encode({ a: 'ap', u: userId }) },
        { text: t('organizers.button.deny'), callback_data: organizerCallback.encode({ a: 'dn', u: userId }) },
      ],
    ],
  };
}
