/**
 * Who receives a job, streamed in chunks (cursors, never the whole audience in memory as documents):
 * linked chats by their filters and settings, members by subscription or RSVP and their settings.
 */
import type { Dal } from '../dal';
import { chosenCalendar, type EventRecord } from '../dal/types';
import type { Locale } from '../i18n/locales';
import { isLocale } from '../i18n/locales';
import { calendarOrder } from '../domain/date-format';
import { CALENDAR_SYSTEMS, type CalendarSystem } from '../domain/time';

export interface Recipient {
  chatId: number;
  recipient: 'user' | 'chat';
  chatType: 'private' | 'channel' | 'group';
  locale: Locale;
  timezone: string;
  /** The calendar shown first, resolved from the recipient's choice or their language's default. */
  calendar: CalendarSystem;
  editMessageId?: number;
}

/** The first calendar for a recipient: the stored choice if it is one, else the locale's default. */
export function recipientCalendar(choice: unknown, locale: Locale): CalendarSystem {
  const c = (CALENDAR_SYSTEMS as readonly unknown[]).includes(choice) ? (choice as CalendarSystem) : undefined;
  return calendarOrder(c, locale).primary;
}

export interface AudienceDefaults {
  locale: Locale;
  timezone: string;
}

export const CHUNK = 500;
/**
 * Above this many candidates the members are read with one pass over `users` instead of one `$in`
 * query per chunk: on FerretDB each of those queries reads through the whole collection, so a
 * 100,000-member audience would read it 200 times.
 */
export const STREAM_USERS_ABOVE = 2000;

type RecipientUser = { _id: number; locale?: string; timezone?: string; calendar?: CalendarSystem; calendarChosen?: boolean };

/** A member as a recipient: their language, zone and calendar, or the defaults. */
export function userRecipient(u: RecipientUser, defaults: AudienceDefaults): Recipient {
  const locale = u.locale && isLocale(u.locale) ? u.locale : defaults.locale;
  return {
    chatId: u._id,
    recipient: 'user',
    chatType: 'private',
    locale,
    timezone: u.timezone ?? defaults.timezone,
    calendar: recipientCalendar(chosenCalendar(u), locale),
  };
}

/** Linked chats that take this event: active, category filter matching (empty = all), plus `extra`. */
export async function* matchingChats(
  dal: Dal,
  event: Pick<EventRecord, 'categories'>,
  extra: Record<string, unknown>,
): AsyncGenerator<Recipient[]> {
  let chunk: Recipient[] = [];
  for await (const c of dal.chats.matchingAudience(event.categories, extra)) {
    const locale = isLocale(c.locale) ? c.locale : 'en';
    chunk.push({
      chatId: c._id,
      recipient: 'chat',
      chatType: c.type === 'channel' ? 'channel' : 'group',
      locale,
      timezone: c.timezone,
      calendar: recipientCalendar(c.calendar, locale),
    });
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/**
 * Members who asked to hear about this event (subscribed to all, to one of its categories, or to the
 * event; or RSVP'd with one of `rsvpStatuses`), who can be messaged, optionally only those whose
 * reminder offsets include `offsetMin`. The candidate ids are collected first (numbers only), then
 * the users are read in chunks, or in one pass when there are many (`streamAbove`).
 */
export async function* interestedMembers(
  dal: Dal,
  event: Pick<EventRecord, '_id' | 'categories'>,
  opts: { subscriptions: boolean; rsvpStatuses: string[]; offsetMin?: number; defaults: AudienceDefaults; streamAbove?: number },
): AsyncGenerator<Recipient[]> {
  const ids = new Set<number>();
  if (opts.subscriptions) {
    for await (const userId of dal.subscriptions.subscriberIds(event._id, event.categories)) ids.add(userId);
  }
  if (opts.rsvpStatuses.length) {
    for await (const userId of dal.rsvps.userIdsWithStatus(event._id, opts.rsvpStatuses)) ids.add(userId);
  }
  if (ids.size === 0) return;
  const toRecipient = (u: RecipientUser) => userRecipient(u, opts.defaults);
  if (ids.size > (opts.streamAbove ?? STREAM_USERS_ABOVE)) {
    let chunk: Recipient[] = [];
    for await (const u of dal.users.reachable(opts.offsetMin)) {
      if (!ids.has(u._id)) continue;
      chunk.push(toRecipient(u));
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length) yield chunk;
    return;
  }
  const all = [...ids];
  ids.clear();
  for (let i = 0; i < all.length; i += CHUNK) {
    yield (await dal.users.reachableAmong(all.slice(i, i + CHUNK), opts.offsetMin)).map(toRecipient);
  }
}
