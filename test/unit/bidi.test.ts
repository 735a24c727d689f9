import { balancedBidi, buildMessage, finishMessage, isolateLtr, plainRun, userRun } from '../../src/i18n/bidi';
import { formatNumber, localizeDigits } from '../../src/i18n/digits';

const FSI = '\u2068';
const PDI = '\u2069';
const RLM = '\u200f';

describe('src/i18n/bidi.ts', () => {
  it('escapes a user run everywhere and isolates it only in right-to-left languages', () => {
    expect(userRun('Tea & <talk>!', 'fa')).toBe(`${FSI}Tea &amp; &lt;talk&gt;!${PDI}`);
    expect(userRun('Tea & <talk>!', 'en')).toBe('Tea &amp; &lt;talk&gt;!');
    expect(plainRun('Movie Night!', 'ar')).toBe(`${FSI}Movie Night!${PDI}`);
    expect(plainRun('Tea & cake', 'ar')).toBe(`${FSI}Tea & cake${PDI}`); // plain text: not escaped
  });

  it('leaves a lone Latin word or slug and a bare number unisolated: they are one run already', () => {
    expect(userRun('music', 'fa')).toBe('music');
    expect(userRun('#music', 'fa')).toBe(`${FSI}#music${PDI}`);
    expect(userRun('۱۲', 'fa')).toBe('۱۲');
  });

  it('cannot be broken out of: overrides are removed, and unpaired isolates too', () => {
    // A title ending in PDI would close our isolate early; one that opens an RLO would flip the line.
    expect(userRun(`A${PDI} B`, 'fa')).toBe(`${FSI}A B${PDI}`);
    expect(userRun('A\u202eB!', 'fa')).toBe(`${FSI}AB!${PDI}`);
    // Balanced isolates a value brings (a date whose zone name was isolated) are kept.
    expect(balancedBidi(`x (${FSI}وقت ایران${PDI})`)).toBe(`x (${FSI}وقت ایران${PDI})`);
  });

  it('starts every line of a right-to-left message with RLM, once, and leaves code blocks alone', () => {
    const html = 'عنوان\n\n<pre>line 1\nline 2</pre>\n<b>Movie</b>';
    expect(finishMessage(html, 'fa')).toBe(`${RLM}عنوان\n\n${RLM}<pre>line 1\nline 2</pre>\n${RLM}<b>Movie</b>`);
    expect(finishMessage(finishMessage(html, 'fa'), 'fa')).toBe(finishMessage(html, 'fa'));
    expect(finishMessage(html, 'en')).toBe(html);
    expect(buildMessage(['a', 'b'], 'ur')).toBe(`${RLM}a\n${RLM}b`);
  });

  it('isolates left-to-right runs (ids, URLs) as such', () => {
    expect(isolateLtr('Asia/Tehran', 'fa')).toBe('\u2066Asia/Tehran\u2069');
    expect(isolateLtr('Asia/Tehran', 'en')).toBe('Asia/Tehran');
  });
});

describe('src/i18n/digits.ts', () => {
  it('writes numbers in each language\'s digits', () => {
    expect(formatNumber(1234, 'fa')).toBe('۱٬۲۳۴');
    expect(formatNumber(12, 'ar')).toBe('١٢');
    expect(formatNumber(12, 'ur')).toBe('12');
    expect(formatNumber(12, 'en')).toBe('12');
    expect(localizeDigits('18:00', 'fa')).toBe('۱۸:۰۰');
    expect(localizeDigits('UTC+3', 'ar')).toBe('UTC+٣');
    expect(localizeDigits('18:00', 'ur')).toBe('18:00');
  });
});
