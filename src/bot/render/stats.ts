import type { Locale } from '../../i18n/locales';
import { buildMessage, isolateLtr } from '../../i18n/bidi';
import { escapeHtml } from '../../i18n/html';
import type { Translate } from '../../i18n/i18n';

export interface StatusCounts {
  sent: number;
  pending: number;
  failed: number;
  skipped: number;
}

export interface StatsView {
  events: Array<{ title: string | undefined; counts: StatusCounts }>;
  chats: Array<{ title: string; counts: StatusCounts }>;
  reasons: Array<{ reason: string; count: number }>;
  /** The instance holding the sender lease, if any. */
  sender: string | undefined;
}

const line = (t: Translate, name: string, c: StatusCounts) => t('stats.line', { name, ...c });

/** /stats: deliveries per event and per linked chat, and why some were not sent. Pure. */
export function renderStats(view: StatsView, t: Translate, locale: Locale = 'en'): string {
  const parts = [t('stats.title')];
  if (!view.events.length && !view.chats.length) parts.push(t('stats.empty'));
  if (view.events.length) {
    parts.push('', t('stats.byEvent', { count: view.events.length }));
    for (const e of view.events) parts.push(line(t, e.title ?? t('stats.unknownEvent'), e.counts));
  }
  if (view.chats.length) {
    parts.push('', t('stats.byChat', { count: view.chats.length }));
    for (const c of view.chats) parts.push(line(t, c.title, c.counts));
  }
  if (view.reasons.length) {
    parts.push('', t('stats.reasons'));
    for (const r of view.reasons) parts.push(t('stats.reason', { reason: r.reason, count: r.count }));
  }
  parts.push('', t('stats.sender', { answer: view.sender ? isolateLtr(escapeHtml(view.sender), locale) : t('stats.none') }));
  return buildMessage(parts, locale);
}
