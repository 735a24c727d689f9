/**
 * Reading a file from Telegram: `getFile` through the given client (so through the gateway, like
 * every Bot API call), then the file itself from Telegram's file endpoint
 * (`<api root>/file/bot<token>/<file_path>`, the server TELEGRAM_API_ROOT names), with a size limit
 * counted while it streams and a deadline. Used for a file a person sent (an .ics calendar) and for an
 * event's photo shown on the web calendar (photo-files.ts).
 *
 * The download URL holds the bot's token: it stays here, never in a result, a page or a log line. The
 * file endpoint is not a Bot API method, so it takes no slot from the flood-limit pacer (it sends
 * nothing to a chat). A local Bot API server in `--local` mode gives absolute paths on its own disk
 * instead; the bot does not read the file system, so such files read as `gone`.
 */
import { request } from 'undici';
import { TelegramError, type Telegram } from 'telegraf';
import type { BotContext } from './context';

/**
 * What reading a file gave. `too_large` and `gone` (Telegram no longer has it for this bot, or it is
 * not downloadable) are final; `telegram`, `download` and `timeout` may pass.
 */
export type TelegramFileRead =
  | { ok: true; body: Buffer }
  | { ok: false; kind: 'too_large' | 'gone' | 'timeout' }
  | { ok: false; kind: 'telegram' | 'download'; status?: number };

export async function readTelegramFile(
  telegram: Telegram,
  fileId: string,
  limits: { maxBytes: number; timeoutMs: number; signal?: AbortSignal },
): Promise<TelegramFileRead> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const signal = limits.signal ? AbortSignal.any([limits.signal, deadline]) : deadline;
  let link: URL;
  try {
    // getFile refuses (400) a file over the 20 MB bots may download, or one no longer there.
    link = await telegram.getFileLink(fileId);
  } catch (err) {
    if (err instanceof TelegramError && err.code === 400) return { ok: false, kind: 'gone' };
    return { ok: false, kind: 'telegram', ...(err instanceof TelegramError ? { status: err.code } : {}) };
  }
  if (link.protocol !== 'https:' && link.protocol !== 'http:') return { ok: false, kind: 'gone' };
  try {
    const res = await request(link, { method: 'GET', signal });
    const discard = () => res.body.on('error', () => undefined).destroy();
    if (res.statusCode === 404) {
      discard();
      return { ok: false, kind: 'gone' };
    }
    if (res.statusCode !== 200) {
      discard();
      return { ok: false, kind: 'download', status: res.statusCode };
    }
    if (Number(res.headers['content-length'] ?? 0) > limits.maxBytes) {
      discard();
      return { ok: false, kind: 'too_large' };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > limits.maxBytes) {
        discard();
        return { ok: false, kind: 'too_large' };
      }
      chunks.push(buf);
    }
    return { ok: true, body: Buffer.concat(chunks, size) };
  } catch {
    return { ok: false, kind: deadline.aborted ? 'timeout' : 'download' };
  }
}

export type FileDownload =
  | { ok: true; body: Buffer }
  | { ok: false; kind: 'too_large'; maxBytes: number }
  | { ok: false; kind: 'unreadable' };

/** A file a person sent: anything but its bytes or "too large" reads as unreadable to them. */
export async function downloadSentFile(
  ctx: BotContext,
  file: { file_id: string; file_size?: number },
  limits: { maxBytes: number; timeoutMs: number; signal?: AbortSignal },
): Promise<FileDownload> {
  const tooLarge = { ok: false, kind: 'too_large', maxBytes: limits.maxBytes } as const;
  if (file.file_size !== undefined && file.file_size > limits.maxBytes) return tooLarge;
  const read = await readTelegramFile(ctx.telegram, file.file_id, limits);
  if (read.ok) return read;
  return read.kind === 'too_large' ? tooLarge : { ok: false, kind: 'unreadable' };
}
