/**
 * Groups: people who never talk to the bot leave no record (no user, no session), and the bot
 * stays quiet there unless named. Private chats: never silence — an unknown command or stray text
 * gets a short pointer, in the member's language.
 */
import { startHarness, type Harness } from '../support/harness';
import type { FakeChat, FakeUser } from '../support/fake-telegram/server';
import { createI18n, type I18n } from '../../src/i18n/i18n';
import { modelsOf } from '../support/models';

const GROUP: FakeChat = { id: -100900, type: 'supergroup', title: 'گروه دانشجویان' };
const SARA: FakeUser = { id: 4101, first_name: 'سارا', language_code: 'fa' };
const OMAR: FakeUser = { id: 4102, first_name: 'عمر', language_code: 'ar' };
const BILAL: FakeUser = { id: 4103, first_name: 'بلال', language_code: 'ur' };

describe('groups and unknown input', () => {
  let h: Harness;
  let i18n: I18n;
  beforeAll(async () => {
    h = await startHarness();
    i18n = await createI18n();
    h.fake.addChat(GROUP);
  });
  afterAll(async () => {
    await h.stop();
  });
  const records = async (u: FakeUser) => ({
    user: await modelsOf(h.db.dal).users.countDocuments({ _id: u.id }),
    sessions: await modelsOf(h.db.dal).sessions.countDocuments({ _id: { $regex: `:${u.id}$` } }),
  });

  it('stores nothing about group members who only talk to each other, and says nothing', async () => {
    const before = h.fake.botMessagesIn(GROUP.id).length;
    await h.fake.say(SARA, 'سلام به همه! کسی جزوهٔ فردا را دارد؟', GROUP);
    await h.fake.say(OMAR, 'مرحبا @someone_else، هل أنت قادم؟', GROUP);
    await h.fake.say(BILAL, '/events@another_bot', GROUP);
    await h.fake.say(BILAL, '/definitelynotacommand', GROUP);
    for (const u of [SARA, OMAR, BILAL]) expect(await records(u)).toEqual({ user: 0, sessions: 0 });
    expect(h.fake.botMessagesIn(GROUP.id)).toHaveLength(before);
  });

  it('knows a member who addresses it in a group, and keeps no empty session for them', async () => {
    const [list] = await h.fake.say(SARA, `/events@${h.fake.botInfo.username}`, GROUP);
    expect(list?.text).toBeDefined();
    expect(await records(SARA)).toEqual({ user: 1, sessions: 0 });
    const [pointer] = await h.fake.say(OMAR, `@${h.fake.botInfo.username} ما هذا البوت؟`, GROUP);
    expect(pointer?.text).toBe(i18n.t('ar', 'fallback.notUnderstood'));
    expect(await records(OMAR)).toEqual({ user: 1, sessions: 0 });
  });

  it('answers an unknown command and stray text in private, in the member’s language', async () => {
    const [unknown] = await h.fake.say(BILAL, '/definitelynotacommand');
    expect(unknown?.text).toBe(i18n.t('ur', 'fallback.unknownCommand', { command: '/definitelynotacommand' }));
    expect(unknown?.text).toContain('/help');
    const [stray] = await h.fake.say(SARA, 'کِی جلسهٔ بعدی است؟');
    expect(stray?.text).toBe(i18n.t('fa', 'fallback.notUnderstood'));
    const [en] = await h.fake.say({ id: 4104, first_name: 'Ann', language_code: 'en' }, 'hello?');
    expect(en?.text).toContain("I didn't catch that");
    // A known command is never called unknown.
    const [help] = await h.fake.say(BILAL, '/help');
    expect(help?.text).not.toBe(i18n.t('ur', 'fallback.notUnderstood'));
  });
});
