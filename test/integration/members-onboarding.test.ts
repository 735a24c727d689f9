import { startHarness, type Harness } from '../support/harness';
import type { FakeUser } from '../support/fake-telegram/server';
import { modelsOf } from '../support/models';

describe('onboarding and personal settings', () => {
  let h: Harness;
  const now = new Date('2026-12-01T10:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ now: () => now });
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

  async function startAndPickLanguage(user: FakeUser, language: string) {
    const [welcome] = await h.fake.say(user, '/start');
    expect(welcome?.text).toContain(user.first_name);
    const buttons = welcome!.reply_markup!.inline_keyboard!.flat().map((b) => b.text);
    expect(buttons).toEqual(['English', 'فارسی', 'العربية', 'اردو']);
    const sent = await h.fake.press(user, welcome!, language);
    return { welcome: h.fake.message(user.id, welcome!.message_id)!, sent };
  }

  it('takes a new member through language and a typed city to the upcoming events', async () => {
    const user = { id: 3101, first_name: 'Sara', language_code: 'en' };
    const { welcome, sent } = await startAndPickLanguage(user, 'فارسی');
    expect(welcome.text).toContain('کجا هستید؟');
    expect(sent[0]?.reply_markup).toBeDefined();
    const [unknown] = await h.fake.say(user, 'Atlantis');
    expect(unknown?.text).toContain('این مکان را نمی‌شناسم');
    const replies = await h.fake.say(user, 'مشهد');
    expect(replies[0]?.text).toContain('Asia/Tehran');
    expect(replies[1]?.text).toContain('Nowruz picnic');
    const stored = await h.db.dal.users.findById(user.id);
    expect(stored).toMatchObject({ locale: 'fa', timezone: 'Asia/Tehran' });
    expect(stored?.onboardedAt).toBeDefined();
    // A returning member gets the normal welcome.
    const [again] = await h.fake.say(user, '/start');
    expect(again?.reply_markup).toBeUndefined();
  });

  it('sets the zone from a shared location', async () => {
    const user = { id: 3102, first_name: 'Tom', language_code: 'en' };
    await startAndPickLanguage(user, 'English');
    await h.fake.processed(h.fake.sendLocation(user, 51.5072, -0.1276));
    expect(h.fake.botMessagesIn(user.id).map((m) => m.text).join('\n')).toContain('Time zone: United Kingdom Time (Europe/London)');
    expect((await h.db.dal.users.findById(user.id))?.timezone).toBe('Europe/London');
  });

  it('sets the zone from a picked UTC offset, stored as Etc/GMT with the sign inverted', async () => {
    const user = { id: 3103, first_name: 'Ali', language_code: 'ar' };
    const { welcome } = await startAndPickLanguage(user, 'العربية');
    await h.fake.press(user, welcome, /UTC/);
    const picker = h.fake.message(user.id, welcome.message_id)!;
    const [saved] = await h.fake.press(user, picker, 'UTC+3');
    // A fixed offset reads as UTC+3 (in the language's digits), never as its inverted Etc/GMT-3 id.
    expect(saved?.text).toMatch(/UTC\+[3٣]/);
    expect(saved?.text).not.toContain('Etc/GMT');
    expect((await h.db.dal.users.findById(user.id))?.timezone).toBe('Etc/GMT-3');
  });

  it('changes reminder times and calendar in /settings, refusing a bad list', async () => {
    const user = { id: 3104, first_name: 'Mina', language_code: 'en' };
    const [screen] = await h.fake.say(user, '/settings');
    expect(screen?.text).toContain('Reminders: 1 day, 1 hour before');
    await h.fake.press(user, screen!, '⏰ Reminder times');
    const [bad] = await h.fake.say(user, 'tomorrow');
    expect(bad?.text).toContain("I couldn't read that");
    const [ok] = await h.fake.say(user, '2d, 30m');
    expect(ok?.text).toContain('Saved.');
    expect((await h.db.dal.users.findById(user.id))?.reminderOffsets).toEqual([2880, 30]);
    const [again] = await h.fake.say(user, '/settings');
    await h.fake.press(user, again!, '📆 Calendar');
    await h.fake.press(user, h.fake.message(user.id, again!.message_id)!, 'Solar Hijri');
    expect((await h.db.dal.users.findById(user.id))?.calendar).toBe('persian');
    expect(h.fake.message(user.id, again!.message_id)?.text).toContain('Calendar: Solar Hijri');
  });
});
