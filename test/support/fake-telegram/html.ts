/**
 * A strict checker for Telegram's HTML parse mode: the tags Telegram supports, the four named
 * entities plus numeric ones, and nothing else. It returns the plain text (whose length is what
 * Telegram's 4096/1024 limits count) or Telegram's error description.
 */
const SUPPORTED_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre',
  'blockquote', 'tg-emoji',
]);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type HtmlResult = { ok: true; text: string } | { ok: false; description: string };

const fail = (what: string): HtmlResult => ({ ok: false, description: `Bad Request: can't parse entities: ${what}` });

function byteOffset(s: string, index: number): number {
  return Buffer.byteLength(s.slice(0, index), 'utf8');
}

export function parseTelegramHtml(html: string): HtmlResult {
  const stack: string[] = [];
  let out = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const close = html.indexOf('>', i);
      if (close === -1) return fail(`Unclosed start tag at byte offset ${byteOffset(html, i)}`);
      const inner = html.slice(i + 1, close);
      if (inner.startsWith('/')) {
        const name = inner.slice(1).trim().toLowerCase();
        const open = stack.pop();
        if (open === undefined) return fail(`Unexpected end tag at byte offset ${byteOffset(html, i)}`);
        if (name !== '' && name !== open) {
          return fail(`Unmatched end tag at byte offset ${byteOffset(html, i)}, expected "</${open}>", found "</${name}>"`);
        }
      } else {
        const m = /^([a-zA-Z][a-zA-Z0-9-]*)(\s[^]*)?$/.exec(inner);
        const name = m?.[1]?.toLowerCase();
        if (!m || !name || !SUPPORTED_TAGS.has(name)) {
          return fail(`Unsupported start tag "${inner.split(/\s/)[0] ?? ''}" at byte offset ${byteOffset(html, i)}`);
        }
        const attrs = m[2] ?? '';
        if (name === 'a' && !/^\s+href\s*=\s*("[^"]*"|'[^']*')\s*$/.test(attrs)) {
          return fail(`Bad link at byte offset ${byteOffset(html, i)}`);
        }
        if (/[<&]/.test(attrs.replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/g, ''))) {
          return fail(`Unexpected character in attribute at byte offset ${byteOffset(html, i)}`);
        }
        stack.push(name);
      }
      i = close + 1;
    } else if (ch === '>') {
      return fail(`Unexpected ">" at byte offset ${byteOffset(html, i)}`);
    } else if (ch === '&') {
      const m = /^&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/.exec(html.slice(i, i + 12));
      if (!m) return fail(`Character entity expected at byte offset ${byteOffset(html, i)}`);
      const ent = m[1]!;
      if (ent.startsWith('#x')) out += String.fromCodePoint(parseInt(ent.slice(2), 16));
      else if (ent.startsWith('#')) out += String.fromCodePoint(parseInt(ent.slice(1), 10));
      else if (NAMED_ENTITIES[ent] !== undefined) out += NAMED_ENTITIES[ent];
      else return fail(`Unsupported HTML entity "&${ent};" at byte offset ${byteOffset(html, i)}`);
      i += m[0].length;
    } else {
      out += ch;
      i += 1;
    }
  }
  if (stack.length > 0) return fail(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return { ok: true, text: out };
}
