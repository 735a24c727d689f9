/**
 * The keyboard under every event card. It carries no names and no per-person state (the same
 * message is seen by everyone in a channel), so its size is fixed however many people answer.
 *
 * - RSVP (Going / Maybe / Can't go, +1 / +2) only while the event can still be attended: not when
 *   it is cancelled or has ended.
 * - 🔔 Remind me only before it starts.
 * - 📅 Add to calendar always (a cancelled event's file carries STATUS:CANCELLED). In a channel or
 *   group it is a t.me deep link, because the file is sent in private.
 * - 🌐 Details, a URL button to the event's web page, when the web calendar has a public address
 *   (`pageUrl`; PUBLIC_URL) and the event is public (never on a draft, whose page does not exist).
 *   A URL button opens in every chat type, channels included, and needs no answer from the bot.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import { icsCallback, remindCallback, rsvpCallback, startPayload } from '../callback-data/event-card';
import type { EventRecord } from '../../dal/types';

export interface EventCardKeyboardOptions {
  botUsername: string;
  context: 'private' | 'channel' | 'group';
  /** Defaults to the current time; decides whether the event has passed. */
  now?: Date;
  /** The event's web page in the viewer's language (src/web/urls.ts), when PUBLIC_URL is set. */
  pageUrl?: string | undefined;
}

type CardEvent = Pick<EventRecord, '_id' | 'status' | 'startAt' | 'endAt'>;

export function eventCardKeyboard(event: CardEvent, t: Translate, opts: EventCardKeyboardOptions): InlineKeyboardMarkup {
  const now = opts.now ?? new Date();
  const id = event._id.toHexString();
  const rows: InlineKeyboardButton[][] = [];
  const attendable = event.status !== 'cancelled' && event.status !== 'draft' && event.endAt.getTime() > now.getTime();
  if (attendable) {
    const rv = (answer: 'g' | 'm' | 'n' | '1' | '2', text: string): InlineKeyboardButton => ({
      text,
      callback_data: rsvpCallback.encode({ event: id, answer }),
    });
    rows.push([rv('g', t('rsvp.button.going')), rv('m', t('rsvp.button.maybe')), rv('n', t('rsvp.button.notGoing'))]);
    rows.push([rv('1', t('rsvp.button.plusOne')), rv('2', t('rsvp.button.plusTwo'))]);
  }
  const last: InlineKeyboardButton[] = [];
  if (attendable && event.startAt.getTime() > now.getTime()) {
    last.push({ text: t('rsvp.button.remind'), callback_data: remindCallback.encode({ event: id }) });
  }
  if (opts.context === 'private') {
    last.push({ text: t('rsvp.button.calendar'), callback_data: icsCallback.encode({ event: id }) });
  } else {
    last.push({ text: t('rsvp.button.calendar'), url: `https://t.me/${opts.botUsername}?start=${startPayload.ics(id)}` });
  }
  rows.push(last);
  if (opts.pageUrl && event.status !== 'draft') rows.push([{ text: t('rsvp.button.details'), url: opts.pageUrl }]);
  return { inline_keyboard: rows };
}

/**
 * A card sent to one member in private: the members' buttons (none on a draft, which only its
 * organizer sees), then `extra` rows of the screen that sent it (back to the list, manage).
 */
export function memberCardKeyboard(event: CardEvent, t: Translate, opts: EventCardKeyboardOptions, extra: InlineKeyboardButton[][] = []): InlineKeyboardMarkup {
  const base = event.status === 'draft' ? [] : eventCardKeyboard(event, t, opts).inline_keyboard;
  return { inline_keyboard: [...base, ...extra] };
}
