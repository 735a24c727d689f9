/**
 * The frame every page shares: `<html lang dir>`, the head (title, Open Graph / Twitter tags,
 * JSON-LD, feeds), a skip link, navigation, the language switcher and the footer with the
 * subscription links. Styles are one small inline sheet using logical properties (inline-start /
 * inline-end), so the same CSS lays out left-to-right and right-to-left pages.
 */
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { SUPPORTED_LOCALES, LOCALE_NATIVE_NAMES } from '../../i18n/locales';
import { dirOf } from '../text';
import { serializeJsonLd, type MetaTag } from '../share';
import { paths, type PageContext } from './context';
import { calendarOrder } from '../../domain/date-format';
import { monthOf } from '../../domain/months';
import { instantToZonedWallTime, isValidTimeZone } from '../../domain/time';

export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,"Noto Sans","Noto Sans Arabic",Tahoma,sans-serif;line-height:1.6;color:#1b1b1b;background:#fafafa}
a{color:#0b57a4}
a:focus-visible{outline:3px solid #0b57a4;outline-offset:2px}
.skip{position:absolute;inset-inline-start:-999px}
.skip:focus{inset-inline-start:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
header,main,footer{max-width:52rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between}
header .site{font-weight:700;font-size:1.25rem;text-decoration:none;color:#1b1b1b}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
h1{font-size:1.75rem;line-height:1.3;margin:.5rem 0 1rem}
.state{padding:.5rem .75rem;border-inline-start:4px solid #8a5a00;background:#fff4e0;margin:0 0 1rem}
.state.cancelled{border-color:#a4000f;background:#fde8ea}
.cancelled-title{text-decoration:line-through}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
dl.facts div{display:contents}
[hidden]{display:none!important}
.description p{margin:0}
.photo{max-width:100%;height:auto;border-radius:6px}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0;padding:0;list-style:none}
.actions a{display:inline-block;padding:.4rem .8rem;border:1px solid #0b57a4;border-radius:6px;text-decoration:none}
.events{list-style:none;padding:0;margin:0}
.events li{padding:.75rem 0;border-bottom:1px solid #ddd}
.events .meta{color:#444;font-size:.95rem}
.pager{display:flex;justify-content:space-between;margin:1rem 0}
table.month{width:100%;border-collapse:collapse;table-layout:fixed}
table.month th,table.month td{border:1px solid #ccc;vertical-align:top;padding:.25rem;font-size:.9rem}
table.month td.out{background:#eee}
table.month ul{list-style:none;margin:0;padding:0}
table.month .g{display:block;font-size:.75rem;color:#555}
.bidi{unicode-bidi:isolate}
footer{color:#444;font-size:.9rem;border-top:1px solid #ddd}
@media (max-width:40rem){dl.facts{grid-template-columns:1fr}table.month th,table.month td{font-size:.75rem;padding:.1rem}}
`;

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  /** The path after /<lang>, for the language switcher and the canonical URL (e.g. "/event/abc"). */
  pathAfterLang: string;
  meta?: MetaTag[];
  jsonLd?: Record<string, unknown>;
  script?: string;
  children: ComponentChildren;
}

export function Layout({ ctx, title, pathAfterLang, meta = [], jsonLd, script, children }: LayoutProps) {
  const { t, locale } = ctx;
  const canonical = `${ctx.baseUrl}/${locale}${pathAfterLang}`;
  const site = t('web.siteName');
  return (
    <html lang={locale} dir={dirOf(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${site}`}</title>
        <link rel="canonical" href={canonical} />
        {SUPPORTED_LOCALES.map((l) => (
          <link rel="alternate" hrefLang={l} href={`${ctx.baseUrl}/${l}${pathAfterLang}`} />
        ))}
        <link rel="alternate" type="application/atom+xml" title={t('web.nav.atom')} href={paths.atom(locale)} />
        <link rel="alternate" type="text/calendar" title={t('web.nav.subscribe')} href={paths.feedIcs()} />
        {meta.map((m) => (m.attr === 'property' ? <meta property={m.key} content={m.content} /> : <meta name={m.key} content={m.content} />))}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
        {jsonLd ? <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(jsonLd) }} /> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {t('web.nav.skip')}
        </a>
        <header>
          <a class="site" href={paths.home(locale)}>
            {site}
          </a>
          <nav aria-label={t('web.nav.label')}>
            <ul>
              <li>
                <a href={paths.home(locale)}>{t('web.nav.upcoming')}</a>
              </li>
              <li>
                <a href={currentMonthPath(ctx)}>{t('web.nav.month')}</a>
              </li>
              <li>
                <a href={paths.past(locale)}>{t('web.nav.past')}</a>
              </li>
            </ul>
          </nav>
          <nav aria-label={t('web.nav.language')}>
            <ul>
              {SUPPORTED_LOCALES.filter((l) => l !== locale).map((l) => (
                <li>
                  <a href={`/${l}${pathAfterLang}`} lang={l} hrefLang={l}>
                    {LOCALE_NATIVE_NAMES[l]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer>
          <ul class="actions">
            <li>
              <a href={`webcal://${ctx.baseUrl.replace(/^https?:\/\//, '')}${paths.feedIcs()}`}>{t('web.nav.subscribe')}</a>
            </li>
            <li>
              <a href={paths.atom(locale)}>{t('web.nav.atom')}</a>
            </li>
            {ctx.botUsername ? (
              <li>
                <a href={`https://t.me/${encodeURIComponent(ctx.botUsername)}`}>{t('web.nav.bot')}</a>
              </li>
            ) : null}
          </ul>
        </footer>
        {script ? <script dangerouslySetInnerHTML={{ __html: script }} /> : null}
      </body>
    </html>
  );
}

/** This month's view in the site's zone, in the reader's first calendar (Azar 1405 for a Persian reader). */
export function currentMonthPath(ctx: PageContext): string {
  const calendar = calendarOrder(ctx.calendar, ctx.locale).primary;
  const w = instantToZonedWallTime(ctx.now, isValidTimeZone(ctx.siteZone) ? ctx.siteZone : 'UTC');
  return paths.monthIn(ctx.locale, calendar, ...monthOf(calendar, { year: w.year, month: w.month, day: w.day }));
}

/** A whole document as a string. */
export function renderDocument(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}
