import { ADMIN, ALICE, REZA, startHarness, type Harness } from '../support/harness';
import { buttonData, buttons, lastAnswer, makeEvent, makeOrganizer } from '../support/events';
import { createI18n, type I18n, type Translate } from '../../src/i18n/i18n';
import { modelsOf } from '../support/models';

const NOW = new Date('2026-11-27T10:00:00Z');
const day = (n: number) => new Date(NOW.getTime() + n * 24 * 3600_000);

describe('/events: upcoming, paged, by category, past', () => {
  let h: Harness;
  let i18n: I18n;
  let en: Translate;
  beforeAll(async () => {
    h = await startHarness({ now: () => NOW });
    i18n = await createI18n();
    en = i18n.forLocale('en');
    await makeOrganizer(h.db.dal, ALICE);
    await h.db.dal.categories.add('music', { en: 'Music', fa: 'موسیقی' });
    await h.db.dal.categories.add('talks', { en: 'Talks', fa: 'گفتگو' });
    for (let i = 1; i <= 7; i++) {
      await makeEvent(h.db.dal, { title: `Event ${i}`, startAt: day(i), categories: i % 2 === 0 ? ['music'] : ['talks'] });
    }
    await makeEvent(h.db.dal, { title: 'Yesterday\'s <party>', startAt: day(-1), categories: ['music'] });
    await makeEvent(h.db.dal, { title: 'Hidden draft', startAt: day(2), status: 'draft' });
    await makeEvent(h.db.dal, { title: 'Someone cancelled', startAt: day(3), status: 'cancelled' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('lists five upcoming events per page, soonest first, with Next / Prev editing the list in place', async () => {
    const [list] = await h.fake.say(REZA, '/events');
    expect(list?.raw).toContain(i18n.t('fa', 'events.title'));
    for (let i = 1; i <= 5; i++) expect(list?.text).toContain(`Event ${i}`);
    expect(list?.text).not.toContain('Event 6');
    expect(list?.text).not.toContain('Hidden draft');
    expect(list?.text).not.toContain('Someone cancelled');
    expect(list?.text).not.toContain('party');
    expect(list!.text!.indexOf('Event 1')).toBeLessThan(list!.text!.indexOf('Event 2'));

    await h.fake.processed(h.fake.pressButtonLabelled(REZA, list!, i18n.t('fa', 'events.button.next')));
    const page2 = h.fake.message(REZA.id, list!.message_id)!;
    expect(page2.text).toContain('Event 6');
    expect(page2.text).toContain('Event 7');
    expect(page2.text).not.toContain('Event 5');
    expect(buttons(page2).map((b) => b.text)).not.toContain(i18n.t('fa', 'events.button.next'));
    const prev = buttonData(page2, i18n.t('fa', 'events.button.prev'));
    await h.fake.processed(h.fake.pressButton(REZA, page2, prev));
    expect(h.fake.message(REZA.id, list!.message_id)?.text).toContain('Event 1');
    // A stale double press (the same page again) is not an error for the member.
    const answersBefore = h.fake.callsTo('answerCallbackQuery').length;
    await h.fake.processed(h.fake.pressButton(REZA, page2, prev));
    expect(h.fake.callsTo('answerCallbackQuery')).toHaveLength(answersBefore + 1);
    expect(lastAnswer(h.fake.calls)).toBeUndefined();
    expect(h.fake.botMessagesIn(REZA.id).some((m) => m.text === i18n.t('fa', 'errors.generic'))).toBe(false);
  });

  it('filters by a category button', async () => {
    const [list] = await h.fake.say(ALICE, '/events');
    await h.fake.processed(h.fake.pressButtonLabelled(ALICE, list!, '#Music'));
    const filtered = h.fake.message(ALICE.id, list!.message_id)!;
    expect(filtered.text).toContain('#Music');
    for (const n of [2, 4, 6]) expect(filtered.text).toContain(`Event ${n}`);
    for (const n of [1, 3, 5, 7]) expect(filtered.text).not.toContain(`Event ${n}`);
    // "« All Events" clears the filter.
    await h.fake.processed(h.fake.pressButtonLabelled(ALICE, filtered, en('events.button.all')));
    expect(h.fake.message(ALICE.id, list!.message_id)?.text).toContain('Event 1');
  });

  it('opens an event\'s card with the members\' buttons and « All Events, and records the posted card', async () => {
    const [list] = await h.fake.say(ALICE, '/events');
    const [card] = await h.fake.press(ALICE, list!, /Event 3/);
    expect(card?.text).toContain('Event 3');
    const labels = buttons(card).map((b) => b.text);
    expect(labels).toContain(en('rsvp.button.going'));
    expect(labels).toContain(en('events.button.all'));
    expect(labels).toContain(en('events.button.manage')); // Alice created these events
    const e = await modelsOf(h.db.dal).events.findOne({ title: 'Event 3' }).lean();
    expect(await modelsOf(h.db.dal).posts.countDocuments({ eventId: e?._id, chatId: ALICE.id, messageId: card?.message_id })).toBe(1);
    // Someone else sees no Manage button.
    const [rezaList] = await h.fake.say(REZA, '/events');
    const [rezaCard] = await h.fake.press(REZA, rezaList!, /Event 3/);
    expect(buttons(rezaCard).map((b) => b.text)).not.toContain(i18n.t('fa', 'events.button.manage'));
    // « All Events under a card sends the list again.
    const [again] = await h.fake.press(ALICE, card!, en('events.button.all'));
    expect(again?.text).toContain('Event 1');
  });

  it('shows a Past view with events that have ended', async () => {
    const [list] = await h.fake.say(ALICE, '/events');
    await h.fake.processed(h.fake.pressButtonLabelled(ALICE, list!, en('events.button.past')));
    const past = h.fake.message(ALICE.id, list!.message_id)!;
    expect(past.text).toContain('Yesterday\'s <party>');
    expect(past.raw).toContain('&lt;party&gt;');
    expect(past.text).not.toContain('Event 1');
    const [card] = await h.fake.press(ALICE, past, /Yesterday/);
    expect(card?.text).toContain(en('card.banner.passed').replace(/<[^>]+>/g, ''));
  });

  it('refuses forged browse data and drafts, with a reason', async () => {
    const [list] = await h.fake.say(ADMIN, '/events');
    await h.fake.processed(h.fake.pressButton(ADMIN, list!, 'ev:l:abc:-:-'));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.badButton'));
    const draft = await modelsOf(h.db.dal).events.findOne({ title: 'Hidden draft' }).lean();
    await h.fake.processed(h.fake.pressButton(ADMIN, list!, `ev:o:0:-:${draft?._id.toHexString()}`));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.gone'));
  });
});
