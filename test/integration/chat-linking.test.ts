import { ALICE, MALLORY, startHarness, type Harness } from '../support/harness';
import type { FakeChat } from '../support/fake-telegram/server';
import { chatCallback } from '../../src/bot/callback-data/members';

const admin = { status: 'administrator' as const, can_post_messages: true, can_edit_messages: true };
const left = { status: 'left' as const };

describe('linking channels and groups through my_chat_member', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.fake.say(ALICE, '/help'); // Alice has started the bot in private
  });
  afterAll(async () => {
    await h.stop();
  });

  const chatRecord = (id: number) => h.db.dal.chats.findById(id);

  it('links a channel when an admin adds the bot with the post right, and tells the admin in private', async () => {
    const channel: FakeChat = { id: -1001, type: 'channel', title: 'Poetry <Night>' };
    h.fake.setMember(channel.id, ALICE.id, { status: 'creator' });
    await h.fake.processed(h.fake.myChatMember(channel, ALICE, left, admin));
    const linked = await chatRecord(channel.id);
    expect(linked).toMatchObject({ active: true, linkedBy: ALICE.id, categories: [], locale: 'en', timezone: 'Asia/Tehran', reminderOffsets: [1440, 60] });
    const told = h.fake.lastBotMessage(ALICE.id);
    expect(told?.text).toContain('Poetry <Night> is linked');
    expect(told?.raw).toContain('Poetry &lt;Night&gt;');
    expect(told?.text).toContain('/channels');
  });

  it('says exactly which right to grant when added without the right to post, and activates once granted', async () => {
    const channel: FakeChat = { id: -1002, type: 'channel', title: 'Quiet channel' };
    h.fake.setMember(channel.id, ALICE.id, { status: 'administrator' });
    await h.fake.processed(h.fake.myChatMember(channel, ALICE, left, { status: 'administrator', can_post_messages: false }));
    expect(await chatRecord(channel.id)).toMatchObject({ active: false, inactiveReason: 'no_post_right' });
    expect(h.fake.lastBotMessage(ALICE.id)?.text).toContain('turn on Post messages');
    await h.fake.processed(h.fake.myChatMember(channel, ALICE, { status: 'administrator', can_post_messages: false }, admin));
    expect(await chatRecord(channel.id)).toMatchObject({ active: true });
    expect(h.fake.lastBotMessage(ALICE.id)?.text).toContain('I can post in Quiet channel again');
  });

  it('refuses to link a group for a member who is not its admin, and tells them in the group', async () => {
    const group: FakeChat = { id: -2001, type: 'group', title: 'Open group' };
    h.fake.setMember(group.id, MALLORY.id, { status: 'member' });
    await h.fake.processed(h.fake.myChatMember(group, MALLORY, left, { status: 'member' }));
    expect(await chatRecord(group.id)).toBeNull();
    expect(h.fake.lastBotMessage(group.id)?.text).toContain('Only an admin of Open group can link it');
  });

  it('marks a chat inactive when the bot is removed or loses the post right, keeps its settings, and reactivates it when added back', async () => {
    const channel: FakeChat = { id: -1003, type: 'channel', title: 'Events' };
    h.fake.setMember(channel.id, ALICE.id, { status: 'creator' });
    await h.fake.processed(h.fake.myChatMember(channel, ALICE, left, admin));
    await h.db.dal.chats.updateSettings(channel.id, { reminderOffsets: [180] });

    await h.fake.processed(h.fake.myChatMember(channel, ALICE, admin, { status: 'administrator', can_post_messages: false }));
    expect(await chatRecord(channel.id)).toMatchObject({ active: false, inactiveReason: 'no_post_right' });
    expect(h.fake.lastBotMessage(ALICE.id)?.text).toContain('I lost the right to post in Events');

    await h.fake.processed(h.fake.myChatMember(channel, ALICE, admin, left));
    expect(await chatRecord(channel.id)).toMatchObject({ active: false, inactiveReason: 'removed', reminderOffsets: [180] });
    expect(h.fake.lastBotMessage(ALICE.id)?.text).toContain('I was removed from Events');

    await h.fake.processed(h.fake.myChatMember(channel, ALICE, left, admin));
    const back = await chatRecord(channel.id);
    expect(back).toMatchObject({ active: true, reminderOffsets: [180] });
    expect(back?.inactiveReason).toBeUndefined();
  });

  it('keeps a group\'s link and settings when it becomes a supergroup', async () => {
    const group: FakeChat = { id: -2002, type: 'group', title: 'Book club' };
    h.fake.setMember(group.id, ALICE.id, { status: 'administrator' });
    await h.fake.processed(h.fake.myChatMember(group, ALICE, left, { status: 'member' }));
    await h.db.dal.chats.updateSettings(group.id, { startingNow: true, locale: 'fa' });
    const supergroup: FakeChat = { id: -1002002, type: 'supergroup', title: 'Book club' };
    await h.fake.processed(h.fake.migrateGroup(group, supergroup, ALICE));
    expect(await chatRecord(supergroup.id)).toMatchObject({ active: true, type: 'supergroup', startingNow: true, locale: 'fa', linkedBy: ALICE.id });
    expect(await chatRecord(group.id)).toMatchObject({ active: false, inactiveReason: 'migrated', migratedTo: supergroup.id });
  });

  it('lets only current admins change a chat\'s settings, checking Telegram on every press', async () => {
    const channel: FakeChat = { id: -1004, type: 'channel', title: 'Guarded' };
    h.fake.setMember(channel.id, ALICE.id, { status: 'creator' });
    await h.fake.processed(h.fake.myChatMember(channel, ALICE, left, admin));

    // Mallory forges Alice's settings button.
    await h.fake.say(MALLORY, '/help');
    const forged = chatCallback.encode({ action: 'now', chat: channel.id, value: '_' });
    await h.fake.processed(h.fake.pressButton(MALLORY, { message_id: 1, chat: { id: MALLORY.id, type: 'private' } }, forged));
    expect(await chatRecord(channel.id)).toMatchObject({ startingNow: false });
    const refusal = h.fake.callsTo('answerCallbackQuery').pop();
    expect(String(refusal?.params.text)).toContain("Telegram says you aren't one");

    // Alice lists her chats and switches "starting now" on.
    const [list] = await h.fake.say(ALICE, '/channels');
    expect(list?.text).toContain('Guarded — active');
    expect(list?.text).not.toContain('Open group');
    await h.fake.press(ALICE, list!, /⚙️ Guarded/);
    const settings = h.fake.message(ALICE.id, list!.message_id)!;
    expect(settings.text).toContain('“Starting now” posts: off');
    await h.fake.press(ALICE, settings, /Turn on “starting now”/);
    expect(await chatRecord(channel.id)).toMatchObject({ startingNow: true });

    // Alice is demoted: the same button now changes nothing.
    h.fake.setMember(channel.id, ALICE.id, { status: 'member' });
    await h.fake.processed(h.fake.pressButton(ALICE, settings, chatCallback.encode({ action: 'now', chat: channel.id, value: '_' })));
    expect(await chatRecord(channel.id)).toMatchObject({ startingNow: true });
  });

  it('sets a chat\'s reminder times from a typed list, and unlinks it', async () => {
    const channel: FakeChat = { id: -1005, type: 'channel', title: 'Timed' };
    h.fake.setMember(channel.id, ALICE.id, { status: 'creator' });
    await h.fake.processed(h.fake.myChatMember(channel, ALICE, left, admin));
    await h.fake.processed(h.fake.pressButton(ALICE, { message_id: 1, chat: { id: ALICE.id, type: 'private' } }, chatCallback.encode({ action: 'rem', chat: channel.id, value: '_' })));
    const [bad] = await h.fake.say(ALICE, 'soon-ish');
    expect(bad?.text).toContain("I couldn't read that");
    const [ok] = await h.fake.say(ALICE, '3d, 2h, 15m');
    expect(ok?.text).toContain('Saved.');
    expect(await chatRecord(channel.id)).toMatchObject({ reminderOffsets: [4320, 120, 15] });

    await h.fake.processed(h.fake.pressButton(ALICE, { message_id: 1, chat: { id: ALICE.id, type: 'private' } }, chatCallback.encode({ action: 'unly', chat: channel.id, value: '_' })));
    expect(await chatRecord(channel.id)).toMatchObject({ active: false, inactiveReason: 'unlinked' });
  });
});
