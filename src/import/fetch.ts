/**
 * Fetching what an organizer points the bot at (an event page, a calendar feed, a WordPress site),
 * safely. Every hop of a request:
 *   1. takes only http(s) (webcal:// is https://), with no user name or password in the URL;
 *   2. resolves the host once and checks every address it resolves to (src/import/address.ts) —
 *      one private address among public ones refuses the host, as a resolver could hand out either;
 *   3. connects to the address that was checked and no other: the connection's DNS lookup is
 *      replaced by one that returns it, so a second resolution (DNS rebinding) cannot swap in
 *      127.0.0.1 between the check and the connection. TLS still verifies the host name;
 *   4. follows at most `maxRedirects` redirects, each going through 1–3 again;
 * and the whole request has a total deadline, an idle timeout (no headers or no body bytes for that
 * long) and a size limit counted while the body streams in (a declared Content-Length over it is
 * refused before reading; an undeclared one is cut off as soon as it passes).
 *
 * undici (Node's own HTTP client, as a package) is used because its Agent takes a custom connect
 * lookup (the pinning), separate header and body timeouts, and a streaming body that can be
 * destroyed mid-way; it follows no redirects by itself, so each hop is checked here.
 *
 * The result is a value, never an exception: `ok: false` carries a `kind` the chat layer maps to a
 * localized message (`importFailureMessage`).
 */
import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import { Agent, errors, request } from 'undici';
import { classifyAddress } from './address';

export type FetchFailureKind =
  | 'bad_url'
  | 'unsupported_scheme'
  | 'blocked_address'
  | 'dns_failed'
  | 'connect_failed'
  | 'timeout'
  | 'stalled'
  | 'too_large'
  | 'too_many_redirects'
  | 'http_error';

export const FETCH_FAILURE_KINDS: readonly FetchFailureKind[] = [
  'bad_url', 'unsupported_scheme', 'blocked_address', 'dns_failed', 'connect_failed', 'timeout', 'stalled', 'too_large',
  'too_many_redirects', 'http_error',
];

/** Validators for the next conditional request: what the server sent with its last 200. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | ({ ok: true; notModified: false; url: string; status: number; body: Buffer; contentType?: string } & Validators)
  | ({ ok: true; notModified: true; url: string } & Validators)
  | { ok: false; kind: FetchFailureKind; url: string; status?: number; maxBytes?: number };

export interface FetchLimits {
  maxBytes: number;
  /** The whole request, every redirect included. */
  timeoutMs: number;
  /** The longest wait for the response's headers, or between two pieces of its body. */
  idleTimeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxBytes: 5 * 1024 * 1024, timeoutMs: 20_000, idleTimeoutMs: 10_000, maxRedirects: 5 };

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions extends Partial<FetchLimits>, Validators {
  /** Loopback, private, link-local… addresses allowed (tests, self-hosting: IMPORT_ALLOW_PRIVATE_ADDRESSES). */
  allowPrivateAddresses: boolean;
  /** The Accept header. */
  accept?: string;
  /** DNS; the system resolver by default. */
  resolve?: Resolver;
  /**
   * Whether a resolved address and port may be connected to. By default: any when
   * `allowPrivateAddresses`, else only public unicast addresses (classifyAddress).
   */
  destinationAllowed?: (address: string, port: number) => boolean;
  signal?: AbortSignal;
}

const systemResolver: Resolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

const USER_AGENT = 'CommunityEventsBot/0.1 (calendar import)';

export type UrlCheck = { ok: true; url: URL } | { ok: false; kind: 'bad_url' | 'unsupported_scheme' };

/** A URL an import may fetch: http(s), or webcal(s) read as https; no credentials. */
export function checkFetchUrl(input: string, base?: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    return { ok: false, kind: 'bad_url' };
  }
  if (url.protocol === 'webcal:' || url.protocol === 'webcals:') {
    // A webcal URL is an https one with another scheme: swap the scheme and parse again.
    const rest = url.href.slice(url.protocol.length);
    url = new URL(`https:${rest}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, kind: 'unsupported_scheme' };
  if (url.username !== '' || url.password !== '' || url.hostname === '') return { ok: false, kind: 'bad_url' };
  return { ok: true, url };
}

/** A lookup that always answers the one address already checked. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** A resolution that the deadline can interrupt (the system resolver has its own, longer, timeouts). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Stops reading a body: the connection is closed; the abort it reports is expected, not an error. */
function discard(body: NodeJS.ReadableStream & { destroy(): unknown }): void {
  body.on('error', () => undefined);
  body.destroy();
}

const HEADER = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h);

export async function safeFetch(input: string, options: SafeFetchOptions): Promise<FetchResult> {
  const limits: FetchLimits = {
    maxBytes: options.maxBytes ?? DEFAULT_FETCH_LIMITS.maxBytes,
    timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_LIMITS.timeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_FETCH_LIMITS.idleTimeoutMs,
    maxRedirects: options.maxRedirects ?? DEFAULT_FETCH_LIMITS.maxRedirects,
  };
  const resolve = options.resolve ?? systemResolver;
  const allowed =
    options.destinationAllowed ?? (options.allowPrivateAddresses ? () => true : (address: string) => classifyAddress(address).allowed);

  const first = checkFetchUrl(input);
  if (!first.ok) return { ok: false, kind: first.kind, url: input };

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.timeoutMs);
  const onOuterAbort = () => deadline.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    let url = first.url;
    for (let hop = 0; ; hop += 1) {
      const res = await fetchOnce(url, { ...options, limits, resolve, allowed, signal: deadline.signal });
      if (res.redirect === undefined) return res.result;
      if (hop >= limits.maxRedirects) return { ok: false, kind: 'too_many_redirects', url: url.href };
      const next = checkFetchUrl(res.redirect, url.href);
      if (!next.ok) return { ok: false, kind: next.kind, url: res.redirect };
      url = next.url;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

interface HopOptions extends Validators {
  limits: FetchLimits;
  resolve: Resolver;
  allowed: (address: string, port: number) => boolean;
  accept?: string;
  signal: AbortSignal;
}

type HopResult = { redirect: string; result?: undefined } | { redirect?: undefined; result: FetchResult };

async function fetchOnce(url: URL, opts: HopOptions): Promise<HopResult> {
  const fail = (kind: FetchFailureKind, extra: { status?: number; maxBytes?: number } = {}): HopResult => ({
    result: { ok: false, kind, url: url.href, ...extra },
  });
  const host = bareHost(url);
  const port = portOf(url);
  let addresses: ResolvedAddress[];
  const literal = net.isIP(host);
  if (literal !== 0) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await untilAborted(opts.resolve(host), opts.signal);
    } catch {
      return fail(opts.signal.aborted ? 'timeout' : 'dns_failed');
    }
  }
  if (opts.signal.aborted) return fail('timeout');
  if (addresses.length === 0) return fail('dns_failed');
  if (addresses.some((a) => !opts.allowed(a.address, port))) return fail('blocked_address');
  const pinned = addresses[0]!;

  const agent = new Agent({
    connect: { lookup: pinnedLookup(pinned), timeout: opts.limits.idleTimeoutMs },
    headersTimeout: opts.limits.idleTimeoutMs,
    bodyTimeout: opts.limits.idleTimeoutMs,
    connections: 1,
    pipelining: 0,
  });
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: opts.accept ?? '*/*',
    // Compressed bodies are not asked for, so the size limit counts what is parsed.
    'accept-encoding': 'identity',
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  try {
    const res = await request(url, { dispatcher: agent, method: 'GET', headers, signal: opts.signal });
    const location = HEADER(res.headers.location);
    const validators: Validators = {};
    const etag = HEADER(res.headers.etag);
    const lastModified = HEADER(res.headers['last-modified']);
    if (etag) validators.etag = etag;
    if (lastModified) validators.lastModified = lastModified;
    if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304) {
      discard(res.body);
      if (!location) return fail('http_error', { status: res.statusCode });
      return { redirect: location };
    }
    if (res.statusCode === 304) {
      discard(res.body);
      return { result: { ok: true, notModified: true, url: url.href, ...validators } };
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      discard(res.body);
      return fail('http_error', { status: res.statusCode });
    }
    const declared = Number(HEADER(res.headers['content-length']) ?? NaN);
    if (Number.isFinite(declared) && declared > opts.limits.maxBytes) {
      discard(res.body);
      return fail('too_large', { maxBytes: opts.limits.maxBytes });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > opts.limits.maxBytes) {
        discard(res.body);
        return fail('too_large', { maxBytes: opts.limits.maxBytes });
      }
      chunks.push(buf);
    }
    const contentType = HEADER(res.headers['content-type']);
    return {
      result: {
        ok: true,
        notModified: false,
        url: url.href,
        status: res.statusCode,
        body: Buffer.concat(chunks, size),
        ...(contentType ? { contentType } : {}),
        ...validators,
      },
    };
  } catch (err) {
    if (opts.signal.aborted) return fail('timeout');
    if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError) return fail('stalled');
    if (err instanceof errors.ConnectTimeoutError) return fail('connect_failed');
    return fail('connect_failed');
  } finally {
    void agent.destroy().catch(() => undefined);
  }
}
