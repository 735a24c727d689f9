/**
 * Texts the delivery engine writes itself (reminders, "starting now", change notices), as pure functions of the event, the viewer and a Translate. Event cards
 * (announcements and card edits) come from the bot layer's renderEventCard through CardRenderer.
 * Every user-supplied string reaches HTML through i18next interpolation (escaped) or escapeHtml.
 */
import type { EventRecord } from '../dal/events/event.model';
import type { Translate } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import type { CalendarSystem } from '../domain/time';
import { formatCalendarDate } from '../domain/time';
import { formatDuration, formatWhen } from '../domain/dates';
import type { EventChangeKind } from './ports';
import type { InlineKeyboard } from './telegram-port';

export interface Viewer {
  locale: Locale;
  timezone: string;
  calendar: CalendarSystem;
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

type EventForText = Pick<EventRecord, 'title' | 'startAt' | 'endAt' | 'allDay' | 'timezone' | 'venue' | 'onlineUrl' | 'cancelReason'>;

function when(event: EventForText, viewer: Viewer, t: Translate): string {
  const base = formatWhen(event.startAt, event.endAt, viewer.timezone, viewer.locale, event.allDay, t);
  if (viewer.calendar === 'gregorian') return base;
  return `${base} · ${formatCalendarDate(event.startAt, viewer.timezone, viewer.locale, viewer.calendar)}`;
}

function where(event: EventForText): string | undefined {
  if (event.venue) return [event.venue.name, event.venue.address, event.venue.city].filter(Boolean).join(', ');
  return event.onlineUrl;
}

/** "⏰ Reminder: <title> starts in 1 hour" with the time and place. */
export function renderReminder(event: EventForText, offsetMin: number, viewer: Viewer, t: Translate): string {
  const place = where(event);
  return [
    t('delivery.reminder.head', { title: event.title, in: formatDuration(offsetMin, t, viewer.locale) }),
    t('delivery.when', { when: when(event, viewer, t) }),
    ...(place ? [t('delivery.where', { where: place })] : []),
  ].join('\n');
}

export function renderStartingNow(event: EventForText, viewer: Viewer, t: Translate): string {
  const place = where(event);
  return [
    t('delivery.starting.head', { title: event.title }),
    t('delivery.when', { when: when(event, viewer, t) }),
    ...(place ? [t('delivery.where', { where: place })] : []),
  ].join('\n');
}

export function renderNotice(event: EventForText, change: EventChangeKind, viewer: Viewer, t: Translate): string {
  const lines = [t(`delivery.notice.${change}`, { title: event.title })];
  if (change === 'time' || change === 'restored' || change === 'details') lines.push(t('delivery.when', { when: when(event, viewer, t) }));
  if (change === 'place') {
    const place = where(event);
    lines.push(place ? t('delivery.where', { where: place }) : t('delivery.noPlace'));
  }
  if (change === 'cancelled' && event.cancelReason) lines.push(t('delivery.reason', { reason: event.cancelReason }));
  return lines.join('\n');
}

/** The weekly digest: a count line, then one line per event (at most `max`, soonest first). */
export function renderDigest(events: readonly EventForText[], viewer: Viewer, t: Translate, max = 15): string {
  const shown = events.slice(0, max);
  return [
    t('delivery.digest.head', { count: events.length }),
    ...shown.map((e) => t('delivery.digest.item', { title: e.title, when: when(e, viewer, t) })),
  ].join('\n');
}
