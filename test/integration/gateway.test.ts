/**
 * The gateway against the fake Bot API enforcing Telegram's flood limits (the harness's default):
 * replies survive 429s, a burst of /start is answered for everyone, and preference changes are
 * re-planned once, in the background.
 */
import { ALICE, REZA, startHarness, type Harness } from '../support/harness';
import { TelegramErrors, type FakeUser } from '../support/fake-telegram/server';
import { BURST, PER_SECOND } from '../../src/bot/middlewares/throttle';
import { modelsOf } from '../support/models';

describe('a reply that meets a 429', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('is sent again after retry_after, and the member gets the answer once', async () => {
    h.fake.failNext('sendMessage', TelegramErrors.tooManyRequests(3), { chatId: REZA.id });
    const replies = await h.fake.say(REZA, '/help');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('/start');
    const calls = h.fake.callsTo('sendMessage').filter((c) => Number(c.params.chat_id) === REZA.id);
    expect(calls.map((c) => c.error?.error_code ?? 200)).toEqual([429, 200]);
    // retry_after is in the limits' clock (the harness runs it fast): 3 s of it, in real time.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(h.fake.clock.realMs(3000) - 5);
    expect(h.app.gateway.stats).toMatchObject({ flood: 1, dropped: 0 });
  });

  it('is dropped with a log line, not retried for ever, when retry_after is past any sensible wait', async () => {
    h.fake.failNext('sendMessage', TelegramErrors.tooManyRequests(3600), { chatId: ALICE.id });
    const replies = await h.fake.say(ALICE, '/help');
    expect(replies).toHaveLength(0);
    expect(h.fake.callsTo('sendMessage').filter((c) => Number(c.params.chat_id) === ALICE.id)).toHaveLength(1);
    expect(h.app.gateway.stats.dropped).toBe(1);
    // Only that chat waits out its retry_after; another member is answered at once.
    const [other] = await h.fake.say(REZA, '/help');
    expect(other?.text).toContain('/start');
  });
});

describe('a burst of 600 /start from 600 new members', () => {
  let h: Harness;
  beforeAll(async () => {
    // Telegram's limits at 3× speed: the global 30/s is what binds (200 s of limits in fast motion would be slow).
    h = await startHarness({ limitSpeed: 3 });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('is answered for every one of them, once, with no 429 left unhandled', async () => {
    const users: FakeUser[] = Array.from({ length: 600 }, (_, i) => ({ id: 700_000 + i, first_name: `م${i}`, language_code: ['fa', 'ar', 'ur', 'en'][i % 4]! }));
    let last = 0;
    for (const u of users) last = h.fake.sendText(u, '/start');
    await h.fake.processed(last, 120_000);
    const answered = users.map((u) => h.fake.botMessagesIn(u.id).length);
    expect(answered.filter((n) => n === 1)).toHaveLength(600);
    expect(h.app.gateway.stats.dropped).toBe(0);
    // The gateway kept within the limits: any 429 the fake gave was retried (none, in practice).
    expect(h.fake.callsTo('sendMessage').filter((c) => !c.ok && c.error?.error_code !== 429)).toHaveLength(0);
    const welcome = h.fake.botMessagesIn(users[1]!.id)[0]!;
    expect(welcome.text).toContain('م1');
  }, 150_000);
});

describe('repeated /stop', () => {
  let h: Harness;
  let clock = new Date('2026-12-01T10:00:02Z');
  beforeAll(async () => {
    h = await startHarness({ now: () => clock, env: { TICK_SECONDS: '60' } });
    await modelsOf(h.db.dal).events.create({
      title: 'Nowruz picnic',
      startAt: new Date('2026-12-10T08:00:00Z'),
      endAt: new Date('2026-12-10T12:00:00Z'),
      timezone: 'Asia/Tehran',
      status: 'published',
      createdBy: 1,
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('answers at once and re-plans once, in the background', async () => {
    for (let i = 0; i < 10; i++) {
      const [reply] = await h.fake.say(REZA, '/stop');
      expect(reply?.text).toBeDefined();
    }
    // Nothing was planned inside the updates: one replan job waits for the engine.
    const jobs = () => modelsOf(h.db.dal).jobs.find({ kind: 'replan' }).lean();
    expect((await jobs()).map((j) => j.status)).toEqual(['pending']);
    expect(h.app.engine.replanStats.runs).toBe(0);
    clock = new Date(clock.getTime() + 5000);
    await h.runUntilIdle();
    expect((await jobs()).map((j) => j.status)).toEqual(['done']);
    expect(h.app.engine.replanStats.runs).toBe(1);
    // …and it did plan: the upcoming event has its reminders at the offsets in use.
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ kind: 'reminder' })).toBeGreaterThan(0);
  });

  it('skips a later replan job whose changes a run that started after it already covered', async () => {
    await h.fake.say(REZA, '/stop');
    clock = new Date(clock.getTime() + 5000);
    await h.fake.say(ALICE, '/stop');
    clock = new Date(clock.getTime() + 10_000);
    await h.runUntilIdle();
    const statuses = (await modelsOf(h.db.dal).jobs.find({ kind: 'replan' }).sort({ dueAt: 1 }).lean()).map((j) => j.status);
    expect(statuses).toHaveLength(3);
    // One of the two new ones ran (the first test's run was the other), the other was covered by it.
    expect(h.app.engine.replanStats).toEqual({ runs: 2, coalesced: 1 });
    expect(statuses.filter((s) => s === 'pending')).toHaveLength(0);
  });
});

describe('one member flooding the bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('is told once, in their language, to slow down; what they cost is bounded and others are answered', async () => {
    const spammer: FakeUser = { id: 760_001, first_name: 'پرشور', language_code: 'fa' };
    const started = h.fake.clock.now();
    let last = 0;
    for (let i = 0; i < 200; i++) {
      last = h.fake.sendText(spammer, '/events');
      if (i === 100) last = h.fake.sendText(ALICE, '/help');
    }
    await h.fake.processed(last, 60_000);
    const [alice] = h.fake.botMessagesIn(ALICE.id).slice(-1);
    expect(alice?.text).toContain('/start');
    const toSpammer = h.fake.botMessagesIn(spammer.id).map((m) => m.text ?? '');
    const told = toSpammer.filter((t) => t.includes('کمی تند پیش می‌روید'));
    expect(told.length).toBeGreaterThanOrEqual(1);
    // Answered: the burst, plus one a second of the limits' clock while it lasted (and a telling per spell).
    const seconds = (h.fake.clock.now() - started) / 1000;
    expect(toSpammer.length - told.length).toBeLessThanOrEqual(BURST + Math.ceil(seconds * PER_SECOND) + 1);
    expect(told.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(h.app.gateway.stats.dropped).toBe(0);
  });
});
