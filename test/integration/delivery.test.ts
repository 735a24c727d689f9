/**
 * The delivery engine through the real app and the fake Bot API: announcements, reminders, 429s,
 * blocked users, migrated groups, 5xx back-off, card edits, idempotent planning, two instances.
 */
import { Types } from 'mongoose';
import { ADMIN, ALICE, startHarness, type Harness } from '../support/harness';
import { TelegramErrors } from '../support/fake-telegram/server';
import type { EventRecord } from '../../src/dal/events/event.model';
import { modelsOf } from '../support/models';

const CHANNEL = { id: -100111, type: 'channel' as const, title: 'Town <events>' };
const GROUP = { id: -222, type: 'group' as const, title: 'Old group' };

async function seedEvent(h: Harness, over: Partial<EventRecord> = {}): Promise<Types.ObjectId> {
  const start = new Date(Date.now() + 3 * 3600_000);
  const doc = await modelsOf(h.db.dal).events.create({
    title: 'Tea & <talk>',
    startAt: start,
    endAt: new Date(start.getTime() + 3600_000),
    timezone: 'Asia/Tehran',
    categories: ['music'],
    status: 'published',
    createdBy: 1000,
    publishedAt: new Date(),
    ...over,
  });
  return doc._id;
}

async function seedMember(h: Harness, id: number, extra: Record<string, unknown> = {}) {
  await modelsOf(h.db.dal).users.create({ _id: id, firstName: `u${id}`, privateChatStarted: true, reachable: true, locale: 'en', ...extra });
  await modelsOf(h.db.dal).subscriptions.create({ userId: id, kind: 'all', target: '*' });
}

async function seedChat(h: Harness, chat: { id: number; type: 'channel' | 'group'; title: string }, extra: Record<string, unknown> = {}) {
  h.fake.addChat(chat);
  await modelsOf(h.db.dal).chats.create({ _id: chat.id, type: chat.type, title: chat.title, linkedBy: 1000, locale: 'en', timezone: 'Asia/Tehran', ...extra });
}

describe('delivery engine', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: { TICK_SECONDS: '60', SEND_RATE_PER_SECOND: '30' } });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('announces a published event once to matching chats and subscribed members, and records the posts', async () => {
    await seedChat(h, CHANNEL);
    await seedChat(h, { id: -333, type: 'channel', title: 'Sports only' }, { categories: ['sport'] });
    await seedMember(h, 5001);
    const id = await seedEvent(h);
    await h.app.deps.scheduler.eventPublished(id);
    await h.app.deps.scheduler.eventPublished(id); // planning twice plans once
    await h.runUntilIdle();
    expect(h.fake.botMessagesIn(CHANNEL.id)).toHaveLength(1);
    expect(h.fake.botMessagesIn(-333)).toHaveLength(0);
    const mine = h.fake.botMessagesIn(5001);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('Tea & <talk>');
    expect(mine[0]!.raw).toContain('&lt;talk&gt;');
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ kind: 'announce' })).toBe(1);
    expect(await modelsOf(h.db.dal).posts.countDocuments({ eventId: id })).toBe(2);
    await h.runUntilIdle();
    expect(h.fake.botMessagesIn(CHANNEL.id)).toHaveLength(1);
  });

  it('waits out a 429 with retry_after and then delivers, once', async () => {
    await seedMember(h, 5002);
    h.fake.failNext('sendMessage', TelegramErrors.tooManyRequests(1), { chatId: 5002 });
    const id = await seedEvent(h);
    await h.app.deps.scheduler.eventPublished(id);
    await h.runUntilIdle(20_000, { retries: true });
    expect(h.fake.botMessagesIn(5002)).toHaveLength(1);
    const calls = h.fake.callsTo('sendMessage').filter((c) => Number(c.params.chat_id) === 5002);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    const d = await modelsOf(h.db.dal).deliveries.findOne({ chatId: 5002 }).lean();
    expect(d?.status).toBe('sent');
    expect(d?.lastError?.code).toBe(429);
  });

  it('marks a member who blocked the bot unreachable and a chat that removed it inactive, and stops', async () => {
    await seedMember(h, 5003);
    await seedChat(h, CHANNEL);
    h.fake.setChatError(5003, TelegramErrors.blocked());
    h.fake.setChatError(CHANNEL.id, TelegramErrors.chatNotFound());
    const id = await seedEvent(h);
    await h.app.deps.scheduler.eventPublished(id);
    await h.runUntilIdle();
    expect((await h.db.dal.users.findById(5003))?.reachable).toBe(false);
    const chat = await modelsOf(h.db.dal).chats.findById(CHANNEL.id).lean();
    expect(chat?.active).toBe(false);
    expect(chat?.inactiveReason).toContain('400');
    const d = await modelsOf(h.db.dal).deliveries.findOne({ chatId: 5003 }).lean();
    expect(d?.status).toBe('skipped');
    expect(d?.lastError?.code).toBe(403);
    expect(h.fake.callsTo('sendMessage').filter((c) => Number(c.params.chat_id) === 5003)).toHaveLength(1);
  });

  it('re-targets a group that became a supergroup, keeping its settings', async () => {
    await seedChat(h, GROUP, { categories: ['music'], reminderOffsets: [90] });
    h.fake.addChat({ id: -100999, type: 'supergroup', title: 'New supergroup' });
    h.fake.setChatError(GROUP.id, TelegramErrors.migrated(-100999));
    const id = await seedEvent(h);
    await h.app.deps.scheduler.eventPublished(id);
    await h.runUntilIdle();
    expect(h.fake.botMessagesIn(-100999)).toHaveLength(1);
    const old = await modelsOf(h.db.dal).chats.findById(GROUP.id).lean();
    expect(old?.active).toBe(false);
    expect(old?.migratedTo).toBe(-100999);
    const fresh = await modelsOf(h.db.dal).chats.findById(-100999).lean();
    expect(fresh?.active).toBe(true);
    expect(fresh?.reminderOffsets).toEqual([90]);
  });

  it('backs off on 5xx and delivers when Telegram recovers; records the error', async () => {
    await seedMember(h, 5004);
    h.fake.failNext('sendMessage', TelegramErrors.badGateway(), { chatId: 5004 });
    const id = await seedEvent(h);
    await h.app.deps.scheduler.eventPublished(id);
    await h.runUntilIdle(20_000, { retries: true });
    expect(h.fake.botMessagesIn(5004)).toHaveLength(1);
    const d = await modelsOf(h.db.dal).deliveries.findOne({ chatId: 5004 }).lean();
    expect(d?.attempts).toBe(1);
    expect(d?.lastError?.code).toBe(502);
  });

  it('edits every posted copy in place when the event changes, and notifies those who RSVP\'d', async () => {
    await seedChat(h, CHANNEL);
    await seedMember(h, 5005);
    const id = await seedEvent(h);
    await modelsOf(h.db.dal).rsvps.create({ eventId: id, userId: 5005, status: 'going' });
    await h.app.deps.scheduler.eventPublished(id);
    await h.runUntilIdle();
    const posted = h.fake.botMessagesIn(CHANNEL.id)[0]!;
    await modelsOf(h.db.dal).events.updateOne({ _id: id }, { $set: { title: 'Tea moved', sequence: 1, startAt: new Date(Date.now() + 5 * 3600_000), endAt: new Date(Date.now() + 6 * 3600_000) } });
    await h.app.deps.scheduler.eventChanged(id, 'time');
    await new Promise((r) => setTimeout(r, 3100)); // the coalescing bucket
    await h.runUntilIdle();
    const edited = h.fake.message(CHANNEL.id, posted.message_id)!;
    expect(edited.edits).toBe(1);
    expect(edited.text).toContain('Tea moved');
    const notices = h.fake.botMessagesIn(5005).filter((m) => m.text?.includes('new time'));
    expect(notices).toHaveLength(1);
    // Old reminders skipped as "event moved", new ones planned for the new start.
    const moved = await modelsOf(h.db.dal).jobs.countDocuments({ kind: 'reminder', status: 'skipped', reason: 'event moved' });
    expect(moved).toBeGreaterThan(0);
  });

  it('skips a reminder whose event already started (downtime) with the reason', async () => {
    await seedMember(h, 5006);
    const id = await seedEvent(h, { startAt: new Date(Date.now() - 60_000), endAt: new Date(Date.now() + 3600_000) });
    await h.db.dal.jobs.plan({ key: 'reminder:test', kind: 'reminder', dueAt: new Date(Date.now() - 3600_000), eventId: id, payload: { offsetMin: 60 } }, new Date());
    await h.runUntilIdle();
    const job = await modelsOf(h.db.dal).jobs.findOne({ key: 'reminder:test' }).lean();
    expect(job?.status).toBe('skipped');
    expect(job?.reason).toBe('event already started');
    expect(h.fake.botMessagesIn(5006)).toHaveLength(0);
  });

  it('/stats shows a super-admin sent, pending, failed and skipped per event and chat, with reasons; others are refused', async () => {
    await seedChat(h, CHANNEL);
    await seedMember(h, 5007);
    h.fake.setChatError(5007, TelegramErrors.blocked());
    const id = await seedEvent(h);
    await h.app.deps.scheduler.eventPublished(id);
    await h.runUntilIdle();
    const [reply] = await h.fake.say(ADMIN, '/stats');
    expect(reply?.text).toContain('Tea & <talk>: ✅ 1 · ⏳ 0 · ❌ 0 · ⏭ 1');
    expect(reply?.text).toContain('Town <events>: ✅ 1');
    expect(reply?.text).toContain('recipient inactive: 403 Forbidden: bot was blocked by the user: 1');
    expect(reply?.text).toContain(h.app.engine.instanceId);
    const [refused] = await h.fake.say(ALICE, '/stats');
    expect(refused?.text).toBe('Only the bot’s administrators can see delivery statistics.');
  });

  it('plans reminders for a newly chosen reminder time on upcoming events, once', async () => {
    await seedMember(h, 5008);
    const id = await seedEvent(h);
    await h.app.deps.scheduler.eventPublished(id);
    const event = await modelsOf(h.db.dal).events.findById(id).lean();
    const key = `reminder:${id.toHexString()}:30:${event!.startAt.getTime()}`;
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ key })).toBe(0);
    await modelsOf(h.db.dal).users.updateOne({ _id: 5008 }, { $set: { reminderOffsets: [30] } });
    await h.app.planner.replanNow();
    await h.app.planner.replanNow();
    const job = await modelsOf(h.db.dal).jobs.findOne({ key }).lean();
    expect(job?.dueAt.getTime()).toBe(event!.startAt.getTime() - 30 * 60_000);
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ key })).toBe(1);
  });
});
