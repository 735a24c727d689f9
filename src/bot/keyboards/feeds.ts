/** The buttons under /feeds (one row per feed, by its number in the list) and /addfeed's question. */
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Feed } from '../../dal/types';
import type { Translate } from '../../i18n/i18n';
import { feedCallback, feedOptionsCallback } from '../callback-data/feeds';
import type { CategoryRecord, OrganizerProfileRecord } from '../../dal/types';
import { categoryName } from '../../dal/categories/category.repository';
import type { Locale } from '../../i18n/locales';
import { HORIZON_CHOICES } from '../../application/feeds';

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
        { text: t('feeds.button.options', { n }), callback_data: feedOptionsCallback.encode({ id: f._id, a: 'v', v: '-' }) },
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

/** One feed's options: its default categories (✓ when on) and how far ahead it imports, then Back. */
export function feedOptionsKeyboard(t: Translate, feed: Feed, categories: readonly CategoryRecord[], locale: Locale, organizers: readonly Pick<OrganizerProfileRecord, '_id' | 'name'>[] = []): InlineKeyboardMarkup {
  const on = new Set(feed.options.categories);
  const rows = categories.map((c) => [
    { text: `${on.has(c.slug) ? '✓ ' : ''}${categoryName(c, locale).slice(0, 30)}`, callback_data: feedOptionsCallback.encode({ id: feed._id, a: 'c', v: c.slug }) },
  ]);
  rows.push(
    HORIZON_CHOICES.map((days) => ({
      text: `${feed.options.horizonDays === days ? '✓ ' : ''}${t('feeds.options.days', { n: days })}`,
      callback_data: feedOptionsCallback.encode({ id: feed._id, a: 'h', v: days }),
    })),
  );
  // The owner's saved organizers, the default one ticked, and a way back to none.
  const chosen = feed.options.organizer?.name;
  for (const o of organizers) {
    rows.push([{ text: `${chosen === o.name ? '✓ ' : ''}👤 ${o.name.slice(0, 30)}`, callback_data: feedOptionsCallback.encode({ id: feed._id, a: 'o', v: o._id.toHexString() }) }]);
  }
  if (chosen) rows.push([{ text: t('feeds.options.noOrganizer'), callback_data: feedOptionsCallback.encode({ id: feed._id, a: 'o', v: '-' }) }]);
  rows.push([{ text: t('feeds.options.back'), callback_data: feedOptionsCallback.encode({ id: feed._id, a: 'b', v: '-' }) }]);
  return { inline_keyboard: rows };
}
