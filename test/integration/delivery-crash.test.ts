/**
 * The bot as a child process, killed with SIGKILL in the middle of a broadcast to 1,000 members and
 * restarted: everyone gets the announcement, exactly once, apart from the messages that were in
 * flight at the kill (still pending in a claimed chunk, without a receipt), each at most twice. Then a
 * SIGTERM stops it gracefully with exit code 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { FakeTelegram } from '../support/fake-telegram/server';
import { openTestDb, type TestDb } from '../support/db';
import { Planner } from '../../src/delivery/planner';
import { until } from '../support/until';
import { modelsOf } from '../support/models';

jest.setTimeout(180_000);

const N = 1000;
const ROOT = path.resolve(__dirname, '../..');

function startChild(fake: FakeTelegram, db: TestDb): Promise<ChildProcess> {
  // node itself with tsx's loader (not the tsx wrapper, which would leave its child running on SIGKILL).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/run-app.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      MONGODB_URI: db.uri,
      SEND_RATE_PER_SECOND: '200',
      ALLOW_PAID_BROADCAST: 'true',
      TICK_SECONDS: '1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DEFAULT_TIMEZONE: 'UTC',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (process.env.TEST_LOG_LEVEL) process.stderr.write(b);
      if (b.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    children.add(child);
  });
}

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const total = (fake: FakeTelegram) => [...fake.sentCount.values()].reduce((a, b) => a + b, 0);


describe('crash in the middle of a broadcast', () => {
  let fake: FakeTelegram;
  let db: TestDb;
  afterAll(async () => {
    await fake?.stop();
    await db?.drop();
  });

  it('delivers to all 1,000 exactly once apart from the in-flight messages, and stops with exit 0 on SIGTERM', async () => {
    fake = await FakeTelegram.start({ latencyMs: 20, keepMessages: false });
    db = await openTestDb('crash');
    const { dal } = db;
    const ids = Array.from({ length: N }, (_, i) => 700_000 + i);
    await modelsOf(dal).users.insertMany(ids.map((id) => ({ _id: id, firstName: `m${id}`, privateChatStarted: true, reachable: true, locale: 'en' })));
    await modelsOf(dal).subscriptions.insertMany(ids.map((id) => ({ userId: id, kind: 'all', target: '*' })));
    const start = new Date(Date.now() + 86_400_000);
    const event = await modelsOf(dal).events.create({
      title: 'Big night', startAt: start, endAt: new Date(start.getTime() + 3600_000), timezone: 'UTC', status: 'published', createdBy: 1, publishedAt: new Date(),
    });
    await new Planner({ dal, now: () => new Date() }).eventPublished(event._id);

    const first = await startChild(fake, db);
    await until(() => total(fake) >= 300, 60_000, '300 messages', 300);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await new Promise((r) => setTimeout(r, 1000)); // a claim already sent to the database still lands
    const sentBeforeKill = total(fake);
    expect(sentBeforeKill).toBeLessThan(N); // really in the middle
    // What was claimed but has no receipt: the only messages that may arrive twice.
    const claimedBatches = (await modelsOf(dal).chunks.find({ status: 'claimed' }).lean()).map((c) => c._id);
    const claimed = await modelsOf(dal).deliveries.find({ batch: { $in: claimedBatches }, status: 'pending' }).select({ _id: 1 }).lean();
    const receipted = new Set((await modelsOf(dal).receipts.find({}).select({ _id: 1 }).lean()).map((r) => r._id));
    const inFlight = claimed.filter((d) => !receipted.has(d._id)).length;
    const sending = claimed;

    const second = await startChild(fake, db);
    process.stderr.write(`killed after ${sentBeforeKill}; sending ${sending.length}, in flight ${inFlight}\n`);
    await until(async () => (await modelsOf(dal).deliveries.countDocuments({ status: 'pending' })) === 0, 90_000, 'the broadcast to finish', 300);
    const counts = ids.map((id) => fake.sentCount.get(id) ?? 0);
    expect(counts.filter((c) => c === 0)).toHaveLength(0); // nobody lost
    expect(counts.filter((c) => c > 2)).toHaveLength(0);
    const duplicates = counts.filter((c) => c === 2).length;
    process.stderr.write(`duplicates after the crash: ${duplicates}\n`);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    expect(await modelsOf(dal).deliveries.countDocuments({ status: 'sent' })).toBe(N);

    const exit = new Promise<number | null>((r) => second.once('exit', (code) => r(code)));
    second.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
