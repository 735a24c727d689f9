/**
 * The event page: everything the chat card shows, laid out for the web, plus what only a page can
 * offer (add to calendar links, deep links into the bot, Open Graph and JSON-LD for sharing).
 * Every string from the event is a text child or an attribute value, which the renderer escapes;
 * the description keeps its line breaks and makes http(s) URLs into links, never HTML.
 *
 * Times: the start–end in the event's own zone, as the chat writes it (formatWhen), and the date in
 * the reader's calendar (Solar Hijri, Hijri) as the chat does. The reader's own zone is only known
 * to the browser, so a tiny inline script (LOCAL_TIME_SCRIPT) fills in "Your time" where it
 * differs; without JavaScript the block stays hidden and nothing else depends on it.
 */
import { formatDate, formatTime, formatWhen, gregorianTag } from '../../domain/dates';
import { describeRecurrence } from '../../domain/recurrence';
import { formatCalendarDate, isValidTimeZone } from '../../domain/time';
import { googleCalendarLink } from '../../domain/ics';
import type { WebEvent } from '../ports';
import { categoryName, deepLinks, formatNumber, linkify, mapHref, safeHref } from '../text';
import { eventJsonLd, shareTags } from '../share';
import { Layout, renderDocument } from './layout';
import { paths, type PageContext } from './context';

const KNOWN_NETWORKS = ['website', 'telegram', 'whatsapp', 'eitaa', 'instagram'];

/**
 * Fills `[data-local]` blocks with the time in the browser's zone when its offset differs from the
 * event's, written as the chat writes dates (formatDate: "Sat 5 Dec 2026" in English, Intl's own
 * order elsewhere). Kept tiny and dependency-free; its hash goes into the Content-Security-Policy.
 */
export const LOCAL_TIME_SCRIPT = `(function(){
var nodes=document.querySelectorAll('[data-local]');
if(!nodes.length||!window.Intl)return;
var zone=Intl.DateTimeFormat().resolvedOptions().timeZone;
function off(z,d){try{var p=new Intl.DateTimeFormat('en-US',{timeZone:z,timeZoneName:'longOffset'}).formatToParts(d);for(var i=0;i<p.length;i++)if(p[i].type==='timeZoneName')return p[i].value;}catch(e){}return z;}
for(var i=0;i<nodes.length;i++){
var n=nodes[i],s=new Date(n.getAttribute('data-start')),e=new Date(n.getAttribute('data-end')),tag=n.getAttribute('data-tag');
if(!zone||off(zone,s)===off(n.getAttribute('data-zone'),s))continue;
var day=new Intl.DateTimeFormat(tag,{timeZone:zone,weekday:'short',day:'numeric',month:'short',year:'numeric'});
var time=new Intl.DateTimeFormat(tag,{timeZone:zone,hour:'2-digit',minute:'2-digit',hourCycle:'h23'});
var d=function(x){if(tag.indexOf('en')!==0)return day.format(x);var p=day.formatToParts(x),o={};for(var j=0;j<p.length;j++)o[p[j].type]=p[j].value;return [o.weekday,o.day,o.month,o.year].join(' ');};
var text=d(s)+n.getAttribute('data-sep')+time.format(s)+'–'+(d(e)===d(s)?'':d(e)+n.getAttribute('data-sep'))+time.format(e);
n.querySelector('[data-out]').textContent=text+' ('+zone+')';
n.hidden=false;}
})();`;

function hasPassed(event: WebEvent, now: Date): boolean {
  return event.endAt.getTime() <= now.getTime();
}

function absolute(ctx: PageContext, url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (/^https?:\/\//i.test(url)) return safeHref(url);
  return url.startsWith('/') ? `${ctx.baseUrl}${url}` : undefined;
}

/** A one-line plain-text summary for previews: "Sat 5 Dec 2026, 18:30–20:30 (Asia/Tehran) · Venue". */
export function eventSummaryLine(event: WebEvent, ctx: PageContext): string {
  const when = formatWhen(event.startAt, event.endAt, event.timezone, ctx.locale, event.allDay, ctx.t);
  const where = event.venue?.name ?? (event.onlineUrl ? ctx.t('web.event.online') : undefined);
  const state = event.status === 'cancelled' ? `${ctx.t('web.event.cancelled')} · ` : event.status === 'postponed' ? `${ctx.t('web.event.postponed')} · ` : '';
  return `${state}${when}${where ? ` · ${where}` : ''}`;
}

export function EventBody({ event, ctx }: { event: WebEvent; ctx: PageContext }) {
  const { t, locale } = ctx;
  const zone = isValidTimeZone(event.timezone) ? event.timezone : 'UTC';
  const passed = hasPassed(event, ctx.now);
  const venue = event.venue;
  const map = mapHref(venue);
  const online = safeHref(event.onlineUrl);
  const photo = absolute(ctx, event.photoUrl);
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
          <time dateTime={event.startAt.toISOString()}>{formatWhen(event.startAt, event.endAt, zone, locale, event.allDay, t)}</time>
        </dd>
        {ctx.calendar !== 'gregorian' ? (
          <>
            <dt>{t(`web.event.calendar.${ctx.calendar}`)}</dt>
            <dd>{formatCalendarDate(event.startAt, zone, locale, ctx.calendar)}</dd>
          </>
        ) : null}
        {!event.allDay ? (
          <div
            data-local=""
            data-start={event.startAt.toISOString()}
            data-end={event.endAt.toISOString()}
            data-zone={zone}
            data-tag={gregorianTag(locale)}
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
                  {`${formatDate(o.startAt, zone, locale)}${t('dates.dateTimeSeparator')}${formatTime(o.startAt, zone, locale)}`}
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
  const meta = shareTags({ title: event.title, description: summary, url, imageUrl: image, locale: gregorianTag(ctx.locale).replace(/-u-ca-gregory$/, '').replace('-', '_'), siteName: ctx.t('web.siteName'), type: 'article' });
  return renderDocument(
    <Layout ctx={ctx} title={event.title} pathAfterLang={pagePath} meta={meta} jsonLd={eventJsonLd(event, { pageUrl: url, imageUrl: image, inLanguage: ctx.locale })} script={event.allDay ? undefined : LOCAL_TIME_SCRIPT}>
      <EventBody event={event} ctx={ctx} />
    </Layout>,
  );
}
