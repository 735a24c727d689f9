import { ADMIN, ALICE, MALLORY, REZA, startHarness, type Harness } from '../support/harness';
import { buttonData, buttons, lastAnswer, makeEvent, makeOrganizer } from '../support/events';
import { createI18n, type Translate } from '../../src/i18n/i18n';
import type { FakeMessage } from '../support/fake-telegram/server';
import { modelsOf } from '../support/models';

const NOW = new Date('2026-11-27T10:00:00Z');
const DEC_5_1830_TEHRAN = new Date('2026-12-05T15:00:00Z');

describe('/myevents: edit, postpone, cancel, duplicate, delete', () => {
  let h: Harness;
  let en: Translate;
  beforeAll(async () => {
    h = await startHarness({ now: () => NOW });
    en = (await createI18n()).forLocale('en');
    await makeOrganizer(h.db.dal, ALICE);
    await makeOrganizer(h.db.dal, REZA);
  });
  afterAll(async () => {
    await h.stop();
  });

  /** Publishes an event the way an organizer does, so the planner has planned it. */
  async function publishedEvent(title: string) {
    const e = await makeEvent(h.db.dal, { title, startAt: DEC_5_1830_TEHRAN, createdBy: ALICE.id, status: 'draft' });
    await h.db.dal.events.publish(e._id, NOW);
    await h.app.deps.scheduler.eventPublished(e._id);
    return e;
  }

  /** /myevents → tap the event → the management card. */
  async function manage(title: string): Promise<FakeMessage> {
    const [list] = await h.fake.say(ALICE, '/myevents');
    const msgs = await h.fake.press(ALICE, list!, new RegExp(title));
    return msgs[msgs.length - 1]!;
  }

  const jobs = (eventId: { toHexString(): string }) =>
    modelsOf(h.db.dal).jobs.find({ key: { $regex: `^[a-z_]+:${eventId.toHexString()}` } }).lean();

  it('lists the organizer\'s events with their status', async () => {
    await publishedEvent('Listed event');
    const [list] = await h.fake.say(ALICE, '/myevents');
    expect(list?.text).toContain('Listed event');
    expect(list?.text).toContain(en('myevents.status.published'));
    const [other] = await h.fake.say(REZA, '/myevents');
    expect(other?.text).toBe((await createI18n()).t('fa', 'myevents.empty'));
  });

  it('edits one field of a published event: sequence +1, posted cards refreshed, no notice for a title', async () => {
    const e = await publishedEvent('Old title');
    const card = await manage('Old title');
    const [which] = await h.fake.press(ALICE, card, en('myevents.button.edit'));
    const [q] = await h.fake.press(ALICE, which!, en('newevent.field.title'));
    expect(q?.raw).toContain(en('newevent.ask.title'));
    const [tooLong] = await h.fake.say(ALICE, 'T'.repeat(201));
    expect(tooLong?.raw).toContain(en('validation.too_long', { max: 200 }));
    const [saved] = await h.fake.say(ALICE, 'New <title>');
    expect(saved?.text).toBe(en('myevents.saved'));
    const after = await h.db.dal.events.findById(e._id);
    expect(after).toMatchObject({ title: 'New <title>', sequence: 1, status: 'published' });
    const keys = (await jobs(e._id)).map((j) => j.key);
    expect(keys.some((k) => k.startsWith(`card_edit:${e._id.toHexString()}`))).toBe(true);
    expect(keys.some((k) => k.startsWith('notice:'))).toBe(false);
  });

  it('raising the capacity moves waiting members up, first come first served, and tells them', async () => {
    const e = await publishedEvent('Small room');
    await modelsOf(h.db.dal).events.updateOne({ _id: e._id }, { $set: { capacity: 1 } });
    const rsvps = modelsOf(h.db.dal).rsvps;
    await rsvps.create({ eventId: e._id, userId: 7001, status: 'going', guests: 0 });
    await rsvps.create({ eventId: e._id, userId: 7002, status: 'waitlist', guests: 0, waitlistedAt: new Date(NOW.getTime() - 2000) });
    await rsvps.create({ eventId: e._id, userId: 7003, status: 'waitlist', guests: 0, waitlistedAt: new Date(NOW.getTime() - 1000) });
    const card = await manage('Small room');
    const [which] = await h.fake.press(ALICE, card, en('myevents.button.edit'));
    await h.fake.press(ALICE, which!, en('newevent.field.capacity'));
    const [saved] = await h.fake.say(ALICE, '2');
    expect(saved?.text).toBe(en('myevents.saved'));
    const statuses = Object.fromEntries((await rsvps.find({ eventId: e._id }).lean()).map((r) => [r.userId, r.status]));
    expect(statuses).toEqual({ 7001: 'going', 7002: 'going', 7003: 'waitlist' });
    expect((await h.db.dal.events.findById(e._id))?.rsvpCounts).toMatchObject({ going: 2, waitlist: 1 });
    const told = await modelsOf(h.db.dal).jobs.find({ kind: 'promotion' }).lean();
    expect(told.map((j) => j.chatId)).toEqual([7002]);
  });

  it('a change of place records a notice for those who signed up', async () => {
    const e = await publishedEvent('Moving venue');
    const card = await manage('Moving venue');
    const [which] = await h.fake.press(ALICE, card, en('myevents.button.edit'));
    await h.fake.press(ALICE, which!, en('newevent.field.venue'));
    const [saved] = await h.fake.say(ALICE, 'New Hall, 5 Side St, Tehran, Iran');
    expect(saved?.text).toBe(en('myevents.saved'));
    const after = await h.db.dal.events.findById(e._id);
    expect(after?.venue).toEqual({ name: 'New Hall', address: '5 Side St', city: 'Tehran', country: 'Iran' });
    expect((await jobs(e._id)).map((j) => j.key)).toContain(`notice:${e._id.toHexString()}:1:place`);
  });

  it('postpones to a new time (refusing a time in the past) and records the notice', async () => {
    const e = await publishedEvent('To postpone');
    const card = await manage('To postpone');
    const [q] = await h.fake.press(ALICE, card, en('myevents.button.postpone'));
    expect(q?.raw).toContain('Asia/Tehran');
    const [past] = await h.fake.say(ALICE, '2026-01-01 10:00');
    expect(past?.raw).toContain(en('dates.error.in_past'));
    const [done] = await h.fake.say(ALICE, '2026-12-12 18:30');
    expect(done?.text).toContain('12 Dec 2026');
    const after = await h.db.dal.events.findById(e._id);
    expect(after?.status).toBe('postponed');
    expect(after?.startAt.toISOString()).toBe('2026-12-12T15:00:00.000Z');
    expect((after?.endAt.getTime() ?? 0) - (after?.startAt.getTime() ?? 0)).toBe(2 * 3600_000); // same length
    expect(after?.sequence).toBe(1);
    const all = await jobs(e._id);
    expect(all.map((j) => j.key)).toContain(`notice:${e._id.toHexString()}:1:postponed`);
    // Reminders planned for the old time are dropped; the new time gets its own.
    const pending = all.filter((j) => j.kind === 'reminder' && j.status === 'pending').map((j) => j.key);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((k) => k.endsWith(`:${Date.parse('2026-12-12T15:00:00.000Z')}`))).toBe(true);
    expect(all.filter((j) => j.kind === 'reminder' && j.status === 'skipped').every((j) => !j.key.endsWith(`:${Date.parse('2026-12-12T15:00:00.000Z')}`))).toBe(true);
  });

  it('cancels with a reason; the card then shows it; a cancelled event offers only Duplicate', async () => {
    const e = await publishedEvent('To cancel');
    const card = await manage('To cancel');
    const [q] = await h.fake.press(ALICE, card, en('myevents.button.cancel'));
    expect(q?.raw).toContain(en('myevents.askCancel', { title: 'To cancel' }));
    const msgs = await h.fake.say(ALICE, 'The hall is <flooded>');
    expect(msgs[0]?.text).toBe(en('myevents.cancelledDone'));
    const after = await h.db.dal.events.findById(e._id);
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'The hall is <flooded>', sequence: 1 });
    expect((await jobs(e._id)).map((j) => j.key)).toContain(`notice:${e._id.toHexString()}:1:cancelled`);
    const newCard = msgs[msgs.length - 1]!;
    expect(newCard.text).toContain('The hall is <flooded>');
    expect(buttons(newCard).map((b) => b.text)).toEqual([en('myevents.button.duplicate'), en('myevents.button.list')]);
    // The old card's Postpone button (stale) changes nothing and says why.
    await h.fake.processed(h.fake.pressButtonLabelled(ALICE, card, en('myevents.button.postpone')));
    expect(lastAnswer(h.fake.calls)).toBe(en('myevents.notChangeable'));
    expect((await h.db.dal.events.findById(e._id))?.sequence).toBe(1);
  });

  it('duplicates as a new draft, and deletes drafts only', async () => {
    const e = await publishedEvent('Original');
    const card = await manage('Original');
    const msgs = await h.fake.press(ALICE, card, en('myevents.button.duplicate'));
    expect(msgs[0]?.text).toBe(en('myevents.duplicated'));
    const copies = await modelsOf(h.db.dal).events.find({ title: 'Original' }).lean();
    expect(copies).toHaveLength(2);
    const copy = copies.find((c) => !c._id.equals(e._id))!;
    expect(copy).toMatchObject({ status: 'draft', sequence: 0, createdBy: ALICE.id });
    const copyCard = msgs[msgs.length - 1]!;
    // Deleting the published original is refused (forged: its card has no Delete button).
    await h.fake.processed(h.fake.pressButton(ALICE, card, `me:dl:${e._id.toHexString()}`));
    expect(lastAnswer(h.fake.calls)).toBe(en('myevents.onlyDrafts'));
    expect(await h.db.dal.events.findById(e._id)).not.toBeNull();
    const [deleted] = await h.fake.press(ALICE, copyCard, en('myevents.button.delete'));
    expect(deleted?.text).toBe(en('myevents.deleted'));
    expect(await h.db.dal.events.findById(copy._id)).toBeNull();
  });

  it('publishes a draft from /myevents', async () => {
    const e = await makeEvent(h.db.dal, { title: 'Draft to publish', startAt: DEC_5_1830_TEHRAN, createdBy: ALICE.id, status: 'draft' });
    const card = await manage('Draft to publish');
    await h.fake.press(ALICE, card, en('myevents.button.publish'));
    expect((await h.db.dal.events.findById(e._id))?.status).toBe('published');
    expect(await modelsOf(h.db.dal).jobs.countDocuments({ key: `announce:${e._id.toHexString()}` })).toBe(1);
  });

  it('refuses someone else\'s buttons and forged data, with the reason, changing nothing', async () => {
    const e = await publishedEvent('Alice only');
    const card = await manage('Alice only');
    const cancelData = buttonData(card, en('myevents.button.cancel'));
    const inChat = (id: number) => ({ message_id: 1, chat: { id, type: 'private' as const } });
    // Another organizer.
    await h.fake.processed(h.fake.pressButton(REZA, inChat(REZA.id), cancelData));
    expect(lastAnswer(h.fake.calls)).toBe((await createI18n()).t('fa', 'events.denied.not_creator'));
    // A member who is not an organizer.
    await h.fake.processed(h.fake.pressButton(MALLORY, inChat(MALLORY.id), cancelData));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.denied.not_organizer'));
    // Malformed and unknown ids.
    await h.fake.processed(h.fake.pressButton(ALICE, card, 'me:cn:not-an-id'));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.gone'));
    await h.fake.processed(h.fake.pressButton(ALICE, card, 'me:cn'));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.badButton'));
    await h.fake.processed(h.fake.pressButton(ALICE, card, 'mf:' + e._id.toHexString() + ':status'));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.badButton'));
    expect(await h.db.dal.events.findById(e._id)).toMatchObject({ status: 'published', sequence: 0 });
    // A revoked organizer can no longer change their own event.
    await makeOrganizer(h.db.dal, ALICE, false);
    await h.fake.processed(h.fake.pressButton(ALICE, card, cancelData));
    expect(lastAnswer(h.fake.calls)).toBe(en('events.denied.not_organizer'));
    await makeOrganizer(h.db.dal, ALICE, true);
    // A super-admin may change anyone's event.
    await h.fake.processed(h.fake.pressButton(ADMIN, inChat(ADMIN.id), cancelData));
    expect(h.fake.lastBotMessage(ADMIN.id)?.raw).toContain(en('myevents.askCancel', { title: 'Alice only' }));
  });

  it('moves one occurrence of a series alone, and cancels the rest of the series', async () => {
    const msgs = await h.fake.say(ALICE, '/newevent Weekly club | 2026-12-03 19:00 | Hall\nrepeat: every Thursday 19:00 until 2027-01-10');
    await h.fake.press(ALICE, msgs[1]!, en('newevent.button.publish'));
    const series = await modelsOf(h.db.dal).events.find({ title: 'Weekly club' }).sort({ startAt: 1 }).lean();
    expect(series).toHaveLength(6);
    const second = series[1]!;
    // Open the second occurrence's management card directly (as from /myevents).
    const opened = await h.fake.press(ALICE, (await h.fake.say(ALICE, '/myevents'))[0]!, /Weekly club/);
    const anyCard = opened[opened.length - 1]!;
    await h.fake.processed(h.fake.pressButton(ALICE, anyCard, `me:pp:${second._id.toHexString()}`));
    const [moved] = await h.fake.say(ALICE, '2026-12-11 20:00');
    expect(moved?.text).toContain('11 Dec 2026');
    const after = await modelsOf(h.db.dal).events.find({ title: 'Weekly club' }).sort({ 'series.index': 1 }).lean();
    expect(after[1]).toMatchObject({ status: 'postponed', series: { index: 1, detached: true } });
    expect(after[1]?.startAt.toISOString()).toBe('2026-12-11T16:30:00.000Z');
    for (const [i, o] of after.entries()) {
      if (i === 1) continue;
      expect(o).toMatchObject({ status: 'published', sequence: 0, series: { detached: false } });
      expect(o.startAt.getTime()).toBe(series[i]!.startAt.getTime());
    }
    // A detail edited on the third occurrence applies to it and the ones after it, not to earlier ones.
    await h.fake.processed(h.fake.pressButton(ALICE, anyCard, `mf:${series[2]!._id.toHexString()}:title`));
    const [savedSeries] = await h.fake.say(ALICE, 'Weekly club (new room)');
    expect(savedSeries?.text).toBe(en('myevents.savedSeries', { n: 4 }));
    const titles = (await modelsOf(h.db.dal).events.find({ 'series.seriesId': series[0]!.series!.seriesId }).sort({ 'series.index': 1 }).lean()).map(
      (o) => [o.title, o.sequence],
    );
    expect(titles).toEqual([
      ['Weekly club', 0],
      ['Weekly club', 1],
      ['Weekly club (new room)', 1],
      ['Weekly club (new room)', 1],
      ['Weekly club (new room)', 1],
      ['Weekly club (new room)', 1],
    ]);
    // Cancel the whole series (from the first occurrence): asks first, then cancels every one still to come.
    await h.fake.processed(h.fake.pressButton(ALICE, anyCard, `me:cs:${series[0]!._id.toHexString()}`));
    const confirm = h.fake.lastBotMessage(ALICE.id)!;
    expect(confirm.text).toContain('6');
    const [done] = await h.fake.press(ALICE, confirm, en('myevents.button.confirmCancelSeries'));
    expect(done?.text).toBe(en('myevents.seriesCancelled', { n: 6 }));
    const cancelled = await modelsOf(h.db.dal).events.find({ 'series.seriesId': series[0]!.series!.seriesId }).lean();
    expect(cancelled.map((o) => o.status)).toEqual(Array(6).fill('cancelled'));
  });
});
