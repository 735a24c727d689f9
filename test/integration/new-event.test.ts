import { ALICE, MALLORY, REZA, startHarness, type Harness } from '../support/harness';
import { FakeTelegram } from '../support/fake-telegram/server';
import { openTestDb } from '../support/db';
import { buttonData, buttons, lastAnswer, makeOrganizer } from '../support/events';
import { createI18n, type Translate } from '../../src/i18n/i18n';
import { modelsOf } from '../support/models';

// A fixed clock: Friday 27 Nov 2026, 10:00 UTC (13:30 in Tehran).
const NOW = new Date('2026-11-27T10:00:00Z');

describe('/newevent: the guided dialogue through the real bot', () => {
  let h: Harness;
  let en: Translate;
  let fa: Translate;
  beforeAll(async () => {
    h = await startHarness({ now: () => NOW });
    const i18n = await createI18n();
    en = i18n.forLocale('en');
    fa = i18n.forLocale('fa');
    await makeOrganizer(h.db.dal, ALICE);
    await h.db.dal.categories.add('games', { en: 'Games', fa: 'بازی' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('asks one question at a time, refuses bad answers with the reason, and publishes the previewed card', async () => {
    let [m] = await h.fake.say(ALICE, '/newevent');
    expect(m?.raw).toContain(en('newevent.ask.title'));
    expect(buttons(m).map((b) => b.text)).toEqual([en('newevent.button.cancel')]); // the title cannot be skipped

    [m] = await h.fake.say(ALICE, 'Board <b>games</b> & "tea"');
    expect(m?.raw).toContain('Asia/Tehran');
    expect(m?.raw).toContain(en('newevent.ask.when', { zone: 'Iran Time (Asia/Tehran)' }));

    [m] = await h.fake.say(ALICE, 'yesterday 18:00');
    expect(m?.raw).toContain(en('dates.error.in_past'));
    expect(m?.raw).toContain(en('newevent.ask.when', { zone: 'Iran Time (Asia/Tehran)' }));

    [m] = await h.fake.say(ALICE, 'someday maybe');
    expect(m?.raw).toContain(en('dates.error.unrecognized'));

    // Persian digits, read in Tehran time and echoed unambiguously.
    [m] = await h.fake.say(ALICE, '۲۰۲۶-۱۲-۰۵ ۱۸:۳۰');
    expect(m?.text).toContain('5 Dec 2026');
    expect(m?.text).toContain('18:30');
    expect(m?.raw).toContain(en('newevent.ask.end'));

    [m] = await h.fake.say(ALICE, '17:00');
    expect(m?.raw).toContain(en('dates.error.end_before_start'));
    [m] = await h.fake.say(ALICE, '2h');
    expect(m?.text).toContain('18:30–20:30');
    expect(m?.raw).toContain(en('newevent.ask.venue'));

    [m] = await h.fake.say(ALICE, 'Café Lumen');
    expect(m?.raw).toContain(en('newevent.ask.address'));
    // Back returns to the venue question.
    [m] = await h.fake.press(ALICE, m!, en('newevent.button.back'));
    expect(m?.raw).toContain(en('newevent.ask.venue'));
    [m] = await h.fake.say(ALICE, 'Café Lumen');
    [m] = await h.fake.say(ALICE, '12 Main St, Tehran, Iran');
    expect(m?.raw).toContain(en('newevent.ask.online'));

    [m] = await h.fake.say(ALICE, 'not a link');
    expect(m?.raw).toContain(en('validation.bad_url'));
    expect(m?.raw).toContain(en('newevent.ask.online'));
    [m] = await h.fake.press(ALICE, m!, en('newevent.button.skip'));
    expect(m?.raw).toContain(en('newevent.ask.description'));

    [m] = await h.fake.say(ALICE, 'x'.repeat(3001));
    expect(m?.raw).toContain(en('validation.too_long', { max: 3000 }));
    [m] = await h.fake.say(ALICE, 'Bring a friend.\nTea is <free>.');
    expect(m?.raw).toContain(en('newevent.ask.categories'));

    // Categories toggle in place, then Done.
    const categoriesMessage = m!;
    await h.fake.processed(h.fake.pressButtonLabelled(ALICE, categoriesMessage, 'Games'));
    const edited = h.fake.message(ALICE.id, categoriesMessage.message_id);
    expect(buttons(edited).map((b) => b.text)).toContain('✅ Games');
    [m] = await h.fake.press(ALICE, edited!, en('newevent.button.done'));
    expect(m?.raw).toContain(en('newevent.ask.organizer'));

    [m] = await h.fake.say(ALICE, 'Game Club');
    expect(m?.raw).toContain(en('newevent.ask.links'));
    [m] = await h.fake.say(ALICE, 'instagram: @gameclub\nhttps://gameclub.example');
    expect(m?.raw).toContain(en('newevent.ask.capacity'));
    [m] = await h.fake.say(ALICE, 'lots');
    expect(m?.raw).toContain(en('validation.bad_number'));
    [m] = await h.fake.say(ALICE, '30');
    expect(m?.raw).toContain(en('newevent.ask.photo'));
    [m] = await h.fake.press(ALICE, m!, en('newevent.button.skip'));
    expect(m?.raw).toContain(en('newevent.ask.repeat'));
    const preview = await h.fake.press(ALICE, m!, en('newevent.button.skip'));
    expect(preview[0]?.raw).toContain(en('newevent.preview.title'));
    const card = preview[1]!;
    expect(card.text).toContain('Board <b>games</b> & "tea"');
    expect(card.raw).toContain('Board &lt;b&gt;games&lt;/b&gt; &amp; &quot;tea&quot;');
    expect(card.text).toContain('Café Lumen');
    expect(card.text).toContain('#games');
    expect(buttons(card).map((b) => b.text)).toEqual([
      en('newevent.button.publish'), en('newevent.button.saveDraft'), en('newevent.button.edit'), en('newevent.button.cancel'),
    ]);
    expect(await modelsOf(h.db.dal).events.countDocuments()).toBe(0);

    const published = await h.fake.press(ALICE, card, en('newevent.button.publish'));
    expect(published[0]?.raw).toContain(en('newevent.published', { n: 1 }));
    const events = await modelsOf(h.db.dal).events.find().lean();
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toMatchObject({
      title: 'Board <b>games</b> & "tea"',
      status: 'published',
      timezone: 'Asia/Tehran',
      allDay: false,
      categories: ['games'],
      capacity: 30,
      createdBy: ALICE.id,
      sequence: 0,
      description: 'Bring a friend.\nTea is <free>.',
      venue: { name: 'Café Lumen', address: '12 Main St', city: 'Tehran', country: 'Iran' },
      organizer: { name: 'Game Club', website: 'https://gameclub.example/', links: { instagram: expect.stringContaining('gameclub') } },
    });
    expect(e.startAt.toISOString()).toBe('2026-12-05T15:00:00.000Z'); // 18:30 in Tehran (+03:30)
    expect(e.endAt.toISOString()).toBe('2026-12-05T17:00:00.000Z');
    // The published card carries the members' buttons, and the engine knows about the event and the card.
    const memberCard = published[1]!;
    expect(buttons(memberCard).some((b) => b.callback_data?.startsWith('rv:'))).toBe(true);
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ key: `announce:${e._id.toHexString()}` })).toBe(1);
    expect(await modelsOf(h.db.dal).posts.countDocuments({ eventId: e._id, chatId: ALICE.id, messageId: memberCard.message_id })).toBe(1);
    // The venue and organizer are saved for one-tap reuse.
    expect(await h.db.dal.venues.listForCreator(ALICE.id)).toEqual([expect.objectContaining({ name: 'Café Lumen', city: 'Tehran' })]);
    expect(await h.db.dal.organizerProfiles.listForCreator(ALICE.id)).toEqual([expect.objectContaining({ name: 'Game Club' })]);

    // Pressing Publish again (a stale preview) creates nothing more, and says why.
    await h.fake.processed(h.fake.pressButtonLabelled(ALICE, card, en('newevent.button.publish')));
    expect(lastAnswer(h.fake.calls)).toBe(en('newevent.stale'));
    expect(await modelsOf(h.db.dal).events.countDocuments()).toBe(1);
  });

  it('offers the saved venue and organizer with one tap the next time', async () => {
    await h.fake.say(ALICE, '/newevent');
    await h.fake.say(ALICE, 'Second meetup');
    // An end given with the start: no end question.
    const [venueQ] = await h.fake.say(ALICE, '2026-12-20 18:00-20:00');
    expect(venueQ?.raw).toContain(en('newevent.ask.venue'));
    const [next] = await h.fake.press(ALICE, venueQ!, '📍 Café Lumen');
    // A saved venue has its address already: straight on to the online link.
    expect(next?.raw).toContain(en('newevent.ask.online'));
    await h.fake.say(ALICE, '/cancel');
  });

  it('/cancel ends the dialogue at any step and saves nothing', async () => {
    await h.fake.say(ALICE, '/newevent');
    await h.fake.say(ALICE, 'To be cancelled');
    const [m] = await h.fake.say(ALICE, '/cancel');
    expect(m?.text).toBe(en('newevent.cancelled'));
    const before = await modelsOf(h.db.dal).events.countDocuments();
    const after = await h.fake.say(ALICE, 'tomorrow 7pm');
    // No dialogue is listening any more: only the pointer to /help that any stray text gets.
    expect(after.map((m) => m.text)).toEqual([en('fallback.notUnderstood')]);
    expect(await modelsOf(h.db.dal).events.countDocuments()).toBe(before);
    const [none] = await h.fake.say(ALICE, '/cancel');
    expect(none?.text).toBe(en('newevent.nothingToCancel'));
  });

  it('answers in the organizer\'s language', async () => {
    await makeOrganizer(h.db.dal, REZA);
    const [m] = await h.fake.say(REZA, '/newevent');
    expect(m?.raw).toContain(fa('newevent.ask.title'));
    await h.fake.say(REZA, '/cancel');
  });

  it('refuses a title of 150 emoji when it is typed, in Telegram\'s units, not on Publish', async () => {
    await makeOrganizer(h.db.dal, REZA);
    await h.fake.say(REZA, '/newevent');
    const [again] = await h.fake.say(REZA, '🎉'.repeat(150));
    expect(again?.text).toContain(fa('validation.too_long', { max: '۲۰۰' }).slice(0, 20));
    expect(again?.raw).toContain(fa('newevent.ask.title'));
    // Still on the title: a shorter one is taken.
    const [next] = await h.fake.say(REZA, `${'🎉'.repeat(10)} جشن`);
    expect(next?.raw).not.toContain(fa('newevent.ask.title'));
    await h.fake.say(REZA, '/cancel');
    // The one-message form says the same.
    const [form] = await h.fake.say(REZA, `/newevent ${'🎉'.repeat(150)} | tomorrow 19:00 | Hall`);
    expect(form?.text).toContain(fa('validation.too_long', { max: 200 }).slice(0, 20));
    expect(await modelsOf(h.db.dal).events.countDocuments({ createdBy: REZA.id })).toBe(0);
  });

  it('refuses members who are not organizers, and buttons of a dialogue that is not theirs', async () => {
    const [m] = await h.fake.say(MALLORY, '/newevent');
    expect(m?.text).toBe(en('events.denied.not_organizer'));
    // Alice's dialogue message, pressed by Mallory (forged into her own chat): refused, nothing changes.
    await h.fake.say(ALICE, '/newevent');
    const aliceQ = h.fake.lastBotMessage(ALICE.id)!;
    await h.fake.processed(h.fake.pressButton(MALLORY, { message_id: aliceQ.message_id, chat: { id: MALLORY.id, type: 'private' } }, buttonData(aliceQ, en('newevent.button.cancel'))));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.denied.not_organizer'));
    // Forged data of the wrong shape.
    await h.fake.processed(h.fake.pressButton(ALICE, aliceQ, 'ne:title'));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.badButton'));
    // A button of an earlier question.
    await h.fake.say(ALICE, 'Some title');
    await h.fake.processed(h.fake.pressButton(ALICE, aliceQ, 'ne:title:sk:-'));
    expect(lastAnswer(h.fake.calls)).toBe(en('newevent.staleStep'));
    await h.fake.say(ALICE, '/cancel');
  });

  it('takes a map point and a photo, edits a field from the preview, and keeps the longest card within Telegram\'s limits', async () => {
    await h.fake.say(ALICE, '/newevent');
    await h.fake.say(ALICE, `<i>${'T'.repeat(190)}`);
    await h.fake.say(ALICE, '2026-12-06 10:00-12:00');
    const [address] = await h.fake.say(ALICE, `&${'V'.repeat(199)}`);
    expect(address?.raw).toContain(en('newevent.ask.address'));
    await h.fake.processed(h.fake.sendLocation(ALICE, 35.7, 51.4));
    let m = h.fake.lastBotMessage(ALICE.id);
    expect(m?.raw).toContain(en('newevent.ask.online'));
    [m] = await h.fake.press(ALICE, m!, en('newevent.button.skip'));
    [m] = await h.fake.say(ALICE, '<b>'.repeat(1000));
    for (const step of ['categories', 'organizer', 'capacity']) {
      expect(m?.raw).toContain(en(`newevent.ask.${step}`));
      [m] = await h.fake.press(ALICE, m!, en('newevent.button.skip'));
    }
    expect(m?.raw).toContain(en('newevent.ask.photo'));
    const [notPhoto] = await h.fake.say(ALICE, 'a photo, honest');
    expect(notPhoto?.raw).toContain(en('newevent.error.photoExpected'));
    await h.fake.processed(h.fake.sendPhoto(ALICE, 'photo-file-1'));
    m = h.fake.lastBotMessage(ALICE.id);
    expect(m?.raw).toContain(en('newevent.ask.repeat'));
    const preview = await h.fake.press(ALICE, m!, en('newevent.button.skip'));
    // With a photo the card is a captioned photo (≤ 1024) and the rest follows (the fake refuses anything longer).
    const photoCard = preview.find((x) => x.photo === 'photo-file-1');
    expect(photoCard?.caption).toContain('TTTT');
    expect(preview.some((x) => x.text?.includes('<b><b>'))).toBe(true);

    // Edit from the preview: the title, then back to the preview.
    const [menu] = await h.fake.press(ALICE, photoCard!, en('newevent.button.edit'));
    const [titleQ] = await h.fake.press(ALICE, menu!, en('newevent.field.title'));
    expect(titleQ?.raw).toContain(en('newevent.ask.title'));
    const again = await h.fake.say(ALICE, 'Short title');
    const card = again.find((x) => x.photo === 'photo-file-1')!;
    expect(card.caption).toContain('Short title');
    await h.fake.press(ALICE, card, en('newevent.button.publish'));
    const e = await modelsOf(h.db.dal).events.findOne({ title: 'Short title' }).lean();
    expect(e).toMatchObject({ status: 'published', photoFileId: 'photo-file-1', venue: { lat: 35.7, lon: 51.4 }, description: '<b>'.repeat(1000) });
  });

  it('works only in a private chat', async () => {
    const group = h.fake.addChat({ id: -100777, type: 'supergroup', title: 'Group' });
    const [m] = await h.fake.say(ALICE, '/newevent', group);
    expect(m?.text).toBe(en('events.privateOnly'));
  });
});

describe('/newevent: the one-message form', () => {
  let h: Harness;
  let en: Translate;
  beforeAll(async () => {
    h = await startHarness({ now: () => NOW });
    en = (await createI18n()).forLocale('en');
    await makeOrganizer(h.db.dal, ALICE);
    await h.db.dal.categories.add('games', { en: 'Games' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('reads title | when | venue plus key: value lines into the same preview, and saves a draft', async () => {
    const msgs = await h.fake.say(
      ALICE,
      [
        '/newevent Quiz night | 10.12.2026 19:00 | City Library, 1 Book St, Tehran, Iran',
        'end: 21:30',
        'description: Teams of four.',
        'Bring pens.',
        'category: games',
        'online: https://example.com/live',
        'capacity: ۲۰',
        'organizer: Quiz Club',
        'telegram: @quizclub',
      ].join('\n'),
    );
    expect(msgs[0]?.raw).toContain(en('newevent.preview.title'));
    const card = msgs[1]!;
    expect(card.text).toContain('Quiz night');
    expect(card.text).toContain('City Library');
    const saved = await h.fake.press(ALICE, card, en('newevent.button.saveDraft'));
    expect(saved[0]?.text).toContain(en('newevent.savedDraft', { n: 1 }).replace(/<[^>]+>/g, ''));
    const e = await modelsOf(h.db.dal).events.findOne({ title: 'Quiz night' }).lean();
    expect(e).toMatchObject({
      status: 'draft',
      description: 'Teams of four.\nBring pens.',
      categories: ['games'],
      onlineUrl: 'https://example.com/live',
      capacity: 20,
      venue: { name: 'City Library', address: '1 Book St', city: 'Tehran', country: 'Iran' },
      organizer: { name: 'Quiz Club', links: { telegram: expect.stringContaining('quizclub') } },
    });
    expect(e?.startAt.toISOString()).toBe('2026-12-10T15:30:00.000Z');
    expect(e?.endAt.toISOString()).toBe('2026-12-10T18:00:00.000Z');
    // A draft is not announced.
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ eventId: e?._id })).toBe(0);
  });

  it.each([
    ['/newevent Only a title', 'newevent.form.usage'],
    ['/newevent Past | 2020-01-01 10:00', 'dates.error.in_past'],
    ['/newevent Far | 2040-01-01 10:00', 'dates.error.too_far'],
    ['/newevent Backwards | 2026-12-10 19:00\nend: 18:00', 'dates.error.end_before_start'],
    ['/newevent Zone | 2026-12-10 19:00\nzone: Mars/Olympus', 'dates.error.unknown_zone'],
    ['/newevent Link | 2026-12-10 19:00\nonline: javascript:alert(1)', 'validation.bad_url'],
    ['/newevent Cat | 2026-12-10 19:00\ncategory: nope', 'newevent.error.unknownCategory'],
    [`/newevent ${'T'.repeat(201)} | 2026-12-10 19:00`, 'validation.too_long'],
    ['/newevent Odd | 2026-12-10 19:00\nflavour: vanilla', 'newevent.form.unknownLine'],
  ])('%s → the specific reason', async (text, key) => {
    const before = await modelsOf(h.db.dal).events.countDocuments();
    const [m] = await h.fake.say(ALICE, text);
    const expected = en(key, { max: 200, name: 'nope', known: 'games', line: 'flavour: vanilla' });
    expect(m?.raw).toContain(expected.split('{{')[0]!.slice(0, 30));
    expect(m?.raw).toContain(en('newevent.form.help').slice(0, 20));
    expect(await modelsOf(h.db.dal).events.countDocuments()).toBe(before);
  });

  it('two presses of Publish at the same moment create the event once', async () => {
    const msgs = await h.fake.say(ALICE, '/newevent Double tap | 2026-12-12 19:00');
    const card = msgs[1]!;
    const a = h.fake.pressButtonLabelled(ALICE, card, en('newevent.button.publish'));
    const b = h.fake.pressButtonLabelled(ALICE, card, en('newevent.button.publish'));
    await h.fake.processed(Math.max(a, b));
    const events = await modelsOf(h.db.dal).events.find({ title: 'Double tap' }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]?.status).toBe('published');
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ key: `announce:${events[0]?._id.toHexString()}` })).toBe(1);
  });

  it('reads the event in another zone when asked (zone: Europe/London)', async () => {
    const msgs = await h.fake.say(ALICE, '/newevent London talk | 2026-12-11 18:00\nzone: Europe/London');
    expect(msgs[1]?.text).toContain('(United Kingdom Time)'); // the zone by its name
    await h.fake.press(ALICE, msgs[1]!, en('newevent.button.saveDraft'));
    const e = await modelsOf(h.db.dal).events.findOne({ title: 'London talk' }).lean();
    expect(e?.timezone).toBe('Europe/London');
    expect(e?.startAt.toISOString()).toBe('2026-12-11T18:00:00.000Z');
  });

  it('creates a weekly series, one event per occurrence sharing a series id', async () => {
    const msgs = await h.fake.say(ALICE, '/newevent Thursday club | 2026-12-03 19:00 | Hall\nend: 2h\nrepeat: every Thursday 19:00 until 2027-01-31');
    expect(msgs[0]?.text).toContain('9 occurrences will be created'); // Dec 3 .. Jan 28
    const published = await h.fake.press(ALICE, msgs[1]!, en('newevent.button.publish'));
    expect(published[0]?.raw).toContain(en('newevent.published', { n: 9 }));
    const series = await modelsOf(h.db.dal).events.find({ title: 'Thursday club' }).sort({ startAt: 1 }).lean();
    expect(series).toHaveLength(9);
    const ids = new Set(series.map((e) => e.series?.seriesId.toHexString()));
    expect(ids.size).toBe(1);
    expect(series.map((e) => e.series?.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (const e of series) {
      expect(e.status).toBe('published');
      // 19:00 Tehran every time (no DST in Iran), two hours long.
      expect(new Date(e.startAt).toISOString().slice(11, 16)).toBe('15:30');
      expect(e.endAt.getTime() - e.startAt.getTime()).toBe(2 * 3600_000);
    }
  });
});

describe('/newevent: a restart mid-dialogue', () => {
  it('carries on where the user was, from the state in the database', async () => {
    const fake = await FakeTelegram.start();
    const db = await openTestDb('restart');
    const en = (await createI18n()).forLocale('en');
    try {
      const first = await startHarness({ sharedDb: db, sharedFake: fake, now: () => NOW });
      await makeOrganizer(db.dal, ALICE);
      await fake.say(ALICE, '/newevent');
      const [q] = await fake.say(ALICE, 'Survives restarts');
      expect(q?.raw).toContain(en('newevent.ask.when', { zone: 'Iran Time (Asia/Tehran)' }));
      await first.stop();

      const second = await startHarness({ sharedDb: db, sharedFake: fake, now: () => NOW });
      try {
        const [m] = await fake.say(ALICE, '2026-12-05 18:30');
        expect(m?.raw).toContain(en('newevent.ask.end'));
        // Buttons sent by the first instance still work in the second.
        const [venue] = await fake.press(ALICE, m!, en('newevent.button.skip'));
        expect(venue?.raw).toContain(en('newevent.ask.venue'));
        await fake.processed(fake.sendText(ALICE, '/cancel'));
      } finally {
        await second.stop();
      }
    } finally {
      await db.drop();
      await fake.stop();
    }
  });
});
