/** The buttons under /feeds (one row per feed, by its number in the list) and /addfeed's question. */
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Feed } from '../../dal/types';
import type { Translate } from '../../i18n/i18n';
import { feedCallback } from '../callback-data/feeds';

export function feedListKeyboard(t: Translate, feeds: readonly Feed[]): InlineKeyboardMarkup {
  return {
    inline_keyboard: feeds.map((f, i) => {
      const n = i + 1;
      return [
        f.paused
          ? { text: t('feeds.button.resume', { n }), callback_data: feedCallback.encode({ a: 'r', id: f._id }) }
          : { text: t('feeds.button.pause', { n }), callback_data: feedCallback.encode({ a: 'p', id: f._id }) },
        f.options.announce
          ? { text: t('feeds.button.announceOff', { n }), callback_data: feedCallback.encode({ a: 'a0', id: f._id }) }
          : { text: t('feeds.button.announceOn', { n }), callback_data: feedCallback.encode({ a: 'a1', id: f._id }) },
        { text: t('feeds.button.remove', { n }), callback_data: feedCallback.encode({ a: 'rm', id: f._id }) },
      ];
    }),
  };
}

/** iCalendar or The Events Calendar, for a link that does not say. */
export function feedKindKeyboard(t: Translate): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t('feeds.kind.ical'), callback_data: feedCallback.encode({ a: 'k', id: 'ical' }) }],
      [{ text: t('feeds.kind.tribe'), callback_data: feedCallback.encode({ a: 'k', id: 'tribe' }) }],
    ],
  };
}
