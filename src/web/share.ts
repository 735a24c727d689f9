/**
 * What a shared link shows: Open Graph and Twitter card tags (Telegram, WhatsApp and Eitaa read Open
 * Graph for their previews), and schema.org `Event` as JSON-LD for search engines.
 *
 * JSON-LD sits inside `<script type="application/ld+json">`, where HTML escaping does not apply:
 * `serializeJsonLd` escapes `<`, `>`, `&` and the line separators U+2028/2029 as JSON \u escapes,
 * so no user text can close the script element or open a comment, and the JSON still parses to the
 * same values.
 */
import { instantToZonedWallTime, isValidTimeZone, zoneOffsetMinutes } from '../domain/time';
import { mapHref, safeHref } from './text';
import type { WebEvent } from './ports';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2026-12-05T18:30:00+03:30": the wall-clock time in `zone` with its offset (ISO 8601). */
export function isoInZone(instant: Date, zoneName: string): string {
  const zone = isValidTimeZone(zoneName) ? zoneName : 'UTC';
  const w = instantToZonedWallTime(instant, zone);
  const off = zoneOffsetMinutes(instant, zone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2026-12-05": the local date in `zone`. */
export function isoDateInZone(instant: Date, zoneName: string): string {
  return isoInZone(instant, zoneName).slice(0, 10);
}

export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STATUS = {
  published: 'https://schema.org/EventScheduled',
  postponed: 'https://schema.org/EventPostponed',
  cancelled: 'https://schema.org/EventCancelled',
} as const;

/** schema.org Event for one event page (https://schema.org/Event). */
export function eventJsonLd(event: WebEvent, opts: { pageUrl: string; imageUrl?: string; inLanguage: string }): Record<string, unknown> {
  const start = event.allDay ? isoDateInZone(event.startAt, event.timezone) : isoInZone(event.startAt, event.timezone);
  // All-day ends are stored as midnight after the last day; schema.org's endDate is the last day itself.
  const end = event.allDay ? isoDateInZone(new Date(event.endAt.getTime() - 60_000), event.timezone) : isoInZone(event.endAt, event.timezone);
  const places: Record<string, unknown>[] = [];
  if (event.venue) {
    const address = [event.venue.address, event.venue.city, event.venue.country].some(Boolean)
      ? {
          '@type': 'PostalAddress',
          ...(event.venue.address ? { streetAddress: event.venue.address } : {}),
          ...(event.venue.city ? { addressLocality: event.venue.city } : {}),
          ...(event.venue.country ? { addressCountry: event.venue.country } : {}),
        }
      : undefined;
    const geo = typeof event.venue.lat === 'number' && typeof event.venue.lon === 'number' ? { '@type': 'GeoCoordinates', latitude: event.venue.lat, longitude: event.venue.lon } : undefined;
    const map = mapHref(event.venue);
    places.push({ '@type': 'Place', name: event.venue.name, ...(address ? { address } : {}), ...(geo ? { geo } : {}), ...(map ? { hasMap: map } : {}) });
  }
  const online = safeHref(event.onlineUrl);
  if (online) places.push({ '@type': 'VirtualLocation', url: online });
  const mode = places.length === 2 ? 'Mixed' : online ? 'Online' : 'Offline';
  const organizer = event.organizer
    ? {
        '@type': 'Organization',
        name: event.organizer.name,
        ...(safeHref(event.organizer.website) ? { url: safeHref(event.organizer.website) } : {}),
        ...(() => {
          const same = Object.values(event.organizer.links).map((u) => safeHref(u)).filter((u): u is string => u !== undefined);
          return same.length > 0 ? { sameAs: same } : {};
        })(),
      }
    : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.title,
    url: opts.pageUrl,
    startDate: start,
    endDate: end,
    eventStatus: STATUS[event.status],
    eventAttendanceMode: `https://schema.org/${mode}EventAttendanceMode`,
    inLanguage: opts.inLanguage,
    ...(places.length === 1 ? { location: places[0] } : places.length > 1 ? { location: places } : {}),
    ...(event.description ? { description: event.description } : {}),
    ...(opts.imageUrl ? { image: [opts.imageUrl] } : {}),
    ...(organizer ? { organizer } : {}),
    ...(event.capacity ? { maximumAttendeeCapacity: event.capacity } : {}),
  };
}

/** Open Graph's locale form (language_TERRITORY). */
export const OG_LOCALE = { en: 'en_GB', fa: 'fa_IR', ar: 'ar_AR', ur: 'ur_PK' } as const;

export interface MetaTag {
  /** `property` for Open Graph, `name` for Twitter and description. */
  attr: 'property' | 'name';
  key: string;
  content: string;
}

/** Open Graph and Twitter card tags (values are plain text; the page escapes them as attributes). */
export function shareTags(input: { title: string; description: string; url: string; imageUrl?: string; imageAlt?: string; locale: keyof typeof OG_LOCALE; siteName: string; type: 'website' | 'article' }): MetaTag[] {
  const tags: MetaTag[] = [
    { attr: 'name', key: 'description', content: input.description },
    { attr: 'property', key: 'og:type', content: input.type },
    { attr: 'property', key: 'og:site_name', content: input.siteName },
    { attr: 'property', key: 'og:title', content: input.title },
    { attr: 'property', key: 'og:description', content: input.description },
    { attr: 'property', key: 'og:url', content: input.url },
    { attr: 'property', key: 'og:locale', content: OG_LOCALE[input.locale] },
    { attr: 'name', key: 'twitter:card', content: input.imageUrl ? 'summary_large_image' : 'summary' },
    { attr: 'name', key: 'twitter:title', content: input.title },
    { attr: 'name', key: 'twitter:description', content: input.description },
  ];
  if (input.imageUrl) {
    tags.push({ attr: 'property', key: 'og:image', content: input.imageUrl }, { attr: 'name', key: 'twitter:image', content: input.imageUrl });
    if (input.imageAlt) tags.push({ attr: 'property', key: 'og:image:alt', content: input.imageAlt }, { attr: 'name', key: 'twitter:image:alt', content: input.imageAlt });
  }
  return tags;
}
