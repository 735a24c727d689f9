/**
 * The list pages: upcoming (paged, optionally one category — the category page), past, and the
 * month view. Links to pages carry `?page=`; everything works without JavaScript.
 */
import { calendarOrder, formatDate, formatDayMonthYear, formatTime, gregorianTag } from '../../domain/date-format';
import { instantToZonedWallTime, isValidTimeZone, type CalendarSystem } from '../../domain/time';
import { monthDays, monthStart, nextMonth, previousMonth } from '../../domain/months';
import { intlTag } from '../../i18n/digits';
import type { PageOf, WebEvent } from '../ports';
import { categoryName, formatNumber } from '../text';
import { shareTags } from '../share';
import { Layout, renderDocument } from './layout';
import { paths, type PageContext } from './context';

function EventItem({ event, ctx }: { event: WebEvent; ctx: PageContext }) {
  const { t, locale } = ctx;
  const zone = isValidTimeZone(event.timezone) ? event.timezone : 'UTC';
  const calendars = calendarOrder(ctx.calendar, locale);
  const date = formatDate(event.startAt, zone, locale, true, calendars.primary);
  const when = event.allDay ? `${date} (${t('dates.allDay')})` : `${date}${t('dates.dateTimeSeparator')}${formatTime(event.startAt, zone, locale)}`;
  const beside = calendars.beside ? formatDayMonthYear(event.startAt, zone, locale, calendars.beside) : undefined;
  const state = event.status === 'cancelled' ? t('web.event.cancelled') : event.status === 'postponed' ? t('web.event.postponed') : undefined;
  return (
    <li>
      <a href={paths.event(locale, event.id)} class={event.status === 'cancelled' ? 'cancelled-title' : undefined}>
        <bdi>{event.title}</bdi>
      </a>
      {state ? <strong>{` (${state})`}</strong> : null}
      <div class="meta">
        <time dateTime={event.startAt.toISOString()}>{when}</time>
        {beside ? ` · ${beside}` : ''}
        {event.venue ? (
          <>
            {' · '}
            <bdi>{event.venue.name}</bdi>
          </>
        ) : null}
      </div>
    </li>
  );
}

function Pager({ page, ctx, href }: { page: PageOf<WebEvent>; ctx: PageContext; href: (p: number) => string }) {
  if (page.pageCount <= 1) return null;
  const { t, locale } = ctx;
  return (
    <nav class="pager" aria-label={t('web.list.pages')}>
      {page.page > 1 ? (
        <a href={href(page.page - 1)} rel="prev">
          {t('web.list.prev')}
        </a>
      ) : (
        <span />
      )}
      <span>{t('web.list.pageOf', { page: formatNumber(page.page, locale), count: formatNumber(page.pageCount, locale) })}</span>
      {page.page < page.pageCount ? (
        <a href={href(page.page + 1)} rel="next">
          {t('web.list.next')}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

function CategoryNav({ ctx, current }: { ctx: PageContext; current?: string }) {
  if (ctx.categories.length === 0) return null;
  const { t, locale } = ctx;
  return (
    <nav aria-label={t('web.list.categories')}>
      <ul class="actions">
        <li>
          <a href={paths.home(locale)} aria-current={current === undefined ? 'page' : undefined}>
            {t('web.list.all')}
          </a>
        </li>
        {ctx.categories.map((c) => (
          <li>
            <a href={paths.category(locale, c.slug)} aria-current={current === c.slug ? 'page' : undefined}>
              <bdi>{categoryName(c, c.slug, locale)}</bdi>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export type ListKind = { kind: 'upcoming' } | { kind: 'past' } | { kind: 'category'; slug: string };

export function renderListPage(list: ListKind, page: PageOf<WebEvent>, ctx: PageContext): string {
  const { t, locale } = ctx;
  const category = list.kind === 'category' ? ctx.categories.find((c) => c.slug === list.slug) : undefined;
  const title =
    list.kind === 'upcoming' ? t('web.list.upcoming') : list.kind === 'past' ? t('web.list.past') : t('web.list.inCategory', { name: categoryName(category, list.slug, locale) });
  const base = list.kind === 'upcoming' ? '/' : list.kind === 'past' ? '/past' : `/category/${encodeURIComponent(list.slug)}`;
  const pathAfterLang = page.page > 1 ? `${base}?page=${page.page}` : base;
  const href = (p: number) => `/${locale}${base}${p > 1 ? `?page=${p}` : ''}`;
  const meta = shareTags({ title, description: t('web.siteDescription'), url: `${ctx.baseUrl}/${locale}${pathAfterLang}`, locale, siteName: t('web.siteName'), type: 'website' });
  return renderDocument(
    <Layout ctx={ctx} title={title} pathAfterLang={pathAfterLang} meta={meta}>
      <h1>{title}</h1>
      {list.kind !== 'past' ? <CategoryNav ctx={ctx} current={list.kind === 'category' ? list.slug : undefined} /> : null}
      {list.kind === 'category' ? (
        <p>
          <a href={`webcal://${ctx.baseUrl.replace(/^https?:\/\//, '')}${paths.feedIcs(list.slug)}`}>{t('web.list.subscribeCategory')}</a>
        </p>
      ) : null}
      {page.items.length === 0 ? (
        <p>{list.kind === 'past' ? t('web.list.noPast') : t('web.list.none')}</p>
      ) : (
        <ul class="events">
          {page.items.map((e) => (
            <EventItem event={e} ctx={ctx} />
          ))}
        </ul>
      )}
      <Pager page={page} ctx={ctx} href={href} />
    </Layout>,
  );
}

/** Monday-first weeks in English, Saturday-first in Persian, Arabic and Urdu (as their calendars do). */
function firstWeekday(ctx: PageContext): number {
  return ctx.locale === 'en' ? 1 : 6;
}

const INTL_CALENDAR = { gregorian: 'gregory', persian: 'persian', islamic: 'islamic-umalqura' } as const;

/**
 * The month view in `calendar` (default Gregorian): month (year, month) of that calendar laid out in
 * weeks, each day cell numbered in it. A Solar Hijri or Hijri month also names each cell's Gregorian
 * day (with the month where one begins), and the Gregorian dates it spans sit under the title; a
 * Gregorian month names the span in the reader's other calendar. Days are read in the site's zone.
 */
export function renderMonthPage(year: number, month: number, events: readonly WebEvent[], ctx: PageContext, calendar: CalendarSystem = 'gregorian'): string {
  const { t, locale } = ctx;
  const zone = isValidTimeZone(ctx.siteZone) ? ctx.siteZone : 'UTC';
  const days = monthDays(calendar, year, month) ?? [];
  const noonOf = (d: { year: number; month: number; day: number }) => new Date(Date.UTC(d.year, d.month - 1, d.day, 12));
  const first = days[0] ?? { year, month, day: 1 };
  const last = days[days.length - 1] ?? first;
  const calTag = intlTag(locale, INTL_CALENDAR[calendar]);
  const monthName = (y: number, m: number) => {
    const start = monthStart(calendar, y, m);
    if (!start) return '';
    const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(calTag, { ...o, timeZone: 'UTC' }).format(noonOf(start));
    // ICU's combined month-and-year pattern reads "۱۴۰۵ آذر" in the Solar Hijri calendar: month first, by hand.
    return calendar === 'gregorian' ? f({ month: 'long', year: 'numeric' }) : `${f({ month: 'long' })} ${f({ year: 'numeric' })}`;
  };
  const title = monthName(year, month);
  const lead = (noonOf(first).getUTCDay() - firstWeekday(ctx) + 7) % 7;
  const dayKeys = days.map((d) => Date.UTC(d.year, d.month - 1, d.day));
  const byDay = new Map<number, WebEvent[]>();
  for (const e of events) {
    // An event is listed on each day of the month it covers (a multi-day festival on all of them);
    // an all-day event's days are its own dates (midnight to midnight in its zone), wherever the site is.
    const end = new Date(Math.max(e.startAt.getTime(), e.endAt.getTime() - 60_000));
    const dayZone = e.allDay && isValidTimeZone(e.timezone) ? e.timezone : zone;
    const s = instantToZonedWallTime(e.startAt, dayZone);
    const l = instantToZonedWallTime(end, dayZone);
    const sKey = Date.UTC(s.year, s.month - 1, s.day);
    const lKey = Date.UTC(l.year, l.month - 1, l.day);
    dayKeys.forEach((key, i) => {
      if (key >= sKey && key <= lKey) byDay.set(i, [...(byDay.get(i) ?? []), e]);
    });
  }
  const cells: (number | undefined)[] = [...Array<undefined>(lead).fill(undefined), ...days.map((_d, i) => i)];
  while (cells.length % 7 !== 0) cells.push(undefined);
  const weeks: (number | undefined)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const tag = gregorianTag(locale);
  const weekdayNames = Array.from({ length: 7 }, (_, i) => {
    // 2024-01-01 was a Monday (UTC day 1).
    const ref = new Date(Date.UTC(2024, 0, 1 + ((firstWeekday(ctx) - 1 + i + 7) % 7), 12));
    return { short: new Intl.DateTimeFormat(tag, { weekday: 'short', timeZone: 'UTC' }).format(ref), long: new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone: 'UTC' }).format(ref) };
  });
  const prev = previousMonth(year, month);
  const next = nextMonth(year, month);
  const pathAfterLang = paths.monthIn(locale, calendar, year, month).slice(locale.length + 1);
  const meta = shareTags({ title, description: t('web.siteDescription'), url: `${ctx.baseUrl}/${locale}${pathAfterLang}`, locale, siteName: t('web.siteName'), type: 'website' });
  // Under the title, the same days in the reader's other calendar (Gregorian under a Solar Hijri or Hijri month).
  const order = calendarOrder(ctx.calendar, locale);
  const other = calendar !== 'gregorian' ? 'gregorian' : order.primary !== 'gregorian' ? order.primary : order.beside;
  const otherCalendar = other && days.length > 0 ? `${formatDayMonthYear(noonOf(first), 'UTC', locale, other)} – ${formatDayMonthYear(noonOf(last), 'UTC', locale, other)}` : undefined;
  /** A Gregorian day under a Solar Hijri or Hijri day number: "22 Nov" where a Gregorian month begins (and in the first cell), else "23". */
  const gregorianDay = (i: number) => {
    const d = days[i]!;
    return new Intl.DateTimeFormat(tag, { day: 'numeric', ...(i === 0 || d.day === 1 ? { month: 'short' } : {}), timeZone: 'UTC' }).format(noonOf(d));
  };
  return renderDocument(
    <Layout ctx={ctx} title={title} pathAfterLang={pathAfterLang} meta={meta}>
      <h1>{title}</h1>
      {otherCalendar ? <p>{otherCalendar}</p> : null}
      <nav class="pager" aria-label={t('web.month.nav')}>
        <a href={paths.monthIn(locale, calendar, prev[0], prev[1])} rel="prev">
          {t('web.month.prev', { month: monthName(prev[0], prev[1]) })}
        </a>
        <a href={paths.monthIn(locale, calendar, next[0], next[1])} rel="next">
          {t('web.month.next', { month: monthName(next[0], next[1]) })}
        </a>
      </nav>
      <table class="month">
        <caption>{t('web.month.caption', { month: title })}</caption>
        <thead>
          <tr>
            {weekdayNames.map((w) => (
              <th scope="col">
                <abbr title={w.long}>{w.short}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr>
              {week.map((i) =>
                i === undefined ? (
                  <td class="out"></td>
                ) : (
                  <td>
                    <div>
                      <time dateTime={`${days[i]!.year}-${String(days[i]!.month).padStart(2, '0')}-${String(days[i]!.day).padStart(2, '0')}`}>{formatNumber(i + 1, locale)}</time>
                      {calendar !== 'gregorian' ? <span class="g">{gregorianDay(i)}</span> : null}
                    </div>
                    {(byDay.get(i) ?? []).length > 0 ? (
                      <ul>
                        {byDay.get(i)!.map((e) => (
                          <li>
                            <a href={paths.event(locale, e.id)} class={e.status === 'cancelled' ? 'cancelled-title' : undefined}>
                              {e.allDay ? '' : `${formatTime(e.startAt, zone, locale)} `}
                              <bdi>{e.title}</bdi>
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {events.length === 0 ? <p>{t('web.month.none')}</p> : null}
    </Layout>,
  );
}

export function renderNotFoundPage(ctx: PageContext): string {
  const { t, locale } = ctx;
  return renderDocument(
    <Layout ctx={ctx} title={t('web.notFound.title')} pathAfterLang="/">
      <h1>{t('web.notFound.title')}</h1>
      <p>{t('web.notFound.body')}</p>
      <p>
        <a href={paths.home(locale)}>{t('web.notFound.back')}</a>
      </p>
    </Layout>,
  );
}

/**
 * What a reader sees when something failed on our side (a 500): in their language, with no detail of
 * the error (that goes to the log). Built from texts only, so it renders when the reader is down.
 */
export function renderErrorPage(ctx: PageContext): string {
  const { t, locale } = ctx;
  return renderDocument(
    <Layout ctx={ctx} title={t('web.error.title')} pathAfterLang="/">
      <h1>{t('web.error.title')}</h1>
      <p>{t('web.error.body')}</p>
      <p>
        <a href={paths.home(locale)}>{t('web.notFound.back')}</a>
      </p>
    </Layout>,
  );
}
