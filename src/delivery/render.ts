/**
 * Texts the delivery engine writes itself (reminders, "starting now", change notices, the weekly
 * digest), as pure functions of the event, the viewer and a Translate. Event cards (announcements and
 * card edits) come from the bot layer's renderEventCard through CardRenderer.
 *
 * Every user-supplied string reaches HTML through i18next interpolation, which escapes it and, in
 * right-to-left languages, isolates it; every text is finished by buildMessage (src/i18n/bidi.ts), so
 * each of its lines starts right to left there. Dates are in the viewer's calendars (the first one,
 * with the second beside it), numbers in the language's digits, the zone by its localized name.
 */
import type { EventRecord } from '../dal/types';
import type { Translate } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import { buildMessage, isolateLtr, userRun } from '../i18n/bidi';
import { escapeHtml } from '../i18n/html';
import type { CalendarSystem } from '../domain/time';
import { formatDuration } from '../domain/dates';
import { calendarOrder, describeWhen, whenOneLine } from '../domain/date-format';
import type { EventChangeKind } from './ports';
import type { InlineKeyboard } from './telegram-port';

export interface Viewer {
  locale: Locale;
  timezone: string;
  /** The calendar shown first; undefined means the language's default. */
  calendar?: CalendarSystem | undefined;
}

export type CardContext = 'private' | 'channel' | 'group';

/** The message to send for an event card: text, or a photo with caption (and follow-up texts). */
export interface CardMessage {
  text: string;
  photo?: string;
  caption?: string;
  followUps?: string[];
  keyboard?: InlineKeyboard;
}

/** Supplied by the bot layer: renderEventCard + eventCardKeyboard. */
export type CardRenderer = (event: EventRecord, viewer: Viewer, context: CardContext, now: Date) => CardMessage;

/** The web calendar's public pages (only when it has a public address, PUBLIC_URL). */
export interface WebLinks {
  /** An event's page in a language. */
  event(eventId: string, locale: Locale): string;
  /** The upcoming events in a language. */
  home(locale: Locale): string;
}

/**
 * The one-button keyboard under a reminder, "starting now" or change notice: "🌐 Details", a URL
 * button to the event's page (it opens in every chat type and needs no answer from the bot), or
 * nothing when there is no page to link to.
 */
export function detailsKeyboard(pageUrl: string | undefined, t: Translate): InlineKeyboard | undefined {
  return pageUrl ? { inline_keyboard: [[{ text: t('rsvp.button.details'), url: pageUrl }]] } : undefined;
}

/** Under a weekly digest: "🌐 All events on the web", to the calendar's upcoming events; nothing without it. */
export function digestKeyboard(homeUrl: string | undefined, t: Translate): InlineKeyboard | undefined {
  return homeUrl ? { inline_keyboard: [[{ text: t('delivery.digest.web'), url: homeUrl }]] } : undefined;
}

type EventForText = Pick<EventRecord, 'title' | 'startAt' | 'endAt' | 'allDay' | 'timezone' | 'venue' | 'onlineUrl' | 'cancelReason'>;

/** "شنبه ۱۴ آذر ۱۴۰۵، ۱۸:۳۰–۲۰:۳۰ (وقت ایران) · ۵ دسامبر ۲۰۲۶" in the viewer's zone and calendars. */
function when(event: EventForText, viewer: Viewer, t: Translate): string {
  return whenOneLine(describeWhen(event, viewer.timezone, viewer.locale, calendarOrder(viewer.calendar, viewer.locale), t));
}

/**
 * The place as HTML: the venue's parts each escaped and isolated (a Latin name beside a Persian
 * street must not reorder it), joined with the language's comma; or the online link as a
 * left-to-right run.
 */
function where(event: EventForText, locale: Locale): string | undefined {
  const parts = event.venue ? [event.venue.name, event.venue.address, event.venue.city].filter((p): p is string => Boolean(p?.trim())) : [];
  if (parts.length) return parts.map((p) => userRun(p.trim(), locale)).join(locale === 'en' ? ', ' : '، ');
  return event.onlineUrl ? isolateLtr(escapeHtml(event.onlineUrl), locale) : undefined;
}

/** "⏰ Reminder: <title> starts in 1 hour" with the time and place. */
export function renderReminder(event: EventForText, offsetMin: number, viewer: Viewer, t: Translate): string {
  const place = where(event, viewer.locale);
  return buildMessage(
    [
      t('delivery.reminder.head', { title: event.title, in: formatDuration(offsetMin, t, viewer.locale) }),
      t('delivery.when', { when: when(event, viewer, t) }),
      ...(place ? [t('delivery.where', { where: place })] : []),
    ],
    viewer.locale,
  );
}

export function renderStartingNow(event: EventForText, viewer: Viewer, t: Translate): string {
  const place = where(event, viewer.locale);
  return buildMessage(
    [
      t('delivery.starting.head', { title: event.title }),
      t('delivery.when', { when: when(event, viewer, t) }),
      ...(place ? [t('delivery.where', { where: place })] : []),
    ],
    viewer.locale,
  );
}

export function renderNotice(event: EventForText, change: EventChangeKind, viewer: Viewer, t: Translate): string {
  const lines = [t(`delivery.notice.${change}`, { title: event.title })];
  if (change === 'time' || change === 'restored' || change === 'details') lines.push(t('delivery.when', { when: when(event, viewer, t) }));
  if (change === 'place') {
    const place = where(event, viewer.locale);
    lines.push(place ? t('delivery.where', { where: place }) : t('delivery.noPlace'));
  }
  if (change === 'cancelled' && event.cancelReason) lines.push(t('delivery.reason', { reason: event.cancelReason }));
  return buildMessage(lines, viewer.locale);
}

/** The weekly digest: a count line, then one line per event (at most `max`, soonest first). */
export function renderDigest(events: readonly EventForText[], viewer: Viewer, t: Translate, max = 15): string {
  const shown = events.slice(0, max);
  return buildMessage(
    [
      t('delivery.digest.head', { count: events.length }),
      ...shown.map((e) => t('delivery.digest.item', { title: e.title, when: when(e, viewer, t) })),
    ],
    viewer.locale,
  );
}
