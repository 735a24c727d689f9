/**
 * A fetched body as text, in the encoding the server says it is in: a byte-order mark, then the
 * Content-Type's charset, then (for HTML) a `<meta charset>` in the first 1,024 bytes as browsers
 * look for it, else UTF-8. Older Persian and Arabic sites still serve windows-1256; read as UTF-8
 * they would turn into replacement characters. iCalendar and JSON are UTF-8 by their specifications,
 * but a declared charset is honoured for them too.
 */
import { TextDecoder } from 'node:util';

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim().replace(/^["']|["']$/g, '').toLowerCase());
  } catch {
    return undefined; // an unknown label: fall through to the next clue
  }
}

export function decodeBody(body: Buffer, contentType?: string): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return new TextDecoder('utf-8').decode(body.subarray(3));
  if (body[0] === 0xff && body[1] === 0xfe) return new TextDecoder('utf-16le').decode(body.subarray(2));
  if (body[0] === 0xfe && body[1] === 0xff) return new TextDecoder('utf-16be').decode(body.subarray(2));
  const declared = decoderFor(/charset\s*=\s*([^;\s]+)/i.exec(contentType ?? '')?.[1]);
  if (declared) return declared.decode(body);
  if (/html/i.test(contentType ?? 'text/html')) {
    const head = body.subarray(0, 1024).toString('latin1');
    const meta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
    const fromMeta = decoderFor(meta);
    if (fromMeta) return fromMeta.decode(body);
  }
  return new TextDecoder('utf-8').decode(body);
}
