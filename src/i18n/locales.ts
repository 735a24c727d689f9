/** The languages the bot speaks. Adding one: add its JSON file under locales/ and its code here. */
export const SUPPORTED_LOCALES = ['en', 'fa', 'ar', 'ur'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Right-to-left scripts: text built for these gets a right-to-left mark where order matters. */
export const RTL_LOCALES: ReadonlySet<Locale> = new Set<Locale>(['fa', 'ar', 'ur']);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * Telegram's `language_code` is an IETF tag such as "fa", "fa-IR" or "en-US". Returns the
 * supported locale it names, or undefined.
 */
export function localeFromLanguageCode(code: string | undefined): Locale | undefined {
  if (!code) return undefined;
  const base = code.toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : undefined;
}

/** Names of the languages in themselves, for the language picker. */
export const LOCALE_NATIVE_NAMES: Record<Locale, string> = {
  en: 'English',
  fa: 'فارسی',
  ar: 'العربية',
  ur: 'اردو',
};
