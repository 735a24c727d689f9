import { ALICE, REZA, ADMIN, startHarness, type Harness } from '../support/harness';
import { readLocaleFiles } from '../../src/i18n/i18n';
import { modelsOf } from '../support/models';

describe('first words: /start and /help through the real bot and the fake Bot API', () => {
  let h: Harness;
  const locales = readLocaleFiles();
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('answers /start in English for an English-speaking user', async () => {
    const [reply] = await h.fake.say(ALICE, '/start');
    expect(reply?.text).toContain('Hello, Alice!');
    expect(reply?.text).toContain((locales.en as { start: { intro: string } }).start.intro);
  });

  it('answers /start in Persian for a user whose Telegram app is in Persian', async () => {
    const [reply] = await h.fake.say(REZA, '/start');
    expect(reply?.text).toContain('سلام \u2068رضا\u2069'); // the name isolated (src/i18n/bidi.ts)
    expect(reply?.text).not.toContain('Hello');
  });

  it('escapes a hostile first name instead of breaking the HTML', async () => {
    const hostile = { id: 4242, first_name: '<script>&"', language_code: 'en' };
    const [reply] = await h.fake.say(hostile, '/start');
    expect(reply?.text).toContain('Hello, <script>&"!');
    expect(reply?.raw).toContain('&lt;script&gt;&amp;&quot;');
  });

  it('falls back to DEFAULT_LOCALE for an unsupported language', async () => {
    const [reply] = await h.fake.say({ id: 4343, first_name: 'Jean', language_code: 'fr' }, '/start');
    expect(reply?.text).toContain('Hello, Jean!');
  });

  it('lists the commands a member may use, in their language', async () => {
    const [member] = await h.fake.say(ALICE, '/help');
    expect(member?.text).toContain('/start — Start and choose your language');
    const [persian] = await h.fake.say(REZA, '/help');
    expect(persian?.text).toContain('/help — این ربات چه کارهایی می‌کند');
  });

  it('tells a super-admin everything a member sees, too', async () => {
    const [admin] = await h.fake.say(ADMIN, '/help');
    expect(admin?.text).toContain('/help');
  });

  it('records the user on first contact, once, however many messages arrive together', async () => {
    const ids = [1, 2, 3, 4].map(() => h.fake.sendText({ id: 5151, first_name: 'Racer' }, '/help'));
    await h.fake.processed(ids[ids.length - 1]!);
    expect(await modelsOf(h.db.dal).users.countDocuments({ _id: 5151 })).toBe(1);
    const user = await h.db.dal.users.findById(5151);
    expect(user?.privateChatStarted).toBe(true);
  });

  it('sets the command menu for every language', () => {
    for (const lang of ['en', 'fa', 'ar', 'ur']) {
      const commands = h.fake.commandsFor(lang) as Array<{ command: string; description: string }>;
      expect(commands.map((c) => c.command)).toEqual(expect.arrayContaining(['start', 'help']));
      const help = commands.find((c) => c.command === 'help');
      expect(help?.description).toBe((locales[lang as 'en'] as { commands: { help: string } }).commands.help);
    }
  });
});
