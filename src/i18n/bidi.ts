/**
 * The one right-to-left rule every message goes through.
 *
 * - A user-supplied run (a title, a venue, a name, a category, a reason) is wrapped in a first-strong
 *   isolate, FSI (U+2068) … PDI (U+2069): it takes its own direction inside, and the text around it
 *   is laid out as if it were one neutral character, so "Movie Night!" in a Persian line neither
 *   turns the line left to right nor sends its "!" to the other end. Bidi controls the user typed are
 *   removed first, so a run cannot open or close isolates or overrides of ours.
 * - Every line of a message in a right-to-left language starts with a right-to-left mark (U+200F): the
 *   Unicode bidi algorithm gives each line (paragraph) the direction of its first strong character,
 *   and a line can begin with an emoji, a number or an isolated Latin title, which would otherwise
 *   leave its direction to the client. Lines inside a multi-line <pre>/<code> block are left alone.
 *
 * Isolates are plain characters to Telegram (they do not count as entities and survive HTML parse
 * mode); RLM is recognised by every client, isolates by Telegram's Android, iOS and web clients; Telegram
 * Desktop had bugs with some isolate sequences (tdesktop issue 27099), which the line-start RLM covers.
 */
import { RTL_LOCALES, type Locale } from './locales';
import { escapeHtml } from './html';

export const RLM = '\u200f';
export const FSI = '\u2068';
export const LRI = '\u2066';
export const PDI = '\u2069';

/** Marks and embeddings, overrides and isolates (and the Arabic letter mark). */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const EMBEDDINGS = /[\u202a-\u202e]/g;
const ISOLATES = /[\u2066-\u2069]/g;

/**
 * A value that may carry isolates of its own (a date whose zone name the formatter isolated): the
 * embeddings and overrides (U+202A–U+202E) go, and the isolates stay only when they pair up, so a
 * stray PDI in someone's title cannot close an isolate of ours.
 */
export function balancedBidi(text: string): string {
  const out = text.replace(EMBEDDINGS, '');
  let depth = 0;
  for (const ch of out) {
    if (ch === PDI) depth -= 1;
    else if (ch === FSI || ch === LRI || ch === '\u2067') depth += 1;
    if (depth < 0) break;
  }
  return depth === 0 ? out : out.replace(ISOLATES, '');
}

export function isRtlLocale(locale: Locale): boolean {
  return RTL_LOCALES.has(locale);
}

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** A run of plain text (not HTML) wrapped in a first-strong isolate, its own bidi controls removed. */
export function isolate(text: string): string {
  return `${FSI}${stripBidiControls(text)}${PDI}`;
}

/** Whether a string has a letter of any script (a run of only digits and punctuation needs no isolate). */
const STRONG = /\p{L}/u;
/**
 * One Latin word or slug ("music", "game_club"): already a single left-to-right run, so an isolate
 * changes nothing a reader sees, and would put invisible characters into a slug someone copies.
 */
const IDENTIFIER = /^[A-Za-z0-9_-]+$/;
const needsIsolate = (s: string) => STRONG.test(s) && !IDENTIFIER.test(s);

/**
 * A user-supplied plain string made safe for an HTML message in `locale`: HTML-escaped, and in a
 * right-to-left locale isolated (when it has letters). This is also i18next's escape function for
 * those locales, so every `{{value}}` in their texts is isolated.
 */
export function userRun(text: string, locale: Locale): string {
  const escaped = escapeHtml(balancedBidi(text));
  return isRtlLocale(locale) && needsIsolate(escaped) ? `${FSI}${escaped}${PDI}` : escaped;
}

/**
 * A user-supplied string for plain text (a toast, which is not HTML): not escaped; in a right-to-left
 * locale isolated, like userRun.
 */
export function plainRun(text: string, locale: Locale): string {
  const clean = balancedBidi(text);
  return isRtlLocale(locale) && needsIsolate(clean) ? `${FSI}${clean}${PDI}` : clean;
}

/**
 * A user-supplied string isolated whatever the message's language: for lines that mix scripts
 * (a category's names in four languages) or whose reader's language is not known here.
 */
export function isolatedRun(text: string): string {
  return `${FSI}${escapeHtml(stripBidiControls(text))}${PDI}`;
}

/** A left-to-right run that must stay one piece (an IANA zone id, a URL, "UTC+03:30"). */
export function isolateLtr(text: string, locale: Locale): string {
  return isRtlLocale(locale) ? `${LRI}${stripBidiControls(text)}${PDI}` : text;
}

/**
 * The finished text of a message: in a right-to-left locale each non-empty line starts with RLM
 * (once; a line that already does is left as it is). Lines inside an open <pre> or <code> spanning
 * several lines are not touched, so code a reader copies stays exact.
 */
export function finishMessage(html: string, locale: Locale): string {
  if (!isRtlLocale(locale)) return html;
  let openCode = 0;
  return html
    .split('\n')
    .map((line) => {
      const inside = openCode > 0;
      for (const m of line.matchAll(/<(\/?)(pre|code)\b[^>]*>/g)) openCode += m[1] ? -1 : 1;
      openCode = Math.max(0, openCode);
      if (inside || line === '' || line.startsWith(RLM)) return line;
      return `${RLM}${line}`;
    })
    .join('\n');
}

/** The lines of a message joined and finished: the builder every render function returns through. */
export function buildMessage(lines: readonly string[], locale: Locale): string {
  return finishMessage(lines.join('\n'), locale);
}

/**
 * A line of text the user wrote themselves (a description line) inside a right-to-left message: it
 * keeps its own direction inside an isolate, and the line still starts right to left.
 */
export function userLine(line: string, locale: Locale): string {
  if (!isRtlLocale(locale) || line.trim() === '') return escapeHtml(stripBidiControls(line));
  return `${RLM}${FSI}${escapeHtml(stripBidiControls(line))}${PDI}`;
}
