/**
 * An event being written (by the /newevent dialogue, the one-message form, or an edit): a plain,
 * JSON-safe object that lives in the session, and pure functions that read one answer into it. Each
 * reader returns either the new draft or a locale key saying exactly what was wrong, so the bot can
 * say why and ask the same question again.
 */
import { z } from 'zod';
import { parseEnd, parseWhen, type DateError, type ParsedWhen } from './dates';
import { expandOccurrences, parseRecurrence, MAX_OCCURRENCES, type RecurrenceReadingResult } from './recurrence';
import {
  LIMITS, SOCIAL_NETWORKS as VALID_NETWORKS, normalizeSocialLink, telegramLength, validateCapacity, validateText, validateUrl, validationMessage,
  type SocialNetwork, type Validated,
} from './validate';
import { isValidTimeZone } from './time';
import { foldScript } from './date-words';
import type { Locale } from '../i18n/locales';
import type { EventContent, HexId, OrganizerSnapshot, VenueSnapshot } from './event';

/** How many occurrences one series may have. */
export const MAX_SERIES_OCCURRENCES = MAX_OCCURRENCES;
/** The end when none is given: two hours after the start. */
export const DEFAULT_DURATION_MS = 2 * 60 * 60 * 1000;

const venueSchema = z.object({
  name: z.string(),
  address: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  mapUrl: z.string().optional(),
});

const organizerSchema = z.object({
  name: z.string(),
  website: z.string().optional(),
  links: z.record(z.string(), z.string()),
});

export const draftSchema = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  /** ISO instants. */
  start: z.string().optional(),
  end: z.string().optional(),
  allDay: z.boolean().optional(),
  timezone: z.string(),
  venue: venueSchema.optional(),
  venueId: z.string().optional(),
  onlineUrl: z.string().optional(),
  organizer: organizerSchema.optional(),
  organizerId: z.string().optional(),
  categories: z.array(z.string()),
  photoFileId: z.string().optional(),
  capacity: z.number().int().optional(),
  repeat: z.object({ rrule: z.string(), text: z.string() }).optional(),
});

export type EventDraft = z.infer<typeof draftSchema>;

export interface DraftError {
  key: string;
  vars?: Record<string, string | number>;
}
/**
 * `choices`: the answer can be read in more than one way (dates only); each choice is the draft as it
 * would be under one reading, in the order to offer them. The organizer picks; nothing is guessed.
 */
export type DraftResult = { ok: true; draft: EventDraft } | { ok: false; error: DraftError; choices?: EventDraft[] };

export interface ReadOptions {
  now: Date;
  /** The organizer's language (how "کل" and "3/4/2027" are read). */
  locale?: Locale;
  /** Category slugs that exist and are not archived. */
  categories?: readonly { slug: string; names: Record<string, string | undefined> }[];
}

const ok = (draft: EventDraft): DraftResult => ({ ok: true, draft });
const fail = (key: string, vars?: Record<string, string | number>): DraftResult => ({
  ok: false,
  error: vars ? { key, vars } : { key },
});

export function dateErrorKey(error: DateError): string {
  return `dates.error.${error}`;
}

/** Whitespace collapsed inside each line; at most `maxLines` lines kept. */
export function cleanText(input: string, multiline = false): string {
  const lines = input.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[\t \u00a0]+/g, ' ').trim());
  if (!multiline) return lines.filter(Boolean).join(' ');
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function invalid(v: Validated<unknown> & { ok: false }): DraftResult {
  const m = validationMessage(v);
  return fail(m.key, m.vars);
}

/** Checks a text answer's length with the shared limits; the cleaned text, or the error. */
function text(input: string, max: number, multiline = false): { ok: true; value: string } | { ok: false; res: DraftResult } {
  const v = validateText(input, max, { multiline });
  return v.ok ? { ok: true, value: v.value } : { ok: false, res: invalid(v) };
}

export function emptyDraft(timezone: string): EventDraft {
  return { timezone, categories: [] };
}

export function readTitle(draft: EventDraft, input: string): DraftResult {
  const v = text(input, LIMITS.title);
  return v.ok ? ok({ ...draft, title: v.value }) : v.res;
}

export function readDescription(draft: EventDraft, input: string): DraftResult {
  const v = text(input, LIMITS.description, true);
  return v.ok ? ok({ ...draft, description: v.value }) : v.res;
}

/** The start (and, if given, the end) read in the draft's zone. A start that moves drops an end before it. */
export function readWhen(draft: EventDraft, input: string, opts: ReadOptions): DraftResult {
  const res = parseWhen(input, { zone: draft.timezone, now: opts.now, locale: opts.locale });
  if (!res.ok && res.error === 'ambiguous') {
    return { ok: false, error: { key: dateErrorKey('ambiguous') }, choices: res.readings.map((r) => withWhen(draft, r)) };
  }
  if (!res.ok) return fail(dateErrorKey(res.error));
  return ok(withWhen(draft, res.value));
}

/** The draft with a new start (and end, if the reading has one). */
function withWhen(draft: EventDraft, when: ParsedWhen): EventDraft {
  const { start, end, allDay } = when;
  const next: EventDraft = { ...draft, start: start.toISOString(), allDay };
  if (end) next.end = end.toISOString();
  else if (draft.end && draft.start && !draft.allDay && !allDay) {
    // Keep the same duration when only the start moves.
    const old = new Date(draft.end).getTime() - new Date(draft.start).getTime();
    next.end = new Date(start.getTime() + (old > 0 ? old : DEFAULT_DURATION_MS)).toISOString();
  } else delete next.end;
  if (allDay && !end) delete next.end;
  return next;
}

export function readEnd(draft: EventDraft, input: string, opts?: { locale?: Locale }): DraftResult {
  if (!draft.start) return fail('newevent.error.noStart');
  const res = parseEnd(input, new Date(draft.start), { zone: draft.timezone, locale: opts?.locale });
  if (!res.ok && res.error === 'ambiguous') {
    return { ok: false, error: { key: dateErrorKey('ambiguous') }, choices: res.readings.map((end) => ({ ...draft, end: end.toISOString(), allDay: false })) };
  }
  if (!res.ok) return fail(dateErrorKey(res.error));
  return ok({ ...draft, end: res.value.toISOString(), allDay: false });
}

/** "Name, street address, city, country" (everything after the name is optional). */
export function parseVenueLine(input: string): { ok: true; venue: VenueSnapshot } | { ok: false; error: DraftError } {
  const parts = cleanText(input).split(/\s*[,،]\s*/).filter(Boolean);
  const name = text(parts.shift() ?? '', LIMITS.venueName);
  if (!name.ok) return { ok: false, error: name.res.ok ? { key: 'validation.empty' } : name.res.error };
  const venue: VenueSnapshot = { name: name.value };
  const address = parseAddressParts(parts);
  if (!address.ok) return address;
  return { ok: true, venue: { ...venue, ...address.fields } };
}

function parseAddressParts(
  parts: string[],
): { ok: true; fields: Omit<VenueSnapshot, 'name'> } | { ok: false; error: DraftError } {
  const fields: Omit<VenueSnapshot, 'name'> = {};
  const rest = [...parts];
  // A link among the parts is the map link.
  const linkIndex = rest.findIndex((p) => /^https?:\/\//i.test(p));
  if (linkIndex >= 0) {
    const url = validateUrl(rest.splice(linkIndex, 1)[0] ?? '');
    if (!url.ok) return { ok: false, error: validationMessage(url) };
    fields.mapUrl = url.value;
  }
  if (rest.length >= 3) {
    fields.country = rest.pop();
    fields.city = rest.pop();
  } else if (rest.length === 2) {
    fields.city = rest.pop();
  }
  if (rest.length) fields.address = rest.join(', ');
  for (const [k, max] of [['address', LIMITS.address], ['city', LIMITS.city], ['country', LIMITS.country]] as const) {
    const v = fields[k];
    if (v !== undefined && telegramLength(v) > max) return { ok: false, error: { key: 'validation.too_long', vars: { max } } };
  }
  return { ok: true, fields };
}

export function readVenue(draft: EventDraft, input: string): DraftResult {
  const res = parseVenueLine(input);
  if (!res.ok) return { ok: false, error: res.error };
  const next = { ...draft, venue: res.venue };
  delete next.venueId;
  return ok(next);
}

/** "street address, city, country" for the venue already named; or a map link. */
export function readAddress(draft: EventDraft, input: string): DraftResult {
  if (!draft.venue) return fail('newevent.error.noVenue');
  const parts = cleanText(input).split(/\s*[,،]\s*/).filter(Boolean);
  if (parts.length === 0) return fail('validation.empty');
  const res = parseAddressParts(parts);
  if (!res.ok) return { ok: false, error: res.error };
  return ok({ ...draft, venue: { name: draft.venue.name, ...res.fields } });
}

/** A map point shared as a Telegram location. */
export function readLocation(draft: EventDraft, lat: number, lon: number): DraftResult {
  if (!draft.venue) return fail('newevent.error.noVenue');
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return fail('newevent.error.badLocation');
  return ok({ ...draft, venue: { ...draft.venue, lat, lon } });
}

/** The venue's map link. */
export function readMapLink(draft: EventDraft, input: string): DraftResult {
  if (!draft.venue) return fail('newevent.error.noVenue');
  const url = validateUrl(cleanText(input));
  if (!url.ok) return invalid(url);
  return ok({ ...draft, venue: { ...draft.venue, mapUrl: url.value } });
}

export function readOnline(draft: EventDraft, input: string): DraftResult {
  const url = validateUrl(cleanText(input));
  if (!url.ok) return invalid(url);
  return ok({ ...draft, onlineUrl: url.value });
}

/** Category names or slugs, comma separated, matched against the managed list. */
export function readCategories(draft: EventDraft, input: string, opts: ReadOptions): DraftResult {
  const known = opts.categories ?? [];
  const wanted = cleanText(input).split(/\s*[,،]\s*/).map((w) => w.replace(/^#/, '').trim()).filter(Boolean);
  if (wanted.length === 0) return fail('validation.empty');
  const slugs: string[] = [];
  for (const w of wanted) {
    const lower = w.toLowerCase();
    const match = known.find((c) => c.slug === lower || Object.values(c.names).some((n) => n?.toLowerCase() === lower));
    if (!match) return fail('newevent.error.unknownCategory', { name: w, known: known.map((c) => c.slug).join(', ') || '—' });
    if (!slugs.includes(match.slug)) slugs.push(match.slug);
  }
  return ok({ ...draft, categories: slugs });
}

export function toggleCategory(draft: EventDraft, slug: string): EventDraft {
  const has = draft.categories.includes(slug);
  return { ...draft, categories: has ? draft.categories.filter((c) => c !== slug) : [...draft.categories, slug] };
}

export function readOrganizerName(draft: EventDraft, input: string): DraftResult {
  const name = text(input, LIMITS.organizerName);
  if (!name.ok) return name.res;
  const next: EventDraft = { ...draft, organizer: { name: name.value, links: {} } };
  delete next.organizerId;
  return ok(next);
}

/**
 * The organizer's website and social links, one per line or comma separated: a bare https:// link is
 * the website; "instagram: @name", "telegram: t.me/name" and so on are social links.
 */
export function readOrganizerLinks(draft: EventDraft, input: string): DraftResult {
  if (!draft.organizer) return fail('newevent.error.noOrganizer');
  const organizer: OrganizerSnapshot = { name: draft.organizer.name, links: {} };
  const items = input.split(/[\n,،]+/).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) return fail('validation.empty');
  for (const item of items) {
    const m = /^([A-Za-z]+)\s*:\s*(?!\/\/)(.+)$/.exec(item);
    if (m && !/^https?$/i.test(m[1] ?? '')) {
      const network = (m[1] ?? '').toLowerCase();
      const value = (m[2] ?? '').trim();
      if (network === 'website' || network === 'web' || network === 'site') {
        const url = validateUrl(value);
        if (!url.ok) return invalid(url);
        organizer.website = url.value;
        continue;
      }
      if (!isNetwork(network)) return fail('newevent.error.unknownNetwork', { network, known: SOCIAL_NETWORKS.join(', ') });
      const link = normalizeSocialLink(network, value);
      if (!link.ok) return invalid(link);
      organizer.links[network] = link.value;
      continue;
    }
    const url = validateUrl(item);
    if (!url.ok) return invalid(url);
    organizer.website = url.value;
  }
  return ok({ ...draft, organizer });
}

export function readCapacity(draft: EventDraft, input: string): DraftResult {
  const v = validateCapacity(input);
  return v.ok ? ok({ ...draft, capacity: v.value }) : invalid(v);
}

/** "every Thursday 19:00 until June": the series rule; its first occurrence becomes the start. */
export function readRepeat(draft: EventDraft, input: string, opts: ReadOptions): DraftResult {
  const text = cleanText(input);
  const res = parseRecurrence(text, { zone: draft.timezone, now: opts.now, locale: opts.locale });
  if (!res.ok && res.error === 'ambiguous') {
    return { ok: false, error: { key: 'recurrence.error.ambiguous' }, choices: res.readings.map((r) => withRepeat(draft, r, text)) };
  }
  if (!res.ok) return fail(`recurrence.error.${res.error}`);
  return ok(withRepeat(draft, res, text));
}

function withRepeat(draft: EventDraft, rule: RecurrenceReadingResult, text: string): EventDraft {
  const duration =
    rule.durationMinutes !== undefined ? rule.durationMinutes * 60_000
    : draft.start && draft.end ? new Date(draft.end).getTime() - new Date(draft.start).getTime() : DEFAULT_DURATION_MS;
  return {
    ...draft,
    start: rule.first.toISOString(),
    end: new Date(rule.first.getTime() + duration).toISOString(),
    allDay: false,
    repeat: { rrule: rule.rrule, text },
  };
}

export function readZone(draft: EventDraft, input: string): DraftResult {
  const zone = cleanText(input);
  if (!isValidTimeZone(zone) || !/[A-Za-z]/.test(zone)) return fail(dateErrorKey('unknown_zone'));
  return ok({ ...draft, timezone: zone });
}

/**
 * Keys of the one-message form's `key: value` lines, in the four languages (compared after
 * `foldScript`, so Arabic and Persian letter forms and ZWNJ do not matter). The prompts show them.
 */
const FORM_KEY_WORDS: Record<FormKey, string[]> = {
  end: ['end', 'ends', 'پایان', 'اتمام', 'تا ساعت', 'النهاية', 'ينتهي', 'الانتهاء', 'حتى', 'اختتام', 'ختم'],
  description: ['description', 'desc', 'about', 'توضیحات', 'شرح', 'درباره', 'الوصف', 'التفاصيل', 'وصف', 'تفصیل', 'تفصیلات'],
  category: ['category', 'categories', 'دسته', 'دسته‌ها', 'دسته‌بندی', 'موضوع', 'الفئة', 'الفئات', 'التصنيف', 'زمرہ', 'زمرے', 'قسم'],
  link: ['link', 'map', 'نقشه', 'لینک نقشه', 'الخريطة', 'خريطة', 'نقشہ'],
  online: ['online', 'آنلاین', 'لینک', 'پیوند', 'أونلاين', 'رابط', 'عبر الإنترنت', 'آن لائن', 'لنک'],
  capacity: ['capacity', 'seats', 'ظرفیت', 'السعة', 'المقاعد', 'عدد المقاعد', 'گنجائش', 'نشستیں'],
  organizer: ['organizer', 'organiser', 'برگزارکننده', 'برگزار کننده', 'میزبان', 'المنظم', 'الجهة المنظمة', 'منتظم', 'میزبان'],
  website: ['website', 'وب‌سایت', 'وبسایت', 'سایت', 'الموقع الإلكتروني', 'ویب سائٹ'],
  repeat: ['repeat', 'repeats', 'تکرار', 'التكرار', 'يتكرر', 'دہرائیں', 'تکرار'],
  zone: ['zone', 'timezone', 'منطقه زمانی', 'منطقهٔ زمانی', 'المنطقة الزمنية', 'التوقيت', 'ٹائم زون'],
  address: ['address', 'نشانی', 'آدرس', 'العنوان', 'پتہ', 'پتا'],
  venue: ['venue', 'place', 'مکان', 'محل', 'المكان', 'مقام', 'جگہ'],
};
const FORM_KEYS: ReadonlyMap<string, FormKey> = new Map(
  (Object.entries(FORM_KEY_WORDS) as [FormKey, string[]][]).flatMap(([key, words]) => words.map((w) => [foldKey(w), key] as const)),
);

/** Social networks named in the four languages. */
const SOCIAL_KEY_WORDS: Record<string, string[]> = {
  telegram: ['telegram', 'تلگرام', 'تيليجرام', 'تليجرام', 'ٹیلیگرام'],
  instagram: ['instagram', 'اینستاگرام', 'انستاگرام', 'انستغرام', 'إنستغرام', 'انسٹاگرام'],
  whatsapp: ['whatsapp', 'واتساپ', 'واتس‌اپ', 'واتساب', 'واتس اب', 'واٹس ایپ'],
  eitaa: ['eitaa', 'ایتا', 'إيتا'],
};
const SOCIAL_KEYS: ReadonlyMap<string, string> = new Map(
  Object.entries(SOCIAL_KEY_WORDS).flatMap(([network, words]) => words.map((w) => [foldKey(w), network] as const)),
);

function foldKey(word: string): string {
  return foldScript(word).replace(/\s+/g, ' ').trim();
}

type FormKey =
  | 'end' | 'description' | 'category' | 'link' | 'online' | 'capacity' | 'organizer' | 'website' | 'repeat' | 'zone' | 'address' | 'venue';

/** Social networks an organizer may list (the website is separate). */
export const SOCIAL_NETWORKS = VALID_NETWORKS.filter((n) => n !== 'website');

function isNetwork(value: string): value is Exclude<SocialNetwork, 'website'> {
  return (SOCIAL_NETWORKS as readonly string[]).includes(value);
}

/** `choices`: the date can be read in several ways; each is the whole form read with one of them. */
export type FormResult = { ok: true; draft: EventDraft } | { ok: false; error: DraftError; line?: string; choices?: EventDraft[] };

/**
 * The one-message form: "Title | when | venue" on the first line, then `key: value` lines
 * (end, description, category, link, online, capacity, organizer, website, <network>, repeat, zone,
 * address). The text after the command, i.e. without "/newevent".
 */
export function parseOneMessageForm(text: string, timezone: string, opts: ReadOptions): FormResult {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const head = lines.shift() ?? '';
  const parts = head.split('|').map((p) => p.trim());
  if (parts.length < 2 || !parts[0] || !parts[1]) return { ok: false, error: { key: 'newevent.form.usage' } };
  if (parts.length > 3) return { ok: false, error: { key: 'newevent.form.usage' } };
  let draft = emptyDraft(timezone);
  const fields: FormField[] = [];
  let descriptionLines: string[] | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    const m = /^([^:：|]{1,30}?)\s*[:：]\s*(.*)$/.exec(line);
    const key = m ? foldKey(m[1] ?? '') : '';
    const known = FORM_KEYS.get(key);
    const network = SOCIAL_KEYS.get(key);
    const social = network !== undefined && (SOCIAL_NETWORKS as readonly string[]).includes(network);
    if (m && (known || social)) {
      descriptionLines = undefined;
      const value = (m[2] ?? '').trim();
      if (known === 'description') {
        descriptionLines = [value];
        fields.push({ key: 'description', value, line });
      } else if (social) fields.push({ key: 'social', network, value, line });
      else if (known) fields.push({ key: known, value, line });
      continue;
    }
    if (descriptionLines) {
      // A description may run over several lines.
      descriptionLines.push(raw);
      const last = fields[fields.length - 1];
      if (last) last.value = descriptionLines.join('\n');
      continue;
    }
    if (line === '') continue;
    return { ok: false, error: { key: 'newevent.form.unknownLine', vars: { line: line.slice(0, 60) } }, line };
  }
  const step = (res: DraftResult, line: string): FormResult | undefined => {
    if (!res.ok) return { ok: false, error: res.error, line };
    draft = res.draft;
    return undefined;
  };
  const zone = fields.find((f) => f.key === 'zone');
  if (zone) {
    const bad = step(readZone(draft, zone.value), zone.line);
    if (bad) return bad;
  }
  let bad = step(readTitle(draft, parts[0]), head);
  if (bad) return bad;
  const when = readWhen(draft, parts[1], opts);
  if (!when.ok && when.choices) {
    // Read the rest of the form under each reading, so the organizer's pick is the whole event.
    const choices: EventDraft[] = [];
    for (const choice of when.choices) {
      const res = restOfForm(choice, parts, head, fields, opts);
      if (!res.ok) return res;
      choices.push(res.draft);
    }
    return { ok: false, error: when.error, line: head, choices };
  }
  bad = step(when, head);
  if (bad) return bad;
  return restOfForm(draft, parts, head, fields, opts);
}

type FormField = { key: FormKey | 'social'; network?: string; value: string; line: string };

/** The venue and the `key: value` lines, read into a draft that already has its title and start. */
function restOfForm(start: EventDraft, parts: string[], head: string, fields: FormField[], opts: ReadOptions): FormResult {
  let draft = start;
  const step = (res: DraftResult, line: string): FormResult | undefined => {
    if (!res.ok) return { ok: false, error: res.error, line };
    draft = res.draft;
    return undefined;
  };
  let bad: FormResult | undefined;
  const venueField = fields.find((f) => f.key === 'venue');
  if (parts[2] && venueField) return { ok: false, error: { key: 'newevent.form.twoVenues' }, line: venueField.line };
  if (parts[2] || venueField) {
    bad = step(readVenue(draft, parts[2] ?? venueField?.value ?? ''), parts[2] ? head : (venueField?.line ?? head));
    if (bad) return bad;
  }
  const repeat = fields.find((f) => f.key === 'repeat');
  const end = fields.find((f) => f.key === 'end');
  const order: Array<(typeof fields)[number]> = [
    ...(end ? [end] : []),
    ...fields.filter((f) => f.key !== 'zone' && f.key !== 'repeat' && f.key !== 'end' && f.key !== 'venue'),
  ];
  const socials: string[] = [];
  for (const f of order) {
    let res: DraftResult;
    switch (f.key) {
      case 'end': res = readEnd(draft, f.value, opts); break;
      case 'description': res = readDescription(draft, f.value); break;
      case 'category': res = readCategories(draft, f.value, opts); break;
      case 'online': res = readOnline(draft, f.value); break;
      case 'capacity': res = readCapacity(draft, f.value); break;
      case 'organizer': res = readOrganizerName(draft, f.value); break;
      case 'link':
        res = readMapLink(draft, f.value);
        break;
      case 'address':
        res = readAddress(draft, f.value);
        break;
      case 'website':
      case 'social':
        socials.push(f.key === 'website' ? `website: ${f.value}` : `${f.network ?? ''}: ${f.value}`);
        continue;
      default:
        continue;
    }
    bad = step(res, f.line);
    if (bad) return bad;
  }
  if (socials.length) {
    if (!draft.organizer) return { ok: false, error: { key: 'newevent.error.noOrganizer' }, line: socials[0] ?? '' };
    bad = step(readOrganizerLinks(draft, socials.join('\n')), socials[0] ?? '');
    if (bad) return bad;
  }
  // The repeat last: it moves the start to the first occurrence, keeping the length read above.
  if (repeat) {
    const res = readRepeat(draft, repeat.value, opts);
    if (!res.ok) return res.choices ? { ok: false, error: res.error, line: repeat.line, choices: res.choices } : { ok: false, error: res.error, line: repeat.line };
    draft = res.draft;
  }
  return { ok: true, draft };
}

/** The draft is complete enough to preview and publish. */
export function isComplete(draft: EventDraft): draft is EventDraft & { title: string; start: string } {
  return Boolean(draft.title && draft.start);
}

export function draftEnd(draft: EventDraft & { start: string }): Date {
  const start = new Date(draft.start);
  if (draft.end) return new Date(draft.end);
  return new Date(start.getTime() + (draft.allDay ? 24 * 60 * 60 * 1000 : DEFAULT_DURATION_MS));
}

const HEX_ID = /^[0-9a-f]{24}$/i;

/**
 * The events the draft becomes: one, or one per occurrence of its series (capped). Ids are hex
 * strings; a series is given `seriesId`, which the caller creates (the domain makes no ids).
 */
export function draftToEvents(
  draft: EventDraft & { title: string; start: string },
  createdBy: number,
  seriesId: string,
): Array<EventContent<string>> {
  const start = new Date(draft.start);
  const end = draftEnd(draft);
  const base: EventContent<string> = {
    title: draft.title,
    startAt: start,
    endAt: end,
    allDay: draft.allDay ?? false,
    timezone: draft.timezone,
    categories: [...draft.categories],
    createdBy,
    ...(draft.description ? { description: draft.description } : {}),
    ...(draft.venue ? { venue: draft.venue } : {}),
    ...(draft.venueId && HEX_ID.test(draft.venueId) ? { venueId: draft.venueId } : {}),
    ...(draft.onlineUrl ? { onlineUrl: draft.onlineUrl } : {}),
    ...(draft.organizer ? { organizer: draft.organizer } : {}),
    ...(draft.organizerId && HEX_ID.test(draft.organizerId) ? { organizerId: draft.organizerId } : {}),
    ...(draft.photoFileId ? { photoFileId: draft.photoFileId } : {}),
    ...(draft.capacity ? { capacity: draft.capacity } : {}),
  };
  if (!draft.repeat) return [base];
  const duration = end.getTime() - start.getTime();
  const starts = expandOccurrences(start, draft.timezone, draft.repeat.rrule, MAX_SERIES_OCCURRENCES);
  return starts.slice(0, MAX_SERIES_OCCURRENCES).map((s, index) => ({
    ...base,
    startAt: s,
    endAt: new Date(s.getTime() + duration),
    series: { seriesId, rrule: draft.repeat?.rrule ?? '', index, detached: false },
  }));
}

/** A draft holding an existing event's fields (for Duplicate and for previews). */
export function draftFromEvent(e: Omit<EventContent<HexId>, 'createdBy' | 'series'>): EventDraft {
  const d: EventDraft = {
    title: e.title,
    start: e.startAt.toISOString(),
    end: e.endAt.toISOString(),
    allDay: e.allDay,
    timezone: e.timezone,
    categories: [...e.categories],
  };
  if (e.description) d.description = e.description;
  if (e.venue) d.venue = stripNulls(e.venue);
  if (e.venueId) d.venueId = e.venueId.toHexString();
  if (e.onlineUrl) d.onlineUrl = e.onlineUrl;
  if (e.organizer) d.organizer = { name: e.organizer.name, links: { ...e.organizer.links }, ...(e.organizer.website ? { website: e.organizer.website } : {}) };
  if (e.organizerId) d.organizerId = e.organizerId.toHexString();
  if (e.photoFileId) d.photoFileId = e.photoFileId;
  if (e.capacity) d.capacity = e.capacity;
  return d;
}

function stripNulls(v: VenueSnapshot): VenueSnapshot {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined)) as VenueSnapshot;
}

/** Reads a draft back from the session (untrusted shape after a schema change): undefined if broken. */
export function parseDraft(value: unknown): EventDraft | undefined {
  const res = draftSchema.safeParse(value);
  return res.success ? res.data : undefined;
}

/** The questions of the dialogue, in order; each reads one field. */
export const STEPS = [
  'title', 'when', 'end', 'venue', 'address', 'online', 'description', 'categories', 'organizer', 'links', 'capacity', 'photo', 'repeat',
] as const;
export type Step = (typeof STEPS)[number];

export function isStep(value: unknown): value is Step {
  return typeof value === 'string' && (STEPS as readonly string[]).includes(value);
}

/** Questions that may be skipped (title and start may not). */
export const OPTIONAL_STEPS: ReadonlySet<Step> = new Set<Step>(STEPS.filter((s) => s !== 'title' && s !== 'when'));

/** Reads a typed answer to `step` into the draft. (photo is a photo, not text.) */
export function readField(step: Step, draft: EventDraft, input: string, opts: ReadOptions): DraftResult {
  switch (step) {
    case 'title': return readTitle(draft, input);
    case 'when': return readWhen(draft, input, opts);
    case 'end': return readEnd(draft, input, opts);
    case 'venue': return readVenue(draft, input);
    case 'address': return /^https?:\/\//i.test(input.trim()) ? readMapLink(draft, input) : readAddress(draft, input);
    case 'online': return readOnline(draft, input);
    case 'description': return readDescription(draft, input);
    case 'categories': return readCategories(draft, input, opts);
    case 'organizer': return readOrganizerName(draft, input);
    case 'links': return readOrganizerLinks(draft, input);
    case 'capacity': return readCapacity(draft, input);
    case 'photo': return fail('newevent.error.photoExpected');
    case 'repeat': return readRepeat(draft, input, opts);
  }
}

/** Skipping an optional question clears what it holds. */
export function clearField(step: Step, draft: EventDraft): EventDraft {
  const next: EventDraft = { ...draft };
  switch (step) {
    case 'end': delete next.end; break;
    case 'venue': delete next.venue; delete next.venueId; break;
    case 'address': if (next.venue) next.venue = { name: next.venue.name }; break;
    case 'online': delete next.onlineUrl; break;
    case 'description': delete next.description; break;
    case 'categories': next.categories = []; break;
    case 'organizer': delete next.organizer; delete next.organizerId; break;
    case 'links': if (next.organizer) next.organizer = { name: next.organizer.name, links: {} }; break;
    case 'capacity': delete next.capacity; break;
    case 'photo': delete next.photoFileId; break;
    case 'repeat': delete next.repeat; break;
    default: break;
  }
  return next;
}
