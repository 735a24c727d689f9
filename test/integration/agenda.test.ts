/**
 * The agenda: the timetable the tick reads by `_id` (see src/dal/agenda). Racing planners lose no
 * entry; work beyond the horizon waits in `agenda_later` and moves in an hour ahead; the tick runs
 * what the agenda brings, and the sweep finds a job that never got an entry.
 */
import { openTestDb, type TestDb } from '../support/db';
import { AgendaRepository, minuteOf } from '../../src/dal/agenda/agenda.repository';
import { startHarness, type Harness } from '../support/harness';
import { modelsOf } from '../support/models';

describe('agenda pages', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('agenda');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps every entry when ten planners file into the same minute at once', async () => {
    const now = new Date('2030-01-01T10:00:30Z');
    const planners = Array.from({ length: 10 }, () => new AgendaRepository(modelsOf(db.dal).agenda, modelsOf(db.dal).agendaLater));
    await Promise.all(planners.map((p, i) => Promise.all([0, 1, 2].map((k) => p.add([{ job: `job-${i}-${k}`, at: new Date(now.getTime() + 10_000) }], now)))));
    const minute = minuteOf(now);
    const seen: string[] = [];
    for (let n = 0; ; n++) {
      const page = await db.dal.agenda.page(minute, n);
      if (!page) break;
      seen.push(...page.map((e) => e.job));
    }
    expect(seen.sort()).toEqual(planners.flatMap((_, i) => [0, 1, 2].map((k) => `job-${i}-${k}`)).sort());
  });

  it('files work beyond the horizon by the hour and moves it in when that hour comes near', async () => {
    const now = new Date('2030-02-01T10:00:00Z');
    const at = new Date('2030-02-01T13:20:00Z');
    await db.dal.agenda.add([{ job: 'far', at }], now);
    expect(await db.dal.agenda.page(minuteOf(at), 0)).toBeNull();
    expect(await modelsOf(db.dal).agendaLater.countDocuments({ 'entries.job': 'far' })).toBe(1);
    expect(await db.dal.agenda.promote(new Date('2030-02-01T11:00:00Z'))).toBe(0); // 13:00 is still beyond the hour
    expect(await db.dal.agenda.promote(new Date('2030-02-01T12:30:00Z'))).toBe(1);
    expect((await db.dal.agenda.page(minuteOf(at), 0))?.map((e) => e.job)).toEqual(['far']);
    expect(await modelsOf(db.dal).agendaLater.countDocuments({ 'entries.job': 'far' })).toBe(0);
  });

  it('never files into an hour the reader may already have moved in', async () => {
    // At 11:30 the reader may have moved 12:00–13:00 in (it does so from 11:00), so 12:45 must go
    // straight into the agenda, although it is more than the horizon away.
    const now = new Date('2030-03-01T11:30:00Z');
    const at = new Date('2030-03-01T12:45:00Z');
    await db.dal.agenda.add([{ job: 'edge', at }], now);
    expect((await db.dal.agenda.page(minuteOf(at), 0))?.map((e) => e.job)).toEqual(['edge']);
    expect(await modelsOf(db.dal).agendaLater.countDocuments({ 'entries.job': 'edge' })).toBe(0);
  });
});

describe('the tick and the agenda', () => {
  let h: Harness;
  let clock = new Date('2031-05-01T08:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ env: { TICK_SECONDS: '60' }, now: () => clock });
  });
  afterAll(async () => {
    await h.stop();
  });

  const member = 7300;
  beforeAll(async () => {
    await modelsOf(h.db.dal).users.create({ _id: member, firstName: 'Sam', privateChatStarted: true, reachable: true, locale: 'en' });
  });

  it('runs a job planned three hours ahead at its time, from the agenda alone (no sweep)', async () => {
    const dueAt = new Date(clock.getTime() + 3 * 3600_000);
    await h.db.dal.jobs.plan({ key: 'direct:later-test', kind: 'direct', chatId: member, dueAt, payload: { key: 'delivery.digest.empty', vars: {} } }, clock);
    await h.app.engine.tickOnce();
    clock = new Date(dueAt.getTime() - 30 * 60_000);
    await h.app.engine.tickOnce(); // the hour comes near: moved into the agenda
    expect((await h.db.dal.jobs.findById('direct:later-test'))?.status).toBe('pending');
    clock = new Date(dueAt.getTime() + 1000);
    await h.app.engine.tickOnce();
    expect((await h.db.dal.jobs.findById('direct:later-test'))?.status).toBe('done');
    await h.runUntilIdle();
    expect(h.fake.botMessagesIn(member)).toHaveLength(1);
  });

  it('finds a due job that has no agenda entry with the reconciliation sweep', async () => {
    const before = h.fake.botMessagesIn(member).length;
    await modelsOf(h.db.dal).jobs.create({ _id: 'direct:no-entry', key: 'direct:no-entry', kind: 'direct', chatId: member, dueAt: new Date(clock.getTime() - 5 * 60_000), status: 'pending', attempts: 0, payload: { key: 'delivery.digest.empty', vars: {} } });
    await h.app.engine.tickOnce();
    expect((await h.db.dal.jobs.findById('direct:no-entry'))?.status).toBe('pending'); // the agenda does not know it
    await h.app.engine.sweepOnce();
    await h.app.engine.tickOnce();
    expect((await h.db.dal.jobs.findById('direct:no-entry'))?.status).toBe('done');
    await h.runUntilIdle();
    expect(h.fake.botMessagesIn(member)).toHaveLength(before + 1);
  });
  it('runs the direct messages due in one tick as one group: one chunk, each job done, nobody twice', async () => {
    const members = [7401, 7402, 7403];
    const away = 7404; // blocked the bot earlier: the job is done, nothing is sent
    await modelsOf(h.db.dal).users.insertMany(members.map((id) => ({ _id: id, firstName: `m${id}`, privateChatStarted: true, reachable: true, locale: 'en' })));
    await modelsOf(h.db.dal).users.create({ _id: away, firstName: 'away', privateChatStarted: true, reachable: false, locale: 'en' });
    await h.app.engine.tickOnce(); // holds the sender lease (run alone, this is the first tick)
    const dueAt = new Date(clock.getTime() + 60_000);
    const keys = [...members, away].map((id) => `direct:group-test:${id}`);
    await h.db.dal.jobs.planMany(
      [...members, away].map((id, i) => ({ key: keys[i]!, kind: 'direct' as const, chatId: id, dueAt: new Date(dueAt.getTime() + i * 100), payload: { key: 'delivery.digest.empty', vars: {} } })),
      clock,
    );
    clock = new Date(dueAt.getTime() + 1000);
    expect((await h.app.engine.tickOnce()).jobs).toBe(4);
    for (const key of keys) expect((await h.db.dal.jobs.findById(key))?.status).toBe('done');
    const deliveries = await modelsOf(h.db.dal).deliveries.find({ jobId: { $in: keys } }).lean();
    expect(deliveries.map((d) => d.chatId).sort()).toEqual(members);
    const batches = [...new Set(deliveries.map((d) => d.batch))];
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatch(/^group:/);
    expect(await modelsOf(h.db.dal).chunks.countDocuments({ _id: batches[0] })).toBe(1);
    await h.runUntilIdle();
    for (const id of members) expect(h.fake.botMessagesIn(id)).toHaveLength(1);
    expect(h.fake.botMessagesIn(away)).toHaveLength(0);
    expect((await modelsOf(h.db.dal).deliveries.find({ jobId: { $in: keys } }).lean()).map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);

    // A run cut short after its fan-out (a crash before the jobs were marked done) runs again and
    // sends nobody anything twice.
    await modelsOf(h.db.dal).jobs.updateMany({ _id: { $in: keys } }, { $set: { status: 'pending' } });
    clock = new Date(clock.getTime() + 2 * 60_000);
    await h.app.engine.sweepOnce();
    expect((await h.app.engine.tickOnce()).jobs).toBe(4);
    await h.runUntilIdle();
    for (const key of keys) expect((await h.db.dal.jobs.findById(key))?.status).toBe('done');
    for (const id of members) expect(h.fake.botMessagesIn(id)).toHaveLength(1);
    expect(await modelsOf(h.db.dal).deliveries.countDocuments({ jobId: { $in: keys } })).toBe(3);
  });
});
