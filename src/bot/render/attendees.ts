/**
 * The /attendees page's text: the counts, then one line per answer (number, name, @username, status,
 * guests). Pure; names are escaped and, in right-to-left languages, isolated; numbers in the
 * language's digits; finished by buildMessage (src/i18n/bidi.ts).
 */
import type { EventRecord, Rsvp, User } from '../../dal/types';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { escapeHtml } from '../../i18n/html';
import { buildMessage, isolateLtr, userRun } from '../../i18n/bidi';
import { formatNumber } from '../../i18n/digits';

const NAME_MAX = 64;

export interface AttendeesPageView {
  event: Pick<EventRecord, 'title' | 'rsvpCounts' | 'capacity'>;
  items: readonly Pick<Rsvp, 'userId' | 'status' | 'guests'>[];
  names: ReadonlyMap<number, Pick<User, 'firstName' | 'username'>>;
  /** Zero-based page, its size, and how many pages and answers there are. */
  page: number;
  pageSize: number;
  pages: number;
  total: number;
}

export function renderAttendeesPage(t: Translate, locale: Locale, v: AttendeesPageView): string {
  const c = v.event.rsvpCounts;
  const lines = [
    t('attendees.title', { title: v.event.title.slice(0, 100) }),
    t('attendees.summary', { going: c.going, guests: c.guests, waitlist: c.waitlist, maybe: c.maybe, notGoing: c.notGoing }),
    ...(v.event.capacity ? [t('attendees.capacity', { capacity: v.event.capacity, free: Math.max(0, v.event.capacity - c.going - c.guests) })] : []),
    '',
  ];
  if (v.total === 0) lines.push(t('attendees.empty'));
  v.items.forEach((r, i) => {
    const u = v.names.get(r.userId);
    const name = userRun((u?.firstName ?? t('attendees.unknownName')).slice(0, NAME_MAX), locale);
    const handle = u?.username ? ` ${isolateLtr(`@${escapeHtml(u.username)}`, locale)}` : '';
    const guests = r.guests > 0 && (r.status === 'going' || r.status === 'waitlist') ? ` +${formatNumber(r.guests, locale)}` : '';
    lines.push(`${formatNumber(v.page * v.pageSize + i + 1, locale)}. ${name}${handle} — ${t(`attendees.status.${r.status}`)}${guests}`);
  });
  if (v.pages > 1) lines.push('', t('attendees.page', { page: v.page + 1, pages: v.pages }));
  return buildMessage(lines, locale);
}
