/**
 * The texts of the event features' lists: /events (upcoming and past), /myevents, /categories and
 * /organizers. Pure functions of the data and a Translate; every user-supplied string is escaped.
 */
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import type { EventRecord, EventStatus } from '../../dal/events/event.model';
import type { CategoryRecord } from '../../dal/categories/category.model';
import type { User } from '../../dal/users/user.model';
import { escapeHtml } from '../../i18n/html';
import { formatWhen } from '../../domain/dates';
import { renderEventLine, type CardViewer } from './event-card';

export const STATUS_ICON: Record<EventStatus, string> = { draft: '📝', published: '✅', postponed: '⏸', cancelled: '❌' };

/** "Name (@username) · 12345" for admins' lists and notices. */
export function personLabel(u: Pick<User, '_id' | 'firstName' | 'username'>): string {
  return `${escapeHtml(u.firstName)}${u.username ? ` (@${escapeHtml(u.username)})` : ''} · <code>${u._id}</code>`;
}

export function renderBrowseList(
  t: Translate,
  viewer: CardViewer,
  opts: { view: 'upcoming' | 'past'; events: EventRecord[]; firstNumber: number; categoryName?: string | undefined },
): string {
  const lines: string[] = [];
  if (opts.view === 'past') lines.push(t('events.pastTitle'));
  else if (opts.categoryName) lines.push(t('events.titleInCategory', { category: opts.categoryName }));
  else lines.push(t('events.title'));
  if (opts.events.length === 0) lines.push('', t(opts.view === 'past' ? 'events.noPast' : 'events.none'));
  opts.events.forEach((e, i) => lines.push('', `${opts.firstNumber + i}. ${renderEventLine(e, viewer, t)}`));
  return lines.join('\n');
}

export function renderMyEventsList(t: Translate, locale: Locale, events: EventRecord[], page: number): string {
  const lines = [t('myevents.title', { page: page + 1 })];
  for (const e of events) {
    const when = formatWhen(e.startAt, e.endAt, e.timezone, locale, e.allDay, t);
    lines.push(`${STATUS_ICON[e.status]} <b>${escapeHtml(e.title)}</b> — ${when} · ${t(`myevents.status.${e.status}`)}`);
  }
  return lines.join('\n');
}

export function renderCategoryList(t: Translate, categories: CategoryRecord[]): string {
  const lines = [t('categories.title')];
  if (categories.length === 0) lines.push(t('categories.none'));
  for (const c of categories) {
    const names = [c.names.en, c.names.fa, c.names.ar, c.names.ur].filter((n): n is string => Boolean(n)).map(escapeHtml).join(' · ');
    lines.push(`${c.archived ? '🗄' : '🏷'} <code>#${escapeHtml(c.slug)}</code> — ${names}`);
  }
  return lines.join('\n');
}

export function renderOrganizerList(t: Translate, organizers: Pick<User, '_id' | 'firstName' | 'username'>[]): string {
  if (organizers.length === 0) return t('organizers.none');
  return [t('organizers.title'), ...organizers.map((u, i) => `${i + 1}. ${personLabel(u)}`)].join('\n');
}
