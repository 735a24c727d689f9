/**
 * Reading a file a person sent the bot (an .ics calendar): `getFile` through the update's client
 * (so through the gateway, like every Bot API call), then the file itself from Telegram's file
 * endpoint (`<api root>/file/bot<token>/<file_path>`, the server TELEGRAM_API_ROOT names), with a
 * size limit counted while it streams and a deadline. The file endpoint is not a Bot API method, so
 * it takes no slot from the flood-limit pacer (it sends nothing to a chat).
 *
 * A local Bot API server in `--local` mode gives absolute paths on its own disk instead; the bot does
 * not read the file system, so such files are refused as unreadable.
 */
import { request } from 'undici';
import type { BotContext } from './context';

export type FileDownload =
  | { ok: true; body: Buffer }
  | { ok: false; kind: 'too_large'; maxBytes: number }
  | { ok: false; kind: 'unreadable' };

export async function downloadSentFile(
  ctx: BotContext,
  file: { file_id: string; file_size?: number },
  limits: { maxBytes: number; timeoutMs: number; signal?: AbortSignal },
): Promise<FileDownload> {
  const tooLarge = { ok: false, kind: 'too_large', maxBytes: limits.maxBytes } as const;
  if (file.file_size !== undefined && file.file_size > limits.maxBytes) return tooLarge;
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const signal = limits.signal ? AbortSignal.any([limits.signal, deadline]) : deadline;
  try {
    // getFile refuses (400) a file over the 20 MB bots may download, or one no longer there.
    const link = await ctx.telegram.getFileLink(file.file_id);
    if (link.protocol !== 'https:' && link.protocol !== 'http:') return { ok: false, kind: 'unreadable' };
    const res = await request(link, { method: 'GET', signal });
    if (res.statusCode !== 200) {
      res.body.on('error', () => undefined).destroy();
      return { ok: false, kind: 'unreadable' };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > limits.maxBytes) {
        res.body.on('error', () => undefined).destroy();
        return tooLarge;
      }
      chunks.push(buf);
    }
    return { ok: true, body: Buffer.concat(chunks, size) };
  } catch {
    return { ok: false, kind: 'unreadable' };
  }
}
