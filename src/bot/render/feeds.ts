/** /feeds: each calendar kept in sync, numbered as its buttons are, with its state and last changes. */
import type { Feed } from '../../dal/types';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { buildMessage, isolateLtr } from '../../i18n/bidi';
import { escapeHtml } from '../../i18n/html';
import { formatDate, formatTime } from '../../domain/date-format';
import type { CalendarSystem } from '../../domain/time';
import { FETCH_FAILURE_KINDS } from '../../import/fetch';

export interface FeedListViewer {
  locale: Locale;
  timezone: string;
  calendar: CalendarSystem;
  /** IMPORT_MAX_MEGABYTES, for the "too large" failure. */
  maxMegabytes: number;
}

/** The locale key and values of a stored failure kind ("http_error:503", a fetch failure kind, …). */
export function feedFailureText(t: Translate, failure: string, maxMegabytes: number): string {
  const [kind = '', status] = failure.split(':');
  if (kind === 'owner_rights') return t('feeds.error.owner_rights');
  if (kind === 'unreadable') return t('import.problem.unreadable');
  if (kind === 'internal_error') return t('errors.generic');
  if (kind === 'http_error') return t('import.fetch.http_error', { status: Number(status) || 0 });
  if (kind === 'too_large') return t('import.fetch.too_large', { max: maxMegabytes });
  const known = FETCH_FAILURE_KINDS.find((k) => k === kind);
  return t(`import.fetch.${known ?? 'connect_failed'}`);
}

export function renderFeedList(t: Translate, feeds: readonly Feed[], v: FeedListViewer): string {
  if (feeds.length === 0) return buildMessage([t('feeds.title'), '', t('feeds.empty')], v.locale);
  const lines: string[] = [t('feeds.title')];
  feeds.forEach((f, i) => {
    lines.push('');
    // The address is an id, not prose: escaped and kept left to right inside a right-to-left line.
    lines.push(`<b>${i + 1}.</b> ${isolateLtr(escapeHtml(f.url.length > 120 ? `${f.url.slice(0, 119)}…` : f.url), v.locale)} · ${escapeHtml(t(`feeds.kind.${f.kind}`))}`);
    if (f.paused) {
      const reason = f.pausedReason ?? 'owner';
      lines.push(t(`feeds.state.${reason}`, { n: f.failures }));
    } else {
      const when = `${formatDate(f.nextPollAt, v.timezone, v.locale, false, v.calendar)} ${formatTime(f.nextPollAt, v.timezone, v.locale)}`;
      lines.push(t('feeds.state.active', { when: escapeHtml(when) }));
      if (f.failures > 0 && f.lastFailure) lines.push(t('feeds.state.failing', { n: f.failures, reason: escapeHtml(feedFailureText(t, f.lastFailure, v.maxMegabytes)) }));
    }
    lines.push(t(f.options.announce ? 'feeds.announce.on' : 'feeds.announce.off'));
    if (f.lastCounts) lines.push(t('feeds.last', { created: f.lastCounts.created, updated: f.lastCounts.updated, cancelled: f.lastCounts.cancelled }));
  });
  lines.push('', t('feeds.hint'));
  return buildMessage(lines, v.locale);
}

/** A feed's options screen: its address, what the buttons below set. */
export function renderFeedOptions(t: Translate, feed: Feed, locale: Locale): string {
  const url = isolateLtr(escapeHtml(feed.url.length > 120 ? `${feed.url.slice(0, 119)}…` : feed.url), locale);
  const organizer = feed.options.organizer ? t('feeds.options.organizer', { name: feed.options.organizer.name }) : t('feeds.options.organizerNone');
  return buildMessage([t('feeds.options.title', { url }), '', t('feeds.options.categories'), t('feeds.options.horizon', { n: feed.options.horizonDays }), organizer], locale);
}
