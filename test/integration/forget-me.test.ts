/**
 * /forgetme keeps its promise: a member leaves traces in every collection the bot has (through the
 * real bot where a member can, directly where only history can), presses Yes, and then no document
 * in any collection of the database carries their id, and a later change to an event whose card
 * they opened reaches their chat neither as an edit nor as a new delivery.
 */
import { ADMIN, startHarness, type Harness } from '../support/harness';
import type { FakeChat, FakeUser } from '../support/fake-telegram/server';
import { buttonData, makeEvent } from '../support/events';
import { FORGET_PLAN } from '../../src/dal/privacy';
import { forgetCallback } from '../../src/bot/callback-data/members';
import { remindCallback, rsvpCallback } from '../../src/bot/callback-data/event-card';
import { modelsOf } from '../support/models';
import { FORGET_AFTERCARE_MS } from '../../src/delivery/planner';

/** Nine digits: cannot turn up by chance in an ObjectId's hex between two letters, or in a date. */
const MEMBER: FakeUser = { id: 987654321, first_name: 'زهرا', username: 'zahra_q', language_code: 'fa' };
const GROUP: FakeChat = { id: -100555, type: 'supergroup', title: 'حلقهٔ کتاب' };
const mentions = (doc: unknown) => new RegExp(`(^|[^0-9])${MEMBER.id}([^0-9]|$)`).test(JSON.stringify(doc));

describe('/forgetme', () => {
  let h: Harness;
  /** The app's clock runs this far ahead of the real one (moved to reach the second pass). */
  let ahead = 0;
  beforeAll(async () => {
    h = await startHarness({ env: { TICK_SECONDS: '60' }, now: () => new Date(Date.now() + ahead) });
    h.fake.addChat(GROUP);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('declares every registered collection: erased, anonymized, or holding no member data', () => {
    expect(Object.keys(FORGET_PLAN).sort()).toEqual(Object.keys(modelsOf(h.db.dal)).sort());
  });

  it('leaves no record carrying the member id in any collection, and no later change reaches their chat', async () => {
    const { dal } = h.db;
    const m = modelsOf(dal);
    const private_ = { id: MEMBER.id, type: 'private' as const };
    const soon = new Date(Date.now() + 3 * 24 * 3600_000);
    const ev = await makeEvent(dal, { title: 'شب شعر', startAt: soon, createdBy: ADMIN.id, capacity: 1 });

    // As a member would: start, RSVP, remind me, subscribe, open the event's card (a post to edit later).
    const [welcome] = await h.fake.say(MEMBER, '/start');
    await h.fake.processed(h.fake.pressButton(MEMBER, { message_id: 1, chat: private_ }, rsvpCallback.encode({ event: ev._id.toHexString(), answer: 'g' })));
    await h.fake.processed(h.fake.pressButton(MEMBER, { message_id: 1, chat: private_ }, remindCallback.encode({ event: ev._id.toHexString() })));
    await h.fake.say(MEMBER, '/subscribe');
    const [list] = await h.fake.say(MEMBER, '/events');
    await h.fake.processed(h.fake.pressButtonLabelled(MEMBER, list!, /شب شعر/));
    expect(await m.posts.countDocuments({ chatId: MEMBER.id })).toBe(1);
    // They addressed the bot in a group.
    await h.fake.say(MEMBER, `/events@${h.fake.botInfo.username}`, GROUP);
    // An organizer request, denied (a claim names them), then an invite used.
    await h.fake.say(MEMBER, '/organize');
    const request = h.fake.lastBotMessage(ADMIN.id)!;
    await h.fake.processed(h.fake.pressButton(ADMIN, request, buttonData(request, /Deny/)));
    const [inv] = await h.fake.say(ADMIN, '/invite');
    const code = /start=(inv_[A-Za-z0-9_-]+)/.exec(inv?.text ?? '')![1]!;
    await h.fake.say(MEMBER, `/start ${code}`);
    expect((await dal.users.findById(MEMBER.id))?.isOrganizer).toBe(true);
    // Messages to them, sent: a finished direct job, its delivery, receipt and agenda entry.
    await h.app.deps.scheduler.notifyUser(MEMBER.id, 'rsvp.promoted', { title: 'x' }, ev._id);
    await h.runUntilIdle();
    expect(await m.deliveries.countDocuments({ chatId: MEMBER.id, status: 'sent' })).toBeGreaterThan(0);
    expect(await m.receipts.countDocuments()).toBeGreaterThan(0);
    // One still waiting (pending job, its agenda entry), and history only the engine writes.
    await h.app.deps.scheduler.notifyUser(MEMBER.id, 'rsvp.promoted', { title: 'y' });
    await m.deliveries.create([
      { _id: 'f1', jobId: 'old', kind: 'reminder', chatId: MEMBER.id, recipient: 'user', chatType: 'private', locale: 'fa', timezone: 'UTC', batch: 'old:0:0', status: 'failed', nextAttemptAt: new Date() },
      { _id: 's1', jobId: 'old', kind: 'reminder', chatId: MEMBER.id, recipient: 'user', chatType: 'private', locale: 'fa', timezone: 'UTC', batch: 'old:0:1', status: 'skipped', nextAttemptAt: new Date(), editMessageId: 1 },
    ]);
    await m.chunkItems.create({ _id: 'old:0:2', items: [{ _id: 'p1', chatId: MEMBER.id }, { _id: 'p2', chatId: 42 }] });
    // As an organizer: a draft, a published event, a saved venue and organizer profile, a linked chat.
    await makeEvent(dal, { title: 'پیش‌نویس', startAt: soon, createdBy: MEMBER.id, status: 'draft' });
    const theirs = await makeEvent(dal, { title: 'کارگاه خوشنویسی', startAt: soon, createdBy: MEMBER.id });
    await m.venues.create({ createdBy: MEMBER.id, name: 'کتابخانه', lastUsedAt: new Date() });
    await m.organizerProfiles.create({ createdBy: MEMBER.id, name: 'انجمن', lastUsedAt: new Date() });
    await m.chats.create({ _id: -100556, type: 'channel', title: 'کانال', linkedBy: MEMBER.id, locale: 'fa', timezone: 'Asia/Tehran' });
    // A calendar feed they added, and what it imported.
    const feedId = 'a'.repeat(24);
    await m.feeds.create({ _id: feedId, url: 'https://example.org/events.ics', kind: 'ical', ownerId: MEMBER.id, options: { categories: [], announce: true, horizonDays: 90 }, nextPollAt: new Date() });
    await m.feedEntries.create({ _id: `${feedId}:x`, feedId, sourceUid: 'uid-1@example.org', eventId: theirs._id, hash: 'h' });
    // Last (a command ends it): the time-zone question, a dialogue in their session.
    await h.fake.press(MEMBER, welcome!, 'فارسی');

    // Every collection the database holds is a registered one, and the member is in most of them.
    const names = async () => (await h.db.conn.db!.listCollections().toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'));
    const registered = new Map(Object.entries(m).map(([key, model]) => [model.collection.collectionName, key]));
    const holding = async () => {
      const found: string[] = [];
      for (const name of await names()) {
        for (const doc of await h.db.conn.db!.collection(name).find({}).toArray()) {
          if (mentions(doc)) found.push(`${name}: ${JSON.stringify(doc).slice(0, 160)}`);
        }
      }
      return found;
    };
    for (const name of await names()) expect({ name, registered: registered.has(name) }).toEqual({ name, registered: true });
    const before = new Set((await holding()).map((line) => line.split(':')[0]));
    for (const c of ['users', 'sessions', 'rsvps', 'subscriptions', 'jobs', 'agenda', 'deliveries', 'posts', 'organizer_requests', 'invites', 'claims', 'chats', 'events', 'venues', 'organizers', 'chunk_items', 'feeds']) {
      expect({ c, present: before.has(c) }).toEqual({ c, present: true });
    }

    // Receipts name a delivery, not a person: found through the member's deliveries.
    const theirDeliveries = (await m.deliveries.find({ chatId: MEMBER.id }).lean()).map((d) => d._id);
    expect(await m.receipts.countDocuments({ _id: { $in: theirDeliveries } })).toBeGreaterThan(0);

    const [ask] = await h.fake.say(MEMBER, '/forgetme');
    await h.fake.processed(h.fake.pressButton(MEMBER, ask!, forgetCallback.encode({ answer: 'yes' })));
    // Work in flight when they asked can still write under their id after the first pass (a card
    // edit fanned out from a read made just before it): the second pass, a minute later, removes it.
    await m.deliveries.create({ _id: 'in-flight', jobId: 'card_edit:x:1', kind: 'card_edit', chatId: MEMBER.id, recipient: 'user', chatType: 'private', locale: 'fa', timezone: 'UTC', batch: 'card_edit:x:1:0:0', status: 'sent', nextAttemptAt: new Date(), editMessageId: 1 });
    // ...and a send in flight writes the receipt of a delivery the first pass had already deleted
    // (of a shared chunk: nothing in it names the member).
    await m.receipts.create({ _id: theirDeliveries[0], claim: 'in-flight', batch: 'shared:0:0', messageId: 1, at: new Date() });
    expect((await holding()).some((line) => line.startsWith('deliveries'))).toBe(true);
    ahead += FORGET_AFTERCARE_MS + 1000;
    await h.runUntilIdle();
    expect(await holding()).toEqual([]);
    expect(await m.receipts.countDocuments({ _id: { $in: theirDeliveries } })).toBe(0);
    // What stays for the community stays, credited to no one.
    expect((await dal.events.findById(theirs._id))?.title).toBe('کارگاه خوشنویسی');
    expect(await m.chats.countDocuments({ _id: -100556 })).toBe(1);
    // Their feed goes with what it imported entry by entry; the events it made stay, as above.
    expect(await m.feeds.countDocuments({ ownerId: MEMBER.id })).toBe(0);
    expect(await m.feedEntries.countDocuments({ feedId: 'a'.repeat(24) })).toBe(0);
    expect(await m.invites.countDocuments({ usedBy: { $ne: null } })).toBe(1);

    // A later change to the event whose card they opened: no edit, no delivery under their id.
    const callsBefore = h.fake.calls.length;
    await m.events.updateOne({ _id: ev._id }, { $set: { title: 'شب شعر و موسیقی' }, $inc: { sequence: 1 } });
    await h.app.deps.scheduler.eventChanged(ev._id, 'time');
    await h.app.deps.scheduler.refreshCards(ev._id);
    await h.runUntilIdle();
    const toThem = h.fake.calls.slice(callsBefore).filter((c) => Number(c.params.chat_id) === MEMBER.id);
    expect(toThem).toEqual([]);
    expect(await m.deliveries.countDocuments({ chatId: MEMBER.id })).toBe(0);
    expect(await holding()).toEqual([]);
  });
});
