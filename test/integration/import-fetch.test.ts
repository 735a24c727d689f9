/**
 * Importing over HTTP from a local server (127.0.0.1 only) that serves event pages, an iCalendar
 * feed, The Events Calendar's REST API, and hostile answers: 100 MB bodies, a body that never ends,
 * one that stalls, redirects into the local network and in circles.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicAddress } from '../../src/import/address';
import { decodeBody } from '../../src/import/decode';
import { safeFetch, type FetchResult, type ResolvedAddress, type SafeFetchOptions } from '../../src/import/fetch';
import { parseICalendar } from '../../src/import/ical';
import { parseEventPage } from '../../src/import/page';
import { importTribeSite } from '../../src/import/tribe';
import { NOW, RALLY, bigFeed, eventbritePage, feed, meetupPage, tecEventPage, tecRestPage1, tecRestPage2 } from '../support/import-fixtures';

const MB = 1024 * 1024;

interface Site {
  port: number;
  base: string;
  hits: string[];
  /** Bytes the server managed to write, per path (for the endless bodies). */
  written: Map<string, number>;
  hosts: string[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, site: Site) => void;

async function serve(routes: Record<string, Handler>): Promise<Site> {
  const sockets = new Set<import('node:net').Socket>();
  const site: Site = { port: 0, base: '', hits: [], written: new Map(), hosts: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    site.hits.push(req.url ?? '/');
    site.hosts.push(req.headers.host ?? '');
    const route = routes[path];
    if (!route) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    route(req, res, site);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.port = (server.address() as AddressInfo).port;
  site.base = `http://127.0.0.1:${site.port}`;
  site.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return site;
}

/** Writes 64 KB pieces as fast as the client reads, up to `total`, until the client goes away. */
function endless(path: string, total: number, declare: boolean): Handler {
  return (_req, res, site) => {
    res.writeHead(200, { 'content-type': 'text/calendar', ...(declare ? { 'content-length': String(total) } : {}) });
    const piece = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const pump = () => {
      while (!closed && sent < total) {
        sent += piece.length;
        site.written.set(path, sent);
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!closed) res.end();
    };
    pump();
  };
}

const send = (body: string, type: string, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': type, ...headers });
  res.end(body);
};

let site: Site;
let internal: Site;
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  internal = await serve({ '/secret': send('internal only', 'text/plain') });
  site = await serve({
    '/tec-page': send(tecEventPage, 'text/html; charset=utf-8'),
    '/eventbrite': send(eventbritePage, 'text/html'),
    '/meetup': send(meetupPage, 'text/html'),
    '/feed.ics': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'text/calendar', etag: '"v1"', 'last-modified': 'Sun, 29 Nov 2026 10:00:00 GMT' });
      res.end(feed);
    },
    '/moved': (_req, res) => {
      res.writeHead(301, { location: '/feed.ics' });
      res.end();
    },
    '/big.ics': send(bigFeed(10_000), 'text/calendar'),
    '/wp-json/tribe/events/v1/events': (req, res, s) => {
      const url = new URL(req.url ?? '/', s.base);
      const body =
        url.searchParams.get('page') === '2'
          ? tecRestPage2(`${internal.base}/wp-json/tribe/events/v1/events?page=3`)
          : tecRestPage1(`${s.base}/wp-json/tribe/events/v1/events?page=2&per_page=50`);
      send(JSON.stringify(body), 'application/json')(req, res, s);
    },
    '/huge-declared': endless('/huge-declared', 100 * MB, true),
    '/huge-chunked': endless('/huge-chunked', 100 * MB, false),
    '/drip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      const t = setInterval(() => res.write('X'), 20);
      timers.push(t);
      res.on('close', () => clearInterval(t));
    },
    '/stall': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.write('BEGIN:VCALENDAR\r\n');
    },
    '/to-internal': (_req, res) => {
      res.writeHead(302, { location: `${internal.base}/secret` });
      res.end();
    },
    '/to-metadata': (_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    },
    '/to-file': (_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    },
    '/loop': (_req, res) => {
      res.writeHead(302, { location: '/loop' });
      res.end();
    },
    '/broken': (_req, res) => {
      res.writeHead(500);
      res.end('oops');
    },
  });
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await site.close();
  await internal.close();
});

const local: SafeFetchOptions = { allowPrivateAddresses: true };
const text = (r: FetchResult) => (r.ok && !r.notModified ? decodeBody(r.body, r.contentType) : '');
const opts = { now: NOW, defaultZone: 'Asia/Tehran', horizonDays: 180 };

describe('importing over HTTP (private addresses allowed, as in tests and self-hosting)', () => {
  it.each([
    ['/tec-page', RALLY.title],
    ['/eventbrite', 'Arabic calligraphy workshop'],
    ['/meetup', 'اردو شاعری کی شام'],
  ])('reads the event on %s', async (path, title) => {
    const res = await safeFetch(`${site.base}${path}`, local);
    expect(res.ok && !res.notModified && res.status).toBe(200);
    const parsed = parseEventPage(text(res), { pageUrl: `${site.base}${path}`, defaultZone: 'Asia/Tehran' });
    expect(parsed.events.map((e) => e.title)).toEqual([title]);
  });

  it('a feed: 200 with validators, then 304 for the conditional request, then a redirect followed to it', async () => {
    const first = await safeFetch(`${site.base}/feed.ics`, local);
    expect(first.ok && !first.notModified && [first.etag, first.lastModified]).toEqual(['"v1"', 'Sun, 29 Nov 2026 10:00:00 GMT']);
    expect(parseICalendar(text(first), opts).events.length).toBe(11);
    const again = await safeFetch(`${site.base}/feed.ics`, { ...local, etag: '"v1"', lastModified: 'Sun, 29 Nov 2026 10:00:00 GMT' });
    expect(again).toEqual({ ok: true, notModified: true, url: `${site.base}/feed.ics`, etag: '"v1"' });
    const moved = await safeFetch(`${site.base}/moved`, local);
    expect(moved.ok && moved.url).toBe(`${site.base}/feed.ics`);
  });

  it('The Events Calendar: both pages through next_rest_url, never off the site', async () => {
    const res = await importTribeSite(site.base, (url) => safeFetch(url, { ...local, accept: 'application/json' }), opts);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.pages).toBe(2);
    expect(res.result.events.map((e) => e.title)).toEqual([RALLY.title, 'Lecture – Hadith studies', 'Nowruz open house']);
    const rally = res.result.events[0]!;
    expect(rally.organizer?.links).toEqual({ telegram: RALLY.telegram, eitaa: RALLY.eitaa, whatsapp: RALLY.whatsapp });
    expect(res.result.problems.map((p) => p.kind)).toEqual(['bad_date', 'missing_title']);
    const first = new URL(site.hits.find((h) => h.startsWith('/wp-json/'))!, site.base);
    expect([first.searchParams.get('start_date'), first.searchParams.get('per_page')]).toEqual(['2026-12-01 00:00:00', '50']);
    // page 2 pointed at another origin (the internal server): not followed.
    expect(internal.hits).toEqual([]);
  });

  it('10,000 events: read and cut at the event limit', async () => {
    const res = await safeFetch(`${site.base}/big.ics`, local);
    const parsed = parseICalendar(text(res), { ...opts, horizonDays: 3650 });
    expect(parsed.events).toHaveLength(2000);
    expect(parsed.problems).toEqual([{ kind: 'too_many_events', max: 2000 }]);
  });

  it('an error status is a failure with the status', async () => {
    expect(await safeFetch(`${site.base}/broken`, local)).toEqual({ ok: false, kind: 'http_error', url: `${site.base}/broken`, status: 500 });
  });
});

describe('hostile sources', () => {
  it('100 MB declared: refused from the header, the body not read', async () => {
    const res = await safeFetch(`${site.base}/huge-declared`, { ...local, maxBytes: 1 * MB });
    expect(res).toMatchObject({ ok: false, kind: 'too_large', maxBytes: MB });
    expect(site.written.get('/huge-declared') ?? 0).toBeLessThan(20 * MB);
  });

  it('100 MB undeclared (chunked): cut off once past the limit', async () => {
    const res = await safeFetch(`${site.base}/huge-chunked`, { ...local, maxBytes: 1 * MB });
    expect(res).toMatchObject({ ok: false, kind: 'too_large' });
    expect(site.written.get('/huge-chunked') ?? 0).toBeLessThan(20 * MB);
  });

  it('a body that never ends (a byte every 20 ms): the total deadline ends it', async () => {
    const res = await safeFetch(`${site.base}/drip`, { ...local, timeoutMs: 600, idleTimeoutMs: 300 });
    expect(res).toMatchObject({ ok: false, kind: 'timeout' });
  });

  it('a body that stops coming: the idle timeout ends it', async () => {
    const res = await safeFetch(`${site.base}/stall`, { ...local, timeoutMs: 10_000, idleTimeoutMs: 200 });
    expect(res).toMatchObject({ ok: false, kind: 'stalled' });
  });

  it('redirects in a circle: stopped after the limit', async () => {
    const res = await safeFetch(`${site.base}/loop`, { ...local, maxRedirects: 3 });
    expect(res).toMatchObject({ ok: false, kind: 'too_many_redirects' });
    expect(site.hits.filter((h) => h === '/loop')).toHaveLength(4);
  });

  it('a redirect to another scheme is refused', async () => {
    expect(await safeFetch(`${site.base}/to-file`, local)).toMatchObject({ ok: false, kind: 'unsupported_scheme' });
  });
});

describe('the production rule (private addresses refused)', () => {
  const production: SafeFetchOptions = { allowPrivateAddresses: false };

  it('127.0.0.1 and localhost are refused before any connection', async () => {
    const before = site.hits.length;
    expect(await safeFetch(`${site.base}/feed.ics`, production)).toMatchObject({ ok: false, kind: 'blocked_address' });
    expect(await safeFetch(`http://localhost:${site.port}/feed.ics`, production)).toMatchObject({ ok: false, kind: 'blocked_address' });
    expect(await safeFetch(`http://[::ffff:127.0.0.1]:${site.port}/feed.ics`, production)).toMatchObject({ ok: false, kind: 'blocked_address' });
    expect(site.hits.length).toBe(before);
  });

  /**
   * The test server stands in for a public site: its own address and port are let through, and
   * everything else is judged by the production rule.
   */
  const publicSite = (): SafeFetchOptions => ({
    allowPrivateAddresses: false,
    destinationAllowed: (address, port) => (address === '127.0.0.1' && port === site.port) || isPublicAddress(address),
  });

  it('a redirect to 127.0.0.1 (another service on this host) is refused, and nothing reaches it', async () => {
    const res = await safeFetch(`${site.base}/to-internal`, publicSite());
    expect(res).toMatchObject({ ok: false, kind: 'blocked_address', url: `${internal.base}/secret` });
    expect(internal.hits).toEqual([]);
  });

  it('a redirect to the cloud metadata address is refused', async () => {
    expect(await safeFetch(`${site.base}/to-metadata`, publicSite())).toMatchObject({ ok: false, kind: 'blocked_address' });
  });

  it('a name resolving to a public and a private address is refused (every address is checked)', async () => {
    const resolve = async (): Promise<ResolvedAddress[]> => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }];
    expect(await safeFetch('http://mixed.example/feed.ics', { allowPrivateAddresses: false, resolve })).toMatchObject({ ok: false, kind: 'blocked_address' });
  });

  it('DNS rebinding: the connection goes to the address that was checked, the name is not resolved again', async () => {
    let calls = 0;
    // First answer: the (stand-in) public site; every later answer: a private address.
    const resolve = async (): Promise<ResolvedAddress[]> => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.5', family: 4 }]);
    const res = await safeFetch(`http://calendar.example:${site.port}/feed.ics`, { ...publicSite(), resolve });
    expect(res.ok && !res.notModified && res.status).toBe(200);
    expect(calls).toBe(1);
    expect(site.hosts.at(-1)).toBe(`calendar.example:${site.port}`);
  });

  it('a resolver that never answers is ended by the deadline', async () => {
    const resolve = () => new Promise<ResolvedAddress[]>(() => undefined);
    expect(await safeFetch('https://slow-dns.example/', { allowPrivateAddresses: false, resolve, timeoutMs: 200 })).toMatchObject({ ok: false, kind: 'timeout' });
  });

  it('a name that does not resolve is dns_failed', async () => {
    const resolve = async (): Promise<ResolvedAddress[]> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await safeFetch('https://no-such-host.example/', { allowPrivateAddresses: false, resolve })).toMatchObject({ ok: false, kind: 'dns_failed' });
  });
});
