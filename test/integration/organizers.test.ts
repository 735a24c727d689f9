import { ADMIN, ALICE, MALLORY, REZA, startHarness, type Harness } from '../support/harness';
import { buttons, lastAnswer, makeOrganizer } from '../support/events';
import { createI18n, type I18n, type Translate } from '../../src/i18n/i18n';
import { formatDate, formatTime } from '../../src/domain/date-format';
import { modelsOf } from '../support/models';

const NOW = new Date('2026-11-27T10:00:00Z');

describe('organizers: /invite, /start inv_…, /organize, /organizers', () => {
  let h: Harness;
  let i18n: I18n;
  let en: Translate;
  let clock = NOW;
  beforeAll(async () => {
    h = await startHarness({ now: () => clock });
    i18n = await createI18n();
    en = i18n.forLocale('en');
  });
  afterAll(async () => {
    await h.stop();
  });

  async function invite(): Promise<string> {
    const [m] = await h.fake.say(ADMIN, '/invite');
    const link = /https:\/\/t\.me\/community_events_bot\?start=(inv_[A-Za-z0-9_-]+)/.exec(m?.text ?? '');
    if (!link?.[1]) throw new Error(`no invite link in ${m?.text}`);
    return link[1];
  }

  it('an invite link makes one person an organizer, once', async () => {
    const payload = await invite();
    const [welcome] = await h.fake.say(MALLORY, `/start ${payload}`);
    expect(welcome?.text).toBe(en('organizers.welcome', { name: MALLORY.first_name }).replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    expect(welcome?.raw).toContain('Mallory &lt;b&gt;');
    expect((await h.db.dal.users.findById(MALLORY.id))?.isOrganizer).toBe(true);
    // Their own command menu now offers the organizer commands.
    const menu = h.fake.commandsFor('en', `chat:${MALLORY.id}`) as Array<{ command: string }>;
    expect(menu.map((c) => c.command)).toEqual(expect.arrayContaining(['newevent', 'myevents']));
    // The admin hears who used it.
    expect(h.fake.lastBotMessage(ADMIN.id)?.text).toContain('Mallory <b>');
    // A second person with the same link is refused.
    const [used] = await h.fake.say(ALICE, `/start ${payload}`);
    expect(used?.text).toBe(en('organizers.invite.used'));
    expect((await h.db.dal.users.findById(ALICE.id))?.isOrganizer).toBe(false);
    await makeOrganizer(h.db.dal, MALLORY, false);
  });

  it('two people opening the same link at the same moment: exactly one becomes organizer', async () => {
    const payload = await invite();
    const a = h.fake.sendText({ id: 3101, first_name: 'Racer A' }, `/start ${payload}`);
    const b = h.fake.sendText({ id: 3102, first_name: 'Racer B' }, `/start ${payload}`);
    await h.fake.processed(Math.max(a, b));
    const organizers = await modelsOf(h.db.dal).users.countDocuments({ _id: { $in: [3101, 3102] }, isOrganizer: true });
    expect(organizers).toBe(1);
  });

  it('an expired or unknown invite is refused with the reason', async () => {
    const payload = await invite();
    clock = new Date(NOW.getTime() + 73 * 3600_000);
    const [expired] = await h.fake.say(ALICE, `/start ${payload}`);
    expect(expired?.text).toBe(en('organizers.invite.expired'));
    clock = NOW;
    const [unknown] = await h.fake.say(ALICE, '/start inv_doesnotexist');
    expect(unknown?.text).toBe(en('organizers.invite.unknown'));
    expect((await h.db.dal.users.findById(ALICE.id))?.isOrganizer).toBe(false);
  });

  it('other start payloads and a plain /start still reach the greeting', async () => {
    const [plain] = await h.fake.say(ALICE, '/start');
    expect(plain?.text).toContain('Hello, Alice!');
  });

  it('only super-admins may invite or list organizers', async () => {
    const [m] = await h.fake.say(ALICE, '/invite');
    expect(m?.text).toBe(en('events.denied.not_admin'));
    const [l] = await h.fake.say(ALICE, '/organizers');
    expect(l?.text).toBe(en('events.denied.not_admin'));
    expect(await modelsOf(h.db.dal).invites.countDocuments({ createdBy: ALICE.id })).toBe(0);
  });

  it('/organize sends admins Approve / Deny; approving makes the requester an organizer; a second press is refused', async () => {
    const [sent] = await h.fake.say(REZA, '/organize');
    expect(sent?.text).toBe(i18n.t('fa', 'organizers.requestSent'));
    const adminMessages = h.fake.botMessagesIn(ADMIN.id).length;
    const [again] = await h.fake.say(REZA, '/organize');
    const until = new Date(clock.getTime() + 24 * 3600_000);
    expect(again?.text).toBe(i18n.t('fa', 'organizers.requestPending', { when: `${formatDate(until, 'Asia/Tehran', 'fa', false)} ${formatTime(until, 'Asia/Tehran', 'fa')}` }));
    expect(h.fake.botMessagesIn(ADMIN.id)).toHaveLength(adminMessages); // not asked twice
    const request = h.fake.lastBotMessage(ADMIN.id)!;
    expect(request.text).toContain('رضا');
    expect(buttons(request).map((b) => b.text)).toEqual([en('organizers.button.approve'), en('organizers.button.deny')]);
    // A non-admin pressing the (forged) Approve changes nothing.
    await h.fake.processed(h.fake.pressButton(ALICE, { message_id: 1, chat: { id: ALICE.id, type: 'private' } }, `org:ap:${REZA.id}`));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.denied.not_admin'));
    expect((await h.db.dal.users.findById(REZA.id))?.isOrganizer).toBe(false);

    await h.fake.processed(h.fake.pressButtonLabelled(ADMIN, request, en('organizers.button.approve')));
    expect(h.fake.message(ADMIN.id, request.message_id)?.text).toContain('✅');
    expect((await h.db.dal.users.findById(REZA.id))?.isOrganizer).toBe(true);
    expect(h.fake.lastBotMessage(REZA.id)?.text).toBe(i18n.t('fa', 'organizers.approvedNotice'));
    await h.fake.processed(h.fake.pressButton(ADMIN, request, `org:dn:${REZA.id}`));
    expect(lastAnswer(h.fake.calls)).toBe(en('organizers.alreadyDecided'));
    expect((await h.db.dal.users.findById(REZA.id))?.isOrganizer).toBe(true);
  });

  it('a denied request leaves the requester a member and tells them', async () => {
    const requester = { id: 3201, first_name: 'Dee', language_code: 'en' };
    await h.fake.say(requester, '/organize');
    const request = h.fake.lastBotMessage(ADMIN.id)!;
    await h.fake.processed(h.fake.pressButtonLabelled(ADMIN, request, en('organizers.button.deny')));
    expect((await h.db.dal.users.findById(requester.id))?.isOrganizer).toBe(false);
    expect(h.fake.lastBotMessage(requester.id)?.text).toBe(en('organizers.deniedNotice'));

    // Asking again at once: told when they may, and the admins hear nothing.
    const adminMessages = h.fake.botMessagesIn(ADMIN.id).length;
    for (let i = 0; i < 3; i++) {
      const [wait] = await h.fake.say(requester, '/organize');
      expect(wait?.text).toMatch(/^Your last request was not approved\. You can ask again after .+\.$/);
    }
    expect(h.fake.botMessagesIn(ADMIN.id)).toHaveLength(adminMessages);
    // A day later they may, once.
    clock = new Date(NOW.getTime() + 24 * 3600_000 + 60_000);
    try {
      const [sent] = await h.fake.say(requester, '/organize');
      expect(sent?.text).toBe(en('organizers.requestSent'));
      expect(h.fake.botMessagesIn(ADMIN.id)).toHaveLength(adminMessages + 1);
      const [pending] = await h.fake.say(requester, '/organize');
      expect(pending?.text).toMatch(/^Your request is already waiting for an admin/);
      expect(h.fake.botMessagesIn(ADMIN.id)).toHaveLength(adminMessages + 1);
    } finally {
      clock = NOW;
    }
  });

  it('/organizers lists organizers and Revoke takes the role away', async () => {
    const [list] = await h.fake.say(ADMIN, '/organizers');
    expect(list?.text).toContain('رضا');
    await h.fake.processed(h.fake.pressButtonLabelled(ADMIN, list!, /رضا/));
    expect((await h.db.dal.users.findById(REZA.id))?.isOrganizer).toBe(false);
    expect(h.fake.message(ADMIN.id, list!.message_id)?.text).not.toContain('رضا');
    const menu = h.fake.commandsFor('fa', `chat:${REZA.id}`) as Array<{ command: string }>;
    expect(menu.map((c) => c.command)).not.toContain('newevent');
    const [denied] = await h.fake.say(REZA, '/newevent');
    expect(denied?.text).toBe(i18n.t('fa', 'events.denied.not_organizer'));
  });
});

describe('/categories: the managed list', () => {
  let h: Harness;
  let en: Translate;
  beforeAll(async () => {
    h = await startHarness({ now: () => NOW });
    en = (await createI18n()).forLocale('en');
  });
  afterAll(async () => {
    await h.stop();
  });

  it('adds (with names per language), refuses bad or duplicate slugs, renames and archives', async () => {
    const [list] = await h.fake.say(ADMIN, '/categories');
    expect(list?.text).toContain(en('categories.none'));
    const [ask] = await h.fake.press(ADMIN, list!, en('categories.button.add'));
    expect(ask?.raw).toContain('slug');
    const [bad] = await h.fake.say(ADMIN, 'Bad Slug! | Music');
    expect(bad?.text).toContain(en('categories.error.bad_slug'));
    const [added] = await h.fake.say(ADMIN, 'music | Music | موسیقی | موسيقى | موسیقی');
    expect(added?.text).toContain('#music');
    expect(await h.db.dal.categories.findBySlug('music')).toMatchObject({ names: { en: 'Music', fa: 'موسیقی', ar: 'موسيقى', ur: 'موسیقی' }, archived: false });

    const [ask2] = await h.fake.press(ADMIN, added!, en('categories.button.add'));
    expect(ask2).toBeDefined();
    const [dup] = await h.fake.say(ADMIN, 'music | Music again');
    expect(dup?.text).toContain(en('categories.error.exists', { tag: '#music' }));
    await h.fake.say(ADMIN, '/cancel');

    const [list2] = await h.fake.say(ADMIN, '/categories');
    await h.fake.press(ADMIN, list2!, '✏️ Music');
    const [renamed] = await h.fake.say(ADMIN, 'Live music | موسیقی زنده');
    expect(renamed?.text).toContain('Live music');
    expect((await h.db.dal.categories.findBySlug('music'))?.names).toEqual({ en: 'Live music', fa: 'موسیقی زنده' });

    await h.fake.processed(h.fake.pressButtonLabelled(ADMIN, renamed!, en('categories.button.archive')));
    expect((await h.db.dal.categories.findBySlug('music'))?.archived).toBe(true);
    expect(await h.db.dal.categories.listActive()).toEqual([]);
  });

  it('is for super-admins only, for commands and buttons alike', async () => {
    await makeOrganizer(h.db.dal, ALICE);
    const [m] = await h.fake.say(ALICE, '/categories');
    expect(m?.text).toBe(en('events.denied.not_admin'));
    await h.fake.processed(h.fake.pressButton(ALICE, { message_id: 1, chat: { id: ALICE.id, type: 'private' } }, 'cat:rs:music'));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.denied.not_admin'));
    expect((await h.db.dal.categories.findBySlug('music'))?.archived).toBe(true);
  });
});
