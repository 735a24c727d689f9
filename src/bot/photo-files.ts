/**
 * The web calendar's PhotoLoader (src/web/photos.ts) over the Bot API: getFile through the bot's
 * gateway, then a download of `<api root>/file/bot<token>/<file_path>`. The download URL holds the
 * bot's token, so it is used here only: it never reaches a browser, a page or a log line (a failed
 * download is reported as a `PhotoUnavailable` that names what failed, not where).
 *
 * Bounded: at most `maxBytes` (bots may download 20 MB; a photo is well under 1 MB; a larger file
 * reads as no photo), within `timeoutMs`. A local Bot API server (`--local`) answers getFile with a path on its own disk, which
 * this does not read: such photos are not shown on the web.
 */
import { TelegramError, type Telegram } from 'telegraf';
import type { PhotoLoader } from '../web/photos';

export class PhotoUnavailable extends Error {
  constructor(readonly reason: 'telegram' | 'download' | 'timeout', readonly status?: number) {
    super(`photo unavailable: ${reason}${status ? ` (${status})` : ''}`);
    this.name = 'PhotoUnavailable';
  }
}

export function telegramPhotoLoader(telegram: Telegram, opts: { maxBytes?: number; timeoutMs?: number } = {}): PhotoLoader {
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return {
    async load(fileId) {
      let link: URL;
      try {
        link = await telegram.getFileLink(fileId);
      } catch (err) {
        // 400: the file_id is not valid for this bot (any more); anything else may pass.
        if (err instanceof TelegramError && err.code === 400) return undefined;
        throw new PhotoUnavailable('telegram', err instanceof TelegramError ? err.code : undefined);
      }
      if (link.protocol !== 'http:' && link.protocol !== 'https:') return undefined;
      const signal = AbortSignal.timeout(timeoutMs);
      let res: Response;
      try {
        res = await fetch(link, { signal, redirect: 'error' });
      } catch {
        throw new PhotoUnavailable(signal.aborted ? 'timeout' : 'download');
      }
      if (res.status === 404) return undefined;
      if (!res.ok || !res.body) throw new PhotoUnavailable('download', res.status);
      // Too large is as final as missing: it will not shrink (and the site remembers the answer).
      if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
        await res.body.cancel();
        return undefined;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.length;
          if (size > maxBytes) {
            await reader.cancel();
            return undefined;
          }
          chunks.push(Buffer.from(value));
        }
      } catch {
        throw new PhotoUnavailable(signal.aborted ? 'timeout' : 'download');
      }
      return Buffer.concat(chunks);
    },
  };
}
