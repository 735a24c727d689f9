/**
 * An imported event (from an event page or a calendar file) as a draft of the /newevent dialogue:
 * pure functions, no I/O. Every field goes through the same checks as a typed answer (lengths,
 * links); what does not pass is left out, never stored as it came. What cannot be filled (no title,
 * no start, a start already past) stays empty, so the dialogue asks for exactly that.
 *
 * Which entry: a page or file with several events gives the first one still to come. A series
 * becomes a draft with the repeat rule only when the bot's own series (the same wall-clock time in
 * the draft's zone, every occurrence) would be exactly the source's dates — no exceptions, moved or
 * cancelled occurrences, at most MAX_OCCURRENCES; otherwise the first date alone, with a note.
 */
import { emptyDraft, type EventDraft, type Step } from '../domain/event-draft';
import { foldScript } from '../domain/date-words';
import { expandOccurrences, MAX_OCCURRENCES } from '../domain/recurrence';
import { LIMITS, validateText, validateUrl } from '../domain/validate';
import type { VenueSnapshot } from '../domain/event';
import type { Message } from '../import/messages';
import type { ImportedEvent, PartialImportedEvent } from '../import/model';

export interface CategoryNames {
  slug: string;
  names: Record<string, string | undefined>;
}

export interface DraftFromImport {
  draft: EventDraft;
  /** The dialogue's fields the source filled, in the dialogue's order. */
  filled: Step[];
  /** What the organizer should know (locale keys under `import.note`). */
  notes: Message[];
}

export interface DraftOptions {
  /** The zone when the source named none (the organizer's). */
  zone: string;
  now: Date;
  /** The community's categories (active ones). */
  categories: readonly CategoryNames[];
}

const text = (value: string | undefined, max: number, multiline = false): string | undefined => {
  if (value === undefined) return undefined;
  const v = validateText(value, max, { multiline });
  return v.ok ? v.value : undefined;
};

const link = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const v = validateUrl(value);
  return v.ok ? v.value : undefined;
};

const fold = (s: string) => foldScript(s.toLowerCase()).replace(/\s+/g, ' ').trim();

/** The source's category names matched to the community's categories (by slug or any language's name). */
export function matchCategories(names: readonly string[], known: readonly CategoryNames[]): { slugs: string[]; unmatched: string[] } {
  const slugs: string[] = [];
  const unmatched: string[] = [];
  for (const name of names) {
    const wanted = fold(name);
    if (!wanted) continue;
    const match = known.find((c) => fold(c.slug) === wanted || Object.values(c.names).some((n) => n !== undefined && fold(n) === wanted));
    if (!match) unmatched.push(name);
    else if (!slugs.includes(match.slug)) slugs.push(match.slug);
  }
  return { slugs, unmatched };
}

function venueOf(v: NonNullable<PartialImportedEvent['venue']>): VenueSnapshot | undefined {
  const name = text(v.name, LIMITS.venueName);
  if (!name) return undefined;
  const venue: VenueSnapshot = { name };
  const address = text(v.address, LIMITS.address);
  const city = text(v.city, LIMITS.city);
  const country = text(v.country, LIMITS.country);
  if (address) venue.address = address;
  if (city) venue.city = city;
  if (country) venue.country = country;
  if (v.lat !== undefined && v.lon !== undefined && Math.abs(v.lat) <= 90 && Math.abs(v.lon) <= 180) {
    venue.lat = v.lat;
    venue.lon = v.lon;
  }
  return venue;
}

export function draftFromImport(src: PartialImportedEvent, opts: DraftOptions): DraftFromImport {
  const draft: EventDraft = emptyDraft(src.timezone ?? opts.zone);
  const notes: Message[] = [];
  const filled = new Set<Step>();

  const title = text(src.title, LIMITS.title);
  if (title) {
    draft.title = title;
    filled.add('title');
  }
  if (src.start && src.end && src.end.getTime() > opts.now.getTime()) {
    draft.start = src.start.toISOString();
    draft.allDay = src.allDay ?? false;
    filled.add('when');
    const length = src.end.getTime() - src.start.getTime();
    // An all-day event of one day, and a timed one without an end of its own, need no end in the draft.
    if ((draft.allDay && length > 86_400_000) || (!draft.allDay && length > 0)) {
      draft.end = src.end.toISOString();
      filled.add('end');
    }
  } else if (src.start) {
    notes.push({ key: 'import.note.past', vars: {} });
  }
  const venue = src.venue ? venueOf(src.venue) : undefined;
  if (venue) {
    draft.venue = venue;
    filled.add('venue');
    if (venue.address || venue.city || venue.country) filled.add('address');
  }
  const online = link(src.onlineUrl);
  if (online) {
    draft.onlineUrl = online;
    filled.add('online');
  }
  const description = text(src.description, LIMITS.description, true);
  if (description) {
    draft.description = description;
    filled.add('description');
  }
  const { slugs, unmatched } = matchCategories(src.categories, opts.categories);
  if (slugs.length > 0) {
    draft.categories = slugs;
    filled.add('categories');
  }
  if (unmatched.length > 0) notes.push({ key: 'import.note.categoriesLeftOut', vars: { names: unmatched.slice(0, 5).join('، ').slice(0, 200) } });
  const organizerName = src.organizer ? text(src.organizer.name, LIMITS.organizerName) : undefined;
  if (src.organizer && organizerName) {
    const links: Record<string, string> = {};
    for (const [network, url] of Object.entries(src.organizer.links)) {
      const ok = link(url);
      if (ok) links[network] = ok;
    }
    const website = link(src.organizer.website);
    draft.organizer = { name: organizerName, links, ...(website ? { website } : {}) };
    filled.add('organizer');
    if (website || Object.keys(links).length > 0) filled.add('links');
  }
  if (src.status === 'cancelled') notes.push({ key: 'import.note.cancelled', vars: {} });
  return { draft, filled: STEP_ORDER.filter((s) => filled.has(s)), notes };
}

const STEP_ORDER: readonly Step[] = ['title', 'when', 'end', 'venue', 'address', 'online', 'description', 'categories', 'organizer', 'links', 'photo', 'repeat'];

/** Adds a field to a result's `filled` (the photo, once it is uploaded; the repeat rule). */
export function withFilled(result: DraftFromImport, step: Step): DraftFromImport {
  const filled = new Set<Step>([...result.filled, step]);
  return { ...result, filled: STEP_ORDER.filter((s) => filled.has(s)) };
}

/** The entry to import: the first (by start) that has not ended and is not cancelled at the source, else the first not ended, else none. */
export function pickEvent(events: readonly ImportedEvent[], now: Date): ImportedEvent | undefined {
  const ahead = [...events].sort((a, b) => a.start.getTime() - b.start.getTime()).filter((e) => e.end.getTime() > now.getTime());
  return ahead.find((e) => e.status === 'confirmed') ?? ahead[0];
}

/** How many distinct events the entries are (a series counts once). */
export function distinctEvents(events: readonly ImportedEvent[]): number {
  return new Set(events.map((e) => e.occurrence?.seriesUid ?? e.sourceUid)).size;
}

/**
 * The repeat rule for a draft starting at `chosen`, when the bot's series from it would be exactly
 * the source's remaining occurrences (`all`: every entry the source gave, in any order, read up to
 * `horizonEnd`); else undefined. A series whose next date would fall past the horizon may go on
 * beyond what was read (or for ever), so it is not taken as ended.
 */
export function seriesRule(chosen: ImportedEvent, all: readonly ImportedEvent[], horizonEnd: Date): string | undefined {
  const occ = chosen.occurrence;
  if (!occ?.rrule || chosen.allDay) return undefined;
  const siblings = all
    .filter((e) => e.occurrence?.seriesUid === occ.seriesUid && e.start.getTime() >= chosen.start.getTime())
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const length = chosen.end.getTime() - chosen.start.getTime();
  const same = siblings.every((e) => !e.occurrence?.overridden && e.status === 'confirmed' && e.end.getTime() - e.start.getTime() === length);
  if (!same || siblings.length < 2 || siblings.length > MAX_OCCURRENCES) return undefined;
  // The source's rule, without a COUNT counted from an earlier first date: the dates already listed end it.
  const last = siblings[siblings.length - 1]!;
  const gap = last.start.getTime() - siblings[siblings.length - 2]!.start.getTime();
  if (last.start.getTime() + gap > horizonEnd.getTime()) return undefined;
  const rule = occ.rrule
    .split(';')
    .filter((p) => !/^(COUNT|UNTIL)=/i.test(p))
    .concat(`UNTIL=${last.start.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`)
    .join(';');
  const ours = expandOccurrences(chosen.start, chosen.timezone, rule, MAX_OCCURRENCES + 1);
  if (ours.length !== siblings.length) return undefined;
  return ours.every((d, i) => d.getTime() === siblings[i]!.start.getTime()) ? rule : undefined;
}
