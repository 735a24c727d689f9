/** The keyboards of /subscribe (toggles, ✅ on) and /mysubs (one Remove per subscription). */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import { subscriptionCallback } from '../callback-data/members';

/** Telegram's limit on a button's callback data, in bytes. */
const MAX_CALLBACK_BYTES = 64;
/** Category buttons on one screen. */
const MAX_CATEGORY_BUTTONS = 40;
/** Characters of a subscription's label on its Remove button. */
const LABEL_ON_BUTTON = 40;

/**
 * "Everything", then a toggle per category (at most 40); a slug that would not fit in 64 bytes of
 * callback data, or could not be carried in it, is left out rather than sent broken.
 */
export function subscribeKeyboard(t: Translate, state: { everything: boolean; categories: ReadonlyArray<{ slug: string; name: string; on: boolean }> }): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [
    [{ text: `${state.everything ? '✅' : '⬜'} ${t('subscriptions.everything')}`, callback_data: subscriptionCallback.encode({ action: 'all', value: '_' }) }],
  ];
  for (const c of state.categories.slice(0, MAX_CATEGORY_BUTTONS)) {
    if (Buffer.byteLength(`${subscriptionCallback.prefix}:cat:${c.slug}`) > MAX_CALLBACK_BYTES || c.slug.includes(':')) continue;
    rows.push([{ text: `${c.on ? '✅' : '⬜'} ${c.name}`, callback_data: subscriptionCallback.encode({ action: 'cat', value: c.slug }) }]);
  }
  return { inline_keyboard: rows };
}

/** One "✖ Remove: <label>" per subscription; labels are plain text (the list above them is HTML). */
export function mySubscriptionsKeyboard(t: Translate, subs: ReadonlyArray<{ id: string; label: string }>): InlineKeyboardMarkup {
  return {
    inline_keyboard: subs.map((s) => [{ text: `✖ ${t('subscriptions.remove')}: ${s.label.slice(0, LABEL_ON_BUTTON)}`, callback_data: subscriptionCallback.encode({ action: 'rm', value: s.id }) }]),
  };
}
