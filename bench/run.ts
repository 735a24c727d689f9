/**
 * Delivery benchmarks: `npm run bench` (full) or `npm run bench -- --quick` (small sizes). Runs the
 * real engine against the fake Bot API with 40 ms latency and its rate limits enforced, on the test
 * database (an embedded one, as the tests start, unless MONGODB_URI is set). Prints a table and writes
 * bench/results/latest.json. The fake Telegram runs in a child process (fake-process.ts), as Telegram
 * is not in the bot's process: the RSS figure is this process's (engine and driver), and the fake's
 * CPU does not eat into the engine's event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Telegram } from 'telegraf';
import type { Types } from 'mongoose';
import { FakeTelegram, type FakeTelegramOptions } from '../test/support/fake-telegram/server';
import type { Request, Stats } from './fake-process';
import { startEmbeddedDatabase, withDatabaseName, type EmbeddedDatabase } from '../src/db/embedded';
import { feedPollCost } from './feeds';
import { connectDatabase } from '../src/db/connect';
import { createDal, type Dal } from '../src/dal';
import { createI18n, type I18n } from '../src/i18n/i18n';
import { DeliveryEngine } from '../src/delivery/engine';
import { Planner } from '../src/delivery/planner';
import { telegramPort } from '../src/bot/telegram-adapter';
import { loadConfig } from '../src/config';
import { createApp, type App } from '../src/app';
import { importCost } from './import';
import { webThroughput } from './web';
import { CalendarReads } from '../src/application/calendar';
import { modelsOf } from '../test/support/models';

const quick = process.argv.includes('--quick');
/** `--only=engine_1000,tick_ms` runs just those scenarios (while tuning). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (k: string) => !only || only.includes(k);
const LATENCY_MS = 40;
const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fake Bot API in a child process. */
class RemoteFake {
  private next = 1;
  private readonly waiting = new Map<number, (body: unknown) => void>();
  private constructor(
    private readonly child: ChildProcess,
    readonly apiRoot: string,
    readonly token: string,
  ) {
    child.on('message', (m: { id: number; body: unknown }) => {
      this.waiting.get(m.id)?.(m.body);
      this.waiting.delete(m.id);
    });
  }

  static start(opts: FakeTelegramOptions): Promise<RemoteFake> {
    const child = fork(path.join(__dirname, 'fake-process.ts'), [JSON.stringify(opts)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (m: { body: { apiRoot: string; token: string } }) => resolve(new RemoteFake(child, m.body.apiRoot, m.body.token)));
    });
  }

  private request<T>(req: Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never): Promise<T> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (b: unknown) => void);
      this.child.send({ ...req, id });
    });
  }

  async addChats(ids: number[], chatType: 'channel' | 'private'): Promise<void> {
    for (let i = 0; i < ids.length; i += 10_000) await this.request({ type: 'addChats', ids: ids.slice(i, i + 10_000), chatType });
  }

  stats(): Promise<Stats> {
    return this.request({ type: 'stats' });
  }

  late(): Promise<Array<[number, number]>> {
    return this.request({ type: 'late' });
  }

  async say(users: Array<{ id: number; first_name: string; language_code: string }>, text: string): Promise<void> {
    await this.request({ type: 'say', users, text });
  }

  answers(): Promise<Array<[number, number, number]>> {
    return this.request({ type: 'answers' });
  }

  async stop(): Promise<void> {
    await this.request({ type: 'stop' });
  }
}

/** Peak RSS of this process, sampled every 100 ms. */
function watchRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return { stop: () => clearInterval(timer), get peakMb() { return Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576); } };
}

interface Ctx {
  baseUri: string;
  i18n: I18n;
}

async function freshDal(ctx: Ctx, name: string): Promise<{ dal: Dal; close: () => Promise<void> }> {
  const conn = await connectDatabase(withDatabaseName(ctx.baseUri, `bench_${name}_${Date.now()}`), { logger: silent });
  const dal = createDal(conn);
  await dal.ensureIndexes();
  return { dal, close: async () => { await conn.dropDatabase().catch(() => undefined); await conn.close(); } };
}

function engineFor(ctx: Ctx, dal: Dal, fake: { token: string; apiRoot: string }, rate: number): DeliveryEngine {
  const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
  return new DeliveryEngine({
    dal, port: telegramPort(telegram), i18n: ctx.i18n, logger: silent, now: () => new Date(),
    renderCard: (event) => ({ text: `<b>${event.title}</b>` }),
    sendRatePerSecond: rate, allowPaidBroadcast: rate > 30, tickSeconds: 1, defaultLocale: 'en', defaultTimezone: 'UTC',
  });
}

async function seedEvent(dal: Dal): Promise<Types.ObjectId> {
  const start = new Date(Date.now() + 86_400_000);
  const e = await modelsOf(dal).events.create({ title: 'Bench', startAt: start, endAt: new Date(start.getTime() + 3600_000), timezone: 'UTC', status: 'published', createdBy: 1, publishedAt: new Date() });
  return e._id;
}

/**
 * The web calendar on the database: `n` public events over three months around now, read by the
 * application layer's reader (what the bot serves), not the tests' in-memory one.
 */
async function webOnDatabase(ctx: Ctx, quick: boolean, n: number) {
  const { dal, close } = await freshDal(ctx, 'web');
  const now = Date.now();
  const docs = Array.from({ length: n }, (_, i) => {
    const startAt = new Date(now + (i - n / 3) * ((90 * 86_400_000) / n));
    return { title: `رویداد ${i}`, description: 'A community event.\nSecond line.', startAt, endAt: new Date(startAt.getTime() + 2 * 3600_000), timezone: 'Asia/Tehran', status: 'published', createdBy: 1, publishedAt: new Date(now - 86_400_000), venue: { name: 'Hall', address: 'Shuhada Ave., Qom' }, categories: [] };
  });
  const inserted = await modelsOf(dal).events.insertMany(docs);
  const parts = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'Asia/Tehran', year: 'numeric', month: 'numeric' }).formatToParts(new Date(now));
  const ym = `${parts.find((p) => p.type === 'year')!.value.split(' ')[0]}-${parts.find((p) => p.type === 'month')!.value.padStart(2, '0')}`;
  try {
    return await webThroughput(quick, { reader: new CalendarReads({ dal, now: () => new Date() }), eventPath: `/fa/event/${inserted[Math.floor(n / 2)]!._id.toHexString()}`, monthPath: `/fa/month/persian/${ym}`, now: () => new Date() });
  } finally {
    await close();
  }
}

async function seedChannels(dal: Dal, fake: RemoteFake, n: number): Promise<number[]> {
  const ids = Array.from({ length: n }, (_, i) => -1_000_000_000_000 - i);
  await fake.addChats(ids, 'channel');
  for (let i = 0; i < n; i += 2000) {
    await modelsOf(dal).chats.insertMany(
      ids.slice(i, i + 2000).map((id) => ({ _id: id, type: 'channel', title: 'c', linkedBy: 1, locale: 'en', timezone: 'UTC', reminderOffsets: [60] })),
      { ordered: false },
    );
  }
  return ids;
}

interface BroadcastResult { recipients: number; rate: number; seconds: number; msgPerSec: number; efficiency: number; tooMany: number; duplicates: number; lost: number; peakRssMb: number }

async function engineBroadcast(ctx: Ctx, rate: number, n: number, maxSeconds = Infinity): Promise<BroadcastResult> {
  const fake = await RemoteFake.start({ latencyMs: LATENCY_MS, rateLimits: { perSecond: rate, perGroupPerMinute: 20 } });
  const { dal, close } = await freshDal(ctx, `b${rate}`);
  await seedChannels(dal, fake, n);
  const eventId = await seedEvent(dal);
  const engine = engineFor(ctx, dal, fake, rate);
  const rss = watchRss();
  engine.start();
  await new Planner({ dal, now: () => new Date() }).eventPublished(eventId);
  const began = Date.now();
  while ((await fake.stats()).sent < n && Date.now() - began < maxSeconds * 1000) await sleep(200);
  await engine.stop();
  rss.stop();
  const st = await fake.stats();
  const seconds = (st.last - st.first) / 1000;
  const msgPerSec = st.sent > 1 ? (st.sent - 1) / seconds : 0;
  const result = {
    recipients: n, rate, seconds: Number(seconds.toFixed(1)), msgPerSec: Number(msgPerSec.toFixed(1)),
    efficiency: Number((msgPerSec / rate).toFixed(3)), tooMany: st.tooMany, duplicates: st.duplicates, lost: st.lost, peakRssMb: rss.peakMb,
  };
  await fake.stop();
  await close();
  return result;
}

/** The loop most bots use: await each send, then sleep 1/rate. */
async function naiveBroadcast(rate: number, n: number): Promise<BroadcastResult> {
  const fake = await RemoteFake.start({ latencyMs: LATENCY_MS, rateLimits: { perSecond: rate, perGroupPerMinute: 20 } });
  const ids = Array.from({ length: n }, (_, i) => -2_000_000_000_000 - i);
  await fake.addChats(ids, 'channel');
  const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
  for (const id of ids) {
    await telegram.sendMessage(id, '<b>Bench</b>', { parse_mode: 'HTML' }).catch(() => undefined);
    await sleep(1000 / rate);
  }
  const st = await fake.stats();
  const seconds = (st.last - st.first) / 1000;
  const msgPerSec = (st.sent - 1) / seconds;
  await fake.stop();
  return { recipients: n, rate, seconds: Number(seconds.toFixed(1)), msgPerSec: Number(msgPerSec.toFixed(1)), efficiency: Number((msgPerSec / rate).toFixed(3)), tooMany: st.tooMany, duplicates: st.duplicates, lost: st.lost, peakRssMb: 0 };
}

/**
 * One tick's time with `n` pending future reminder jobs (nothing due), and the reconciliation sweep's
 * (which runs every 5 minutes, off the tick).
 */
async function tickCost(ctx: Ctx, n: number): Promise<{ tickMs: number; sweepMs: number }> {
  const fake = await FakeTelegram.start({});
  const { dal, close } = await freshDal(ctx, `t${n}`);
  const far = Date.now() + 30 * 86_400_000;
  for (let i = 0; i < n; i += 5000) {
    await dal.jobs.planMany(
      Array.from({ length: Math.min(5000, n - i) }, (_, j) => ({ key: `reminder:bench:${i + j}`, kind: 'reminder' as const, dueAt: new Date(far + (i + j) * 1000), payload: { offsetMin: 60 } })),
      new Date(),
    );
  }
  const engine = engineFor(ctx, dal, fake, 25);
  await engine.tickOnce(); // warm-up: takes the lease, starts the takeover sweep
  const s0 = process.hrtime.bigint();
  await engine.sweepOnce();
  const sweepMs = Number(process.hrtime.bigint() - s0) / 1e6;
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    await engine.tickOnce();
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  await engine.stop();
  await fake.stop();
  await close();
  runs.sort((a, b) => a - b);
  return { tickMs: runs[2]!, sweepMs };
}

/** p50/p99 seconds late for `n` reminders due within the same minute (one member each). */
async function timeliness(ctx: Ctx, n: number): Promise<{ p50: number; p99: number; max: number }> {
  const fake = await RemoteFake.start({ latencyMs: LATENCY_MS, rateLimits: { perSecond: 30, perChatIntervalMs: 1000 } });
  const { dal, close } = await freshDal(ctx, 'late');
  await modelsOf(dal).users.insertMany(Array.from({ length: n }, (_, i) => ({ _id: 900_000 + i, firstName: 'm', privateChatStarted: true, reachable: true, locale: 'en' })));
  await fake.addChats(Array.from({ length: n }, (_, i) => 900_000 + i), 'private');
  const engine = engineFor(ctx, dal, fake, 30);
  engine.start();
  await sleep(1500);
  const base = Date.now() + 10_000;
  const due = Array.from({ length: n }, (_, i) => base + Math.floor((i * 60_000) / n));
  await dal.jobs.planMany(
    due.map((at, i) => ({ key: `direct:bench:${i}`, kind: 'direct' as const, chatId: 900_000 + i, dueAt: new Date(at), payload: { key: 'delivery.reason', vars: { reason: `j${i}` } } })),
    new Date(),
  );
  const late: number[] = [];
  while (late.length < n && Date.now() < base + 180_000) {
    for (const [i, at] of await fake.late()) late.push((at - due[i]!) / 1000);
    await sleep(200);
  }
  await engine.stop();
  await fake.stop();
  await close();
  late.sort((a, b) => a - b);
  const q = (p: number) => Number((late[Math.min(late.length - 1, Math.floor(p * late.length))] ?? NaN).toFixed(2));
  return { p50: q(0.5), p99: q(0.99), max: q(1) };
}

/** The whole app (bot, gateway, engine) at default settings against the fake in its own process. */
async function startApp(ctx: Ctx, dal: Dal, fake: RemoteFake): Promise<App> {
  const loaded = loadConfig({ BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'silent', DEFAULT_TIMEZONE: 'UTC', TICK_SECONDS: '1' });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const app = createApp({ config: loaded.config, dal, i18n: ctx.i18n, logger: silent, now: () => new Date() });
  await app.start();
  return app;
}

const quantile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN).toFixed(2));
};

/**
 * (a) n new members send /start at once (a channel post with a deep link): seconds until the last
 * one is answered, as a ratio to what Telegram's 30/s allows (n ÷ 30), and how many got nothing.
 */
async function startBurst(ctx: Ctx, n: number, limits = true): Promise<{ users: number; seconds: number; limitSeconds: number; ratio: number; lost: number; tooMany: number; dropped: number }> {
  const fake = await RemoteFake.start({ latencyMs: LATENCY_MS, ...(limits ? {} : { rateLimits: {} }) });
  const { dal, close } = await freshDal(ctx, 'burst');
  const app = await startApp(ctx, dal, fake);
  const users = Array.from({ length: n }, (_, i) => ({ id: 600_000 + i, first_name: `m${i}`, language_code: ['fa', 'ar', 'ur', 'en'][i % 4]! }));
  const t0 = Date.now();
  await fake.say(users, '/start');
  const got = new Map<number, number>();
  while (got.size < n && Date.now() - t0 < 20_000 + n * 200) {
    for (const [user, , at] of await fake.answers()) if (!got.has(user)) got.set(user, at);
    await sleep(200);
  }
  const seconds = (Math.max(...got.values()) - t0) / 1000;
  const st = await fake.stats();
  const dropped = app.gateway.stats.dropped;
  await app.stop();
  await fake.stop();
  await close();
  const limitSeconds = n / 30;
  return { users: n, seconds: Number(seconds.toFixed(1)), limitSeconds, ratio: Number((seconds / limitSeconds).toFixed(2)), lost: n - got.size, tooMany: st.tooMany, dropped };
}

/**
 * (b) and (c): a broadcast to n channels at default settings through the whole app; with `probe`,
 * members send /events (one a second, each a different member) during a window of `seconds`
 * and their answers are timed. Efficiency is the broadcast's own sends per second in that window
 * over 30 (replies share the budget, so they come out of it).
 */
async function broadcastWithMembers(ctx: Ctx, n: number, seconds: number, probe: boolean) {
  const fake = await RemoteFake.start({ latencyMs: LATENCY_MS });
  const { dal, close } = await freshDal(ctx, probe ? 'inter' : 'dflt');
  await seedChannels(dal, fake, n);
  const members = Array.from({ length: Math.ceil(seconds) + 10 }, (_, i) => ({ id: 700_000 + i, first_name: `m${i}`, language_code: 'en' }));
  await modelsOf(dal).users.insertMany(members.map((m) => ({ _id: m.id, firstName: m.first_name, locale: 'en', timezone: 'UTC', privateChatStarted: true, reachable: true, onboardedAt: new Date() })));
  const eventId = await seedEvent(dal);
  const app = await startApp(ctx, dal, fake);
  await app.deps.scheduler.eventPublished(eventId);
  // Let the broadcast reach its pace.
  while ((await fake.stats()).sent < 60) await sleep(100);
  const s0 = await fake.stats();
  const t0 = Date.now();
  const latencies: number[] = [];
  let k = 0;
  while (Date.now() - t0 < seconds * 1000) {
    if (probe) await fake.say([members[k++]!], '/events');
    await sleep(1000);
    if (probe) for (const [, at, answeredAt] of await fake.answers()) latencies.push((answeredAt - at) / 1000);
  }
  const s1 = await fake.stats();
  const window = (Date.now() - t0) / 1000;
  await sleep(3000);
  if (probe) for (const [, at, answeredAt] of await fake.answers()) latencies.push((answeredAt - at) / 1000);
  await app.stop();
  const st = await fake.stats();
  await fake.stop();
  await close();
  const msgPerSec = (s1.sent - s0.sent) / window;
  return {
    recipients: n, windowSeconds: Number(window.toFixed(1)), broadcastMsgPerSec: Number(msgPerSec.toFixed(1)), efficiency: Number((msgPerSec / 30).toFixed(3)), tooMany: st.tooMany,
    ...(probe ? { probes: k, answered: latencies.length, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: quantile(latencies, 1) } : {}),
  };
}

async function main(): Promise<void> {
  // Pure parsing costs first; they need no database.
  const importParse = wanted('import_parse') ? importCost(quick) : undefined;
  if (importParse) process.stdout.write(`import_parse: ${JSON.stringify(importParse)}\n`);
  if (only && only.every((k) => k === 'import_parse')) process.exit(0);
  let embedded: EmbeddedDatabase | undefined;
  let baseUri = process.env.MONGODB_URI;
  const dataDir = baseUri ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'bench-db-'));
  if (dataDir) {
    embedded = await startEmbeddedDatabase({ dataDir, logger: silent, pathVar: process.env.PATH });
    baseUri = embedded.uri;
  }
  const cleanUp = async () => {
    await embedded?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  if (!baseUri) throw new Error('no database');
  const ctx: Ctx = { baseUri, i18n: await createI18n() };
  const sizes = quick
    ? { b30: 300, b1000: 2000, naive30: 100, naive1000: 200, big: 5000, bigSeconds: 30, ticksSmall: 1000, ticksBig: 10_000, late: 200, burst: 120, window: 8 }
    : { b30: 10_000, b1000: 10_000, naive30: 1000, naive1000: 1000, big: 100_000, bigSeconds: 90, ticksSmall: 1000, ticksBig: 100_000, late: 1000, burst: 600, window: 60 };
  const out: Record<string, unknown> = { quick, database: embedded?.kind ?? 'MONGODB_URI', latencyMs: LATENCY_MS, sizes, at: new Date().toISOString() };
  if (importParse) out.import_parse = importParse;
  const log = (k: string, v: unknown) => { out[k] = v; process.stdout.write(`${k}: ${JSON.stringify(v)}\n`); };
  if (wanted('engine_30')) log('engine_30', await engineBroadcast(ctx, 30, sizes.b30));
  if (wanted('naive_30')) log('naive_30', await naiveBroadcast(30, sizes.naive30));
  if (wanted('engine_1000')) log('engine_1000', await engineBroadcast(ctx, 1000, sizes.b1000));
  if (wanted('naive_1000')) log('naive_1000', await naiveBroadcast(1000, sizes.naive1000));
  if (wanted('tick_ms')) {
    const small = await tickCost(ctx, sizes.ticksSmall);
    const big = await tickCost(ctx, sizes.ticksBig);
    log('tick_ms', { [sizes.ticksSmall]: Number(small.tickMs.toFixed(1)), [sizes.ticksBig]: Number(big.tickMs.toFixed(1)), ratio: Number((big.tickMs / small.tickMs).toFixed(2)) });
    log('sweep_ms', { [sizes.ticksSmall]: Math.round(small.sweepMs), [sizes.ticksBig]: Math.round(big.sweepMs) });
  }
  if (wanted('timeliness_s')) log('timeliness_s', await timeliness(ctx, sizes.late));
  if (wanted('web_rps')) log('web_rps', await webThroughput(quick));
  if (wanted('feed_poll')) log('feed_poll', await feedPollCost(baseUri, quick));
  if (wanted('web_rps_db')) log('web_rps_db', await webOnDatabase(ctx, quick, 300));
  if (wanted('memory_big_broadcast')) log('memory_big_broadcast', await engineBroadcast(ctx, 1000, sizes.big, sizes.bigSeconds));
  if (wanted('start_burst')) log('start_burst', await startBurst(ctx, sizes.burst));
  // Baseline, same run: the same burst with no flood limits at all — the bot's own throughput.
  if (wanted('start_burst_unlimited')) log('start_burst_unlimited', await startBurst(ctx, sizes.burst, false));
  if (wanted('interactive_during_broadcast')) log('interactive_during_broadcast', await broadcastWithMembers(ctx, sizes.b30, sizes.window, true));
  if (wanted('default_broadcast')) log('default_broadcast', await broadcastWithMembers(ctx, sizes.b30, sizes.window, false));
  if (only) {
    await cleanUp();
    process.exit(0);
  }

  const rows = [
    ['scenario', 'recipients', 'msg/s', 'efficiency', '429s', 'dups', 'lost'],
    ...(['engine_30', 'naive_30', 'engine_1000', 'naive_1000'] as const).map((k) => {
      const r = out[k] as BroadcastResult;
      return [k, String(r.recipients), String(r.msgPerSec), String(r.efficiency), String(r.tooMany), String(r.duplicates), String(r.lost)];
    }),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  process.stdout.write(`\n${rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n')}\n`);
  const big2 = out.memory_big_broadcast as BroadcastResult;
  process.stdout.write(`start burst: ${JSON.stringify(out.start_burst)} (no limits: ${JSON.stringify(out.start_burst_unlimited)})\ninteractive during broadcast: ${JSON.stringify(out.interactive_during_broadcast)}\ndefault-settings broadcast: ${JSON.stringify(out.default_broadcast)}\n`);
  process.stdout.write(`tick cost ratio: ${JSON.stringify(out.tick_ms)}\ntimeliness: ${JSON.stringify(out.timeliness_s)}\npeak RSS during ${big2.recipients}-recipient broadcast: ${big2.peakRssMb} MB\n`);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'latest.json'), JSON.stringify(out, null, 2));
  await cleanUp();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${String(err)}\n`);
  process.exit(1);
});
