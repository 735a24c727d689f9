/**
 * Calendar preferences through the real bot, the delivery engine and the database: a channel's own
 * calendar (set in its settings, or its language's default when it has none), a member's choice in
 * /settings, and members stored before per-language defaults (calendar: 'gregorian' written by the
 * old schema default) reading their language's default.
 */
import { Types } from 'mongoose';
import { ALICE, startHarness, type Harness } from '../support/harness';
import type { FakeChat } from '../support/fake-telegram/server';
import type { EventRecord } from '../../src/dal/events/event.model';
import { modelsOf } from '../support/models';

const admin = { status: 'administrator' as const, can_post_messages: true, can_edit_messages: true };
const left = { status: 'left' as const };

/** Saturday 5 December 2026 at 18:30 in Tehran = 14 Azar 1405 = 25 Jumada II 1448. */
const START = new Date('2026-12-05T15:00:00Z');

async function seedEvent(h: Harness, over: Partial<EventRecord> = {}): Promise<Types.ObjectId> {
  const doc = await modelsOf(h.db.dal).events.create({
    title: 'Movie Night!',
    startAt: START,
    endAt: new Date(START.getTime() + 2 * 3600_000),
    timezone: 'Asia/Tehran',
    categories: [],
    status: 'published',
    createdBy: 1000,
    publishedAt: new Date(),
    ...over,
  });
  return doc._id;
}

async function seedChat(h: Harness, chat: FakeChat, extra: Record<string, unknown>) {
  h.fake.addChat(chat);
  await modelsOf(h.db.dal).chats.create({ _id: chat.id, type: chat.type, title: chat.title, linkedBy: 1000, timezone: 'Asia/Tehran', ...extra });
}

/** The lines of a card that carry the dates: "🗓 …" first, then "📅 …" beside it. */
function dateLines(text: string | undefined): { first: string; beside: string } {
  const lines = (text ?? '').split('\n').map((l) => l.replace(/^\u200f/, ''));
  return { first: lines.find((l) => l.startsWith('🗓')) ?? '', beside: lines.find((l) => l.startsWith('📅')) ?? '' };
}

describe('calendars in the messages the bot sends', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: { TICK_SECONDS: '60' }, now: () => new Date('2026-11-27T10:00:00Z') });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('posts to a Persian channel with Solar Hijri first, an Arabic one with Gregorian first and Hijri beside, and a channel\'s own choice', async () => {
    await seedChat(h, { id: -3001, type: 'channel', title: 'کانال قم' }, { locale: 'fa' });
    await seedChat(h, { id: -3002, type: 'channel', title: 'قناة' }, { locale: 'ar' });
    await seedChat(h, { id: -3003, type: 'channel', title: 'Hijri first' }, { locale: 'ar', calendar: 'islamic' });
    await seedChat(h, { id: -3004, type: 'channel', title: 'English' }, { locale: 'en' });
    const id = await seedEvent(h);
    await h.app.deps.scheduler.eventPublished(id);
    await h.runUntilIdle();

    const fa = dateLines(h.fake.botMessagesIn(-3001)[0]!.text);
    expect(fa.first).toMatch(/^🗓 شنبه ۱۴ آذر ۱۴۰۵، ۱۸:۳۰–۲۰:۳۰/);
    expect(fa.first).toContain('وقت ایران');
    expect(fa.beside).toBe('📅 ۵ دسامبر ۲۰۲۶');

    const ar = dateLines(h.fake.botMessagesIn(-3002)[0]!.text);
    expect(ar.first).toMatch(/^🗓 السبت، ٥ ديسمبر ٢٠٢٦، ١٨:٣٠–٢٠:٣٠/);
    expect(ar.beside).toBe('📅 ٢٥ جمادى الآخرة ١٤٤٨ هـ');

    const hijri = dateLines(h.fake.botMessagesIn(-3003)[0]!.text);
    expect(hijri.first).toMatch(/^🗓 السبت، ٢٥ جمادى الآخرة ١٤٤٨ هـ/);
    expect(hijri.beside).toBe('📅 ٥ ديسمبر ٢٠٢٦');

    const en = dateLines(h.fake.botMessagesIn(-3004)[0]!.text);
    expect(en.first).toBe('🗓 Sat 5 Dec 2026, 18:30–20:30 (Iran Time)');
    expect(en.beside).toBe('');
  });

  it('reads a member stored with the old default as "their language\'s default", and honours a member\'s choice', async () => {
    // Stored before per-language defaults: calendar 'gregorian' with no choice recorded.
    await modelsOf(h.db.dal).users.collection.insertOne({ _id: 7001, firstName: 'Zahra', locale: 'fa', calendar: 'gregorian', privateChatStarted: true, reachable: true, reminderOffsets: [60], isOrganizer: false } as never);
    await modelsOf(h.db.dal).users.create({ _id: 7002, firstName: 'Reza', locale: 'fa', calendar: 'gregorian', calendarChosen: true, privateChatStarted: true, reachable: true });
    for (const userId of [7001, 7002]) await modelsOf(h.db.dal).subscriptions.create({ userId, kind: 'all', target: '*' });
    const id = await seedEvent(h);
    await h.app.deps.scheduler.eventPublished(id);
    await h.runUntilIdle();
    expect(dateLines(h.fake.botMessagesIn(7001)[0]!.text).first).toMatch(/^🗓 شنبه ۱۴ آذر ۱۴۰۵/);
    expect(dateLines(h.fake.botMessagesIn(7002)[0]!.text).first).toMatch(/^🗓 شنبه ۵ دسامبر ۲۰۲۶/);
    expect(dateLines(h.fake.botMessagesIn(7002)[0]!.text).beside).toBe('📅 ۱۴ آذر ۱۴۰۵');
  });

  it('lets a channel admin choose the channel\'s calendar, and go back to the language\'s default', async () => {
    const channel: FakeChat = { id: -3010, type: 'channel', title: 'Cal' };
    await h.fake.say(ALICE, '/help');
    h.fake.setMember(channel.id, ALICE.id, { status: 'creator' });
    await h.fake.processed(h.fake.myChatMember(channel, ALICE, left, admin));
    await modelsOf(h.db.dal).chats.updateOne({ _id: channel.id }, { $set: { locale: 'fa' } });
    const [list] = await h.fake.say(ALICE, '/channels');
    await h.fake.press(ALICE, list!, /⚙️ Cal/);
    const settings = h.fake.message(ALICE.id, list!.message_id)!;
    // No calendar stored: the Persian default, said as such.
    expect(settings.text).toContain('📆 Calendar: Solar Hijri · Gregorian — Language default');
    await h.fake.press(ALICE, settings, /📆 Calendar/);
    await h.fake.press(ALICE, h.fake.message(ALICE.id, list!.message_id)!, /^Hijri \(lunar\)$/);
    expect((await h.db.dal.chats.findById(channel.id))?.calendar).toBe('islamic');
    expect(h.fake.message(ALICE.id, list!.message_id)!.text).toContain('📆 Calendar: Hijri (lunar) · Gregorian (');
    await h.fake.press(ALICE, h.fake.message(ALICE.id, list!.message_id)!, /📆 Calendar/);
    await h.fake.press(ALICE, h.fake.message(ALICE.id, list!.message_id)!, /^Language default$/);
    const stored = await modelsOf(h.db.dal).chats.findById(channel.id).lean();
    expect(stored && 'calendar' in stored).toBe(false);
  });

  it('lets a member choose a calendar in /settings, recorded as a choice, and go back to the default', async () => {
    await h.fake.say(ALICE, '/help');
    const [screen] = await h.fake.say(ALICE, '/settings');
    expect(screen?.text).toContain('📆 Calendar: Gregorian — Language default');
    await h.fake.press(ALICE, screen!, /📆 Calendar/);
    await h.fake.press(ALICE, h.fake.message(ALICE.id, screen!.message_id)!, /^Gregorian$/);
    expect(await modelsOf(h.db.dal).users.findById(ALICE.id).lean()).toMatchObject({ calendar: 'gregorian', calendarChosen: true });
    await h.fake.press(ALICE, h.fake.message(ALICE.id, screen!.message_id)!, /📆 Calendar/);
    await h.fake.press(ALICE, h.fake.message(ALICE.id, screen!.message_id)!, /^Solar Hijri$/);
    expect(h.fake.message(ALICE.id, screen!.message_id)!.text).toContain('📆 Calendar: Solar Hijri · Gregorian (');
    await h.fake.press(ALICE, h.fake.message(ALICE.id, screen!.message_id)!, /📆 Calendar/);
    await h.fake.press(ALICE, h.fake.message(ALICE.id, screen!.message_id)!, /^Language default$/);
    const user = await modelsOf(h.db.dal).users.findById(ALICE.id).lean();
    expect(user?.calendar).toBeUndefined();
    expect(user?.calendarChosen).toBeUndefined();
  });
});
