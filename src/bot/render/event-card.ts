/**
 * The event card: one pure function from an EventRecord and the viewer's preferences to Telegram HTML.
 *
 * The card is built as a list of blocks (banner, title, time, venue, ..., description, RSVP counts).
 * Every user-supplied string passes escapeHtml (also inside href attributes); links are only made from
 * http(s) or tg: URLs. Lengths are measured as Telegram measures them (tags stripped, entities decoded,
 * UTF-16 units): the text stays ≤ 4096 by shortening the description with "…" (cut in the plain text,
 * before escaping, so never inside a tag or an entity); with a photo, the caption (≤ 1024) takes the
 * head blocks that fit and the rest follows as one or more messages ≤ 4096.
 *
 * Right-to-left locales follow the one rule in src/i18n/bidi.ts: every line starts with a right-to-left
 * mark, every user-supplied run is isolated (FSI … PDI), and each description line keeps its own
 * direction inside an isolate. Dates come in the viewer's calendars (their choice, or their
 * language's default: Solar Hijri first for Persian, Hijri beside Gregorian for Arabic and Urdu), numbers
 * in the language's digits, the zone by its localized name.
 */
import type { EventRecord } from '../../dal/types';
import type { Translate } from '../../i18n/i18n';
import { escapeHtml } from '../../i18n/html';
import { RTL_LOCALES, type Locale } from '../../i18n/locales';
import { finishMessage, isolateLtr, stripBidiControls, userLine, userRun } from '../../i18n/bidi';
import { formatNumber } from '../../i18n/digits';
import { calendarOrder, describeWhen, formatDate, formatTime, formatWhen } from '../../domain/date-format';
import { describeRecurrence } from '../../domain/recurrence';
import { isValidTimeZone, zoneOffsetMinutes, type CalendarSystem } from '../../domain/time';
import { LIMITS } from '../../domain/validate';

export interface CardViewer {
  locale: Locale;
  timezone: string;
  /** The reader's (or their channel's) chosen calendar; undefined means their language's default. */
  calendar?: CalendarSystem | undefined;
}

export interface RenderedCard {
  /** Full HTML text for sendMessage (≤ 4096 chars after parsing). */
  text: string;
  /** When the event has a photo: HTML caption ≤ 1024 chars, and the remainder as follow-up messages. */
  caption?: string;
  followUps?: string[];
}

export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
const ELLIPSIS = '…';
/** More hashtags than this say nothing; it also bounds the card's fixed part. */
const MAX_TAGS = 20;
const MAX_LINKS = 10;
const KNOWN_NETWORKS = new Set(['website', 'telegram', 'whatsapp', 'eitaa', 'instagram']);

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** The text Telegram shows for an HTML string: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, (whole, ent: string) => {
      if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
      if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
      return ENTITY[ent] ?? whole;
    });
}

/** Telegram's length of an HTML string (UTF-16 code units of the visible text). */
export function visibleLength(html: string): number {
  return visibleText(html).length;
}

/** Cuts plain text to at most `max` UTF-16 units including the "…", never splitting a surrogate pair. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = Math.max(0, max - ELLIPSIS.length);
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

/** A link is only made from a URL Telegram and the reader can safely open. */
function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  if (!/^(?:https?:\/\/|tg:\/\/)[^\s]+$/i.test(trimmed) || trimmed.length > 2000) return undefined;
  return trimmed;
}

function link(url: string, labelHtml: string): string {
  return `<a href="${escapeHtml(url)}">${labelHtml}</a>`;
}

interface Ctx {
  locale: Locale;
  rtl: boolean;
  t: Translate;
}

/**
 * A user-supplied string: cut to its field's limit (the model enforces these on save; the card does
 * not rely on it), stripped of bidi controls that could reorder the card, escaped, and isolated in
 * RTL locales.
 */
function user(ctx: Ctx, text: string, max: number): string {
  return userRun(truncatePlain(stripBidiControls(text), max), ctx.locale);
}

function num(ctx: Ctx, n: number): string {
  return formatNumber(n, ctx.locale);
}

/**
 * "#live_music": letters, digits and marks of any script, _ and the zero-width non-joiner Persian words
 * need ("سه‌شنبه"; Telegram accepts it in hashtags); spaces become _.
 */
export function hashtag(category: string): string | undefined {
  const body = category
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^\p{L}\p{N}\p{M}_\u200c]/gu, '')
    .replace(/^\u200c+|\u200c+$/g, '');
  return body.length > 0 ? `#${body}` : undefined;
}

function mapHref(event: EventRecord): string | undefined {
  const v = event.venue;
  if (!v) return undefined;
  const own = safeHref(v.mapUrl);
  if (own) return own;
  if (typeof v.lat === 'number' && typeof v.lon === 'number' && Number.isFinite(v.lat) && Number.isFinite(v.lon) && Math.abs(v.lat) <= 90 && Math.abs(v.lon) <= 180) {
    const lat = v.lat.toFixed(6).replace(/\.?0+$/, '');
    const lon = v.lon.toFixed(6).replace(/\.?0+$/, '');
    return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
  }
  return undefined;
}

interface Block {
  html: string;
  /** Part of the caption when there is a photo. */
  head: boolean;
  /** The description, which is shortened when the card is too long. */
  description?: string;
  /** Its plain text to HTML (escaped, and each line isolated in right-to-left locales). */
  renderDescription?: (text: string) => string;
}

/** The description as HTML: escaped, each line isolated in right-to-left locales (bidi.userLine). */
function descriptionHtml(ctx: Ctx, text: string): string {
  return text.split('\n').map((line) => userLine(line, ctx.locale)).join('\n');
}

function buildBlocks(event: EventRecord, viewer: CardViewer, t: Translate, now: Date): Block[] {
  const ctx: Ctx = { locale: viewer.locale, rtl: RTL_LOCALES.has(viewer.locale), t };
  const blocks: Block[] = [];
  const zone = isValidTimeZone(event.timezone) ? event.timezone : 'UTC';

  // Banner
  const banners: string[] = [];
  if (event.status === 'cancelled') {
    const reason = event.cancelReason?.trim();
    banners.push(reason ? t('card.banner.cancelledReason', { reason: user(ctx, reason, LIMITS.cancelReason) }) : t('card.banner.cancelled'));
  } else {
    if (event.endAt.getTime() <= now.getTime()) banners.push(t('card.banner.passed'));
    if (event.status === 'postponed') banners.push(t('card.banner.postponed'));
    if (event.status === 'draft') banners.push(t('card.banner.draft'));
  }
  if (banners.length > 0) blocks.push({ html: banners.join('\n'), head: true });

  // Title
  const title = event.status === 'cancelled' ? `<s>${user(ctx, event.title, LIMITS.title)}</s>` : user(ctx, event.title, LIMITS.title);
  blocks.push({ html: `<b>${title}</b>`, head: true });

  // When
  const whenLines: string[] = [];
  const calendars = calendarOrder(viewer.calendar, viewer.locale);
  const when = describeWhen(event, zone, viewer.locale, calendars, t);
  whenLines.push(t('card.when', { when: escapeHtml(when.main) }));
  if (when.beside) whenLines.push(t('card.calendarDate', { date: escapeHtml(when.beside) }));
  if (!event.allDay && isValidTimeZone(viewer.timezone) && zoneOffsetMinutes(event.startAt, viewer.timezone) !== zoneOffsetMinutes(event.startAt, zone)) {
    const mine = formatWhen(event.startAt, event.endAt, viewer.timezone, viewer.locale, false, t, calendars.primary);
    whenLines.push(t('card.yourTime', { when: escapeHtml(mine) }));
  }
  if (event.series?.rrule) {
    whenLines.push(t('card.repeats', { text: escapeHtml(describeRecurrence(event.series.rrule, zone, viewer.locale, t)) }));
  }
  blocks.push({ html: whenLines.join('\n'), head: true });

  // Where
  const whereLines: string[] = [];
  const v = event.venue;
  if (v) {
    const fields: [string | undefined, number][] = [
      [v.name, LIMITS.venueName],
      [v.address, LIMITS.address],
      [v.city, LIMITS.city],
      [v.country, LIMITS.country],
    ];
    const sep = ctx.locale === 'en' ? ', ' : '، ';
    let venue = fields
      .filter((f): f is [string, number] => typeof f[0] === 'string' && f[0].trim() !== '')
      .map(([text, max]) => user(ctx, text.trim(), max))
      .join(sep);
    const map = mapHref(event);
    if (map) venue += `${venue ? ' · ' : ''}${link(map, t('card.map'))}`;
    if (venue) whereLines.push(t('card.venue', { venue }));
  }
  const online = safeHref(event.onlineUrl);
  if (online) whereLines.push(t('card.online', { link: link(online, t('card.onlineLabel')) }));
  if (whereLines.length > 0) blocks.push({ html: whereLines.join('\n'), head: true });

  // Organizer and categories
  const aboutLines: string[] = [];
  const org = event.organizer;
  if (org && (org.name?.trim() || org.website || Object.keys(org.links ?? {}).length > 0)) {
    const items: string[] = [];
    if (org.name?.trim()) items.push(user(ctx, org.name.trim(), LIMITS.organizerName));
    const website = safeHref(org.website);
    if (website) items.push(link(website, t('card.network.website')));
    for (const [network, url] of Object.entries(org.links ?? {}).slice(0, MAX_LINKS)) {
      const href = typeof url === 'string' ? safeHref(url) : undefined;
      if (!href) continue;
      const label = KNOWN_NETWORKS.has(network) ? t(`card.network.${network}`) : user(ctx, network, LIMITS.category);
      items.push(link(href, label));
    }
    if (items.length > 0) aboutLines.push(t('card.organizer', { organizer: items.join(' · ') }));
  }
  const tags = [...new Set((event.categories ?? []).map((c) => hashtag(truncatePlain(c, LIMITS.category))).filter((h): h is string => h !== undefined))].slice(0, MAX_TAGS);
  if (tags.length > 0) aboutLines.push(t('card.categories', { tags: tags.map((h) => escapeHtml(h)).join(' ') }));
  // An imported event says where from, and whether chat edits now hold some of its fields (who wins).
  if (event.source?.host) {
    const host = isolateLtr(escapeHtml(event.source.host.slice(0, 253)), ctx.locale);
    aboutLines.push(t(event.source.edited.length > 0 ? 'card.importedEdited' : 'card.imported', { host }));
  }
  if (aboutLines.length > 0) blocks.push({ html: aboutLines.join('\n'), head: false });

  // Description
  const description = event.description?.replace(/\r\n?/g, '\n').trim();
  if (description) {
    const renderDescription = (text: string) => finishMessage(descriptionHtml(ctx, text), ctx.locale);
    blocks.push({ html: renderDescription(description), head: false, description, renderDescription });
  }

  // RSVP counts
  const c = event.rsvpCounts;
  if (c && event.status !== 'cancelled' && event.status !== 'draft') {
    const counts: string[] = [t('card.rsvp.going', { n: num(ctx, c.going) })];
    if (c.maybe > 0) counts.push(t('card.rsvp.maybe', { n: num(ctx, c.maybe) }));
    if (c.guests > 0) counts.push(t('card.rsvp.guests', { n: num(ctx, c.guests) }));
    if (event.capacity !== undefined && event.capacity > 0) {
      const taken = c.going + c.guests;
      if (taken >= event.capacity) counts.push(t('card.rsvp.full', { n: num(ctx, c.waitlist) }));
      else counts.push(t('card.rsvp.placesLeft', { n: num(ctx, event.capacity - taken) }));
    }
    blocks.push({ html: counts.join(' · '), head: false });
  }
  return blocks.map((b) => (b.description !== undefined ? b : { ...b, html: finishMessage(b.html, ctx.locale) }));
}

const SEPARATOR = '\n\n';

/**
 * Joins blocks into one message of at most `limit` visible characters, shortening the description
 * (and, as a last resort for absurd input, any block) to fit.
 */
function joinWithin(blocks: Block[], limit: number): string {
  const fixed = blocks.filter((b) => b.description === undefined);
  const desc = blocks.find((b) => b.description !== undefined);
  const fixedLength = fixed.reduce((n, b) => n + visibleLength(b.html), 0) + SEPARATOR.length * Math.max(0, blocks.length - 1);
  const parts = blocks.map((b) => {
    if (b.description === undefined || !desc) return b.html;
    const render = b.renderDescription ?? escapeHtml;
    const room = limit - fixedLength;
    // The marks and isolates around each line count too: cut until the rendered text fits.
    let max = room;
    let html = render(b.description.length <= max ? b.description : truncatePlain(b.description, max));
    while (max > 0 && visibleLength(html) > room) {
      max -= Math.max(1, visibleLength(html) - room);
      html = render(truncatePlain(b.description, max));
    }
    return html;
  });
  const html = parts.filter((p) => p !== '').join(SEPARATOR);
  if (visibleLength(html) <= limit) return html;
  // Only reachable when the fixed blocks alone exceed the limit (they are bounded by the model's limits
  // well below it): drop blocks from the end until it fits.
  const kept = parts.filter((p) => p !== '');
  while (kept.length > 1 && visibleLength(kept.join(SEPARATOR)) > limit) kept.pop();
  return kept.join(SEPARATOR);
}

export function renderEventCard(event: EventRecord, viewer: CardViewer, t: Translate, now: Date): RenderedCard {
  const blocks = buildBlocks(event, viewer, t, now);
  const text = joinWithin(blocks, MESSAGE_LIMIT);
  if (!event.photoFileId) return { text };

  // Caption: the head blocks, in order, while they fit; everything else follows.
  const captionBlocks: Block[] = [];
  let used = 0;
  let i = 0;
  for (; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (!b.head) break;
    const add = visibleLength(b.html) + (captionBlocks.length > 0 ? SEPARATOR.length : 0);
    if (used + add > CAPTION_LIMIT) break;
    captionBlocks.push(b);
    used += add;
  }
  const rest = blocks.slice(i);
  const caption = captionBlocks.map((b) => b.html).join(SEPARATOR);
  const followUps = rest.length > 0 ? [joinWithin(rest, MESSAGE_LIMIT)] : [];
  return { text, caption, followUps };
}

/** One line for lists: "Sat 5 Dec · 18:30 — <b>Title</b> · Venue", the date in the viewer's first calendar. */
export function renderEventLine(event: EventRecord, viewer: CardViewer, t: Translate): string {
  const ctx: Ctx = { locale: viewer.locale, rtl: RTL_LOCALES.has(viewer.locale), t };
  const zone = isValidTimeZone(event.timezone) ? event.timezone : 'UTC';
  const date = formatDate(event.startAt, zone, viewer.locale, false, calendarOrder(viewer.calendar, viewer.locale).primary);
  const time = event.allDay ? t('card.lineAllDay') : formatTime(event.startAt, zone, viewer.locale);
  const marker = event.status === 'cancelled' ? '❌ ' : event.status === 'postponed' ? '⚠️ ' : '';
  const title = event.status === 'cancelled' ? `<s>${user(ctx, event.title, LIMITS.title)}</s>` : user(ctx, event.title, LIMITS.title);
  let line = `${marker}${escapeHtml(date)} · ${escapeHtml(time)} — <b>${title}</b>`;
  const venue = event.venue?.name?.trim();
  if (venue) line += ` · ${user(ctx, venue, LIMITS.venueName)}`;
  return finishMessage(line, ctx.locale);
}
