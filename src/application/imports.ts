/**
 * One event brought in from where it already lives — an event page's link or a calendar (.ics)
 * file — as a draft for the organizer to complete and publish through the usual /newevent preview
 * (and so through `events.create`, with the same checks as an event typed in chat). Nothing is
 * stored here: the draft goes back to the front door, which asks for what is missing.
 *
 * Same rights as /newevent (an organizer or a super-admin, as stored now). Every failure is a value
 * with a locale key (`import.fetch.*`, `import.problem.*`, `import.chat.*`), never an exception.
 */
import type { Dal } from '../dal';
import { decodeBody } from '../import/decode';
import { DEFAULT_FETCH_LIMITS, safeFetch, type Resolver, type SafeFetchOptions } from '../import/fetch';
import { parseICalendar } from '../import/ical';
import { fetchFailureMessage, importProblemMessage, type Message } from '../import/messages';
import type { ImportProblem, PartialImportedEvent } from '../import/model';
import { parseEventPage } from '../import/page';
import { distinctEvents, draftFromImport, pickEvent, seriesRule, withFilled, type DraftFromImport } from './import-draft';
import { mayCreateEvents, type Actor } from './actor';
import { done, invalid, refuse, type Outcome } from './outcome';

/** How imports reach the network: the IMPORT_* settings, and (tests, self-hosting) the resolver and address rule. */
export interface ImportNetwork {
  allowPrivateAddresses: boolean;
  maxBytes: number;
  timeoutMs: number;
  resolve?: Resolver;
  destinationAllowed?: (address: string, port: number) => boolean;
}

/** safeFetch's options from the network settings, with what one request adds (validators, Accept). */
export function fetchOptionsFor(n: ImportNetwork, extra: Partial<SafeFetchOptions>): SafeFetchOptions {
  return {
    allowPrivateAddresses: n.allowPrivateAddresses,
    maxBytes: n.maxBytes,
    timeoutMs: n.timeoutMs,
    ...(n.resolve ? { resolve: n.resolve } : {}),
    ...(n.destinationAllowed ? { destinationAllowed: n.destinationAllowed } : {}),
    ...extra,
  };
}

export const DEFAULT_IMPORT_NETWORK: ImportNetwork = {
  allowPrivateAddresses: false,
  maxBytes: DEFAULT_FETCH_LIMITS.maxBytes,
  timeoutMs: DEFAULT_FETCH_LIMITS.timeoutMs,
};

export interface ImportOperationsDeps {
  dal: Pick<Dal, 'users' | 'categories'>;
  now: () => Date;
  botAdmins: readonly number[];
  network: ImportNetwork;
}

export interface ImportedDraft extends DraftFromImport {
  /** The event's picture at the source (a checked http(s) link), for the front door to fetch with `image`. */
  imageUrl?: string;
}

export interface ImportedImage {
  bytes: Buffer;
  /** File name extension matching the bytes (jpg, png, webp). */
  extension: 'jpg' | 'png' | 'webp';
}

/** How far ahead a calendar file's series is read (its dates past this are not looked at). */
export const FILE_HORIZON_DAYS = 3 * 366;
/** Telegram takes photos up to 10 MB. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const PAGE_ACCEPT = 'text/html,application/xhtml+xml,text/calendar;q=0.9,*/*;q=0.5';
const IMAGE_ACCEPT = 'image/jpeg,image/png,image/webp';

/** A picture Telegram can show as a photo, by its first bytes (never by what the server claims). */
export function imageKind(bytes: Buffer): ImportedImage['extension'] | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

/** Whether a text is an iCalendar file rather than a web page. */
function looksLikeCalendar(text: string, contentType: string | undefined): boolean {
  return /text\/calendar/i.test(contentType ?? '') || /^\uFEFF?\s*BEGIN:VCALENDAR/i.test(text);
}

export class ImportOperations {
  constructor(private readonly deps: ImportOperationsDeps) {}

  private fetchOptions(extra: Partial<SafeFetchOptions>): SafeFetchOptions {
    return fetchOptionsFor(this.deps.network, extra);
  }


  /**
   * Reads the event at `url` (an event page's schema.org Event or Open Graph tags, or an iCalendar
   * file) into a draft. `zone`: the organizer's, for times the source gives without one.
   */
  async fromLink(actor: Actor, input: { url: string; zone: string; signal?: AbortSignal }): Promise<Outcome<ImportedDraft>> {
    const allowed = await mayCreateEvents(this.deps, actor);
    if (!allowed.ok) return refuse(allowed.reason);
    const res = await safeFetch(input.url, this.fetchOptions({ accept: PAGE_ACCEPT, ...(input.signal ? { signal: input.signal } : {}) }));
    if (!res.ok) return failed(fetchFailureMessage(res));
    if (res.notModified) return failed({ key: 'import.problem.nothing_found', vars: {} });
    const text = decodeBody(res.body, res.contentType);
    if (looksLikeCalendar(text, res.contentType)) return this.fromCalendarText(text, input.zone);
    const page = parseEventPage(text, { pageUrl: res.url, defaultZone: input.zone });
    const categories = await this.deps.dal.categories.listActive();
    const now = this.deps.now();
    const opts = { zone: input.zone, now, categories };
    const event = pickEvent(page.events, now);
    if (event) {
      const result = draftFromImport(event, opts);
      return done(withSeveral(withImage(result, event.imageUrl), distinctEvents(page.events)));
    }
    // An event the page dates wrongly or not at all, or only Open Graph tags: what there is, and the dialogue asks the rest.
    const partial: PartialImportedEvent | undefined =
      page.events[0] ?? page.incomplete?.[0] ?? (page.fallback ? { ...page.fallback, categories: [] } : undefined);
    if (!partial || (!partial.title && !partial.description)) return failed(problemOf(page.problems));
    let result = draftFromImport(partial, opts);
    if (page.problems.some((p) => p.kind === 'bad_date' || p.kind === 'end_before_start')) {
      result = { ...result, notes: [{ key: 'import.note.badDate', vars: {} }, ...result.notes] };
    }
    return done(withImage(result, partial.imageUrl));
  }

  /** An .ics file's text (sent as a document) into a draft. */
  async fromCalendarFile(actor: Actor, input: { text: string; zone: string }): Promise<Outcome<ImportedDraft>> {
    const allowed = await mayCreateEvents(this.deps, actor);
    if (!allowed.ok) return refuse(allowed.reason);
    return this.fromCalendarText(input.text, input.zone);
  }

  private async fromCalendarText(text: string, zone: string): Promise<Outcome<ImportedDraft>> {
    const now = this.deps.now();
    const parsed = parseICalendar(text, { now, defaultZone: zone, horizonDays: FILE_HORIZON_DAYS });
    const event = pickEvent(parsed.events, now);
    if (!event) return failed(parsed.problems.length > 0 ? problemOf(parsed.problems) : { key: 'import.chat.nothingUpcoming', vars: {} });
    const categories = await this.deps.dal.categories.listActive();
    let result = draftFromImport(event, { zone, now, categories });
    if (event.occurrence?.rrule) {
      const horizonEnd = new Date(now.getTime() + FILE_HORIZON_DAYS * 86_400_000);
      const rule = seriesRule(event, parsed.events, horizonEnd);
      if (rule) {
        result = withFilled({ ...result, draft: { ...result.draft, repeat: { rrule: rule, text: rule } } }, 'repeat');
      } else {
        result = { ...result, notes: [...result.notes, { key: 'import.note.seriesFirstOnly', vars: {} }] };
      }
    }
    const others = distinctEvents(parsed.events);
    return done(withSeveral(withImage(result, event.imageUrl), others));
  }

  /**
   * The picture at `url`, fetched with the same protections as the page (allowed addresses, size
   * and time limits, at most 10 MB as Telegram takes) and accepted only if its bytes are a JPEG,
   * PNG or WebP image. Undefined when it cannot be used; the draft then goes without a photo.
   */
  async image(url: string, signal?: AbortSignal): Promise<ImportedImage | undefined> {
    const res = await safeFetch(
      url,
      this.fetchOptions({ accept: IMAGE_ACCEPT, maxBytes: Math.min(this.deps.network.maxBytes, MAX_IMAGE_BYTES), ...(signal ? { signal } : {}) }),
    );
    if (!res.ok || res.notModified) return undefined;
    const extension = imageKind(res.body);
    return extension ? { bytes: res.body, extension } : undefined;
  }
}

function failed(message: Message) {
  return invalid({ key: message.key, vars: message.vars });
}

/** The problem to tell: the first one about an entry (its title named), else the first. */
function problemOf(problems: readonly ImportProblem[]): Message {
  const first = problems.find((p) => p.kind !== 'too_many_events') ?? problems[0];
  return first ? importProblemMessage(first) : { key: 'import.problem.nothing_found', vars: {} };
}

function withImage(result: DraftFromImport, imageUrl: string | undefined): ImportedDraft {
  return imageUrl ? { ...result, imageUrl } : result;
}

function withSeveral(result: ImportedDraft, count: number): ImportedDraft {
  return count > 1 ? { ...result, notes: [{ key: 'import.note.several', vars: { n: count } }, ...result.notes] } : result;
}
