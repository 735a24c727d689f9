/**
 * Reading a category as a super-admin types it: "slug | English | فارسی | العربية | اردو" when adding,
 * "English | فارسی | العربية | اردو" when renaming. Names missing for a language fall back to English.
 */
import { LIMITS, telegramLength } from './validate';

export interface CategoryNamesInput {
  en: string;
  fa?: string;
  ar?: string;
  ur?: string;
}

export type CategoryInput =
  | { ok: true; slug: string; names: CategoryNamesInput }
  | { ok: false; error: 'format' | 'bad_slug' | 'too_long' };

const SLUG = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function parseCategoryNames(input: string): { ok: true; names: CategoryNamesInput } | { ok: false; error: 'format' | 'too_long' } {
  const parts = input.split('|').map((p) => p.replace(/\s+/g, ' ').trim());
  if (parts.length < 1 || parts.length > 4 || !parts[0]) return { ok: false, error: 'format' };
  if (parts.some((p) => telegramLength(p) > LIMITS.category)) return { ok: false, error: 'too_long' };
  const [en, fa, ar, ur] = parts;
  const names: CategoryNamesInput = { en: en ?? '' };
  if (fa) names.fa = fa;
  if (ar) names.ar = ar;
  if (ur) names.ur = ur;
  return { ok: true, names };
}

export function parseCategoryInput(input: string): CategoryInput {
  const bar = input.indexOf('|');
  if (bar < 0) return { ok: false, error: 'format' };
  const slug = input.slice(0, bar).trim().toLowerCase().replace(/^#/, '');
  if (!SLUG.test(slug)) return { ok: false, error: 'bad_slug' };
  const names = parseCategoryNames(input.slice(bar + 1));
  if (!names.ok) return names;
  return { ok: true, slug, names: names.names };
}
