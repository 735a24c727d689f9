/**
 * What a poll of a calendar feed costs (`--only=feed_poll`), measured in one run against the real
 * database and a local HTTP server that serves a 1,000-event iCalendar feed with an ETag:
 *   - the full import (first poll: fetch, parse, 1,000 events created and published through the
 *     event operations, their entries recorded, announcements and reminders planned) — the baseline;
 *   - a poll of the unchanged feed: requests made (one conditional request, answered 304) and time,
 *     as a ratio to the full import;
 *   - a poll after 10 of the 1,000 events changed (another title): requests, events updated, time
 *     as a ratio to the full import.
 * The engine does not run: sending the announcements and notices is the delivery benchmarks' part.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { connectDatabase } from '../src/db/connect';
import { withDatabaseName } from '../src/db/embedded';
import { createDal } from '../src/dal';
import { Planner } from '../src/delivery/planner';
import { createApplication, userActor } from '../src/application';
import { NOW, bigFeed } from '../test/support/import-fixtures';

const silent = pino({ level: 'silent' });

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

export interface FeedPollResult {
  events: number;
  fullImportMs: number;
  /** The first import's runs (each a job of its own) and the longest, which is how long it holds the engine's tick. */
  fullImportRuns: number;
  longestRunMs: number;
  unchanged: { requests: number; statuses: number[]; ms: number; ratio: number };
  changed10: { requests: number; updated: number; ms: number; ratio: number };
}

export async function feedPollCost(baseUri: string, quick: boolean): Promise<FeedPollResult> {
  const n = 1000;
  const conn = await connectDatabase(withDatabaseName(baseUri, `bench_feeds_${crypto.randomBytes(3).toString('hex')}`), { logger: silent, initialDelayMs: 200 });
  const dal = createDal(conn);
  await dal.ensureIndexes();
  const owner = { id: 777, is_bot: false, first_name: 'Bench' };
  await dal.users.upsertFromTelegram(owner, { privateChat: true });
  await dal.users.update(owner.id, { isOrganizer: true });

  const bodies = [bigFeed(n), bigFeed(n, 10)];
  let current = bodies[0]!;
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    const tag = `"${crypto.createHash('sha1').update(current).digest('hex')}"`;
    if (req.headers['if-none-match'] === tag) {
      statuses.push(304);
      res.writeHead(304, { etag: tag }).end();
      return;
    }
    statuses.push(200);
    res.writeHead(200, { 'content-type': 'text/calendar', etag: tag }).end(current);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.ics`;

  let now = new Date(NOW);
  const clock = () => now;
  const app = createApplication({
    dal, scheduler: new Planner({ dal, now: clock }), now: clock, botAdmins: [], logger: silent,
    feeds: { pollMs: 30 * 60_000, maxBackoffMs: 3_600_000, pauseAfterFailures: 5, horizonDays: 3650, defaultTimezone: 'UTC', fetch: { allowPrivateAddresses: true, maxBytes: 10 * 1024 * 1024, timeoutMs: 60_000 } },
  });
  const added = await app.feeds.add(userActor(owner.id), { url, kind: 'ical' });
  if (!added.ok) throw new Error('could not add the bench feed');
  const feedId = added.value._id;
  const timed = async () => {
    now = new Date(now.getTime() + 60_000);
    const before = statuses.length;
    const t = process.hrtime.bigint();
    const outcome = await app.feeds.pollFeed(feedId);
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, outcome, statuses: statuses.slice(before) };
  };
  try {
    // The first import runs in parts (DEFAULT_WRITES_PER_RUN writes each), as the engine would run them.
    const parts: Array<Awaited<ReturnType<typeof timed>>> = [];
    for (;;) {
      const part = await timed();
      if (part.outcome.kind !== 'synced') throw new Error(`full import: ${JSON.stringify(part.outcome)}`);
      parts.push(part);
      if (!part.outcome.more) break;
    }
    const created = parts.reduce((sum, p) => sum + (p.outcome.kind === 'synced' ? p.outcome.counts.created : 0), 0);
    if (created !== n) throw new Error(`full import created ${created}`);
    const full = { ms: parts.reduce((sum, p) => sum + p.ms, 0) };

    const unchanged: Array<Awaited<ReturnType<typeof timed>>> = [];
    for (let i = 0; i < (quick ? 5 : 15); i += 1) unchanged.push(await timed());
    if (unchanged.some((u) => u.outcome.kind !== 'not_modified')) throw new Error('an unchanged poll was not answered 304');

    // 10 events change, then change back: each poll finds 10 to update.
    const changed: Array<Awaited<ReturnType<typeof timed>>> = [];
    for (let i = 0; i < (quick ? 2 : 4); i += 1) {
      current = bodies[(i + 1) % 2]!;
      const r = await timed();
      if (r.outcome.kind !== 'synced' || r.outcome.counts.updated !== 10) throw new Error(`changed poll: ${JSON.stringify(r.outcome)}`);
      changed.push(r);
    }
    const r3 = (x: number) => Number(x.toPrecision(3));
    const unchangedMs = median(unchanged.map((u) => u.ms));
    const changedMs = median(changed.map((c) => c.ms));
    return {
      events: n,
      fullImportMs: Math.round(full.ms),
      fullImportRuns: parts.length,
      longestRunMs: Math.round(Math.max(...parts.map((p) => p.ms))),
      unchanged: { requests: unchanged[0]!.statuses.length, statuses: unchanged[0]!.statuses, ms: r3(unchangedMs), ratio: r3(unchangedMs / full.ms) },
      changed10: { requests: changed[0]!.statuses.length, updated: 10, ms: Math.round(changedMs), ratio: r3(changedMs / full.ms) },
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}
