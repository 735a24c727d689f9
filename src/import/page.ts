/**
 * An event from a web page: schema.org `Event` (or any of its subtypes) in JSON-LD — a single
 * object (Eventbrite), an array (The Events Calendar), an `@graph` with `@id` references (Yoast and
 * other SEO plugins, Meetup) — or in microdata (`itemscope itemtype=".../Event"`). When a page has
 * neither, its Open Graph tags give what they can (title, description, image, link) as `fallback`,
 * so the chat can fill a draft and ask for the rest.
 *
 * The page is parsed with htmlparser2 (as browsers parse HTML); nothing on it is executed.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { LIMITS } from '../domain/validate';
import type { ImportedOrganizer, ImportedVenue, ImportResult, PartialImportedEvent } from './model';
import { Collector, htmlToPlainText, lineText, readIsoDate, safeLink, sortLinks, type ReadDate } from './normalize';

export interface PageOptions {
  /** The page's own URL: relative links are resolved against it; the entry's UID when it names none. */
  pageUrl: string;
  /** Zone for the event (schema.org dates carry offsets, not zone names). */
  defaultZone: string;
  maxEvents?: number;
}

export interface PageFallback {
  title?: string;
  description?: string;
  imageUrl?: string;
  url?: string;
}

/**
 * `incomplete`: entries skipped for a missing title or a missing or unreadable start, with all else
 * that was read on them (for the chat, which asks for the rest; a feed ignores them).
 */
export type PageResult = ImportResult & { fallback?: PageFallback; incomplete?: PartialImportedEvent[] };

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Node = { [k: string]: Json };

/** schema.org's Event and its subtypes. */
const EVENT_TYPES = new Set([
  'Event', 'BusinessEvent', 'ChildrensEvent', 'ComedyEvent', 'CourseInstance', 'DanceEvent', 'DeliveryEvent', 'EducationEvent',
  'EventSeries', 'ExhibitionEvent', 'Festival', 'FoodEvent', 'Hackathon', 'LiteraryEvent', 'MusicEvent', 'PublicationEvent',
  'BroadcastEvent', 'OnDemandEvent', 'SaleEvent', 'ScreeningEvent', 'SocialEvent', 'SportsEvent', 'TheaterEvent', 'VisualArtsEvent',
]);

const DEFAULT_DURATION_MS = 2 * 3_600_000;

const isNode = (v: Json | undefined): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: Json | undefined): Json[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
/** "http://schema.org/Event", "schema:Event" → "Event". */
const shortType = (t: string) => t.replace(/^.*[/#:]/, '');
const typesOf = (n: Node): string[] => list(n['@type']).filter((t): t is string => typeof t === 'string').map(shortType);
const str = (v: Json | undefined): string | undefined => {
  const first = list(v)[0];
  if (typeof first === 'string') return first;
  if (typeof first === 'number') return String(first);
  return undefined;
};

export function parseEventPage(html: string, opts: PageOptions): PageResult {
  const doc = parseDocument(html.length > 2_000_000 ? html.slice(0, 2_000_000) : html, { decodeEntities: true });
  const collector = new Collector({ maxEvents: opts.maxEvents });
  const nodes = [...jsonLdNodes(doc.children), ...microdataNodes(doc.children)];
  const events = eventsIn(nodes);
  const og = openGraph(doc.children, opts.pageUrl);
  const incomplete: PartialImportedEvent[] = [];
  events.forEach((node, i) => readEvent(node, i, opts, collector, og, incomplete));
  const result: PageResult = collector.result();
  if (incomplete.length > 0) result.incomplete = incomplete;
  if (events.length === 0) {
    if (og) result.fallback = og;
    if (result.problems.length === 0) result.problems.push({ kind: 'nothing_found' });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// JSON-LD

function jsonLdNodes(dom: ChildNode[]): Json[] {
  const scripts = DomUtils.findAll(
    (el) => el.name === 'script' && /^application\/ld\+json\b/i.test((el.attribs.type ?? '').trim()),
    dom,
  );
  const out: Json[] = [];
  for (const script of scripts) {
    const text = DomUtils.textContent(script).replace(/^\s*(?:<!\[CDATA\[|<!--)/, '').replace(/(?:\]\]>|-->)\s*$/, '');
    try {
      out.push(JSON.parse(text) as Json);
    } catch {
      // A broken block among good ones is skipped; the page may carry the event in another.
    }
  }
  return out;
}

/** Every object in the JSON-LD trees, @graph and arrays flattened, with @id references resolved. */
function eventsIn(roots: Json[]): Node[] {
  const all: Node[] = [];
  const walk = (v: Json, depth: number) => {
    if (depth > 8) return;
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (isNode(v)) {
      all.push(v);
      if (v['@graph'] !== undefined) walk(v['@graph'], depth + 1);
    }
  };
  for (const r of roots) walk(r, 0);
  const byId = new Map<string, Node>();
  for (const n of all) if (typeof n['@id'] === 'string' && Object.keys(n).length > 1) byId.set(n['@id'], n);
  const resolve = (v: Json | undefined, depth = 0): Json | undefined => {
    if (depth > 4 || v === undefined) return v;
    if (Array.isArray(v)) return v.map((x) => resolve(x, depth + 1) ?? null);
    if (isNode(v)) {
      const target = typeof v['@id'] === 'string' && Object.keys(v).length === 1 ? byId.get(v['@id']) : undefined;
      return target ?? v;
    }
    return v;
  };
  return all
    .filter((n) => typesOf(n).some((t) => EVENT_TYPES.has(t)))
    .map((n) => {
      const out: Node = { ...n };
      for (const k of ['location', 'organizer', 'image', 'eventStatus']) if (n[k] !== undefined) out[k] = resolve(n[k]) ?? null;
      return out;
    });
}

// ---------------------------------------------------------------------------------------------------
// Microdata

const PROP_VALUE_ATTR: Record<string, string> = { meta: 'content', a: 'href', link: 'href', area: 'href', img: 'src', audio: 'src', video: 'src', source: 'src', iframe: 'src', embed: 'src', object: 'data', data: 'value', meter: 'value' };

function microdataItem(el: Element, depth = 0): Node {
  const node: Node = {};
  const type = el.attribs.itemtype;
  if (type) node['@type'] = type.trim().split(/\s+/);
  const visit = (children: ChildNode[]) => {
    for (const child of children) {
      if (child.type !== 'tag' && child.type !== 'script') continue;
      const c = child as Element;
      const props = (c.attribs.itemprop ?? '').trim().split(/\s+/).filter(Boolean);
      const scoped = c.attribs.itemscope !== undefined;
      if (props.length > 0) {
        let value: Json;
        if (scoped) value = depth < 5 ? microdataItem(c, depth + 1) : null;
        else if (c.name === 'time') value = c.attribs.datetime ?? DomUtils.textContent(c).trim();
        else if (c.attribs.content !== undefined) value = c.attribs.content;
        else if (PROP_VALUE_ATTR[c.name] !== undefined) value = c.attribs[PROP_VALUE_ATTR[c.name]!] ?? '';
        else value = DomUtils.getInnerHTML(c);
        for (const p of props) node[p] = node[p] === undefined ? value : [...list(node[p]), value];
      }
      // A nested item's properties are its own, not this one's.
      if (!scoped) visit(c.children);
    }
  };
  visit(el.children);
  return node;
}

function microdataNodes(dom: ChildNode[]): Node[] {
  // Top-level items only (an item that is another's property is read as part of it).
  return DomUtils.findAll((el) => el.attribs.itemscope !== undefined && el.attribs.itemprop === undefined, dom).map((el) => microdataItem(el));
}

// ---------------------------------------------------------------------------------------------------
// Open Graph

function openGraph(dom: ChildNode[], pageUrl: string): PageFallback | undefined {
  const meta = new Map<string, string>();
  for (const el of DomUtils.findAll((e) => e.name === 'meta', dom)) {
    const key = (el.attribs.property ?? el.attribs.name ?? '').trim().toLowerCase();
    if (key && el.attribs.content !== undefined && !meta.has(key)) meta.set(key, el.attribs.content);
  }
  const title = meta.get('og:title') ?? meta.get('twitter:title');
  const description = meta.get('og:description') ?? meta.get('description') ?? meta.get('twitter:description');
  const image = meta.get('og:image') ?? meta.get('og:image:url') ?? meta.get('twitter:image');
  const url = meta.get('og:url');
  const out: PageFallback = {};
  if (title) out.title = lineText(title, LIMITS.title);
  if (description) out.description = htmlToPlainText(description);
  const imageUrl = image ? safeLink(absolute(image, pageUrl)) : undefined;
  if (imageUrl) out.imageUrl = imageUrl;
  const link = safeLink(url ? absolute(url, pageUrl) : pageUrl);
  if (link) out.url = link;
  return out.title || out.description || out.imageUrl ? out : undefined;
}

// ---------------------------------------------------------------------------------------------------
// schema.org Event → ImportedEvent

function absolute(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

function readVenue(location: Json | undefined, pageUrl: string): { venue?: ImportedVenue; onlineUrl?: string } {
  const out: { venue?: ImportedVenue; onlineUrl?: string } = {};
  for (const loc of list(location)) {
    if (typeof loc === 'string') {
      const name = lineText(loc, LIMITS.venueName);
      if (name && !out.venue) out.venue = { name };
      continue;
    }
    if (!isNode(loc)) continue;
    if (typesOf(loc).includes('VirtualLocation')) {
      const url = safeLink(absolute(str(loc.url) ?? '', pageUrl));
      if (url && !out.onlineUrl) out.onlineUrl = url;
      continue;
    }
    if (out.venue) continue;
    const address = loc.address;
    const a = isNode(address) ? address : undefined;
    const name = lineText(str(loc.name) ?? (a ? str(a.streetAddress) : str(address)) ?? '', LIMITS.venueName);
    if (!name) continue;
    const venue: ImportedVenue = { name };
    const street = a ? str(a.streetAddress) : str(address);
    if (street) venue.address = lineText(street, LIMITS.address);
    if (a) {
      const city = str(a.addressLocality);
      if (city) venue.city = lineText(city, LIMITS.city);
      const country = isNode(a.addressCountry) ? str(a.addressCountry.name) : str(a.addressCountry);
      if (country) venue.country = lineText(country, LIMITS.country);
    }
    const geo = isNode(loc.geo) ? loc.geo : undefined;
    const lat = Number(str(geo?.latitude));
    const lon = Number(str(geo?.longitude));
    if (geo && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      venue.lat = lat;
      venue.lon = lon;
    }
    if (venue.address === venue.name) delete venue.address;
    out.venue = venue;
  }
  return out;
}

function readOrganizer(organizer: Json | undefined, pageUrl: string): ImportedOrganizer | undefined {
  const first = list(organizer).find((o) => isNode(o) || typeof o === 'string');
  if (first === undefined) return undefined;
  if (typeof first === 'string') {
    const name = lineText(first, LIMITS.organizerName);
    return name ? { name, links: {} } : undefined;
  }
  if (!isNode(first)) return undefined;
  const name = lineText(str(first.name) ?? '', LIMITS.organizerName);
  if (!name) return undefined;
  const urls = [...list(first.url), ...list(first.sameAs)].filter((u): u is string => typeof u === 'string').map((u) => absolute(u, pageUrl));
  return { name, ...sortLinks(urls) };
}

function readImage(image: Json | undefined, pageUrl: string): string | undefined {
  for (const img of list(image)) {
    const href = typeof img === 'string' ? img : isNode(img) ? str(img.url) ?? str(img.contentUrl) : undefined;
    const url = href ? safeLink(absolute(href, pageUrl)) : undefined;
    if (url) return url;
  }
  return undefined;
}

/** Everything but the title and the dates; `og`: the page's Open Graph tags, for the image and description when the event data has none. */
function readDetails(node: Node, opts: PageOptions, og: PageFallback | undefined): Omit<PartialImportedEvent, 'title' | 'start' | 'end' | 'allDay'> {
  const url = safeLink(absolute(str(node.url) ?? '', opts.pageUrl));
  const { venue, onlineUrl } = readVenue(node.location, opts.pageUrl);
  const organizer = readOrganizer(node.organizer, opts.pageUrl);
  const imageUrl = readImage(node.image, opts.pageUrl) ?? og?.imageUrl;
  const description = str(node.description) ?? og?.description;
  const status = /EventCancelled$/i.test(str(node.eventStatus) ?? (isNode(node.eventStatus) ? str(node.eventStatus['@id']) ?? '' : '')) ? 'cancelled' : 'confirmed';
  const keywords = list(node.keywords).flatMap((k) => (typeof k === 'string' ? k.split(',') : [])).map((k) => lineText(k, LIMITS.category)).filter(Boolean);
  return {
    timezone: opts.defaultZone,
    ...(description ? { description: htmlToPlainText(description) } : {}),
    ...(venue ? { venue } : {}),
    ...(onlineUrl ? { onlineUrl } : {}),
    ...(organizer ? { organizer } : {}),
    ...(imageUrl ? { imageUrl } : {}),
    ...(url ? { url } : {}),
    categories: [...new Set(keywords)].slice(0, 10),
    status,
  };
}

/** `incomplete` receives the entries skipped for their title or start, with what else was read. */
function readEvent(node: Node, index: number, opts: PageOptions, collector: Collector, og: PageFallback | undefined, incomplete: PartialImportedEvent[]): void {
  const url = safeLink(absolute(str(node.url) ?? '', opts.pageUrl));
  const entry = str(node['@id']) ?? url ?? `${opts.pageUrl}#${index + 1}`;
  const details = readDetails(node, opts, og);
  const title = lineText(str(node.name) ?? '', LIMITS.title);
  const skip = (problem: Parameters<Collector['problem']>[0]) => {
    collector.problem(problem);
    incomplete.push({ ...details, ...(title ? { title } : {}) });
  };
  if (!title) return skip({ kind: 'missing_title', entry });
  const startText = str(node.startDate);
  if (!startText) return skip({ kind: 'missing_start', entry, title });
  const start = readIsoDate(startText, opts.defaultZone);
  if (!start) return skip({ kind: 'bad_date', entry, title });
  const endText = str(node.endDate);
  let end: ReadDate | undefined;
  if (endText) {
    end = readIsoDate(endText, opts.defaultZone);
    if (!end) return skip({ kind: 'bad_date', entry, title });
  }
  const allDay = start.dateOnly && (end === undefined || end.dateOnly);
  let endAt: Date;
  if (end === undefined) endAt = new Date(start.instant.getTime() + (allDay ? 86_400_000 : DEFAULT_DURATION_MS));
  // A date-only end is the last day, inclusive (schema.org); the model's end is exclusive.
  else endAt = allDay ? new Date(end.instant.getTime() + 86_400_000) : end.instant;
  if (endAt.getTime() < start.instant.getTime()) return skip({ kind: 'end_before_start', entry, title });

  collector.add({
    sourceUid: entry,
    title,
    start: start.instant,
    end: endAt,
    allDay,
    timezone: opts.defaultZone,
    zoneFromSource: false,
    ...details,
    status: details.status ?? 'confirmed',
  });
}
