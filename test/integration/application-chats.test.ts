/**
 * The chat operations (src/application/chats.ts) without telegraf, against the real database with the
 * real Planner: linking when the bot is added, pausing and resuming, unlinking and linking again,
 * and each setting, with the admin right each needs. What Telegram would say is passed in as the
 * front door passes it; whether it was asked at all is counted. A re-plan the scheduler was told
 * of is read back as a planned `replan` job (the clock moves on between steps, so each has its own).
 */
import pino from 'pino';
import { openTestDb, type TestDb } from '../support/db';
import { Planner } from '../../src/delivery/planner';
import { createApplication, systemActor, userActor, type Application } from '../../src/application';
import type { MembershipChange, RoleNow } from '../../src/application/chats';
import type { ChatRole } from '../../src/domain/permissions';

const CHANNEL = { id: -1001234500001, type: 'channel' as const, title: 'کانال رویدادهای قم' };
const GROUP = { id: -1001234500002, type: 'supergroup' as const, title: 'گروه طلاب اردو زبان' };
const OWNER = 5101;
const HELPER = 5102;
const STRANGER = 5103;

const creator: ChatRole = { status: 'creator', canPostMessages: true, canChangeInfo: true };
const plainAdmin: ChatRole = { status: 'administrator', canPostMessages: false, canChangeInfo: false };
const poster: ChatRole = { status: 'administrator', canPostMessages: true, canChangeInfo: false };
const infoEditor: ChatRole = { status: 'administrator', canPostMessages: false, canChangeInfo: true };

describe('chat operations (no telegraf)', () => {
  let db: TestDb;
  let app: Application;
  let now = new Date('2026-11-27T10:00:00Z');
  const later = () => (now = new Date(now.getTime() + 60_000));
  const replans = async () => (await db.dal.jobs.overdue(new Date(now.getTime() + 3_600_000), 1000)).filter((j) => j.kind === 'replan').length;

  beforeAll(async () => {
    db = await openTestDb('appchats');
    app = createApplication({
      dal: db.dal,
      scheduler: new Planner({ dal: db.dal, now: () => now }),
      now: () => now,
      botAdmins: [],
      logger: pino({ level: 'silent' }),
      defaultTimezone: 'Asia/Tehran',
    });
    await db.dal.categories.add('lecture', { en: 'Lectures', fa: 'سخنرانی', ar: 'محاضرات', ur: 'لیکچر' });
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A my_chat_member change, with Telegram's answers counted. */
  function membership(over: Partial<MembershipChange> & { adder?: RoleNow; admins?: Array<{ userId: number } & ChatRole> }) {
    const asked = { adder: 0, admins: 0 };
    const change: MembershipChange = {
      chat: CHANNEL,
      by: OWNER,
      wasPresent: false,
      nowPresent: true,
      missing: undefined,
      locale: 'fa',
      ask: {
        adder: async () => (asked.adder++, over.adder ?? creator),
        admins: async () => (asked.admins++, over.admins),
      },
      ...over,
    };
    return { change, asked };
  }

  const role = (r: RoleNow) => async () => r;

  it('links a chat only for an admin who adds it, with defaults, its admins recorded and reminders re-planned', async () => {
    const refused = membership({ by: STRANGER, adder: 'not_admin' });
    expect(await app.chats.botMembershipChanged(refused.change)).toEqual({ kind: 'refused' });
    expect(await db.dal.chats.findById(CHANNEL.id)).toBeNull();
    expect(await db.dal.chatAdmins.find(CHANNEL.id, STRANGER)).toBeNull();
    expect(refused.asked).toEqual({ adder: 1, admins: 0 });

    const before = await replans();
    const linked = membership({ admins: [{ userId: OWNER, ...creator }, { userId: HELPER, ...plainAdmin }] });
    const res = await app.chats.botMembershipChanged(linked.change);
    expect(res).toMatchObject({ kind: 'linked', missing: undefined, chat: { _id: CHANNEL.id, title: CHANNEL.title, active: true, linkedBy: OWNER, locale: 'fa', timezone: 'Asia/Tehran', reminderOffsets: [1440, 60], categories: [] } });
    expect(linked.asked).toEqual({ adder: 1, admins: 1 });
    expect(await db.dal.chatAdmins.find(CHANNEL.id, HELPER)).toMatchObject({ status: 'administrator', canPostMessages: false });
    expect(await replans()).toBe(before + 1);
  });

  it('pauses a chat when the bot may no longer post, resumes it when it may again, and asks Telegram nothing for that', async () => {
    later();
    const lost = membership({ wasPresent: true, missing: 'post_messages' });
    expect(await app.chats.botMembershipChanged(lost.change)).toEqual({ kind: 'paused', missing: 'post_messages' });
    expect(await db.dal.chats.findById(CHANNEL.id)).toMatchObject({ active: false, inactiveReason: 'no_post_right' });
    later();
    const back = membership({ wasPresent: true });
    expect(await app.chats.botMembershipChanged(back.change)).toEqual({ kind: 'resumed' });
    expect(await db.dal.chats.findById(CHANNEL.id)).toMatchObject({ active: true });
    expect(await app.chats.botMembershipChanged(membership({ wasPresent: true }).change)).toEqual({ kind: 'unchanged' });
    expect([lost.asked, back.asked]).toEqual([{ adder: 0, admins: 0 }, { adder: 0, admins: 0 }]);
  });

  it('links a group the bot may not post in yet as inactive, and marks a chat it was removed from', async () => {
    const res = await app.chats.botMembershipChanged(membership({ chat: GROUP, missing: 'send_messages', locale: 'ur' }).change);
    expect(res).toMatchObject({ kind: 'linked', missing: 'send_messages', chat: { active: false, inactiveReason: 'no_post_right', locale: 'ur' } });
    const removed = await app.chats.botMembershipChanged(membership({ chat: GROUP, wasPresent: true, nowPresent: false }).change);
    expect(removed).toMatchObject({ kind: 'removed', chat: { _id: GROUP.id, linkedBy: OWNER } });
    expect(await db.dal.chats.findById(GROUP.id)).toMatchObject({ active: false, inactiveReason: 'removed' });
    // Added back: linked again, its settings kept.
    expect(await app.chats.botMembershipChanged(membership({ chat: GROUP }).change)).toMatchObject({ kind: 'linked', chat: { active: true, locale: 'ur' } });
  });

  it('lets any current admin look, and only one with the matching right change a setting', async () => {
    expect(await app.chats.access(userActor(HELPER), CHANNEL.id, role(plainAdmin), 'view')).toMatchObject({ ok: true, value: { _id: CHANNEL.id } });
    expect(await app.chats.configure(userActor(HELPER), CHANNEL.id, role(plainAdmin), { kind: 'toggleStartingNow' })).toEqual({ ok: false, reason: 'no_chat_right', chatType: 'channel' });
    // In a channel the right is posting; changing its info does not stand in for it.
    expect(await app.chats.configure(userActor(HELPER), CHANNEL.id, role(infoEditor), { kind: 'toggleStartingNow' })).toMatchObject({ ok: false, reason: 'no_chat_right' });
    expect((await db.dal.chats.findById(CHANNEL.id))?.startingNow).toBe(false);
    // In a group it is changing the group's info.
    expect(await app.chats.configure(userActor(HELPER), GROUP.id, role(poster), { kind: 'toggleStartingNow' })).toEqual({ ok: false, reason: 'no_chat_right', chatType: 'supergroup' });
    expect(await app.chats.configure(userActor(HELPER), GROUP.id, role(infoEditor), { kind: 'toggleStartingNow' })).toMatchObject({ ok: true, value: { startingNow: true } });
    // What Telegram said is what is stored and decided from: promoted, the helper may change the channel.
    expect(await app.chats.configure(userActor(HELPER), CHANNEL.id, role(poster), { kind: 'toggleStartingNow' })).toMatchObject({ ok: true, value: { startingNow: true } });
    expect(await db.dal.chatAdmins.find(CHANNEL.id, HELPER)).toMatchObject({ canPostMessages: true });
    // Demoted: refused, and no longer listed as an admin. Telegram not answering refuses too, and records nothing.
    expect(await app.chats.configure(userActor(HELPER), CHANNEL.id, role('not_admin'), { kind: 'toggleStartingNow' })).toEqual({ ok: false, reason: 'not_chat_admin' });
    expect(await db.dal.chatAdmins.find(CHANNEL.id, HELPER)).toBeNull();
    expect(await app.chats.access(userActor(OWNER), CHANNEL.id, role('unknown'), 'view')).toEqual({ ok: false, reason: 'not_chat_admin' });
    expect(await db.dal.chatAdmins.find(CHANNEL.id, OWNER)).not.toBeNull();
  });

  it('refuses an unknown chat without asking Telegram', async () => {
    let asked = 0;
    const ask = async (): Promise<RoleNow> => (asked++, creator);
    expect(await app.chats.access(userActor(OWNER), -100999, ask, 'view')).toEqual({ ok: false, reason: 'gone' });
    expect(await app.chats.unlink(userActor(OWNER), -100999, ask)).toEqual({ ok: false, reason: 'gone' });
    expect(asked).toBe(0);
  });

  it('validates each setting after the right is checked, and re-plans only what changes deliveries', async () => {
    const owner = userActor(OWNER);
    const set = (change: Parameters<Application['chats']['configure']>[3]) => app.chats.configure(owner, CHANNEL.id, role(creator), change);
    later();
    let before = await replans();
    expect(await set({ kind: 'toggleCategory', slug: 'lecture' })).toMatchObject({ ok: true, value: { categories: ['lecture'] } });
    expect(await replans()).toBe(before + 1);
    expect(await set({ kind: 'toggleCategory', slug: 'nothing' })).toEqual({ ok: false, reason: 'invalid', error: { key: 'subscriptions.unknownCategory' } });
    expect(await set({ kind: 'toggleCategory', slug: 'lecture' })).toMatchObject({ ok: true, value: { categories: [] } });
    await set({ kind: 'toggleCategory', slug: 'lecture' });
    expect(await set({ kind: 'allCategories' })).toMatchObject({ ok: true, value: { categories: [] } });

    later();
    before = await replans();
    expect(await set({ kind: 'language', locale: 'ar' })).toMatchObject({ ok: true, value: { locale: 'ar' } });
    expect(await set({ kind: 'language', locale: 'xx' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await set({ kind: 'calendar', choice: 'persian' })).toMatchObject({ ok: true, value: { calendar: 'persian' } });
    const auto = await set({ kind: 'calendar', choice: 'auto' });
    expect(auto.ok && auto.value.calendar).toBeUndefined();
    expect(await set({ kind: 'calendar', choice: 'julian' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await replans()).toBe(before);

    expect(await set({ kind: 'reminderTimes', offsets: [] })).toEqual({ ok: false, reason: 'invalid', error: { key: 'settings.badOffsets' } });
    expect(await set({ kind: 'reminderTimes', offsets: [0] })).toMatchObject({ ok: false, reason: 'invalid' });
    const many = await set({ kind: 'reminderTimes', offsets: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
    expect(many.ok && many.value.reminderOffsets).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    expect(await set({ kind: 'digestDay', weekday: 7 })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await set({ kind: 'digestHour', hour: -1 })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await set({ kind: 'digestDay', weekday: 5 })).toMatchObject({ ok: true, value: { digest: { enabled: true, weekday: 5 } } });
    expect(await set({ kind: 'digestHour', hour: 18 })).toMatchObject({ ok: true, value: { digest: { enabled: true, weekday: 5, hour: 18 } } });
    expect(await set({ kind: 'toggleDigest' })).toMatchObject({ ok: true, value: { digest: { enabled: false, weekday: 5, hour: 18 } } });
  });

  it('unlinks, and links again only when the bot may still post (asked only of someone with the right)', async () => {
    let botAsked = 0;
    const botMay = (missing: 'post_messages' | undefined) => async () => (botAsked++, missing);
    expect(await app.chats.relink(userActor(HELPER), CHANNEL.id, role(plainAdmin), botMay(undefined))).toMatchObject({ ok: false, reason: 'no_chat_right' });
    expect(botAsked).toBe(0);
    later();
    const before = await replans();
    expect(await app.chats.unlink(userActor(OWNER), CHANNEL.id, role(creator))).toMatchObject({ ok: true, value: { active: false, inactiveReason: 'unlinked' } });
    expect(await replans()).toBe(before + 1);
    // Someone who is no admin changing the bot's rights there does not link it again.
    expect(await app.chats.botMembershipChanged(membership({ by: STRANGER, adder: 'not_admin', wasPresent: true }).change)).toEqual({ kind: 'refused' });
    expect(await db.dal.chats.findById(CHANNEL.id)).toMatchObject({ active: false, inactiveReason: 'unlinked' });
    expect(await app.chats.relink(userActor(OWNER), CHANNEL.id, role(creator), botMay('post_messages'))).toMatchObject({ ok: true, value: { missing: 'post_messages', chat: { active: false, inactiveReason: 'no_post_right' } } });
    expect(await app.chats.relink(userActor(OWNER), CHANNEL.id, role(creator), botMay(undefined))).toMatchObject({ ok: true, value: { missing: undefined, chat: { active: true } } });
    expect(botAsked).toBe(2);
    // The system (an importer, a script) acts without a Telegram role.
    expect(await app.chats.configure(systemActor('script'), CHANNEL.id, role('unknown'), { kind: 'toggleStartingNow' })).toMatchObject({ ok: true });
  });

  it('moves a group that became a supergroup, with its admins, whichever of the two messages comes first or twice', async () => {
    const old = { id: -5550001, type: 'group' as const, title: 'جمع اردو' };
    await app.chats.botMembershipChanged(membership({ chat: old, admins: [{ userId: OWNER, ...creator }] }).change);
    await app.chats.groupMigrated(old.id, -1005550001, 'جمع اردو');
    await app.chats.groupMigrated(old.id, -1005550001);
    expect(await db.dal.chats.findById(old.id)).toMatchObject({ active: false, migratedTo: -1005550001 });
    expect(await db.dal.chats.findById(-1005550001)).toMatchObject({ active: true, linkedBy: OWNER });
    expect(await db.dal.chatAdmins.find(-1005550001, OWNER)).toMatchObject({ status: 'creator' });
    expect(await db.dal.chatAdmins.find(old.id, OWNER)).toBeNull();
    expect(await app.chats.access(userActor(OWNER), old.id, role(creator), 'view')).toEqual({ ok: false, reason: 'gone' });
  });
});
