/** The keyboards of /attendees: which event, and a page's navigation and CSV download. */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import type { EventRecord } from '../../dal/types';
import { attendeesCallback, attendeesCsvCallback } from '../callback-data/members';

/** Characters of an event's title on its button. */
const TITLE_ON_BUTTON = 60;

/** One button per event, opening its first page. */
export function attendeesEventsKeyboard(events: ReadonlyArray<Pick<EventRecord, '_id' | 'title'>>): InlineKeyboardMarkup {
  return { inline_keyboard: events.map((e) => [{ text: e.title.slice(0, TITLE_ON_BUTTON), callback_data: attendeesCallback.encode({ event: e._id.toHexString(), page: 0 }) }]) };
}

/** ◀ / ▶ where there is a page that way (none on a single page), then the CSV file. `page` counts from 0. */
export function attendeesPageKeyboard(t: Translate, eventId: string, page: number, pages: number): InlineKeyboardMarkup {
  const nav: InlineKeyboardButton[] = [];
  if (page > 0) nav.push({ text: t('attendees.prev'), callback_data: attendeesCallback.encode({ event: eventId, page: page - 1 }) });
  if (page + 1 < pages) nav.push({ text: t('attendees.next'), callback_data: attendeesCallback.encode({ event: eventId, page: page + 1 }) });
  return { inline_keyboard: [...(nav.length ? [nav] : []), [{ text: t('attendees.csv'), callback_data: attendeesCsvCallback.encode({ event: eventId }) }]] };
}
