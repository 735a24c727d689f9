/** What every page renderer is given besides its data: the reader's language and the site's settings. */
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import type { CalendarSystem } from '../../domain/time';
import type { WebCategory } from '../ports';

export interface PageContext {
  locale: Locale;
  /** Translate bound to `locale`. Web texts are plain text (`{{- x}}`): the renderer escapes once. */
  t: Translate;
  /** Absolute base URL of the site, no trailing slash (PUBLIC_URL, or http://localhost:<PORT>). */
  baseUrl: string;
  /** The bot's username, for t.me deep links. */
  botUsername: string;
  now: Date;
  /** The community's zone: month views and "today" are read in it. */
  siteZone: string;
  /**
   * The reader's calendar choice (`?cal=`), or undefined for the language's default: the chat's rule
   * (calendarOrder in src/domain/date-format.ts) makes it the first calendar, with one beside it.
   */
  calendar: CalendarSystem | undefined;
  categories: readonly WebCategory[];
}

/** Site-relative paths, one place for the URL scheme (the plugin registers the same). */
export const paths: {
  home: (l: Locale) => string;
  past: (l: Locale) => string;
  month: (l: Locale, year: number, month: number) => string;
  monthIn: (l: Locale, calendar: CalendarSystem, year: number, month: number) => string;
  category: (l: Locale, slug: string) => string;
  event: (l: Locale, id: string) => string;
  eventIcs: (id: string) => string;
  feedIcs: (category?: string) => string;
  atom: (l: Locale) => string;
} = {
  home: (l: Locale) => `/${l}/`,
  past: (l: Locale) => `/${l}/past`,
  month: (l: Locale, year: number, month: number) => `/${l}/month/${year}-${String(month).padStart(2, '0')}`,
  /** A month in a calendar: Gregorian months keep the short form; `/fa/month/persian/1405-09` is Azar 1405. */
  monthIn: (l: Locale, calendar: CalendarSystem, year: number, month: number) =>
    calendar === 'gregorian' ? paths.month(l, year, month) : `/${l}/month/${calendar}/${year}-${String(month).padStart(2, '0')}`,
  category: (l: Locale, slug: string) => `/${l}/category/${encodeURIComponent(slug)}`,
  event: (l: Locale, id: string) => `/${l}/event/${encodeURIComponent(id)}`,
  eventIcs: (id: string) => `/event/${encodeURIComponent(id)}/calendar.ics`,
  feedIcs: (category?: string) => (category ? `/category/${encodeURIComponent(category)}/calendar.ics` : '/calendar.ics'),
  atom: (l: Locale) => `/${l}/feed.atom`,
};
