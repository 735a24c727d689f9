import type { Types } from 'mongoose';
import { ADMIN, ALICE, REZA, startHarness, type Harness } from '../support/harness';
import { TelegramErrors, type FakeChat, type FakeUser } from '../support/fake-telegram/server';
import type { EventRecord } from '../../src/dal/events/event.model';
import { icsCallback, remindCallback, rsvpCallback, type RsvpAnswerCode } from '../../src/bot/callback-data/event-card';
import { attendeesCallback, attendeesCsvCallback, forgetCallback } from '../../src/bot/callback-data/members';
import { modelsOf } from '../support/models';

describe('members: RSVP, reminders, subscriptions, calendar files, attendees, /forgetme', () => {
  let h: Harness;
  const now = new Date('2026-12-01T10:00:00Z');
  const channel: FakeChat = { id: -100777, type: 'channel', title: 'Community' };
  beforeAll(async () => {
    h = await startHarness({ now: () => now });
    h.fake.addChat(channel);
  });
  afterAll(async () => {
    await h.stop();
  });

  let nextId = 5000;
  const member = (name: string): FakeUser => ({ id: nextId++, first_name: name, language_code: 'en' });

  async function event(fields: Partial<EventRecord> = {}): Promise<EventRecord> {
    const doc = await modelsOf(h.db.dal).events.create({
      title: 'Poetry night',
      startAt: new Date('2026-12-10T16:00:00Z'),
      endAt: new Date('2026-12-10T18:00:00Z'),
      timezone: 'Asia/Tehran',
      status: 'published',
      createdBy: ALICE.id,
      sequence: 2,
      ...fields,
    });
    return doc.toObject();
  }

  const privateChat = (u: FakeUser): FakeChat => ({ id: u.id, type: 'private', first_name: u.first_name });
  const counts = async (id: Types.ObjectId) => (await modelsOf(h.db.dal).events.findById(id).lean<EventRecord>())!.rsvpCounts;
  const lastAnswer = () => h.fake.callsTo('answerCallbackQuery').pop()?.params;

  async function press(u: FakeUser, data: string, chat: FakeChat = privateChat(u)) {
    await h.fake.processed(h.fake.pressButton(u, { message_id: 1, chat }, data));
    return lastAnswer();
  }
  const rsvp = (u: FakeUser, ev: EventRecord, answer: RsvpAnswerCode, chat?: FakeChat) =>
    press(u, rsvpCallback.encode({ event: ev._id.toHexString(), answer }), chat);

  it('takes RSVPs with guests and keeps the counts on the event', async () => {
    const ev = await event();
    const a = member('A');
    await h.fake.say(a, '/help');
    expect(String((await rsvp(a, ev, 'g'))?.text)).toContain("You're going to Poetry night");
    expect(String((await rsvp(a, ev, '2'))?.text)).toContain('with 2 guests');
    expect(await counts(ev._id)).toMatchObject({ going: 1, guests: 2 });
    await rsvp(a, ev, 'm');
    expect(await counts(ev._id)).toMatchObject({ going: 0, guests: 0, maybe: 1 });
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ kind: 'card_edit', eventId: ev._id })).toBeGreaterThan(0);
  });

  it('puts members on the waitlist when full and promotes the first when a place frees, telling them through the planner', async () => {
    const ev = await event({ capacity: 2 });
    const [a, b, c, d] = [member('A'), member('B'), member('C'), member('D')];
    for (const u of [a, b, c, d]) await h.fake.say(u, '/help');
    await rsvp(a, ev, 'g');
    await rsvp(b, ev, 'g');
    expect(String((await rsvp(c, ev, 'g'))?.text)).toContain('waitlist');
    await rsvp(d, ev, 'g');
    expect(await counts(ev._id)).toMatchObject({ going: 2, waitlist: 2 });
    await rsvp(a, ev, 'n');
    expect((await h.db.dal.rsvps.find(ev._id, c.id))?.status).toBe('going');
    expect((await h.db.dal.rsvps.find(ev._id, d.id))?.status).toBe('waitlist');
    const job = await modelsOf(h.db.dal).jobs.findOne({ kind: 'promotion', chatId: c.id }).lean();
    expect(job?.payload).toMatchObject({ key: 'rsvp.promoted', vars: { title: 'Poetry night' } });
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ kind: 'promotion', chatId: d.id })).toBe(0);
  });

  it('gives the last place to exactly one of two members pressing at the same moment', async () => {
    const ev = await event({ capacity: 1 });
    const [x, y] = [member('X'), member('Y')];
    for (const u of [x, y]) await h.fake.say(u, '/help');
    const ids = [x, y].map((u) => h.fake.pressButton(u, { message_id: 1, chat: privateChat(u) }, rsvpCallback.encode({ event: ev._id.toHexString(), answer: 'g' })));
    await h.fake.processed(Math.max(...ids));
    const statuses = [(await h.db.dal.rsvps.find(ev._id, x.id))?.status, (await h.db.dal.rsvps.find(ev._id, y.id))?.status].sort();
    expect(statuses).toEqual(['going', 'waitlist']);
    expect(await counts(ev._id)).toMatchObject({ going: 1, waitlist: 1 });
  });

  it('sends a member who never started the bot from a channel post to a deep link that completes the RSVP', async () => {
    const ev = await event();
    const stranger = member('Stranger');
    const answer = await rsvp(stranger, ev, '1', channel);
    expect(answer?.url).toBe(`https://t.me/${h.fake.botInfo.username}?start=rv_${ev._id.toHexString()}_1`);
    expect(await h.db.dal.rsvps.find(ev._id, stranger.id)).toBeNull();
    const [ask, hint] = await h.fake.say(stranger, `/start rv_${ev._id.toHexString()}_1`);
    // The link alone counts nothing: it shows the event and asks.
    expect(ask?.text).toContain('Poetry night');
    expect(ask?.text).toContain('Count you as going with 1 guest?');
    expect(hint?.text).toContain('Send /start to choose your language and time zone');
    expect(await h.db.dal.rsvps.find(ev._id, stranger.id)).toBeNull();
    await h.fake.press(stranger, ask!, /Yes, count me/);
    expect(h.fake.message(stranger.id, ask!.message_id)?.text).toContain("You're going to Poetry night with 1 guest.");
    expect(await h.db.dal.rsvps.find(ev._id, stranger.id)).toMatchObject({ status: 'going', guests: 1 });
    // Now that they have started the bot, a press in the channel works directly.
    expect(String((await rsvp(stranger, ev, 'm', channel))?.text)).toContain('maybe');
  });

  it('a deep link with +2 guests shows the count in the member\'s language, and Cancel records nothing', async () => {
    const ev = await event({ title: 'شب شعر' });
    const zahra: FakeUser = { id: nextId++, first_name: 'زهرا', language_code: 'fa' };
    const [ask] = await h.fake.say(zahra, `/start rv_${ev._id.toHexString()}_2`);
    expect(ask?.text).toContain('شب شعر');
    expect(ask?.text).toContain('حضورتان را با ۲ مهمان ثبت کنم؟');
    await h.fake.press(zahra, ask!, 'انصراف');
    expect(h.fake.message(zahra.id, ask!.message_id)?.text).toBe('چیزی ثبت نشد.');
    expect(await h.db.dal.rsvps.find(ev._id, zahra.id)).toBeNull();
    expect(await counts(ev._id)).toMatchObject({ going: 0, guests: 0 });
  });

  it('refuses forged and stale buttons without changing anything', async () => {
    const ev = await event({ status: 'cancelled' });
    const a = member('A');
    await h.fake.say(a, '/help');
    expect(String((await rsvp(a, ev, 'g'))?.text)).toContain('cancelled');
    expect(String((await press(a, 'rv:nothex:g'))?.text)).toContain('out of date');
    expect(await modelsOf(h.db.dal).rsvps.countDocuments({ userId: a.id })).toBe(0);
  });

  it('remind me, /subscribe, /mysubs with Remove, and /stop', async () => {
    const ev = await event({ title: 'Calligraphy <class>' });
    const u = member('Sub');
    await h.fake.say(u, '/help');
    await h.db.dal.categories.add('music', { en: 'Music', fa: 'موسیقی' });
    expect(String((await press(u, remindCallback.encode({ event: ev._id.toHexString() })))?.text)).toContain("I'll remind you about Calligraphy <class> 1 day, 1 hour before");
    const [sub] = await h.fake.say(u, '/subscribe');
    await h.fake.press(u, sub!, /Music/);
    expect(h.fake.message(u.id, sub!.message_id)?.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toContain('✅ Music');
    const [list] = await h.fake.say(u, '/mysubs');
    expect(list?.text).toContain('Category: Music');
    expect(list?.text).toContain('Reminders for: Calligraphy <class>');
    expect(list?.raw).toContain('Calligraphy &lt;class&gt;');
    await h.fake.press(u, list!, /Remove: Category: Music/);
    expect(await h.db.dal.subscriptions.has(u.id, 'category', 'music')).toBe(false);
    expect(h.fake.message(u.id, list!.message_id)?.text).not.toContain('Category: Music');
    const [stopped] = await h.fake.say(u, '/stop');
    expect(stopped?.text).toContain('subscriptions ended: 1');
    expect(await modelsOf(h.db.dal).subscriptions.countDocuments({ userId: u.id })).toBe(0);
  });

  it('sends an .ics file with a stable UID, the zone, SEQUENCE and STATUS, and a Google link', async () => {
    const ev = await event({ title: 'Film, talk; Q&A', status: 'cancelled', sequence: 5 });
    const u = member('Cal');
    await h.fake.say(u, '/help');
    await press(u, icsCallback.encode({ event: ev._id.toHexString() }));
    const docMsg = h.fake.botMessagesIn(u.id).find((m) => m.document);
    expect(docMsg?.document?.file_name).toBe('Film-talk-Q-A.ics');
    const lines = docMsg!.document!.content.toString('utf8').split('\r\n');
    expect(lines).toContain(`UID:${ev._id.toHexString()}@${h.fake.botInfo.username}`);
    expect(lines).toContain('DTSTART;TZID=Asia/Tehran:20261210T193000');
    expect(lines).toContain('SEQUENCE:5');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('SUMMARY:Film\\, talk\\; Q&A');
    const google = h.fake.lastBotMessage(u.id)?.reply_markup?.inline_keyboard?.[0]?.[0]?.url;
    expect(google).toContain('https://calendar.google.com/calendar/render?action=TEMPLATE');
  });

  it('/attendees pages for the organizer, sends a safe CSV, and refuses others', async () => {
    const ev = await event({ title: 'Big meetup' });
    const names = ['=cmd|calc', 'Doe, "Jr"', ...Array.from({ length: 23 }, (_, i) => `Guest ${i + 1}`)];
    for (const [i, name] of names.entries()) {
      const u = { id: 7000 + i, first_name: name, language_code: 'en' };
      await modelsOf(h.db.dal).users.create({ _id: u.id, firstName: name });
      await h.db.dal.rsvps.answer(ev._id, u.id, { answer: 'going' }, new Date(now.getTime() + i));
    }
    await h.fake.say(ALICE, '/help');
    await h.db.dal.users.update(ALICE.id, { isOrganizer: true });
    const [page1] = await h.fake.say(ALICE, `/attendees ${ev._id.toHexString()}`);
    expect(page1?.text).toContain('25 going');
    expect(page1?.text).toContain('1. =cmd|calc');
    expect(page1?.text).toContain('Page 1 of 2');
    expect(page1?.text).not.toContain('21. ');
    await h.fake.press(ALICE, page1!, 'Next ▶️');
    expect(h.fake.message(ALICE.id, page1!.message_id)?.text).toContain('21. Guest 19');

    await h.fake.press(ALICE, h.fake.message(ALICE.id, page1!.message_id)!, '📄 Download CSV');
    const csv = h.fake.botMessagesIn(ALICE.id).find((m) => m.document?.file_name.endsWith('.csv'))!.document!.content.toString('utf8');
    const rows = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]).toBe('name,username,telegram_id,status,guests,answered_at_utc');
    expect(rows[1]).toMatch(/^'=cmd\|calc,,7000,going,0,/);
    expect(rows[2]).toMatch(/^"Doe, ""Jr""",,7001,going,0,/);
    expect(rows).toHaveLength(27); // header, 25 rows, and the final empty string after CRLF

    const before = h.fake.botMessagesIn(REZA.id).length;
    await h.fake.say(REZA, `/attendees ${ev._id.toHexString()}`);
    expect(h.fake.botMessagesIn(REZA.id).slice(before)[0]?.text).not.toContain('Guest');
    expect(String((await press(REZA, attendeesCsvCallback.encode({ event: ev._id.toHexString() })))?.text)).toContain('فقط برگزارکنندهٔ رویداد');
    expect(String((await press(REZA, attendeesCallback.encode({ event: ev._id.toHexString(), page: 0 })))?.text)).toContain('فقط برگزارکنندهٔ رویداد');
    // Revoked: the creator keeps the old messages and buttons but reads nothing more.
    await h.db.dal.users.update(ALICE.id, { isOrganizer: false });
    const [revoked] = await h.fake.say(ALICE, `/attendees ${ev._id.toHexString()}`);
    expect(revoked?.text).toBe("Only an event's organizer can see who is coming.");
    const docsBefore = h.fake.botMessagesIn(ALICE.id).filter((m) => m.document).length;
    expect(String((await press(ALICE, attendeesCsvCallback.encode({ event: ev._id.toHexString() })))?.text)).toContain("Only an event's organizer");
    expect(String((await press(ALICE, attendeesCallback.encode({ event: ev._id.toHexString(), page: 1 })))?.text)).toContain("Only an event's organizer");
    expect(h.fake.botMessagesIn(ALICE.id).filter((m) => m.document)).toHaveLength(docsBefore);
    const [list] = await h.fake.say(ALICE, '/attendees');
    expect(list?.text).toBe("Only an event's organizer can see who is coming.");
    await h.db.dal.users.update(ALICE.id, { isOrganizer: true });
    const [adminView] = await h.fake.say(ADMIN, `/attendees ${ev._id.toHexString()}`);
    expect(adminView?.text).toContain('Big meetup');
    // Never in a group, even for the organizer: names are personal data.
    const group: FakeChat = { id: -300, type: 'supergroup', title: 'Chat' };
    h.fake.addChat(group);
    const [inGroup] = await h.fake.say(ALICE, `/attendees ${ev._id.toHexString()}`, group);
    expect(inGroup?.text).toContain('private chat');
    expect(inGroup?.text).not.toContain('Guest');
  });

  it('/forgetme deletes the member after a confirmation, frees their place and promotes the waitlist', async () => {
    const ev = await event({ capacity: 1 });
    const [leaver, waiter] = [member('Leaver'), member('Waiter')];
    for (const u of [leaver, waiter]) await h.fake.say(u, '/help');
    await rsvp(leaver, ev, 'g');
    await rsvp(waiter, ev, 'g');
    await press(leaver, remindCallback.encode({ event: ev._id.toHexString() }));
    // Something still waiting to be sent to them.
    await h.app.deps.scheduler.notifyUser(leaver.id, 'rsvp.promoted', { title: 'x' }, ev._id);
    const [ask] = await h.fake.say(leaver, '/forgetme');
    expect(ask?.text).toContain('Delete everything');
    await press(leaver, forgetCallback.encode({ answer: 'no' }));
    expect(await h.db.dal.users.findById(leaver.id)).not.toBeNull();
    await h.fake.press(leaver, ask!, /Yes, delete everything/);
    expect(await h.db.dal.users.findById(leaver.id)).toBeNull();
    expect(await modelsOf(h.db.dal).rsvps.countDocuments({ userId: leaver.id })).toBe(0);
    expect(await modelsOf(h.db.dal).subscriptions.countDocuments({ userId: leaver.id })).toBe(0);
    expect(await modelsOf(h.db.dal).sessions.countDocuments({ _id: { $regex: `:${leaver.id}$` } })).toBe(0);
    expect((await h.db.dal.rsvps.find(ev._id, waiter.id))?.status).toBe('going');
    expect(await counts(ev._id)).toMatchObject({ going: 1, waitlist: 0 });
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ kind: 'promotion', chatId: waiter.id })).toBe(1);
    // Nothing is left to send them; the one pending job naming them is /forgetme's own second pass.
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ chatId: leaver.id, status: 'pending', kind: { $ne: 'forget' } })).toBe(0);
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ chatId: leaver.id, status: 'pending', kind: 'forget' })).toBe(1);
  });

  it('crashes nothing when a member has blocked the bot', async () => {
    const u = member('Blocker');
    await h.fake.say(u, '/help');
    h.fake.setChatError(u.id, TelegramErrors.blocked());
    await h.fake.processed(h.fake.sendText(u, '/mysubs'));
    const ev = await event();
    await h.fake.processed(h.fake.pressButton(u, { message_id: 1, chat: privateChat(u) }, icsCallback.encode({ event: ev._id.toHexString() })));
    expect(lastAnswer()?.url).toBe(`https://t.me/${h.fake.botInfo.username}?start=ics_${ev._id.toHexString()}`);
    expect((await h.db.dal.users.findById(u.id))?.reachable).toBe(false);
    h.fake.setChatError(u.id, undefined);
    const [reply] = await h.fake.say(u, '/mysubs');
    expect(reply?.text).toContain('You have no subscriptions');
  });
});
