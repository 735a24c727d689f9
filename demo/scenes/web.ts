import type { DemoScene } from '../framework';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/**
 * The web calendar the bot serves on its own HTTP server: with long polling and no PUBLIC_URL, at
 * http://localhost:<PORT>. A browser (here, fetch) reads the list, a Persian event page and the
 * calendar feed a phone would subscribe to.
 */
export const scene: DemoScene = {
  title: 'The web calendar: the same events as pages, a feed, on this machine',
  async run(d) {
    const home = d.app.webUrl;
    if (!home) {
      d.note('The web calendar is not served in this run.');
      return;
    }
    d.note(`The bot also serves the calendar at ${home} (PUBLIC_URL in production). A browser opens it:`);
    const list = await fetch(home);
    const html = await list.text();
    const ids = [...new Set([...html.matchAll(/href="\/en\/event\/([0-9a-f]{24})"/g)].map((m) => m[1]!))];
    d.note(`GET ${home} → ${list.status}, ${ids.length} upcoming events listed`);
    if (ids.length === 0) return;
    const pageUrl = new URL(`/fa/event/${ids[0]}`, home).href;
    const page = await fetch(pageUrl);
    const body = await page.text();
    const title = text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(body)?.[1] ?? '');
    const when = text(/<dd><time[^>]*>([\s\S]*?)<\/time>/.exec(body)?.[1] ?? '');
    d.note(`GET ${pageUrl} → ${page.status}, ${/<html lang="fa" dir="rtl">/.test(body) ? 'right to left' : 'left to right'}: «${title}», ${when}`);
    const feed = await fetch(new URL('/calendar.ics', home));
    const ics = await feed.text();
    d.note(`GET ${new URL('/calendar.ics', home).href} → ${feed.status}, ${ics.match(/^BEGIN:VEVENT/gm)?.length ?? 0} events for calendar apps (ETag ${feed.headers.get('etag')})`);
  },
};
