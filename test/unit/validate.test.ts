import { formatNumber } from '../../src/i18n/digits';
import {
  telegramLength,
  LIMITS,
  normalizeSocialLink,
  validateCapacity,
  validateCoordinates,
  validateDescription,
  validateText,
  validateTitle,
  validateUrl,
  validationMessage,
  type ValidationError,
} from '../../src/domain/validate';
import { createI18n } from '../../src/i18n/i18n';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';

const value = <T>(r: { ok: true; value: T } | { ok: false; error: ValidationError }) => (r.ok ? r.value : `error:${r.error}`);

describe('text limits', () => {
  it('trims and collapses whitespace in one-line fields', () => {
    expect(value(validateTitle('  Poetry \n night  '))).toBe('Poetry night');
  });

  it('keeps line breaks in the description but drops control characters', () => {
    expect(value(validateDescription('Line one\r\nLine two\n\n\n\nEnd\u0007'))).toBe('Line one\nLine two\n\nEnd');
  });

  it('refuses empty text', () => {
    expect(value(validateTitle('   '))).toBe('error:empty');
  });

  it('enforces the limits, counting as Telegram does (UTF-16 code units)', () => {
    expect(value(validateTitle('a'.repeat(LIMITS.title)))).toBe('a'.repeat(200));
    expect(validateTitle('a'.repeat(LIMITS.title + 1))).toEqual({ ok: false, error: 'too_long', max: 200 });
    expect(validateDescription('b'.repeat(3001))).toEqual({ ok: false, error: 'too_long', max: 3000 });
    // An emoji is two UTF-16 units: 100 fit in a title of 200, 150 do not (the model would refuse them on Publish).
    expect(validateTitle('🎉'.repeat(100)).ok).toBe(true);
    expect(validateTitle('🎉'.repeat(150))).toEqual({ ok: false, error: 'too_long', max: 200 });
    expect(validateTitle(`${'ش'.repeat(199)}🎉`)).toEqual({ ok: false, error: 'too_long', max: 200 });
    expect(value(validateTitle('ش'.repeat(200)))).toBe('ش'.repeat(200));
    expect(telegramLength('سه‌شنبه 🎉')).toBe(10);
    expect(validateText('x'.repeat(101), LIMITS.city)).toEqual({ ok: false, error: 'too_long', max: 100 });
  });
});

describe('validateCapacity', () => {
  it.each([
    ['50', 50],
    ['1', 1],
    ['100000', 100000],
    ['۵۰', 50],
    ['١٢٠', 120],
    ['1,000', 1000],
  ])('%s → %d', (input, n) => {
    expect(value(validateCapacity(input))).toBe(n);
  });

  it('refuses numbers out of range and non-numbers', () => {
    expect(validateCapacity('0')).toEqual({ ok: false, error: 'out_of_range', min: 1, max: 100000 });
    expect(validateCapacity('100001')).toEqual({ ok: false, error: 'out_of_range', min: 1, max: 100000 });
    expect(value(validateCapacity('-5'))).toBe('error:bad_number');
    expect(value(validateCapacity('2.5'))).toBe('error:bad_number');
    expect(value(validateCapacity('fifty'))).toBe('error:bad_number');
    expect(value(validateCapacity('99999999999999999999'))).toBe('error:out_of_range');
  });
});

describe('validateCoordinates', () => {
  it('reads latitude, longitude', () => {
    expect(value(validateCoordinates('34.64, 50.88'))).toEqual({ lat: 34.64, lon: 50.88 });
    expect(value(validateCoordinates('۳۴٫۶۴، ۵۰٫۸۸'))).toEqual({ lat: 34.64, lon: 50.88 });
    expect(value(validateCoordinates('-33.9 151.2'))).toEqual({ lat: -33.9, lon: 151.2 });
  });

  it('refuses out-of-range or garbled points', () => {
    expect(value(validateCoordinates('95, 10'))).toBe('error:bad_coordinates');
    expect(value(validateCoordinates('10, 190'))).toBe('error:bad_coordinates');
    expect(value(validateCoordinates('here'))).toBe('error:bad_coordinates');
  });
});

describe('validateUrl', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/a?b=1&c=2', 'http://example.com/a?b=1&c=2'],
    ['example.com/page', 'https://example.com/page'],
    ['t.me/qomevents', 'https://t.me/qomevents'],
    ['@qomevents', 'https://t.me/qomevents'],
    ['http://localhost:3000/x', 'http://localhost:3000/x'],
    ['https://مثال.ایران/x', 'https://xn--mgbh0fb.xn--mgba3a4f16a/x'],
  ])('%s → %s', (input, href) => {
    expect(value(validateUrl(input))).toBe(href);
  });

  it('percent-encodes quotes and angle brackets so the link cannot break out of an attribute', () => {
    const href = value(validateUrl('https://example.com/a?q="><script>'));
    expect(href).toBe('https://example.com/a?q=%22%3E%3Cscript%3E');
  });

  it.each([
    'javascript:alert(1)',
    'ftp://example.com',
    'data:text/html,hi',
    'example',
    'http://exa mple.com',
    'https://user:pw@example.com',
    'https://-bad-.com',
    'https://example.c',
    'http://',
  ])('refuses %s', (input) => {
    expect(value(validateUrl(input))).toBe('error:bad_url');
  });

  it('refuses empty input, a bad @username and links over 500 characters', () => {
    expect(value(validateUrl(' '))).toBe('error:empty');
    expect(value(validateUrl('@ab'))).toBe('error:bad_username');
    expect(validateUrl(`https://example.com/${'a'.repeat(490)}`)).toEqual({ ok: false, error: 'too_long', max: 500 });
  });
});

describe('normalizeSocialLink', () => {
  it.each([
    ['telegram', '@qomevents', 'https://t.me/qomevents'],
    ['telegram', 'qomevents', 'https://t.me/qomevents'],
    ['telegram', 't.me/qomevents', 'https://t.me/qomevents'],
    ['telegram', 'http://telegram.me/qomevents', 'https://telegram.me/qomevents'],
    ['whatsapp', '+98 912 345 6789', 'https://wa.me/989123456789'],
    ['whatsapp', '+۹۸ ۹۱۲-۳۴۵-۶۷۸۹', 'https://wa.me/989123456789'],
    ['whatsapp', 'https://wa.me/989123456789', 'https://wa.me/989123456789'],
    ['eitaa', 'qomevents', 'https://eitaa.com/qomevents'],
    ['eitaa', '@qomevents', 'https://eitaa.com/qomevents'],
    ['eitaa', 'https://eitaa.com/qomevents', 'https://eitaa.com/qomevents'],
    ['instagram', '@my.page', 'https://www.instagram.com/my.page'],
    ['website', 'qomevents.ir', 'https://qomevents.ir/'],
  ] as const)('%s %s → %s', (network, input, href) => {
    expect(value(normalizeSocialLink(network, input))).toBe(href);
  });

  it('refuses a link on another network\'s host, and bad names and numbers', () => {
    expect(value(normalizeSocialLink('telegram', 'https://evil.example/qomevents'))).toBe('error:bad_url');
    expect(value(normalizeSocialLink('eitaa', 'https://t.me/qomevents'))).toBe('error:bad_url');
    expect(value(normalizeSocialLink('telegram', '@a'))).toBe('error:bad_username');
    expect(value(normalizeSocialLink('telegram', 'bad name!'))).toBe('error:bad_username');
    expect(value(normalizeSocialLink('whatsapp', '0912 345 6789'))).toBe('error:bad_phone');
    expect(value(normalizeSocialLink('whatsapp', '+98 12'))).toBe('error:bad_phone');
    expect(value(normalizeSocialLink('website', 'javascript:alert(1)'))).toBe('error:bad_url');
    expect(value(normalizeSocialLink('instagram', ''))).toBe('error:empty');
  });
});

describe('validation messages', () => {
  const errors: ValidationError[] = ['empty', 'too_long', 'bad_url', 'bad_number', 'out_of_range', 'bad_phone', 'bad_username', 'bad_coordinates'];

  it.each(SUPPORTED_LOCALES)('every error has a %s message with its limits filled in', async (locale) => {
    const i18n = await createI18n();
    for (const error of errors) {
      const { key, vars } = validationMessage({ error, max: 200, min: 1 });
      expect(i18n.has(key)).toBe(true);
      const text = i18n.t(locale, key, vars);
      expect(text).not.toBe(key);
      expect(text).not.toMatch(/\{\{/);
    }
    expect(i18n.t(locale, 'validation.too_long', validationMessage({ error: 'too_long', max: 200 }).vars)).toContain(formatNumber(200, locale));
  });
});
