/**
 * High availability: two instances in webhook mode on one database and one Telegram. Both take
 * updates (the secret is checked on every request); only the lease holder sends; nothing twice;
 * when the holder stops, the other takes over within seconds.
 */
import pino from 'pino';
import { FakeTelegram } from '../support/fake-telegram/server';
import { openTestDb, type TestDb } from '../support/db';
import { ALICE, testConfig } from '../support/harness';
import { createApp, type App } from '../../src/app';
import { createI18n } from '../../src/i18n/i18n';
import { freePort } from '../../src/db/embedded';
import { until } from '../support/until';
import { modelsOf } from '../support/models';

jest.setTimeout(90_000);


describe('two instances on one database', () => {
  let fake: FakeTelegram;
  let db: TestDb;
  const apps: App[] = [];
  let hookUrl = '';
  afterAll(async () => {
    for (const a of apps) await a.stop();
    await fake.stop();
    await db.drop();
  });

  async function instance(name: string, sharedUrl?: string): Promise<App> {
    const port = await freePort();
    const url = sharedUrl ?? `http://127.0.0.1:${port}/telegram`;
    const config = { ...testConfig(fake, { TICK_SECONDS: '1', SEND_RATE_PER_SECOND: '30' }), webhook: { url, secret: 'the-secret', port } };
    const app = createApp({ config, dal: db.dal, i18n: await createI18n(), logger: pino({ level: 'silent' }), now: () => new Date() }, { instanceId: name });
    await app.start();
    apps.push(app);
    return app;
  }

  it('both take updates by webhook, checking the secret; one sends; no duplicates; the other takes over', async () => {
    fake = await FakeTelegram.start({ rateLimits: { perSecond: 30, perChatIntervalMs: 1000 } });
    db = await openTestDb('ha');
    const a = await instance('A');
    hookUrl = `http://127.0.0.1:${a.http!.port}/telegram`;
    const b = await instance('B', hookUrl); // behind the same (load-balanced) URL
    // Updates arrive by webhook and are answered.
    const [reply] = await fake.say(ALICE, '/start');
    expect(reply?.text).toContain('Alice');
    // A forged update without the secret is refused; health answers.
    const forged = await fetch(hookUrl, { method: 'POST', body: JSON.stringify({ update_id: 1 }), headers: { 'content-type': 'application/json' } });
    expect(forged.status).toBe(401);
    const health = await fetch(`http://127.0.0.1:${b.http!.port}/healthz`);
    expect(health.status).toBe(200);

    const ids = Array.from({ length: 120 }, (_, i) => 800_000 + i);
    await modelsOf(db.dal).users.insertMany(ids.map((id) => ({ _id: id, firstName: `m${id}`, privateChatStarted: true, reachable: true, locale: 'en' })));
    await modelsOf(db.dal).subscriptions.insertMany(ids.map((id) => ({ userId: id, kind: 'all', target: '*' })));
    const start = new Date(Date.now() + 86_400_000);
    const event = await modelsOf(db.dal).events.create({ title: 'Shared', startAt: start, endAt: new Date(start.getTime() + 3600_000), timezone: 'UTC', status: 'published', createdBy: 1, publishedAt: new Date() });
    await a.deps.scheduler.eventPublished(event._id);
    await b.deps.scheduler.eventPublished(event._id); // both plan: still one job
    await until(async () => (await modelsOf(db.dal).deliveries.countDocuments({ status: 'sent' })) === ids.length, 30_000, 'the broadcast');
    expect(ids.map((id) => fake.sentCount.get(id) ?? 0).every((n) => n === 1)).toBe(true);
    expect([a.engine.isLeader(), b.engine.isLeader()].filter(Boolean)).toHaveLength(1);

    // The sender stops; the other instance takes the lease and sends the next thing.
    const [leader, other] = a.engine.isLeader() ? [a, b] : [b, a];
    await leader.stop();
    await other.deps.scheduler.notifyUser(ids[0]!, 'delivery.digest.empty', {});
    await until(() => (fake.sentCount.get(ids[0]!) ?? 0) === 2, 20_000, 'the other instance to send');
    expect(other.engine.isLeader()).toBe(true);
  });
});
