import { readLocaleFiles } from '../../src/i18n/i18n';
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
