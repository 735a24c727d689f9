/**
 * Small pure helpers the web pages share: direction, digits, safe links, descriptions turned into
 * lines of text and links, deep links into the bot. Nothing here builds HTML: the pages are Preact
 * components rendered to a string, which escapes every text child and attribute value, so a helper
 * only ever returns plain strings or structures of them.
 */
import { RTL_LOCALES, type Locale } from '../i18n/locales';
import { startPayload } from '../domain/deep-links';
import type { WebCategory, WebVenue } from './ports';

export function dirOf(locale: Locale): 'rtl' | 'ltr' {
  return RTL_LOCALES.has(locale) ? 'rtl' : 'ltr';
}

/** A number in the language's digits, by the chat's one rule (src/i18n/digits.ts). */
export { formatNumber } from '../i18n/digits';

/** Only http(s) URLs become links (never javascript:, data: or a relative path smuggled in). */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  if (trimmed.length > 2000 || !/^https?:\/\/[^\s<>"]+$/i.test(trimmed)) return undefined;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The venue's own map link, else OpenStreetMap at its coordinates. */
export function mapHref(venue: WebVenue | undefined): string | undefined {
  if (!venue) return undefined;
  const own = safeHref(venue.mapUrl);
  if (own) return own;
  const { lat, lon } = venue;
  if (typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    const a = lat.toFixed(6).replace(/\.?0+$/, '');
    const b = lon.toFixed(6).replace(/\.?0+$/, '');
    return `https://www.openstreetmap.org/?mlat=${a}&mlon=${b}#map=17/${a}/${b}`;
  }
  return undefined;
}

export type Segment = { text: string } | { text: string; href: string };

/**
 * A description as lines of plain text and links: line breaks are kept (one array per line) and
 * http(s) URLs become links; nothing in it is ever read as HTML. Trailing punctuation that usually
 * closes a sentence ("see https://x.org.") stays outside the link.
 */
export function linkify(text: string): Segment[][] {
  const URL_RE = /https?:\/\/[^\s<>"'«»]+/giu;
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .split('\n')
    .map((line) => {
      const out: Segment[] = [];
      let last = 0;
      for (const m of line.matchAll(URL_RE)) {
        let url = m[0];
        const trail = /[.,;:!?؟،؛)\]}]+$/u.exec(url);
        if (trail) url = url.slice(0, url.length - trail[0].length);
        const start = m.index ?? 0;
        const href = safeHref(url);
        if (!href) continue;
        if (start > last) out.push({ text: line.slice(last, start) });
        out.push({ text: url, href });
        last = start + url.length;
      }
      if (last < line.length) out.push({ text: line.slice(last) });
      return out;
    });
}

/** A Telegram deep link into the bot with one of the chat's own start payloads (src/bot/callback-data). */
export function telegramStartLink(botUsername: string, payload: string): string {
  return `https://t.me/${encodeURIComponent(botUsername)}?start=${encodeURIComponent(payload)}`;
}

export const deepLinks = {
  /** Opens the chat's RSVP confirmation for "Going" (the bot asks before it counts). */
  rsvp: (botUsername: string, eventId: string) => telegramStartLink(botUsername, startPayload.rsvp(eventId, 'g')),
  /** Toggles reminders for this one event. */
  remind: (botUsername: string, eventId: string) => telegramStartLink(botUsername, startPayload.remind(eventId)),
};

export function categoryName(category: WebCategory | undefined, slug: string, locale: Locale): string {
  return category?.names[locale] ?? category?.names.en ?? slug;
}
