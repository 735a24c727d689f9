/**
 * One rule for the digits of every number the bot writes, per language:
 * - fa: Persian digits ۰-۹ (Intl "arabext"): what every Persian text uses; Latin digits in Persian
 *   running text look foreign.
 * - ar: Arabic-Indic digits ٠-٩ (Intl "arab"): what readers from Iraq, the Levant, the Gulf and Egypt —
 *   this community's Arabic readers — expect in running Arabic text. (The Maghreb uses Latin digits;
 *   Intl's plain `ar` tag switched between the two across CLDR versions, so the system is named here.)
 * - ur: Latin digits 0-9 (Intl "latn"): Pakistani newspapers, signs, timetables and official forms print
 *   Urdu with Latin digits, and Intl's `ur` uses them; the Eastern forms (۰-۹ in Urdu shapes) are
 *   mostly seen in Indian Urdu print.
 * - en: Latin digits.
 * The same numbering system is put into every Intl tag the date formatters build (`-u-nu-…`), and
 * i18next's interpolation formats every number through formatNumber, so counts, times, dates, page
 * numbers and guests all follow one rule.
 */
import type { Locale } from './locales';

export type NumberingSystem = 'latn' | 'arab' | 'arabext';

export const NUMBERING: Record<Locale, NumberingSystem> = { en: 'latn', fa: 'arabext', ar: 'arab', ur: 'latn' };

const BASE_TAG: Record<Locale, string> = { en: 'en-GB', fa: 'fa-IR', ar: 'ar', ur: 'ur-PK' };
const ZERO: Record<NumberingSystem, number> = { latn: 0x30, arab: 0x660, arabext: 0x6f0 };

/** The Intl tag for `locale`, with its numbering system and, if given, a calendar: "fa-IR-u-ca-persian-nu-arabext". */
export function intlTag(locale: Locale, calendar?: 'gregory' | 'persian' | 'islamic-umalqura'): string {
  const base = BASE_TAG[locale] ?? 'en-GB';
  return `${base}-u-${calendar ? `ca-${calendar}-` : ''}nu-${NUMBERING[locale] ?? 'latn'}`;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** A number in the locale's digits (with its grouping: "۱٬۲۳۴", "١٬٢٣٤", "1,234"). */
export function formatNumber(n: number, locale: Locale): string {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(intlTag(locale), { maximumFractionDigits: 2 });
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

/** The ASCII digits in an already-built string ("18:30", "UTC+03:30") in the locale's digits. */
export function localizeDigits(text: string, locale: Locale): string {
  const zero = ZERO[NUMBERING[locale] ?? 'latn'];
  if (zero === 0x30) return text;
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(zero + d.charCodeAt(0) - 0x30));
}
