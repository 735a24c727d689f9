/**
 * The web calendar's public addresses that other front doors link to (the chat's "Details" buttons),
 * built the same way the plugin serves them (`paths` in pages/context.ts).
 */
import type { Locale } from '../i18n/locales';
import { paths } from './pages/context';

/** `https://events.example.org/fa/event/<id>`: an event's page in a language. */
export function eventPageUrl(publicUrl: string, locale: Locale, eventId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${paths.event(locale, eventId)}`;
}

/** `https://events.example.org/fa/`: the upcoming events in a language. */
export function siteHomeUrl(publicUrl: string, locale: Locale): string {
  return `${publicUrl.replace(/\/+$/, '')}${paths.home(locale)}`;
}
