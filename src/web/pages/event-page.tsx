/**
 * The event page: everything the chat card shows, laid out for the web, plus what only a page can
 * offer (add to calendar links, deep links into the bot, Open Graph and JSON-LD for sharing).
 * Every string from the event is a text child or an attribute value, which the renderer escapes;
 * the description keeps its line breaks and makes http(s) URLs into links, never HTML.
 *
 * Times: the start–end in the event's own zone in the reader's first calendar, and the date in the
 * calendar beside it, exactly as the chat writes them (describeWhen and calendarOrder: Persian reads
 * Solar Hijri with the Gregorian date beside, Arabic and Urdu Gregorian with the Hijri date beside). The reader's own zone is only known
 * to the browser, so a tiny inline script (LOCAL_TIME_SCRIPT) fills in "Your time" where it
 * differs; without JavaScript the block stays hidden and nothing else depends on it.
 */
import { calendarOrder, describeWhen, formatDate, formatTime, formatWhen } from '../../domain/date-format';
import { describeRecurrence } from '../../domain/recurrence';
import { isValidTimeZone } from '../../domain/time';
import { intlTag } from '../../i18n/digits';
import { googleCalendarLink } from '../../domain/ics';
import type { WebEvent } from '../ports';
import { categoryName, deepLinks, formatNumber, linkify, mapHref, safeHref } from '../text';
import { eventJsonLd, shareTags } from '../share';
import { Layout, renderDocument } from './layout';
import { paths, type PageContext } from './context';

const KNOWN_NETWORKS = ['website', 'telegram', 'whatsapp', 'eitaa', 'instagram'];
const INTL_CALENDAR = { gregorian: 'gregory', persian: 'persian', islamic: 'islamic-umalqura' } as const;

/**
 * Fills `[data-local]` blocks with the time in the browser's zone when its offset differs from the
 * event's, written the way formatDate writes dates (weekday, then day, month and year in the reader's
 * first calendar and digits; the page passes the Intl tag and options as data attributes). Kept tiny
 * and dependency-free; its hash goes into the Content-Security-Policy.
 */
export const LOCAL_TIME_SCRIPT = `(function(){
var nodes=document.querySelectorAll('[data-local]');
if(!nodes.length||!window.Intl)return;
var zone=Intl.DateTimeFormat().resolvedOptions().timeZone;
function off(z,d){try{var p=new Intl.DateTimeFormat('en-US',{timeZone:z,timeZoneName:'longOffset'}).formatToParts(d);for(var i=0;i<p.length;i++)if(p[i].type==='timeZoneName')return p[i].value;}catch(e){}return z;}
for(var i=0;i<nodes.length;i++){
var n=nodes[i],a=function(k){return n.getAttribute('data-'+k);},s=new Date(a('start')),e=new Date(a('end')),tag=a('tag');
if(!zone||off(zone,s)===off(a('zone'),s))continue;
var wd=new Intl.DateTimeFormat(tag,{timeZone:zone,weekday:a('wd')});
var dm=new Intl.DateTimeFormat(tag,{timeZone:zone,day:'numeric',month:a('mon'),year:'numeric'});
var time=new Intl.DateTimeFormat(tag,{timeZone:zone,hour:'2-digit',minute:'2-digit',hourCycle:'h23'});
var d=function(x){return wd.format(x)+a('wsep')+dm.format(x);};
n.querySelector('[data-out]').textContent=d(s)+a('sep')+time.format(s)+'–'+(d(e)===d(s)?'':d(e)+a('sep'))+time.format(e)+' ('+zone+')';
n.hidden=false;}
})();`;

function hasPassed(event: WebEvent, now: Date): boolean {
  return event.endAt.getTime() <= now.getTime();
}

function absolute(ctx: PageContext, url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (/^https?:\/\//i.test(url)) return safeHref(url);
  return /^\/[^/\\]/.test(url) ? `${ctx.baseUrl}${url}` : undefined;
}

/** A one-line plain-text summary for previews: "Sat 5 Dec 2026, 18:30–20:30 (Asia/Tehran) · Venue". */
export function eventSummaryLine(event: WebEvent, ctx: PageContext): string {
  const when = formatWhen(event.startAt, event.endAt, event.timezone, ctx.locale, event.allDay, ctx.t, calendarOrder(ctx.calendar, ctx.locale).primary);
  const where = event.venue?.name ?? (event.onlineUrl ? ctx.t('web.event.online') : undefined);
  const state = event.status === 'cancelled' ? `${ctx.t('web.event.cancelled')} · ` : event.status === 'postponed' ? `${ctx.t('web.event.postponed')} · ` : '';
  return `${state}${when}${where ? ` · ${where}` : ''}`;
}

export function EventBody({ event, ctx }: { event: WebEvent; ctx: PageContext }) {
  const { t, locale } = ctx;
  const zone = isValidTimeZone(event.timezone) ? event.timezone : 'UTC';
  const calendars = calendarOrder(ctx.calendar, locale);
  const when = describeWhen(event, zone, locale, calendars, t);
  const passed = hasPassed(event, ctx.now);
  const venue = event.venue;
  const map = mapHref(venue);
  const online = safeHref(event.onlineUrl);
  // Our own photo route stays site-relative, so it loads whichever address the reader came by.
  const photo = event.photoUrl && /^\/[^/\\]/.test(event.photoUrl) ? event.photoUrl : safeHref(event.photoUrl);
  const org = event.organizer;
  const orgLinks: { href: string; label: string }[] = [];
  if (org) {
    const website = safeHref(org.website);
    if (website) orgLinks.push({ href: website, label: t('card.network.website') });
    for (const [network, url] of Object.entries(org.links).slice(0, 10)) {
      const href = safeHref(url);
      if (href) orgLinks.push({ href, label: KNOWN_NETWORKS.includes(network) ? t(`card.network.${network}`) : network });
    }
  }
  const cats = event.categories.map((slug) => ({ slug, name: categoryName(ctx.categories.find((c) => c.slug === slug), slug, locale) }));
  const taken = event.rsvp.going + event.rsvp.guests;
  const n = (x: number) => formatNumber(x, locale);
  const otherDates = event.series?.occurrences.filter((o) => o.id !== event.id) ?? [];
  return (
    <article>
      <p>
        <a href={paths.home(locale)}>{t('web.event.allEvents')}</a>
      </p>
      {event.status === 'cancelled' ? (
        <p class="state cancelled" role="status">
          {event.cancelReason ? t('web.event.cancelledReason', { reason: event.cancelReason }) : t('web.event.cancelled')}
        </p>
      ) : null}
      {event.status === 'postponed' ? (
        <p class="state" role="status">
          {t('web.event.postponedNotice')}
        </p>
      ) : null}
      {passed && event.status !== 'cancelled' ? (
        <p class="state" role="status">
          {t('web.event.passed')}
        </p>
      ) : null}
      <h1 class={event.status === 'cancelled' ? 'cancelled-title' : undefined}>
        <bdi>{event.title}</bdi>
      </h1>
      {photo ? <img class="photo" src={photo} alt={t('web.event.photoAlt', { title: event.title })} /> : null}
      <dl class="facts">
        <dt>{t('web.event.when')}</dt>
        <dd>
          <time dateTime={event.startAt.toISOString()}>{when.main}</time>
        </dd>
        {when.beside && calendars.beside ? (
          <>
            <dt>{t(`web.event.calendar.${calendars.beside}`)}</dt>
            <dd>{when.beside}</dd>
          </>
        ) : null}
        {!event.allDay ? (
          <div
            data-local=""
            data-start={event.startAt.toISOString()}
            data-end={event.endAt.toISOString()}
            data-zone={zone}
            data-tag={intlTag(locale, INTL_CALENDAR[calendars.primary])}
            data-wd={locale === 'en' ? 'short' : 'long'}
            data-mon={locale === 'en' && calendars.primary === 'gregorian' ? 'short' : 'long'}
            data-wsep={locale === 'ar' || locale === 'ur' ? '، ' : ' '}
            data-sep={t('dates.dateTimeSeparator')}
            hidden
          >
            <dt>{t('web.event.yourTime')}</dt>
            <dd data-out="" class="bidi"></dd>
          </div>
        ) : null}
        {event.series ? (
          <>
            <dt>{t('web.event.repeats')}</dt>
            <dd>{describeRecurrence(event.series.rrule, zone, locale, t)}</dd>
          </>
        ) : null}
        {venue ? (
          <>
            <dt>{t('web.event.where')}</dt>
            <dd>
              <bdi>{venue.name}</bdi>
              {[venue.address, venue.city, venue.country]
                .filter((x): x is string => Boolean(x && x.trim()))
                .map((part) => (
                  <>
                    {t('dates.listSeparator')}
                    <bdi>{part}</bdi>
                  </>
                ))}
              {map ? (
                <>
                  {' · '}
                  <a href={map} rel="noopener">
                    {t('web.event.map')}
                  </a>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {online ? (
          <>
            <dt>{t('web.event.online')}</dt>
            <dd>
              <a href={online} rel="noopener nofollow">
                {t('web.event.joinOnline')}
              </a>
            </dd>
          </>
        ) : null}
        {org ? (
          <>
            <dt>{t('web.event.organizer')}</dt>
            <dd>
              <bdi>{org.name}</bdi>
              {orgLinks.map((l) => (
                <>
                  {' · '}
                  <a href={l.href} rel="noopener nofollow">
                    {l.label}
                  </a>
                </>
              ))}
            </dd>
          </>
        ) : null}
        {cats.length > 0 ? (
          <>
            <dt>{t('web.event.categories')}</dt>
            <dd>
              {cats.map((c, i) => (
                <>
                  {i > 0 ? t('dates.listSeparator') : ''}
                  <a href={paths.category(locale, c.slug)}>
                    <bdi>{c.name}</bdi>
                  </a>
                </>
              ))}
            </dd>
          </>
        ) : null}
        {event.status !== 'cancelled' ? (
          <>
            <dt>{t('web.event.attendance')}</dt>
            <dd>
              {[
                t('web.event.going', { n: n(event.rsvp.going) }),
                ...(event.rsvp.maybe > 0 ? [t('web.event.maybe', { n: n(event.rsvp.maybe) })] : []),
                ...(event.rsvp.guests > 0 ? [t('web.event.guests', { n: n(event.rsvp.guests) })] : []),
                ...(event.capacity
                  ? [
                      t('web.event.capacity', { n: n(event.capacity) }),
                      taken >= event.capacity ? t('web.event.full', { n: n(event.rsvp.waitlist) }) : t('web.event.placesLeft', { n: n(event.capacity - taken) }),
                    ]
                  : []),
              ].join(' · ')}
            </dd>
          </>
        ) : null}
      </dl>
      {event.description ? (
        <section aria-labelledby="about">
          <h2 id="about">{t('web.event.about')}</h2>
          <div class="description">
            {linkify(event.description).map((line) => (
              // Each line takes its own direction (a Persian line in an English page and the reverse).
              <p dir="auto">
                {line.length === 0 ? <br /> : null}
                {line.map((seg) =>
                  'href' in seg ? (
                    <a href={seg.href} rel="noopener nofollow ugc">
                      {seg.text}
                    </a>
                  ) : (
                    seg.text
                  ),
                )}
              </p>
            ))}
          </div>
        </section>
      ) : null}
      {event.status !== 'cancelled' ? (
        <section aria-labelledby="take-part">
          <h2 id="take-part">{t('web.event.takePart')}</h2>
          <ul class="actions">
            <li>
              <a href={paths.eventIcs(event.id)} download="">
                {t('web.event.ics')}
              </a>
            </li>
            <li>
              <a href={googleCalendarLink(toIcsLike(event))} rel="noopener">
                {t('web.event.google')}
              </a>
            </li>
            {ctx.botUsername && !passed ? (
              <>
                <li>
                  <a href={deepLinks.rsvp(ctx.botUsername, event.id)}>{t('web.event.rsvpTelegram')}</a>
                </li>
                <li>
                  <a href={deepLinks.remind(ctx.botUsername, event.id)}>{t('web.event.remindTelegram')}</a>
                </li>
              </>
            ) : null}
          </ul>
        </section>
      ) : null}
      {otherDates.length > 0 ? (
        <section aria-labelledby="series">
          <h2 id="series">{t('web.event.otherDates')}</h2>
          <ul>
            {otherDates.map((o) => (
              <li>
                <a href={paths.event(locale, o.id)}>
                  {`${formatDate(o.startAt, zone, locale, true, calendars.primary)}${t('dates.dateTimeSeparator')}${formatTime(o.startAt, zone, locale)}`}
                </a>
                {o.status === 'cancelled' ? ` (${t('web.event.cancelled')})` : o.status === 'postponed' ? ` (${t('web.event.postponed')})` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

/** The shape the chat's Google Calendar link builder reads (src/domain/ics.ts). */
export function toIcsLike(event: WebEvent) {
  return {
    title: event.title,
    description: event.description,
    startAt: event.startAt,
    endAt: event.endAt,
    allDay: event.allDay,
    timezone: event.timezone,
    venue: event.venue,
    onlineUrl: event.onlineUrl,
    series: event.series,
  };
}

export function renderEventPage(event: WebEvent, ctx: PageContext): string {
  const pagePath = `/event/${encodeURIComponent(event.id)}`;
  const url = `${ctx.baseUrl}/${ctx.locale}${pagePath}`;
  const image = absolute(ctx, event.photoUrl);
  const summary = eventSummaryLine(event, ctx);
  const meta = shareTags({ title: event.title, description: summary, url, imageUrl: image, imageAlt: ctx.t('web.event.photoAlt', { title: event.title }), locale: ctx.locale, siteName: ctx.t('web.siteName'), type: 'article' });
  return renderDocument(
    <Layout ctx={ctx} title={event.title} pathAfterLang={pagePath} meta={meta} jsonLd={eventJsonLd(event, { pageUrl: url, imageUrl: image, inLanguage: ctx.locale })} script={event.allDay ? undefined : LOCAL_TIME_SCRIPT}>
      <EventBody event={event} ctx={ctx} />
    </Layout>,
  );
}
