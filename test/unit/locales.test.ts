import fs from 'node:fs';
import path from 'node:path';
import { LOCALES_DIR, readLocaleFiles } from '../../src/i18n/i18n';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { parseTelegramHtml } from '../support/fake-telegram/html';

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}

describe('locales', () => {
  const files = readLocaleFiles();
  const reference = flatten(files.en);

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))('%s has every key English has, and no others', (locale) => {
    const keys = flatten(files[locale]);
    expect([...reference.keys()].filter((k) => !keys.has(k))).toEqual([]);
    expect([...keys.keys()].filter((k) => !reference.has(k))).toEqual([]);
  });

  it.each(SUPPORTED_LOCALES)('%s uses the same {{placeholders}} as English in every string', (locale) => {
    const keys = flatten(files[locale]);
    const vars = (s: string) => [...s.matchAll(/\{\{-?\s*(\w+)/g)].map((m) => m[1]).sort();
    for (const [key, en] of reference) {
      const text = keys.get(key);
      if (text !== undefined && !/_(zero|one|two|few|many|other)$/.test(key)) {
        expect({ key, vars: vars(text) }).toEqual({ key, vars: vars(en) });
      }
    }
  });

  it.each(SUPPORTED_LOCALES)('%s strings are valid Telegram HTML', (locale) => {
    for (const [key, text] of flatten(files[locale])) {
      const parsed = parseTelegramHtml(text.replace(/\{\{-?\s*\w+\s*\}\}/g, 'x'));
      expect({ key, ok: parsed.ok }).toEqual({ key, ok: true });
    }
  });
});

interface Glossary {
  terms: Record<string, Record<string, string>>;
  forbidden: Record<string, Array<{ text: string; why: string }>>;
}

/** The text a reader sees, outside <code> (examples of what to type keep the digits the parser reads). */
const outsideCode = (s: string) => s.replace(/<code>[\s\S]*?<\/code>/g, ' ');
/** Without {{placeholders}}. */
const withoutVars = (s: string) => s.replace(/\{\{-?\s*\w+\s*\}\}/g, ' ');

/** Placeholders that carry a number: a noun after one of these needs plural forms. */
const NUMBER_VARS = new Set(['n', 'count', 'max', 'min', 'going', 'guests', 'waitlist', 'maybe', 'notGoing', 'capacity', 'free', 'page', 'pages', 'index', 'sent', 'pending', 'failed', 'skipped']);
const PLURAL_KEY = /_(zero|one|two|few|many|other)$/;
/** Words that may follow a number without agreeing with it: prepositions and postpositions. */
const FUNCTION_WORDS = new Set(['من', 'إلى', 'في', 'سے', 'تک', 'از', 'میں', 'کے', 'کی', 'کا', 'پر']);
/** Urdu takes a plural noun after any number above one; {{max}} (a length limit) always is. */
const ALWAYS_PLURAL: Record<string, Set<string>> = { ar: new Set(), ur: new Set(['max']) };

describe('locales: glossary, digits and counts', () => {
  const files = readLocaleFiles();
  const glossary = JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, 'glossary', 'glossary.json'), 'utf8')) as Glossary;

  it.each(SUPPORTED_LOCALES)('%s uses each glossary term somewhere', (locale) => {
    const all = [...flatten(files[locale]).values()].join('\n');
    const missing = Object.entries(glossary.terms)
      .filter(([, t]) => t[locale] !== undefined && !all.includes(t[locale]!))
      .map(([term, t]) => `${term}: ${t[locale]}`);
    expect(missing).toEqual([]);
  });

  it.each(SUPPORTED_LOCALES)('%s uses none of the known wrong alternatives', (locale) => {
    const found: string[] = [];
    for (const [key, text] of flatten(files[locale])) {
      for (const f of glossary.forbidden[locale] ?? []) if (text.includes(f.text)) found.push(`${key}: "${f.text}" (${f.why})`);
    }
    expect(found).toEqual([]);
  });

  it.each(['fa', 'ar'] as const)('%s writes no Latin digits in running text (its own digits only)', (locale) => {
    const found = [...flatten(files[locale])].filter(([, text]) => /[0-9]/.test(withoutVars(outsideCode(text)))).map(([key, text]) => `${key}: ${text}`);
    expect(found).toEqual([]);
  });

  it('ur writes Latin digits only (no Persian or Arabic-Indic digits)', () => {
    const found = [...flatten(files.ur)].filter(([, text]) => /[\u0660-\u0669\u06f0-\u06f9]/.test(outsideCode(text))).map(([key]) => key);
    expect(found).toEqual([]);
  });

  it.each(['ar', 'ur'] as const)('%s puts no noun straight after a number outside the plural forms', (locale) => {
    const found: string[] = [];
    for (const [key, text] of flatten(files[locale])) {
      if (PLURAL_KEY.test(key)) continue;
      for (const m of outsideCode(text).matchAll(/\{\{-?\s*(\w+)\s*\}\}\s*([\u0621-\u064a\u0671-\u06d3][^\s،.:)؛۔]*)/g)) {
        if (NUMBER_VARS.has(m[1]!) && !FUNCTION_WORDS.has(m[2]!) && !ALWAYS_PLURAL[locale]!.has(m[1]!)) found.push(`${key}: {{${m[1]}}} ${m[2]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
