/**
 * What people type, made comparable before anything reads it. A leaf of the domain: the date reader,
 * the zone finder and the validators all start here, so it imports nothing of theirs.
 */

/**
 * Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII; the Arabic comma, semicolon, decimal and
 * thousands separators and full-width colon to their ASCII forms; bidi marks and tatweel removed;
 * NBSP and other spaces to a plain space.
 */
export function normalizeDigits(input: string): string {
  let out = '';
  for (const ch of input) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x06f0 && code <= 0x06f9) out += String(code - 0x06f0);
    else if (code >= 0x0660 && code <= 0x0669) out += String(code - 0x0660);
    else if (ch === '،' || ch === '٬') out += ',';
    else if (ch === '؛') out += ';';
    else if (ch === '٫') out += '.';
    else if (ch === '：' || ch === '꞉') out += ':';
    else if (ch === '−' || ch === '‐' || ch === '‑') out += '-';
    else if (/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u0640]/.test(ch)) continue;
    else if (/[\u00a0\u2000-\u200b\u202f\u3000]/.test(ch)) out += ' ';
    else out += ch;
  }
  return out;
}
