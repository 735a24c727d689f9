/**
 * Web calendar throughput: requests per second for the event page and the month view under
 * concurrent load (autocannon), each as a ratio to the same server answering a static buffer of
 * the same size on another route, measured in the same run (goal ≥ 0.5), with p99 latency. The
 * pages are served by the real plugin on the real HTTP server, from the in-memory reader the tests use
 * with its answers remembered (`web_rps`: rendering, the render cache, validators and the server), or
 * from the application layer's reader on the database (`web_rps_db`, bench/run.ts: what the bot
 * serves). Load generator and server share this process and the machine.
 */
import autocannon from 'autocannon';
import { buildHttpServer } from '../src/http/server';
import { createLogger } from '../src/logger';
import { createI18n } from '../src/i18n/i18n';
import { webCalendarPlugin } from '../src/web/plugin';
import { ids, memoryReader, NOW } from '../test/support/web-reader';
import type { CalendarReader } from '../src/web/ports';

/**
 * The tests' in-memory reader recomputes every answer (series links, zone arithmetic); here its
 * answers are kept, as a real reader's would be a quick indexed read, so the figures are the web
 * layer's own (rendering, validators, the server).
 */
function remembered(reader: CalendarReader): CalendarReader {
  const memo = new Map<string, Promise<unknown>>();
  const wrap =
    <A extends unknown[], R>(name: string, f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const key = `${name}|${JSON.stringify(args)}`;
      let hit = memo.get(key) as Promise<R> | undefined;
      if (!hit) memo.set(key, (hit = f(...args)));
      return hit;
    };
  return {
    getPublicEvent: wrap('e', (id: string) => reader.getPublicEvent(id)),
    listUpcoming: wrap('u', (q: Parameters<CalendarReader['listUpcoming']>[0]) => reader.listUpcoming(q)),
    listPast: wrap('p', (q: Parameters<CalendarReader['listPast']>[0]) => reader.listPast(q)),
    month: wrap('m', (q: Parameters<CalendarReader['month']>[0]) => reader.month(q)),
    categories: wrap('c', () => reader.categories()),
    feed: wrap('f', (q: Parameters<CalendarReader['feed']>[0]) => reader.feed(q)),
    announcements: wrap('a', (q: Parameters<CalendarReader['announcements']>[0]) => reader.announcements(q)),
    photoFileId: wrap('ph', (id: string) => reader.photoFileId(id)),
  };
}

interface Run {
  rps: number;
  p99Ms: number;
  non2xx: number;
}

async function load(url: string, seconds: number): Promise<Run> {
  const r = await autocannon({ url, connections: 20, duration: seconds, headers: { 'accept-language': 'fa' } });
  return { rps: Math.round(r.requests.average), p99Ms: r.latency.p99, non2xx: r.non2xx };
}

/** Where the pages come from, and the two pages to measure. */
export interface WebSource {
  reader: CalendarReader;
  eventPath: string;
  monthPath: string;
  now: () => Date;
}

const MEMORY_SOURCE: WebSource = { reader: remembered(memoryReader()), eventPath: `/fa/event/${ids.persian}`, monthPath: '/fa/month/persian/1405-09', now: () => NOW };

export async function webThroughput(quick: boolean, source: WebSource = MEMORY_SOURCE) {
  const i18n = await createI18n();
  const statics = new Map<string, Buffer>();
  const app = await buildHttpServer({
    logger: createLogger('silent'),
    requestTimeoutMs: 10_000,
    plugins: [
      webCalendarPlugin({ reader: source.reader, i18n, baseUrl: 'https://events.example.org', botUsername: () => 'qom_events_bot', siteZone: 'Asia/Tehran', defaultLocale: 'en', now: source.now }),
      async (s) => {
        s.get('/static/:name', async (req, reply) => reply.type('text/html; charset=utf-8').send(statics.get((req.params as { name: string }).name)));
      },
    ],
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const seconds = quick ? 3 : 10;
  const out: Record<string, unknown> = {};
  try {
    for (const [name, path] of [
      ['event_page', source.eventPath],
      ['month_view', source.monthPath], // the month a Persian reader lands on (Azar 1405 for the memory reader)
    ] as const) {
      const body = Buffer.from(await (await fetch(`${origin}${path}`)).arrayBuffer());
      statics.set(name, body);
      await load(`${origin}${path}`, 1); // warm-up
      const page = await load(`${origin}${path}`, seconds);
      const file = await load(`${origin}/static/${name}`, seconds);
      out[name] = { bytes: body.length, rps: page.rps, staticRps: file.rps, ratio: Number((page.rps / file.rps).toFixed(2)), p99Ms: page.p99Ms, staticP99Ms: file.p99Ms, non2xx: page.non2xx + file.non2xx };
    }
  } finally {
    await app.close();
  }
  return out;
}

if (require.main === module) {
  webThroughput(process.argv.includes('--quick'))
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`bench failed: ${String(err)}\n`);
      process.exit(1);
    });
}
