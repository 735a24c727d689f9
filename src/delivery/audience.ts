/**
 * Who receives a job, streamed in chunks (cursors, never the whole audience in memory as documents):
 * linked chats by their filters and settings, members by subscription or RSVP and their settings.
 */
import type { Types } from 'mongoose';
import type { Dal } from '../dal';
import type { EventRecord } from '../dal/events/event.model';
import type { Locale } from '../i18n/locales';
import { isLocale } from '../i18n/locales';
import { chosenCalendar } from '../dal/users/user.model';
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
  const filter = {
    active: true,
    ...extra,
    $or: [{ categories: { $size: 0 } }, { categories: { $in: event.categories } }],
  };
  let chunk: Recipient[] = [];
  for await (const c of dal.models.chats.find(filter).select({ _id: 1, type: 1, locale: 1, timezone: 1, calendar: 1 }).lean().cursor()) {
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
    const subs = dal.models.subscriptions
      .find({
        $or: [
          { kind: 'all', target: '*' },
          { kind: 'category', target: { $in: event.categories } },
          { kind: 'event', target: (event._id as Types.ObjectId).toHexString() },
        ],
      })
      .select({ userId: 1, _id: 0 })
      .lean()
      .cursor();
    for await (const s of subs) ids.add(s.userId);
  }
  if (opts.rsvpStatuses.length) {
    const rsvps = dal.models.rsvps.find({ eventId: event._id, status: { $in: opts.rsvpStatuses } }).select({ userId: 1, _id: 0 }).lean().cursor();
    for await (const r of rsvps) ids.add(r.userId);
  }
  if (ids.size === 0) return;
  const reachable = {
    reachable: true,
    privateChatStarted: true,
    ...(opts.offsetMin !== undefined ? { reminderOffsets: opts.offsetMin } : {}),
  };
  const fields = { _id: 1, locale: 1, timezone: 1, calendar: 1, calendarChosen: 1 };
  const toRecipient = (u: RecipientUser) => userRecipient(u, opts.defaults);
  if (ids.size > (opts.streamAbove ?? STREAM_USERS_ABOVE)) {
    let chunk: Recipient[] = [];
    for await (const u of dal.models.users.find(reachable).select(fields).lean().cursor()) {
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
    const users = await dal.models.users
      .find({ _id: { $in: all.slice(i, i + CHUNK) }, ...reachable })
      .select(fields)
      .lean()
      .exec();
    yield users.map(toRecipient);
  }
}
