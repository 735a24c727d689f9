/**
 * Retention with the clock moved forward: history (sent, failed and skipped deliveries, receipts,
 * done chunks, finished jobs, claims, idle sessions) is deleted past its period, by the daily job
 * that lives in the schedule; what is still to do, and what still means something, stays.
 */
import { startHarness, type Harness } from '../support/harness';
import type { FakeUser } from '../support/fake-telegram/server';
import { modelsOf } from '../support/models';

const DAY = 86_400_000;
const MEMBER: FakeUser = { id: 5301, first_name: 'مریم', language_code: 'fa' };

describe('retention', () => {
  let h: Harness;
  let clock = new Date();
  beforeAll(async () => {
    h = await startHarness({ now: () => clock, env: { TICK_SECONDS: '60', HISTORY_RETENTION_DAYS: '30', SESSION_RETENTION_DAYS: '7' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('keeps its schedule in the database: one daily job, planned once by the sender', async () => {
    await h.app.engine.tickOnce(); // the tick takes the sender lease, which plans it
    await h.app.engine.tickOnce();
    const jobs = await modelsOf(h.db.dal).jobs.find({ kind: 'retention', status: 'pending' }).lean();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.dueAt.getUTCHours()).toBe(3);
    expect(jobs[0]!.dueAt.getTime() - clock.getTime()).toBeLessThanOrEqual(DAY);
  });

  it('purges history past its period and keeps what is pending, when the clock has moved on', async () => {
    const m = modelsOf(h.db.dal);
    // Real history: a message sent through the engine (delivery, receipt, done chunk, done job).
    await h.fake.say(MEMBER, '/start');
    await h.app.deps.scheduler.notifyUser(MEMBER.id, 'rsvp.promoted', { title: 'x' });
    await h.runUntilIdle();
    expect(await m.deliveries.countDocuments({ chatId: MEMBER.id, status: 'sent' })).toBe(1);
    expect(await m.receipts.countDocuments()).toBeGreaterThan(0);
    await m.deliveries.create([
      { _id: 'failed-1', jobId: 'j', kind: 'reminder', chatId: 1, recipient: 'user', chatType: 'private', locale: 'en', timezone: 'UTC', batch: 'b', status: 'failed', nextAttemptAt: new Date() },
      { _id: 'pending-1', jobId: 'j', kind: 'reminder', chatId: 2, recipient: 'user', chatType: 'private', locale: 'en', timezone: 'UTC', batch: 'b', status: 'pending', nextAttemptAt: new Date() },
    ]);
    await m.claims.create({ _id: 'invite:abc', holder: MEMBER.id, at: new Date() });
    await m.sessions.create([
      { _id: `${MEMBER.id}:${MEMBER.id}`, data: { dialog: { name: 'x' } }, updatedAt: new Date(clock.getTime() + 29 * DAY) },
      { _id: `1:1`, data: { dialog: { name: 'x' } }, updatedAt: new Date() },
    ]);
    const future = new Date(clock.getTime() + 60 * DAY);
    await h.db.dal.jobs.plan({ key: 'reminder:later', kind: 'reminder', dueAt: future, payload: {} }, clock);
    await m.jobs.create({ _id: 'announce:old', key: 'announce:old', kind: 'announce', dueAt: new Date(), status: 'done', payload: {} });

    // Nothing is old yet: a run now deletes nothing of this.
    const early = await h.db.dal.retention.purge(clock, { historyDays: 30, sessionDays: 7 });
    expect(early).toEqual({ deliveries: 0, receipts: 0, chunks: 0, jobs: 0, claims: 0, sessions: 0 });

    // The bot comes back a month and a day later: the job that fell due meanwhile runs.
    const jobsBefore = await m.jobs.find({ kind: 'retention', status: 'pending' }).lean();
    await h.app.stop();
    clock = new Date(clock.getTime() + 31 * DAY);
    const later = await startHarness({ sharedDb: h.db, sharedFake: h.fake, now: () => clock, env: { TICK_SECONDS: '60', HISTORY_RETENTION_DAYS: '30', SESSION_RETENTION_DAYS: '7' } });
    try {
      await later.app.engine.tickOnce();
      await later.app.engine.sweepOnce();
      await later.runUntilIdle();
    } finally {
      await later.stop();
    }

    expect(await m.deliveries.find().select({ _id: 1 }).lean()).toEqual([{ _id: 'pending-1' }]);
    expect(await m.receipts.countDocuments()).toBe(0);
    expect(await m.chunks.countDocuments({ status: 'done' })).toBe(0);
    expect(await m.claims.countDocuments({ _id: 'invite:abc' })).toBe(0);
    expect(await m.jobs.countDocuments({ kind: 'direct' })).toBe(0);
    expect(await m.jobs.countDocuments({ _id: 'reminder:later', status: 'pending' })).toBe(1);
    expect(await m.jobs.countDocuments({ _id: 'announce:old' })).toBe(1); // stops a second announcement
    expect((await m.sessions.find().lean()).map((s) => s._id)).toEqual([`${MEMBER.id}:${MEMBER.id}`]);
    // The run is finished (history itself: mongoose stamps it with the real clock, which this test
    // has left a month behind, so it may already be gone) and planned the next day's.
    expect(await m.jobs.countDocuments({ _id: jobsBefore[0]!._id, status: 'pending' })).toBe(0);
    const next = await m.jobs.find({ kind: 'retention', status: 'pending' }).lean();
    expect(next).toHaveLength(1);
    expect(next[0]!.dueAt.getTime()).toBeGreaterThan(clock.getTime());
  });

  // Last: on MongoDB it switches the sweep of receipts and claims over to TTL indexes.
  it('uses TTL indexes where the database has them (MongoDB), and none on FerretDB', async () => {
    const info = await h.db.conn.db!.admin().command({ buildInfo: 1 });
    await h.db.dal.retention.prepare({ historyDays: 30, sessionDays: 7 });
    await h.db.dal.retention.prepare({ historyDays: 20, sessionDays: 7 }); // a changed setting
    for (const model of [modelsOf(h.db.dal).receipts, modelsOf(h.db.dal).claims]) {
      const ttl = (await model.collection.indexes()).find((i) => i.name === 'retention_ttl');
      if ('ferretdbVersion' in info) expect(ttl).toBeUndefined();
      else expect(ttl).toMatchObject({ key: { at: 1 }, expireAfterSeconds: 20 * 86_400 });
    }
  });
});
