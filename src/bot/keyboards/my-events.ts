/**
 * The keyboards of /myevents: the list, an event's management buttons (what `eventActions` allows in
 * its state), the field picker of Edit, and the buttons under the postpone / cancel questions.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import { EDITABLE_FIELDS, eventActions, type EventAction } from '../../application/events';
import { editFieldCallback, manageQuestionCallback, myEventsCallback } from '../callback-data/events';
import { STATUS_ICON } from '../render/event-lists';
import type { EventRecord } from '../../dal/types';

const TITLE_MAX = 40;

/** One button per event (status icon and title), then Previous / Next. */
export function myEventsListKeyboard(t: Translate, items: readonly Pick<EventRecord, '_id' | 'status' | 'title'>[], page: number, hasMore: boolean): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = items.map((e) => [
    {
      text: `${STATUS_ICON[e.status]} ${e.title.length > TITLE_MAX ? `${e.title.slice(0, TITLE_MAX - 1)}…` : e.title}`,
      callback_data: myEventsCallback.encode({ a: 'op', id: e._id.toHexString() }),
    },
  ]);
  const nav: InlineKeyboardButton[] = [];
  if (page > 0) nav.push({ text: t('events.button.prev'), callback_data: myEventsCallback.encode({ a: 'pg', id: page - 1 }) });
  if (hasMore) nav.push({ text: t('events.button.next'), callback_data: myEventsCallback.encode({ a: 'pg', id: page + 1 }) });
  if (nav.length) rows.push(nav);
  return { inline_keyboard: rows };
}

/** The callback action code of each management action. */
export const ACTION_CODE: Record<EventAction, string> = {
  edit: 'ed', publish: 'pb', duplicate: 'du', delete: 'dl', postpone: 'pp', cancel: 'cn', cancelSeries: 'cs',
};

/** The rows in which the actions appear, when the event's state allows them. */
const LAYOUT: readonly (readonly [EventAction, string])[][] = [
  [['edit', 'myevents.button.edit'], ['publish', 'myevents.button.publish'], ['postpone', 'myevents.button.postpone']],
  [['cancel', 'myevents.button.cancel'], ['duplicate', 'myevents.button.duplicate'], ['delete', 'myevents.button.delete']],
  [['cancelSeries', 'myevents.button.cancelSeries']],
];

export function manageKeyboard(t: Translate, e: Pick<EventRecord, '_id' | 'status' | 'series'>): InlineKeyboardMarkup {
  const id = e._id.toHexString();
  const allowed = eventActions(e);
  const rows: InlineKeyboardButton[][] = [];
  for (const line of LAYOUT) {
    const row = line.filter(([a]) => allowed.has(a)).map(([a, key]) => ({ text: t(key), callback_data: myEventsCallback.encode({ a: ACTION_CODE[a], id }) }));
    if (row.length) rows.push(row);
  }
  rows.push([{ text: t('myevents.button.list'), callback_data: myEventsCallback.encode({ a: 'pg', id: 0 }) }]);
  return { inline_keyboard: rows };
}

/** Edit → which field, three to a row. */
export function editFieldsKeyboard(t: Translate, eventId: string): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  const buttons = EDITABLE_FIELDS.map((f) => ({ text: t(`newevent.field.${f}`), callback_data: editFieldCallback.encode({ id: eventId, f }) }));
  for (let i = 0; i < buttons.length; i += 3) rows.push(buttons.slice(i, i + 3));
  return { inline_keyboard: rows };
}

export function confirmCancelSeriesKeyboard(t: Translate, eventId: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t('myevents.button.confirmCancelSeries'), callback_data: myEventsCallback.encode({ a: 'cy', id: eventId }) }],
      [{ text: t('myevents.button.keep'), callback_data: myEventsCallback.encode({ a: 'op', id: eventId }) }],
    ],
  };
}

/** Under "when should it move to?": Cancel (keep it as it is). */
export function postponeKeyboard(t: Translate): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: t('newevent.button.cancel'), callback_data: manageQuestionCallback.encode({ a: 'x', v: '-' }) }]] };
}

/** Under "why is it cancelled?": Cancel with no reason, or Keep it. */
export function cancelReasonKeyboard(t: Translate): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t('myevents.button.cancelNoReason'), callback_data: manageQuestionCallback.encode({ a: 'sk', v: '-' }) }],
      [{ text: t('myevents.button.keep'), callback_data: manageQuestionCallback.encode({ a: 'x', v: '-' }) }],
    ],
  };
}
