/**
 * The web calendar's PhotoLoader (src/web/photos.ts) over the Bot API: the photo read by
 * readTelegramFile (getFile through the bot's gateway, then the file endpoint, whose URL holds the
 * token and so never leaves telegram-files.ts). Bounded: at most `maxBytes` (bots may download
 * 20 MB; a photo is well under 1 MB; a larger file reads as no photo), within `timeoutMs`.
 *
 * A photo that is gone or too large is `undefined`, which the site remembers; Telegram failing, a
 * failed download or the deadline is a `PhotoUnavailable` that names what failed, not where, and the
 * site tries again on the next request.
 */
import type { Telegram } from 'telegraf';
import type { PhotoLoader } from '../web/photos';
import { readTelegramFile } from './telegram-files';

export class PhotoUnavailable extends Error {
  constructor(readonly reason: 'telegram' | 'download' | 'timeout', readonly status?: number) {
    super(`photo unavailable: ${reason}${status ? ` (${status})` : ''}`);
    this.name = 'PhotoUnavailable';
  }
}

export function telegramPhotoLoader(telegram: Telegram, opts: { maxBytes?: number; timeoutMs?: number } = {}): PhotoLoader {
  const limits = { maxBytes: opts.maxBytes ?? 10 * 1024 * 1024, timeoutMs: opts.timeoutMs ?? 15_000 };
  return {
    async load(fileId) {
      const read = await readTelegramFile(telegram, fileId, limits);
      if (read.ok) return read.body;
      switch (read.kind) {
        case 'gone':
        case 'too_large':
          return undefined;
        case 'timeout':
          throw new PhotoUnavailable('timeout');
        default:
          throw new PhotoUnavailable(read.kind, read.status);
      }
    },
  };
}
