/**
 * Event photos on the web. A Telegram photo is a `file_id`, which only the bot can turn into bytes
 * (getFile, then a download URL that contains the bot's token): so the site serves each photo itself,
 * at `/photos/<event id>?v=<version>`, and a browser never sees a Telegram URL. The version is a
 * short hash of the file_id, so a new photo is a new URL (link previews and browsers cache by URL)
 * and the bytes behind one URL never change: they can be cached for a year.
 *
 * The bytes come through a `PhotoLoader` (the bot layer implements it with its gateway) and are kept
 * in memory, least recently used out, within a byte budget; two requests for a photo being fetched
 * share the one fetch. Only JPEG, PNG, WebP and GIF are served, by their magic numbers, with their
 * own type (and `nosniff`), whatever the download said.
 */
import { createHash } from 'node:crypto';

/** Fetches a file's bytes from Telegram; undefined when Telegram has no such file (any more). */
export interface PhotoLoader {
  load(fileId: string): Promise<Buffer | undefined>;
}

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';

export interface Photo {
  bytes: Buffer;
  type: ImageType;
}

/** The photo's version in URLs and its ETag: 12 hex digits of sha256(file_id). */
export function photoVersion(fileId: string): string {
  return createHash('sha256').update(fileId).digest('hex').slice(0, 12);
}

/** The site-relative URL of an event's photo (the reader puts it in `photoUrl`). */
export function photoPath(eventId: string, fileId: string): string {
  return `/photos/${encodeURIComponent(eventId)}?v=${photoVersion(fileId)}`;
}

/** The image type by its first bytes, or undefined for anything that is not an image we serve. */
export function imageTypeOf(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) return 'image/gif';
  return undefined;
}

/** Entries kept at most ("no such file" answers weigh nothing in bytes). */
const MAX_ENTRIES = 2000;

/** Photos by file_id within `maxBytes`, least recently used out; concurrent misses share one load. */
export class PhotoCache {
  private readonly entries = new Map<string, Photo | null>();
  private readonly loading = new Map<string, Promise<Photo | undefined>>();
  private bytes = 0;

  constructor(
    private readonly loader: PhotoLoader,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  async get(fileId: string): Promise<Photo | undefined> {
    const hit = this.entries.get(fileId);
    if (hit !== undefined) {
      this.entries.delete(fileId);
      this.entries.set(fileId, hit);
      return hit ?? undefined;
    }
    const pending = this.loading.get(fileId);
    if (pending) return pending;
    const load = this.load(fileId).finally(() => this.loading.delete(fileId));
    this.loading.set(fileId, load);
    return load;
  }

  private async load(fileId: string): Promise<Photo | undefined> {
    const bytes = await this.loader.load(fileId);
    const type = bytes ? imageTypeOf(bytes) : undefined;
    // "No such file" and "not an image" are remembered too (as null), so a broken photo costs one load.
    const photo = bytes && type ? { bytes, type } : null;
    this.remember(fileId, photo);
    return photo ?? undefined;
  }

  private remember(fileId: string, photo: Photo | null): void {
    const size = photo?.bytes.length ?? 0;
    if (size > this.maxBytes) return;
    this.entries.set(fileId, photo);
    this.bytes += size;
    while (this.bytes > this.maxBytes || this.entries.size > MAX_ENTRIES) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= entry?.bytes.length ?? 0;
    }
  }
}
