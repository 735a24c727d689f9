/**
 * The texts of the event features' lists: /events (upcoming and past), /myevents, /categories and
 * /organizers. Pure functions of the data and a Translate; every user-supplied string is escaped and,
 * in right-to-left locales, isolated, and every text is finished by buildMessage (src/i18n/bidi.ts).
 */
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import type { EventRecord, EventStatus, CategoryRecord, User } from '../../dal/types';
import { escapeHtml } from '../../i18n/html';
import { buildMessage, isolateLtr, isolatedRun, userRun } from '../../i18n/bidi';
import { formatNumber } from '../../i18n/digits';
import { calendarOrder, formatWhen } from '../../domain/date-format';
import type { CalendarSystem } from '../../domain/time';
import { hashtag, renderEventLine, type CardViewer } from './event-card';

export const STATUS_ICON: Record<EventStatus, string> = { draft: '📝', published: '✅', postponed: '⏸', cancelled: '❌' };

/** "Name (@username) · 12345" for admins' lists and notices. */
export function personLabel(u: Pick<User, '_id' | 'firstName' | 'username'>, locale: Locale = 'en'): string {
  // The id stays in Latin digits (it is typed and copied), isolated as a left-to-right run.
  return `${userRun(u.firstName, locale)}${u.username ? ` (${isolateLtr(`@${escapeHtml(u.username)}`, locale)})` : ''} · <code>${isolateLtr(String(u._id), locale)}</code>`;
}

export function renderBrowseList(
  t: Translate,
  viewer: CardViewer,
  opts: { view: 'upcoming' | 'past'; events: EventRecord[]; firstNumber: number; categoryName?: string | undefined },
): string {
  const lines: string[] = [];
  if (opts.view === 'past') lines.push(t('events.pastTitle'));
  // The category as its hashtag, '#' inside the value so an isolate keeps it on the right side.
  else if (opts.categoryName) lines.push(t('events.titleInCategory', { category: hashtag(opts.categoryName) ?? opts.categoryName }));
  else lines.push(t('events.title'));
  if (opts.events.length === 0) lines.push('', t(opts.view === 'past' ? 'events.noPast' : 'events.none'));
  opts.events.forEach((e, i) => lines.push('', `${formatNumber(opts.firstNumber + i, viewer.locale)}. ${renderEventLine(e, viewer, t)}`));
  return buildMessage(lines, viewer.locale);
}

export function renderMyEventsList(t: Translate, locale: Locale, events: EventRecord[], page: number, calendar?: CalendarSystem): string {
  const lines = [t('myevents.title', { page: page + 1 })];
  const primary = calendarOrder(calendar, locale).primary;
  for (const e of events) {
    const when = escapeHtml(formatWhen(e.startAt, e.endAt, e.timezone, locale, e.allDay, t, primary));
    lines.push(`${STATUS_ICON[e.status]} <b>${userRun(e.title, locale)}</b> — ${when} · ${t(`myevents.status.${e.status}`)}`);
  }
  return buildMessage(lines, locale);
}

export function renderCategoryList(t: Translate, categories: CategoryRecord[], locale: Locale = 'en'): string {
  const lines = [t('categories.title')];
  if (categories.length === 0) lines.push(t('categories.none'));
  for (const c of categories) {
    // Names in four scripts on one line: each is isolated in every locale, or they reorder each other.
    const names = [c.names.en, c.names.fa, c.names.ar, c.names.ur].filter((n): n is string => Boolean(n)).map(isolatedRun).join(' · ');
    lines.push(`${c.archived ? '🗄' : '🏷'} <code>#${escapeHtml(c.slug)}</code> — ${names}`);
  }
  return buildMessage(lines, locale);
}

export function renderOrganizerList(t: Translate, organizers: Pick<User, '_id' | 'firstName' | 'username'>[], locale: Locale = 'en'): string {
  if (organizers.length === 0) return buildMessage([t('organizers.none')], locale);
  return buildMessage([t('organizers.title'), ...organizers.map((u, i) => `${formatNumber(i + 1, locale)}. ${personLabel(u, locale)}`)], locale);
}
