/**
 * The public web calendar as one Fastify plugin, reading only through a CalendarReader it is given
 * (the application layer provides it; tests give an in-memory one). Routes:
 *
 *   GET /                                  → 302 to /<language>/ (Accept-Language)
 *   GET /<lang>/                           upcoming events, ?page=N
 *   GET /<lang>/past                       past events, ?page=N
 *   GET /<lang>/category/<slug>            upcoming events in a category, ?page=N
 *   GET /<lang>/month, /<lang>/month/YYYY-MM   the month view (the site's zone); /<lang>/month goes
 *                                          to this month in the reader's calendar
 *   GET /<lang>/month/persian/YYYY-MM, /<lang>/month/islamic/YYYY-MM   a Solar Hijri or Hijri month
 *   GET /<lang>/event/<id>, /event/<id>    an event page (the second redirects by Accept-Language)
 *   GET /event/<id>/calendar.ics           that event as an .ics file (as the chat sends it)
 *   GET /calendar.ics, /category/<slug>/calendar.ics   subscription feeds (webcal://)
 *   GET /<lang>/feed.atom                  announcements
 *   GET /photos/<id>?v=<version>           an event's Telegram photo, served by us (src/web/photos.ts)
 *
 * Every page may carry `?cal=gregorian|persian|islamic`: the reader's first calendar (default per
 * language, as in chat: Solar Hijri for Persian, Gregorian otherwise, with a second one beside).
 * Every answer carries a weak ETag and Last-Modified computed from the events it shows (their ids,
 * SEQUENCE and updatedAt, plus what else the body depends on), `Cache-Control: no-cache` (a cache
 * may keep it but asks each time), and a conditional request gets 304: a change to an event shows
 * at once, an unchanged feed costs a calendar app one small answer. Anything unknown under a
 * language — an unknown, draft or deleted event alike — is a 404 page in that language; an error of
 * ours (the reader failing, a page that cannot be rendered) is a 500 page in the reader's language,
 * with the error in the log and never in the page.
 */
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { I18n } from '../i18n/i18n';
import { isLocale, type Locale } from '../i18n/locales';
import { buildCalendar } from '../domain/ics';
import { CALENDAR_SYSTEMS, instantToZonedWallTime, isValidTimeZone, type CalendarSystem } from '../domain/time';
import type { CalendarReader, WebCategory, WebEvent } from './ports';
import { buildAtomFeed, buildIcsFeed, feedEntries, isNotModified, validatorsFor, type Validators } from './feeds';
import { paths, type PageContext } from './pages/context';
import { STYLE, currentMonthPath } from './pages/layout';
import { monthDays } from '../domain/months';
import { LOCAL_TIME_SCRIPT, eventSummaryLine, renderEventPage } from './pages/event-page';
import { renderErrorPage, renderListPage, renderMonthPage, renderNotFoundPage } from './pages/lists';
import { PhotoCache, photoVersion, type PhotoLoader } from './photos';

export interface WebCalendarOptions {
  reader: CalendarReader;
  i18n: I18n;
  /** PUBLIC_URL, or http://localhost:<PORT>; no trailing slash needed. */
  baseUrl: string;
  /** The bot's username (for t.me links); a function, as it is known only once the bot has started. */
  botUsername: () => string;
  /** The community's zone (DEFAULT_TIMEZONE): month views are read in it. */
  siteZone: string;
  /** Language for a reader whose Accept-Language names none of ours. */
  defaultLocale: Locale;
  now: () => Date;
  pageSize?: number;
  /** Fetches Telegram photos (the bot layer's, through its gateway); without it photos are 404. */
  photos?: PhotoLoader;
  /** Bytes of photos kept in memory (default 32 MB). */
  photoCacheBytes?: number;
}

const EVENT_ID = /^[0-9a-f]{24}$/;
const SLUG = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const MAX_PAGE = 1000;
/** Rendered pages and feeds kept (about 10 KB each). */
const RENDER_CACHE_ENTRIES = 500;
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
/** Only our own inline style and script run; nothing is loaded from elsewhere but images. */
const CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(LOCAL_TIME_SCRIPT)}`,
  'img-src https: http: data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The first supported language in Accept-Language, by q-value then order (RFC 9110 §12.5.4). */
export function negotiateLocale(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: (range ?? '').trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.q > 0 && Number.isFinite(r.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) if (isLocale(r.base)) return r.base;
  return fallback;
}

function pageNumber(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 && n <= MAX_PAGE ? n : 1;
}

/** `?cal=` when it names a calendar; otherwise the language's default applies (calendarOrder). */
function calendarParam(raw: unknown): CalendarSystem | undefined {
  return CALENDAR_SYSTEMS.find((c) => c === raw);
}

type Query = Record<string, string | undefined>;

export function webCalendarPlugin(opts: WebCalendarOptions): FastifyPluginAsync {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const pageSize = opts.pageSize ?? 20;
  const siteZone = isValidTimeZone(opts.siteZone) ? opts.siteZone : 'UTC';

  const photoCache = opts.photos ? new PhotoCache(opts.photos, opts.photoCacheBytes) : undefined;

  return async (app) => {
    const contextFor = async (req: FastifyRequest, locale: Locale): Promise<PageContext> => ({
      locale,
      t: opts.i18n.forLocale(locale),
      baseUrl,
      botUsername: opts.botUsername(),
      now: opts.now(),
      siteZone,
      calendar: calendarParam((req.query as Query).cal),
      categories: await opts.reader.categories(),
    });

    const localeOf = (req: FastifyRequest) => negotiateLocale(req.headers['accept-language'], opts.defaultLocale);

    app.setErrorHandler(async (error: Error & { statusCode?: number }, req, reply) => {
      // Whatever a failed answer had set for a 200 (validators, a file name) does not describe this one.
      for (const h of ['etag', 'last-modified', 'content-disposition', 'vary']) reply.removeHeader(h);
      reply.header('cache-control', 'no-store');
      const status = error.statusCode ?? 500;
      if (status < 500) return reply.code(status).type('text/plain; charset=utf-8').send(STATUS_CODES[status] ?? 'Bad Request');
      req.log.error({ err: error, url: req.url.split('?')[0] }, 'web calendar request failed');
      const lang = (req.params as { lang?: string } | undefined)?.lang;
      const locale = lang !== undefined && isLocale(lang) ? lang : localeOf(req);
      let page: string;
      try {
        // Only texts: the reader may be what failed.
        page = renderErrorPage({ locale, t: opts.i18n.forLocale(locale), baseUrl, botUsername: opts.botUsername(), now: opts.now(), siteZone, calendar: undefined, categories: [] });
      } catch (err) {
        req.log.error({ err }, 'the error page could not be rendered either');
        return reply.code(500).type('text/plain; charset=utf-8').send(STATUS_CODES[500]);
      }
      return reply.code(500).header('content-security-policy', CSP).type('text/html; charset=utf-8').send(page);
    });

    /**
     * Rendered bodies by route and ETag. The ETag covers everything a body depends on (the events'
     * ids, SEQUENCE and updatedAt, the language, calendar, categories, day…), so an entry is never
     * stale: a change makes a new key, and the old one ages out. Bounded, least recently used out.
     */
    const rendered = new Map<string, string>();
    const cached = (key: string, body: () => string): string => {
      const hit = rendered.get(key);
      if (hit !== undefined) {
        rendered.delete(key);
        rendered.set(key, hit);
        return hit;
      }
      const fresh = body();
      rendered.set(key, fresh);
      if (rendered.size > RENDER_CACHE_ENTRIES) rendered.delete(rendered.keys().next().value!);
      return fresh;
    };

    /** Sends `body()` with validators, or 304 when the client's copy is current. */
    const send = (req: FastifyRequest, reply: FastifyReply, v: Validators, type: string, body: () => string, status = 200) => {
      reply.header('etag', v.etag).header('last-modified', v.lastModified.toUTCString()).header('cache-control', 'no-cache');
      // Pages name their language in the URL; feeds and .ics files take it from the header (their links).
      if (!type.startsWith('text/html') && !type.startsWith('application/atom')) reply.header('vary', 'Accept-Language');
      if (type.startsWith('text/html')) reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'strict-origin-when-cross-origin');
      const ifNoneMatch = req.headers['if-none-match'];
      const ifModifiedSince = req.headers['if-modified-since'];
      if (status === 200 && isNotModified({ ifNoneMatch, ifModifiedSince }, v)) return reply.code(304).send();
      return reply.code(status).type(type).send(cached(`${req.routeOptions.url ?? ''}|${req.url.split('?')[0]}|${v.etag}`, body));
    };

    const notFound = async (req: FastifyRequest, reply: FastifyReply, locale: Locale) => {
      const ctx = await contextFor(req, locale);
      reply.header('cache-control', 'no-store').header('content-security-policy', CSP);
      return reply.code(404).type('text/html; charset=utf-8').send(renderNotFoundPage(ctx));
    };

    /** What a page's bytes depend on besides its events. */
    const salt = (ctx: PageContext, ...more: (string | number)[]) =>
      [ctx.locale, ctx.calendar ?? '', ctx.botUsername, baseUrl, JSON.stringify(ctx.categories), dayKey(ctx.now), ...more].join('|');

    const listOf = (kind: 'upcoming' | 'past' | 'category') => async (req: FastifyRequest, reply: FastifyReply) => {
      const { lang, slug } = req.params as { lang: string; slug?: string };
      if (!isLocale(lang)) return notFound(req, reply, localeOf(req));
      if (kind === 'category' && (!slug || !SLUG.test(slug))) return notFound(req, reply, lang);
      const ctx = await contextFor(req, lang);
      if (kind === 'category' && !ctx.categories.some((c) => c.slug === slug)) return notFound(req, reply, lang);
      const query = { page: pageNumber((req.query as Query).page), pageSize, ...(slug ? { category: slug } : {}) };
      const page = kind === 'past' ? await opts.reader.listPast(query) : await opts.reader.listUpcoming(query);
      const v = validatorsOf(page.items, salt(ctx, kind, slug ?? '', page.page, page.pageCount));
      return send(req, reply, v, 'text/html; charset=utf-8', () => renderListPage(kind === 'category' ? { kind, slug: slug! } : { kind }, page, ctx));
    };

    /**
     * Validators of a list the reader returned, by the list itself: a reader that remembers its
     * answers (the application layer's does, until a change) returns the same array for the same
     * answer, so hashing it is done once per answer, not once per request.
     */
    const validatorMemo = new WeakMap<readonly WebEvent[], Map<string, Validators>>();
    const validatorsOf = (events: readonly WebEvent[], saltText: string): Validators => {
      let bySalt = validatorMemo.get(events);
      if (!bySalt) validatorMemo.set(events, (bySalt = new Map()));
      let v = bySalt.get(saltText);
      if (!v) {
        v = validatorsFor(events, saltText);
        if (bySalt.size >= 64) bySalt.clear();
        bySalt.set(saltText, v);
      }
      return v;
    };
    /** A month view's events merged from the reader's answers for its Gregorian months, kept as long as those answers are the same arrays. */
    const mergeMemo = new WeakMap<readonly WebEvent[], { rest: readonly (readonly WebEvent[])[]; events: WebEvent[] }>();
    const mergeMonths = (parts: readonly (readonly WebEvent[])[]): WebEvent[] => {
      const [first = [], ...rest] = parts;
      const kept = mergeMemo.get(first);
      if (kept && kept.rest.length === rest.length && kept.rest.every((r, i) => r === rest[i])) return kept.events;
      const byId = new Map<string, WebEvent>();
      for (const part of parts) for (const e of part) byId.set(e.id, e);
      const events = [...byId.values()].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
      mergeMemo.set(first, { rest, events });
      return events;
    };

    /** The site's date (pages show "today" relative to it); worked out once a minute. */
    let dayMemo = { minute: -1, key: '' };
    const dayKey = (now: Date) => {
      const minute = Math.floor(now.getTime() / 60_000);
      if (minute !== dayMemo.minute) {
        const w = instantToZonedWallTime(now, siteZone);
        dayMemo = { minute, key: `${w.year}-${w.month}-${w.day}` };
      }
      return dayMemo.key;
    };

    app.get('/', async (req, reply) => reply.header('vary', 'Accept-Language').redirect(paths.home(localeOf(req)), 302));
    app.get('/:lang', async (req, reply) => {
      const { lang } = req.params as { lang: string };
      return isLocale(lang) ? reply.redirect(paths.home(lang), 301) : notFound(req, reply, localeOf(req));
    });
    app.get('/:lang/', listOf('upcoming'));
    app.get('/:lang/past', listOf('past'));
    app.get('/:lang/category/:slug', listOf('category'));

    app.get('/:lang/month', async (req, reply) => {
      const { lang } = req.params as { lang: string };
      if (!isLocale(lang)) return notFound(req, reply, localeOf(req));
      // This month in the reader's first calendar: Azar 1405 for Persian, December 2026 for English.
      return reply.redirect(currentMonthPath(await contextFor(req, lang)), 302);
    });
    const monthView = async (req: FastifyRequest, reply: FastifyReply, lang: string, calendar: CalendarSystem, ym: string) => {
      if (!isLocale(lang)) return notFound(req, reply, localeOf(req));
      const m = /^(\d{4})-(\d{2})$/.exec(ym);
      const year = Number(m?.[1]);
      const month = Number(m?.[2]);
      const days = m ? monthDays(calendar, year, month) : undefined;
      if (!days || days[0]!.year < 1970) return notFound(req, reply, lang);
      const ctx = await contextFor(req, lang);
      // The Gregorian months the days fall in (one, or two for a Solar Hijri or Hijri month).
      const spans = [...new Map(days.map((d) => [`${d.year}-${d.month}`, d])).values()];
      const parts: WebEvent[][] = [];
      for (const d of spans) parts.push(await opts.reader.month({ year: d.year, month: d.month, zone: siteZone }));
      const events = mergeMonths(parts);
      const v = validatorsOf(events, salt(ctx, 'month', calendar, ym));
      return send(req, reply, v, 'text/html; charset=utf-8', () => renderMonthPage(year, month, events, ctx, calendar));
    };
    app.get('/:lang/month/:ym', async (req, reply) => {
      const { lang, ym } = req.params as { lang: string; ym: string };
      return monthView(req, reply, lang, 'gregorian', ym);
    });
    app.get('/:lang/month/:calendar/:ym', async (req, reply) => {
      const { lang, calendar, ym } = req.params as { lang: string; calendar: string; ym: string };
      if (calendar !== 'persian' && calendar !== 'islamic') return notFound(req, reply, isLocale(lang) ? lang : localeOf(req));
      return monthView(req, reply, lang, calendar, ym);
    });

    app.get('/:lang/event/:id', async (req, reply) => {
      const { lang, id } = req.params as { lang: string; id: string };
      if (!isLocale(lang)) return notFound(req, reply, localeOf(req));
      const event = EVENT_ID.test(id) ? await opts.reader.getPublicEvent(id) : undefined;
      if (!event) return notFound(req, reply, lang);
      const ctx = await contextFor(req, lang);
      const passed = event.endAt.getTime() <= ctx.now.getTime();
      const occurrences = (event.series?.occurrences ?? []).map((o) => `${o.id}:${o.status}:${o.startAt.getTime()}`).join(',');
      const v = validatorsFor([event], salt(ctx, 'event', passed ? 'passed' : '', occurrences));
      return send(req, reply, v, 'text/html; charset=utf-8', () => renderEventPage(event, ctx));
    });
    app.get('/event/:id', async (req, reply) => {
      const { id } = req.params as { id: string };
      return reply.header('vary', 'Accept-Language').redirect(paths.event(localeOf(req), id), 302);
    });

    const feedName = (locale: Locale, category?: WebCategory) => {
      const t = opts.i18n.forLocale(locale);
      const site = t('web.siteName');
      return category ? t('web.feed.categoryTitle', { site, name: category.names[locale] ?? category.names.en }) : t('web.feed.title', { site });
    };
    const pageUrl = (locale: Locale) => (id: string) => `${baseUrl}${paths.event(locale, id)}`;

    app.get('/event/:id/calendar.ics', async (req, reply) => {
      const { id } = req.params as { id: string };
      const locale = localeOf(req);
      const event = EVENT_ID.test(id) ? await opts.reader.getPublicEvent(id) : undefined;
      if (!event) return notFound(req, reply, locale);
      const bot = opts.botUsername() || 'events';
      // One event, as the chat's .ics: a series occurrence carries the rule from itself on.
      const entries = feedEntries([event], { botUsername: bot, now: opts.now(), pageUrl: pageUrl(locale), name: event.title });
      const v = validatorsFor([event], `ics|${bot}|${locale}`);
      reply.header('content-disposition', 'attachment; filename="event.ics"');
      return send(req, reply, v, 'text/calendar; charset=utf-8', () => buildCalendar(entries, { botUsername: bot, now: opts.now() }));
    });

    const feed = async (req: FastifyRequest, reply: FastifyReply, slug?: string) => {
      const locale = localeOf(req);
      let category: WebCategory | undefined;
      if (slug !== undefined) {
        category = SLUG.test(slug) ? (await opts.reader.categories()).find((c) => c.slug === slug) : undefined;
        if (!category) return notFound(req, reply, locale);
      }
      const events = await opts.reader.feed(category ? { category: category.slug } : {});
      const bot = opts.botUsername() || 'events';
      const name = feedName(locale, category);
      const v = validatorsOf(events, `feed|${bot}|${locale}|${name}`);
      return send(req, reply, v, 'text/calendar; charset=utf-8', () => buildIcsFeed(events, { botUsername: bot, now: opts.now(), pageUrl: pageUrl(locale), name }));
    };
    app.get('/calendar.ics', async (req, reply) => feed(req, reply));
    app.get('/category/:slug/calendar.ics', async (req, reply) => feed(req, reply, (req.params as { slug: string }).slug));

    app.get('/:lang/feed.atom', async (req, reply) => {
      const { lang } = req.params as { lang: string };
      if (!isLocale(lang)) return notFound(req, reply, localeOf(req));
      const ctx = await contextFor(req, lang);
      const events: WebEvent[] = await opts.reader.announcements({ limit: 50 });
      const title = ctx.t('web.feed.announcements', { site: ctx.t('web.siteName') });
      const v = validatorsOf(events, salt(ctx, 'atom'));
      return send(req, reply, v, 'application/atom+xml; charset=utf-8', () =>
        buildAtomFeed(events, {
          title,
          selfUrl: `${baseUrl}${paths.atom(lang)}`,
          homeUrl: `${baseUrl}${paths.home(lang)}`,
          pageUrl: pageUrl(lang),
          lang,
          summary: (e) => eventSummaryLine(e, ctx),
          now: ctx.now,
        }),
      );
    });

    /**
     * An event's photo. The URL names the event (a photo shows only while its event is public) and
     * the photo's version: the bytes behind one version never change, so a request naming the
     * current one may be cached for a year; any other is cached briefly and still gets the photo.
     */
    app.get('/photos/:id', async (req, reply) => {
      const { id } = req.params as { id: string };
      const fileId = photoCache && EVENT_ID.test(id) ? await opts.reader.photoFileId(id) : undefined;
      const missing = () => reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not Found');
      if (!fileId || !photoCache) return missing();
      const version = photoVersion(fileId);
      const etag = `"${version}"`;
      reply.header('etag', etag).header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'");
      reply.header('cache-control', (req.query as Query).v === version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      const ifNoneMatch = req.headers['if-none-match'];
      if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) return reply.code(304).send();
      let photo;
      try {
        photo = await photoCache.get(fileId);
      } catch (err) {
        // Telegram unreachable or slow: a later request tries again (nothing is remembered).
        req.log.warn({ err, eventId: id }, 'could not fetch an event photo from Telegram');
        return reply.code(503).header('cache-control', 'no-store').header('retry-after', '60').type('text/plain; charset=utf-8').send('Service Unavailable');
      }
      if (!photo) return missing();
      return reply.type(photo.type).send(photo.bytes);
    });

    // Anything else under a language is a page we do not have: say so in that language.
    app.get('/:lang/*', async (req, reply) => {
      const { lang } = req.params as { lang: string };
      return notFound(req, reply, isLocale(lang) ? lang : localeOf(req));
    });
  };
}

