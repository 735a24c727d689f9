/**
 * Translations with i18next: it gives plural rules per language from Intl.PluralRules (Arabic has
 * six forms, Persian and Urdu two), nested keys, interpolation with escaping, and fallback to English
 * for a key a translator has not reached yet. Texts live in locales/<code>.json only. Numbers are
 * written in each language's digits (src/i18n/digits.ts) and, in right-to-left languages, every
 * escaped value is isolated (src/i18n/bidi.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18nInstance } from 'i18next';
import { escapeHtml } from './html';
import { isRtlLocale, userRun } from './bidi';
import { formatNumber } from './digits';
import { PROJECT_ROOT } from '../paths';
import { SUPPORTED_LOCALES, isLocale, type Locale } from './locales';

export type TranslateVars = Record<string, string | number | undefined>;
export type Translate = (key: string, vars?: TranslateVars) => string;

export interface I18n {
  /** Translate `key` into `locale`. Interpolated values are HTML-escaped unless written {{- name}}. */
  t(locale: Locale, key: string, vars?: TranslateVars): string;
  /** A translate function bound to one locale. */
  forLocale(locale: Locale): Translate;
  /** Whether `key` exists in the English (reference) file. */
  has(key: string): boolean;
}

export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');

export function readLocaleFiles(dir = LOCALES_DIR): Record<Locale, Record<string, unknown>> {
  const out = {} as Record<Locale, Record<string, unknown>>;
  for (const locale of SUPPORTED_LOCALES) {
    const file = path.join(dir, `${locale}.json`);
    out[locale] = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  }
  return out;
}

export async function createI18n(dir = LOCALES_DIR): Promise<I18n> {
  const files = readLocaleFiles(dir);
  const instance: I18nInstance = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(Object.entries(files).map(([lng, data]) => [lng, { translation: data }])),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LOCALES],
    // Every number interpolated ({{count}}, {{n}}, {{page}}) is written in the language's digits.
    interpolation: {
      escapeValue: true,
      escape: escapeHtml,
      alwaysFormat: true,
      format: (value: unknown, _format: string | undefined, lng: string | undefined) =>
        typeof value === 'number' && isLocale(lng) ? formatNumber(value, lng) : value,
    },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  } as Parameters<I18nInstance['init']>[0]);
  const fixed = new Map<Locale, ReturnType<I18nInstance['getFixedT']>>(
    SUPPORTED_LOCALES.map((l) => [l, instance.getFixedT(l)]),
  );
  // In a right-to-left language every escaped value ({{title}}, not {{- html}}) is also isolated
  // (src/i18n/bidi.ts), so no text can forget to isolate a user-supplied run.
  const rtlEscape = new Map<Locale, { escape: (s: string) => string }>(
    SUPPORTED_LOCALES.filter(isRtlLocale).map((l) => [l, { escape: (s: string) => userRun(s, l) }]),
  );
  const t = (locale: Locale, key: string, vars?: TranslateVars): string => {
    const fn = fixed.get(locale) ?? instance.getFixedT('en');
    const interpolation = rtlEscape.get(locale);
    return String(fn(key, (interpolation ? { ...vars, interpolation } : vars) as Record<string, unknown>));
  };
  return {
    t,
    forLocale: (locale) => (key, vars) => t(locale, key, vars),
    has: (key) => instance.exists(key, { lng: 'en' }),
  };
}
