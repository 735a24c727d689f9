/**
 * /channels in a big community: each admin finds their own chats from what the bot recorded (asking
 * Telegram nothing to list them), a page at a time, and may change a chat only with the matching
 * admin right, asked of Telegram for that chat when they act.
 */
import { startHarness, type Harness } from '../support/harness';
import type { FakeChat, FakeUser } from '../support/fake-telegram/server';
import { chatCallback } from '../../src/bot/callback-data/members';
import { CHATS_PER_PAGE } from '../../src/bot/features/channels';
import { modelsOf } from '../support/models';

const botAdmin = { status: 'administrator' as const, can_post_messages: true };
const left = { status: 'left' as const };
const TELEGRAM_ASKED = /^getChat/;

describe('/channels with many linked chats', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('100 chats linked by 100 different admins: each finds and configures exactly their own', async () => {
    const admins: FakeUser[] = Array.from({ length: 100 }, (_, i) => ({ id: 810_000 + i, first_name: `Admin ${i}`, language_code: 'en' }));
    const chats: FakeChat[] = admins.map((_, i) => ({ id: -1_005_000_000 - i, type: 'channel', title: `Channel ${i}` }));
    for (let i = 0; i < 100; i++) {
      h.fake.setMember(chats[i]!.id, admins[i]!.id, { status: 'creator' });
      await h.fake.processed(h.fake.myChatMember(chats[i]!, admins[i]!, left, botAdmin));
    }
    for (let i = 0; i < 100; i++) {
      const [list] = await h.fake.say(admins[i]!, '/channels');
      const buttons = list!.reply_markup!.inline_keyboard!.flat().map((b) => b.text);
      expect(buttons).toEqual([`⚙️ Channel ${i}`, 'Unlink']);
      await h.fake.press(admins[i]!, list!, `⚙️ Channel ${i}`);
      await h.fake.press(admins[i]!, h.fake.message(admins[i]!.id, list!.message_id)!, /Turn on “starting now”/);
    }
    const on = await modelsOf(h.db.dal).chats.find({ _id: { $in: chats.map((c) => c.id) } }).select({ startingNow: 1 }).lean();
    expect(on.filter((c) => c.startingNow)).toHaveLength(100);
  }, 120_000);

  it('finds chats linked before admins were recorded, for the person who linked them, checking each once', async () => {
    const old: FakeUser = { id: 850_001, first_name: 'نور', language_code: 'ar' };
    const chat: FakeChat = { id: -1_010_000_001, type: 'channel', title: 'قناة قديمة' };
    h.fake.addChat(chat);
    h.fake.setMember(chat.id, old.id, { status: 'creator' });
    await modelsOf(h.db.dal).chats.insertMany([{ _id: chat.id, type: 'channel', title: chat.title, linkedBy: old.id, active: true, categories: [], locale: 'ar', timezone: 'Asia/Riyadh', reminderOffsets: [60] }]);
    const before = h.fake.callsTo('getChatMember').length;
    const [list] = await h.fake.say(old, '/channels');
    expect(list!.text).toContain('قناة قديمة');
    expect(h.fake.callsTo('getChatMember').length - before).toBe(1);
    // Recorded now: the next listing asks nothing.
    const again = h.fake.callsTo('getChatMember').length;
    await h.fake.say(old, '/channels');
    expect(h.fake.callsTo('getChatMember').length).toBe(again);
  });

  it('pages a long list, newest first', async () => {
    const busy: FakeUser = { id: 830_001, first_name: 'Busy', language_code: 'en' };
    const chats: FakeChat[] = Array.from({ length: 20 }, (_, i) => ({ id: -1_008_000_000 - i, type: 'channel', title: `Mine ${String(i).padStart(2, '0')}` }));
    for (const c of chats) {
      h.fake.setMember(c.id, busy.id, { status: 'creator' });
      await h.fake.processed(h.fake.myChatMember(c, busy, left, botAdmin));
    }
    const titles = (m: { reply_markup?: { inline_keyboard?: Array<Array<{ text: string }>> } }) =>
      m.reply_markup!.inline_keyboard!.flat().filter((b) => b.text.startsWith('⚙️')).map((b) => b.text.slice(3));
    const [page1] = await h.fake.say(busy, '/channels');
    expect(titles(page1!)).toHaveLength(CHATS_PER_PAGE);
    expect(titles(page1!)[0]).toBe('Mine 19');
    expect(page1!.text).toContain('Page 1 of 3');
    await h.fake.press(busy, page1!, 'Next ▶️');
    const page2 = h.fake.message(busy.id, page1!.message_id)!;
    expect(page2.text).toContain('Page 2 of 3');
    await h.fake.press(busy, page2, 'Next ▶️');
    const page3 = h.fake.message(busy.id, page1!.message_id)!;
    expect(titles(page3)).toHaveLength(20 - 2 * CHATS_PER_PAGE);
    expect(titles(page3).at(-1)).toBe('Mine 00');
    expect(page3.reply_markup!.inline_keyboard!.flat().map((b) => b.text)).not.toContain('Next ▶️');
  });

  it('needs the matching admin right to change a chat, checked with Telegram when acting', async () => {
    const owner: FakeUser = { id: 840_001, first_name: 'Owner', language_code: 'en' };
    const helper: FakeUser = { id: 840_002, first_name: 'مددگار', language_code: 'ur' };
    const group: FakeChat = { id: -1_009_000_001, type: 'supergroup', title: 'Reading circle' };
    h.fake.setMember(group.id, owner.id, { status: 'creator' });
    h.fake.setMember(group.id, helper.id, { status: 'administrator', can_change_info: false });
    await h.fake.processed(h.fake.myChatMember(group, owner, left, { status: 'member' }));

    // Recorded at link time, the helper finds the group and may look at its settings…
    const [list] = await h.fake.say(helper, '/channels');
    expect(list!.text).toContain('Reading circle');
    const toggle = chatCallback.encode({ action: 'now', chat: group.id, value: '_' });
    await h.fake.press(helper, list!, /⚙️ Reading circle/);
    // …but not change them without “Change group info”.
    await h.fake.processed(h.fake.pressButton(helper, list!, toggle));
    expect(String(h.fake.callsTo('answerCallbackQuery').pop()?.params.text)).toContain('گروپ کی معلومات تبدیل کریں');
    expect((await h.db.dal.chats.findById(group.id))?.startingNow).toBe(false);
    // Granted the right (a chat_member update), the same press works.
    await h.fake.processed(h.fake.chatMemberChanged(group, owner, helper, { status: 'administrator', can_change_info: false }, { status: 'administrator', can_change_info: true }));
    await h.fake.processed(h.fake.pressButton(helper, list!, toggle));
    expect((await h.db.dal.chats.findById(group.id))?.startingNow).toBe(true);

    // Someone promoted after the link is found through the chat_member update; demoted, they are not.
    const late: FakeUser = { id: 840_003, first_name: 'Late', language_code: 'en' };
    await h.fake.processed(h.fake.chatMemberChanged(group, owner, late, { status: 'member' }, { status: 'administrator', can_change_info: true }));
    expect((await h.fake.say(late, '/channels'))[0]!.text).toContain('Reading circle');
    await h.fake.processed(h.fake.chatMemberChanged(group, owner, late, { status: 'administrator', can_change_info: true }, { status: 'member' }));
    expect((await h.fake.say(late, '/channels'))[0]!.text).not.toContain('Reading circle');
  });
});

describe('/channels among 1,000 linked chats', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  const asked = () => h.fake.calls.filter((c) => TELEGRAM_ASKED.test(c.method)).length;

  it('an admin of 5 of 1,000 linked chats sees exactly those 5, and listing asks Telegram nothing', async () => {
    const now = new Date();
    // 995 chats linked by others, recorded as the link flow records them, inserted in bulk to keep the test fast.
    const others = Array.from({ length: 995 }, (_, i) => ({ id: -1_006_000_000 - i, admin: 900_000 + i }));
    await modelsOf(h.db.dal).chats.insertMany(
      others.map((o, i) => ({ _id: o.id, type: 'channel', title: `Other ${i}`, linkedBy: o.admin, active: true, categories: [], locale: 'en', timezone: 'UTC', reminderOffsets: [60] })),
    );
    await modelsOf(h.db.dal).chatAdmins.insertMany(
      others.map((o) => ({ _id: `${o.id}:${o.admin}`, chatId: o.id, userId: o.admin, status: 'creator', canPostMessages: true, canChangeInfo: true, since: now, updatedAt: now })),
    );
    const zahra: FakeUser = { id: 820_001, first_name: 'زهرا', language_code: 'fa' };
    const mine: FakeChat[] = Array.from({ length: 5 }, (_, i) => ({ id: -1_007_000_000 - i, type: i % 2 ? 'supergroup' : 'channel', title: `کانال ${i}` }));
    for (const c of mine) {
      h.fake.setMember(c.id, zahra.id, { status: 'creator' });
      await h.fake.processed(h.fake.myChatMember(c, zahra, left, c.type === 'channel' ? botAdmin : { status: 'member' }));
    }
    expect(await modelsOf(h.db.dal).chats.countDocuments({})).toBeGreaterThanOrEqual(1000);
    const before = asked();
    const [list] = await h.fake.say(zahra, '/channels');
    expect(asked() - before).toBe(0);
    const settingsButtons = list!.reply_markup!.inline_keyboard!.flat().filter((b) => b.text.startsWith('⚙️')).map((b) => b.text);
    expect(settingsButtons.sort()).toEqual(mine.map((c) => `⚙️ ${c.title}`).sort());
    // Opening one asks Telegram about that chat only: one call.
    const opened = asked();
    await h.fake.press(zahra, list!, `⚙️ ${mine[0]!.title}`);
    expect(asked() - opened).toBe(1);
  }, 120_000);

});
