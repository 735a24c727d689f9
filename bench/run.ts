/**
 * Delivery benchmarks: `npm run bench` (full) or `npm run bench -- --quick` (small sizes). Runs the
 * real engine against the fake Bot API with 40 ms latency and its rate limits enforced, on the test
 * database (an embedded one, as the tests start, unless MONGODB_URI is set). Prints a table and writes
 * bench/results/latest.json. The engine, the fake Telegram and this driver share one process, so the
 * RSS figure includes the fake server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Telegram } from 'telegraf';
import type { Types } from 'mongoose';
import { FakeTelegram } from '../test/support/fake-telegram/server';
import { startEmbeddedDatabase, withDatabaseName, type EmbeddedDatabase } from '../src/db/embedded';
import { connectDatabase } from '../src/db/connect';
import { createDal, type Dal } from '../src/dal';
import { createI18n, type I18n } from '../src/i18n/i18n';
import { DeliveryEngine } from '../src/delivery/engine';
import { Planner } from '../src/delivery/planner';
import { telegramPort } from '../src/bot/telegram-adapter';

const quick = process.argv.includes('--quick');
/** `--only=engine_1000,tick_ms` runs just those scenarios (while tuning). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (k: string) => !only || only.includes(k);
const LATENCY_MS = 40;
const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

function engineFor(ctx: Ctx, dal: Dal, fake: FakeTelegram, rate: number): DeliveryEngine {
  const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
  return new DeliveryEngine({
    dal, port: telegramPort(telegram), i18n: ctx.i18n, logger: silent, now: () => new Date(),
    renderCard: (event) => ({ text: `<b>${event.title}</b>` }),
    sendRatePerSecond: rate, allowPaidBroadcast: rate > 30, tickSeconds: 1, defaultLocale: 'en', defaultTimezone: 'UTC',
  });
}

async function seedEvent(dal: Dal): Promise<Types.ObjectId> {
  const start = new Date(Date.now() + 86_400_000);
  const e = await dal.models.events.create({ title: 'Bench', startAt: start, endAt: new Date(start.getTime() + 3600_000), timezone: 'UTC', status: 'published', createdBy: 1, publishedAt: new Date() });
  return e._id;
}

async function seedChannels(dal: Dal, fake: FakeTelegram, n: number): Promise<number[]> {
  const ids = Array.from({ length: n }, (_, i) => -1_000_000_000_000 - i);
  for (const id of ids) fake.addChat({ id, type: 'channel', title: `c${id}` });
  for (let i = 0; i < n; i += 2000) {
    await dal.models.chats.insertMany(
      ids.slice(i, i + 2000).map((id) => ({ _id: id, type: 'channel', title: 'c', linkedBy: 1, locale: 'en', timezone: 'UTC', reminderOffsets: [60] })),
      { ordered: false },
    );
  }
  return ids;
}

/** Watches the fake: first and last successful send times, without keeping every call. */
function watchSends(fake: FakeTelegram) {
  let first = 0;
  let last = 0;
  let peakRss = 0;
  const timer = setInterval(() => {
    for (const c of fake.calls) {
      if (!c.ok || !c.method.startsWith('send')) continue;
      if (!first || c.at < first) first = c.at;
      if (c.at > last) last = c.at;
    }
    fake.calls.length = 0;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  return {
    stop: () => { clearInterval(timer); for (const c of fake.calls) { if (c.ok && c.method.startsWith('send')) { if (!first || c.at < first) first = c.at; if (c.at > last) last = c.at; } } fake.calls.length = 0; },
    get first() { return first; }, get last() { return last; }, get peakRss() { return peakRss; },
  };
}

interface BroadcastResult { recipients: number; rate: number; seconds: number; msgPerSec: number; efficiency: number; tooMany: number; duplicates: number; lost: number; peakRssMb: number }

async function engineBroadcast(ctx: Ctx, rate: number, n: number, maxSeconds = Infinity): Promise<BroadcastResult> {
  const fake = await FakeTelegram.start({ latencyMs: LATENCY_MS, keepMessages: false, rateLimits: { perSecond: rate, perGroupPerMinute: 20 } });
  const { dal, close } = await freshDal(ctx, `b${rate}`);
  const ids = await seedChannels(dal, fake, n);
  const eventId = await seedEvent(dal);
  const engine = engineFor(ctx, dal, fake, rate);
  const w = watchSends(fake);
  engine.start();
  await new Planner({ dal, now: () => new Date() }).eventPublished(eventId);
  const began = Date.now();
  const total = () => [...fake.sentCount.values()].reduce((a, b) => a + b, 0);
  while (total() < n && Date.now() - began < maxSeconds * 1000) await sleep(200);
  await engine.stop();
  w.stop();
  const counts = ids.map((id) => fake.sentCount.get(id) ?? 0);
  const sent = counts.reduce((a, b) => a + b, 0);
  const seconds = (w.last - w.first) / 1000;
  const msgPerSec = sent > 1 ? (sent - 1) / seconds : 0;
  const result = {
    recipients: n, rate, seconds: Number(seconds.toFixed(1)), msgPerSec: Number(msgPerSec.toFixed(1)),
    efficiency: Number((msgPerSec / rate).toFixed(3)), tooMany: fake.tooManyRequests,
    duplicates: counts.filter((c) => c > 1).reduce((a, c) => a + c - 1, 0), lost: counts.filter((c) => c === 0).length,
    peakRssMb: Math.round(w.peakRss / 1048576),
  };
  await fake.stop();
  await close();
  return result;
}

/** The loop most bots use: await each send, then sleep 1/rate. */
async function naiveBroadcast(rate: number, n: number): Promise<BroadcastResult> {
  const fake = await FakeTelegram.start({ latencyMs: LATENCY_MS, keepMessages: false, rateLimits: { perSecond: rate, perGroupPerMinute: 20 } });
  const ids = Array.from({ length: n }, (_, i) => -2_000_000_000_000 - i);
  for (const id of ids) fake.addChat({ id, type: 'channel', title: 'c' });
  const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
  const w = watchSends(fake);
  for (const id of ids) {
    await telegram.sendMessage(id, '<b>Bench</b>', { parse_mode: 'HTML' }).catch(() => undefined);
    await sleep(1000 / rate);
  }
  w.stop();
  const counts = ids.map((id) => fake.sentCount.get(id) ?? 0);
  const sent = counts.reduce((a, b) => a + b, 0);
  const seconds = (w.last - w.first) / 1000;
  const msgPerSec = (sent - 1) / seconds;
  await fake.stop();
  return { recipients: n, rate, seconds: Number(seconds.toFixed(1)), msgPerSec: Number(msgPerSec.toFixed(1)), efficiency: Number((msgPerSec / rate).toFixed(3)), tooMany: fake.tooManyRequests, duplicates: 0, lost: counts.filter((c) => c === 0).length, peakRssMb: 0 };
}

/** One tick's time with `n` pending future reminder jobs (nothing due). */
async function tickCost(ctx: Ctx, n: number): Promise<number> {
  const fake = await FakeTelegram.start({});
  const { dal, close } = await freshDal(ctx, `t${n}`);
  const far = Date.now() + 30 * 86_400_000;
  for (let i = 0; i < n; i += 5000) {
    await dal.models.jobs.insertMany(
      Array.from({ length: Math.min(5000, n - i) }, (_, j) => ({ key: `reminder:bench:${i + j}`, kind: 'reminder', dueAt: new Date(far + (i + j) * 1000), status: 'pending', attempts: 0, payload: { offsetMin: 60 } })),
      { ordered: false },
    );
  }
  const engine = engineFor(ctx, dal, fake, 25);
  await engine.tickOnce(); // warm-up (takes the lease)
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
  return runs[2]!;
}

/** p50/p99 seconds late for `n` reminders due within the same minute (one member each). */
async function timeliness(ctx: Ctx, n: number): Promise<{ p50: number; p99: number; max: number }> {
  const fake = await FakeTelegram.start({ latencyMs: LATENCY_MS, rateLimits: { perSecond: 30, perChatIntervalMs: 1000 } });
  const { dal, close } = await freshDal(ctx, 'late');
  await dal.models.users.insertMany(Array.from({ length: n }, (_, i) => ({ _id: 900_000 + i, firstName: 'm', privateChatStarted: true, reachable: true, locale: 'en' })));
  const engine = engineFor(ctx, dal, fake, 30);
  engine.start();
  await sleep(1500);
  const base = Date.now() + 10_000;
  const due = new Map<string, number>();
  const jobs = Array.from({ length: n }, (_, i) => {
    const at = base + Math.floor((i * 60_000) / n);
    due.set(`j${i}`, at);
    return { key: `direct:bench:${i}`, kind: 'direct', chatId: 900_000 + i, dueAt: new Date(at), status: 'pending', attempts: 0, payload: { key: 'delivery.reason', vars: { reason: `j${i}` } } };
  });
  await dal.models.jobs.insertMany(jobs, { ordered: false });
  const late: number[] = [];
  while (late.length < n && Date.now() < base + 180_000) {
    for (const c of fake.calls.splice(0)) {
      const m = /j(\d+)/.exec(String(c.params.text ?? ''));
      if (c.ok && m) late.push((c.at - due.get(`j${m[1]}`)!) / 1000);
    }
    await sleep(200);
  }
  await engine.stop();
  await fake.stop();
  await close();
  late.sort((a, b) => a - b);
  const q = (p: number) => Number((late[Math.min(late.length - 1, Math.floor(p * late.length))] ?? NaN).toFixed(2));
  return { p50: q(0.5), p99: q(0.99), max: q(1) };
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let baseUri = process.env.MONGODB_URI;
  if (!baseUri) {
    embedded = await startEmbeddedDatabase({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-db-')), logger: silent, pathVar: process.env.PATH });
    baseUri = embedded.uri;
  }
  const ctx: Ctx = { baseUri, i18n: await createI18n() };
  const sizes = quick
    ? { b30: 300, b1000: 2000, naive30: 100, naive1000: 200, big: 5000, bigSeconds: 30, ticksSmall: 1000, ticksBig: 10_000, late: 200 }
    : { b30: 10_000, b1000: 10_000, naive30: 1000, naive1000: 1000, big: 100_000, bigSeconds: 90, ticksSmall: 1000, ticksBig: 100_000, late: 1000 };
  const out: Record<string, unknown> = { quick, database: embedded?.kind ?? 'MONGODB_URI', latencyMs: LATENCY_MS, sizes, at: new Date().toISOString() };
  const log = (k: string, v: unknown) => { out[k] = v; process.stdout.write(`${k}: ${JSON.stringify(v)}\n`); };
  if (wanted('engine_30')) log('engine_30', await engineBroadcast(ctx, 30, sizes.b30));
  if (wanted('naive_30')) log('naive_30', await naiveBroadcast(30, sizes.naive30));
  if (wanted('engine_1000')) log('engine_1000', await engineBroadcast(ctx, 1000, sizes.b1000));
  if (wanted('naive_1000')) log('naive_1000', await naiveBroadcast(1000, sizes.naive1000));
  if (wanted('tick_ms')) {
    const small = await tickCost(ctx, sizes.ticksSmall);
    const big = await tickCost(ctx, sizes.ticksBig);
    log('tick_ms', { [sizes.ticksSmall]: Number(small.toFixed(1)), [sizes.ticksBig]: Number(big.toFixed(1)), ratio: Number((big / small).toFixed(2)) });
  }
  if (wanted('timeliness_s')) log('timeliness_s', await timeliness(ctx, sizes.late));
  if (wanted('memory_big_broadcast')) log('memory_big_broadcast', await engineBroadcast(ctx, 1000, sizes.big, sizes.bigSeconds));
  if (only) {
    await embedded?.stop();
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
  process.stdout.write(`tick cost ratio: ${JSON.stringify(out.tick_ms)}\ntimeliness: ${JSON.stringify(out.timeliness_s)}\npeak RSS during ${big2.recipients}-recipient broadcast: ${big2.peakRssMb} MB\n`);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'latest.json'), JSON.stringify(out, null, 2));
  await embedded?.stop();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${String(err)}\n`);
  process.exit(1);
});
