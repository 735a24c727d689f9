/**
 * Limits and checks for what organizers type into an event. Every error is a code whose message is
 * the locale key `validation.<code>` (with `{{max}}` where a limit applies).
 */
import { normalizeDigits } from './typed-text';

/** Lengths in Telegram's units (telegramLength); the mongoose models declare the same maxlengths. */
export const LIMITS = {
  title: 200,
  description: 3000,
  venueName: 200,
  address: 300,
  city: 100,
  country: 100,
  organizerName: 200,
  cancelReason: 500,
  url: 500,
  category: 50,
  capacityMin: 1,
  capacityMax: 100_000,
} as const;

export type ValidationError =
  | 'empty'
  | 'too_long'
  | 'bad_url'
  | 'bad_number'
  | 'out_of_range'
  | 'bad_phone'
  | 'bad_username'
  | 'bad_coordinates';

export type Validated<T> = { ok: true; value: T } | { ok: false; error: ValidationError; max?: number; min?: number };

const ok = <T>(value: T): Validated<T> => ({ ok: true, value });

/** Control characters other than newline and tab, which Telegram would show as boxes or drop. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Length as Telegram counts it: UTF-16 code units (message and caption limits, entity offsets). It is
 * also what JavaScript's `length` and mongoose's `maxlength` count, so a text that passes here is
 * stored and sent without surprise: an emoji counts two, a Persian letter one.
 */
export function telegramLength(text: string): number {
  return text.length;
}

/** Trims, removes control characters and checks the length (in Telegram's units, see telegramLength). */
export function validateText(input: string, max: number, opts: { multiline?: boolean } = {}): Validated<string> {
  let s = input.replace(CONTROL, '');
  s = opts.multiline ? s.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim() : s.replace(/\s+/g, ' ').trim();
  if (s.length === 0) return { ok: false, error: 'empty' };
  if (telegramLength(s) > max) return { ok: false, error: 'too_long', max };
  return ok(s);
}

export const validateTitle = (input: string) => validateText(input, LIMITS.title);
export const validateDescription = (input: string) => validateText(input, LIMITS.description, { multiline: true });
export const validateVenueName = (input: string) => validateText(input, LIMITS.venueName);
export const validateAddress = (input: string) => validateText(input, LIMITS.address);
export const validateCity = (input: string) => validateText(input, LIMITS.city);
export const validateCountry = (input: string) => validateText(input, LIMITS.country);
export const validateOrganizerName = (input: string) => validateText(input, LIMITS.organizerName);
export const validateCancelReason = (input: string) => validateText(input, LIMITS.cancelReason, { multiline: true });

/** A whole number of places, 1..100000; Persian and Arabic-Indic digits and thousands separators accepted. */
export function validateCapacity(input: string): Validated<number> {
  const s = normalizeDigits(input).replace(/[\s,_']/g, '');
  if (!/^\d+$/.test(s)) return { ok: false, error: 'bad_number' };
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < LIMITS.capacityMin || n > LIMITS.capacityMax) {
    return { ok: false, error: 'out_of_range', min: LIMITS.capacityMin, max: LIMITS.capacityMax };
  }
  return ok(n);
}

/** "35.7, 51.4" → coordinates, each within range. */
export function validateCoordinates(input: string): Validated<{ lat: number; lon: number }> {
  const m = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(normalizeDigits(input));
  if (!m) return { ok: false, error: 'bad_coordinates' };
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { ok: false, error: 'bad_coordinates' };
  return ok({ lat, lon });
}

/** localhost, an IPv4 address, or dotted labels ending in a letter TLD (URL has already punycoded IDNs). */
const VALID_HOST = /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59}))$/i;

const TELEGRAM_USERNAME = /^[a-zA-Z][a-zA-Z0-9_]{3,31}$/;

/**
 * A link for a card: http/https only, a host with a dot (or localhost), ≤ 500 characters, no spaces
 * or credentials. "t.me/x" and "@username" are shorthand for https://t.me/username; a bare
 * "example.com/path" gets https://.
 */
export function validateUrl(input: string): Validated<string> {
  const s = input.trim();
  if (s === '') return { ok: false, error: 'empty' };
  if (s.length > LIMITS.url) return { ok: false, error: 'too_long', max: LIMITS.url };
  const at = /^@([a-zA-Z0-9_]+)$/.exec(s);
  if (at) {
    return TELEGRAM_USERNAME.test(at[1]!) ? ok(`https://t.me/${at[1]!}`) : { ok: false, error: 'bad_username' };
  }
  let candidate = s;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(candidate)) {
    // No scheme: "t.me/x", "example.com/page". Anything with a scheme other than http(s) is refused below.
    candidate = `https://${candidate}`;
  }
  if (/\s/.test(candidate)) return { ok: false, error: 'bad_url' };
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, error: 'bad_url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'bad_url' };
  if (url.username !== '' || url.password !== '') return { ok: false, error: 'bad_url' };
  if (!VALID_HOST.test(url.hostname)) return { ok: false, error: 'bad_url' };
  const href = url.href;
  if (href.length > LIMITS.url) return { ok: false, error: 'too_long', max: LIMITS.url };
  return ok(href);
}

export type SocialNetwork = 'telegram' | 'whatsapp' | 'eitaa' | 'instagram' | 'website';
export const SOCIAL_NETWORKS: readonly SocialNetwork[] = ['telegram', 'whatsapp', 'eitaa', 'instagram', 'website'];

const NETWORK_HOSTS: Record<Exclude<SocialNetwork, 'website'>, RegExp> = {
  telegram: /^(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)$/i,
  whatsapp: /^(?:www\.)?(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|whatsapp\.com)$/i,
  eitaa: /^(?:www\.)?eitaa\.com$/i,
  instagram: /^(?:www\.)?instagram\.com$/i,
};

const HANDLE: Record<Exclude<SocialNetwork, 'website' | 'whatsapp'>, { re: RegExp; base: string }> = {
  telegram: { re: TELEGRAM_USERNAME, base: 'https://t.me/' },
  eitaa: { re: /^[a-zA-Z][a-zA-Z0-9_]{2,31}$/, base: 'https://eitaa.com/' },
  instagram: { re: /^[a-zA-Z0-9._]{1,30}$/, base: 'https://www.instagram.com/' },
};

/**
 * A social link from what people paste: "@qomevents" → https://t.me/qomevents (for telegram),
 * a WhatsApp phone number (any digits, +, spaces, dashes) → https://wa.me/<digits>, an Eitaa name →
 * https://eitaa.com/<name>, an Instagram name → https://www.instagram.com/<name>; a full link must be
 * on that network's own host. 'website' takes any valid http(s) link.
 */
export function normalizeSocialLink(network: SocialNetwork, input: string): Validated<string> {
  const s = normalizeDigits(input).trim();
  if (s === '') return { ok: false, error: 'empty' };
  if (s.length > LIMITS.url) return { ok: false, error: 'too_long', max: LIMITS.url };
  if (network === 'website') return validateUrl(s);

  if (network === 'whatsapp') {
    if (/^[+\d][\d\s().-]*$/.test(s)) {
      const digits = s.replace(/\D/g, '');
      if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return { ok: false, error: 'bad_phone' };
      return ok(`https://wa.me/${digits}`);
    }
  } else {
    const handle = s.replace(/^@/, '');
    if (!/[/:]/.test(handle) && !/\.(?:com|me|ir|dog)$/i.test(handle)) {
      const spec = HANDLE[network];
      return spec.re.test(handle) ? ok(`${spec.base}${handle}`) : { ok: false, error: 'bad_username' };
    }
  }
  const url = validateUrl(s);
  if (!url.ok) return url;
  const host = new URL(url.value).hostname;
  if (!NETWORK_HOSTS[network].test(host)) return { ok: false, error: 'bad_url' };
  return ok(url.value.replace(/^http:/, 'https:'));
}

/** The locale key and values for a validation error: t(key, vars). */
export function validationMessage(error: { error: ValidationError; max?: number; min?: number }): { key: string; vars: Record<string, number> } {
  const vars: Record<string, number> = {};
  if (error.max !== undefined) vars.max = error.max;
  if (error.min !== undefined) vars.min = error.min;
  return { key: `validation.${error.error}`, vars };
}
