/**
 * The member operations (src/application/members.ts) without telegraf: RSVP with guests and the
 * waitlist, and forgetting a member, against the real database with the real Planner; what the
 * scheduler was told is read back as planned jobs.
 */
import pino from 'pino';
import { openTestDb, type TestDb } from '../support/db';
import { makeEvent } from '../support/events';
import { Planner } from '../../src/delivery/planner';
import { createApplication, systemActor, userActor, type Application } from '../../src/application';

const NOW = new Date('2026-11-27T10:00:00Z');
const START = new Date('2026-12-05T15:00:00Z');
const people = [
  { id: 4101, is_bot: false, first_name: 'زهرا' },
  { id: 4102, is_bot: false, first_name: 'حسن' },
  { id: 4103, is_bot: false, first_name: 'فاطمہ' },
  { id: 4104, is_bot: false, first_name: 'مریم' },
];

describe('member operations (no telegraf)', () => {
  let db: TestDb;
  let app: Application;
  beforeAll(async () => {
    db = await openTestDb('appmembers');
    app = createApplication({ dal: db.dal, scheduler: new Planner({ dal: db.dal, now: () => NOW }), now: () => NOW, botAdmins: [], logger: pino({ level: 'silent' }) });
    for (const p of people) await db.dal.users.upsertFromTelegram(p, { privateChat: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  const dueJobs = async () => db.dal.jobs.overdue(new Date(NOW.getTime() + 3_600_000), 1000);
  const [zahra, hasan, fatima, maryam] = people.map((p) => userActor(p.id));

  it('answers with guests within the capacity, waitlists past it, and promotes when a place frees up', async () => {
    const e = await makeEvent(db.dal, { title: 'کارگاه خوشنویسی', startAt: START, capacity: 3 });
    const going = await app.members.rsvp(zahra!, e._id, { answer: 'going' });
    expect(going.ok && going.value.kind === 'ok' && going.value.state).toEqual({ status: 'going', guests: 0 });
    const guests = await app.members.rsvp(zahra!, e._id, { guests: 2 });
    expect(guests.ok && guests.value.kind === 'ok' && guests.value.state).toEqual({ status: 'going', guests: 2 });
    const waiting = await app.members.rsvp(hasan!, e._id, { answer: 'going' });
    expect(waiting.ok && waiting.value.kind === 'ok' && waiting.value.state.status).toBe('waitlist');

    // Zahra is no longer sure: Hasan moves up, and is told.
    const maybe = await app.members.rsvp(zahra!, e._id, { answer: 'maybe' });
    expect(maybe.ok && maybe.value.kind === 'ok' && maybe.value.promoted.map((p) => p.userId)).toEqual([people[1]!.id]);
    expect((await db.dal.rsvps.find(e._id, people[1]!.id))?.status).toBe('going');
    const jobs = await dueJobs();
    expect(jobs.filter((j) => j.kind === 'promotion' && j.chatId === people[1]!.id)).toHaveLength(1);
    expect(jobs.some((j) => j.kind === 'card_edit' && j.eventId?.equals(e._id))).toBe(true);

    // Two seats taken of three: Hasan cannot bring two guests (room for one), and keeps his own seat.
    await app.members.rsvp(fatima!, e._id, { answer: 'going' });
    const tooMany = await app.members.rsvp(hasan!, e._id, { guests: 2 });
    expect(tooMany.ok && tooMany.value.kind === 'no_room_for_guests' && tooMany.value.free).toBe(1);
    expect((await db.dal.rsvps.find(e._id, people[1]!.id))).toMatchObject({ status: 'going', guests: 0 });
  });

  it('a cancelled event takes no answers; a system actor has no RSVP', async () => {
    const e = await makeEvent(db.dal, { title: 'Cancelled', startAt: START, status: 'cancelled' });
    const res = await app.members.rsvp(zahra!, e._id, { answer: 'going' });
    expect(res.ok && res.value.kind).toBe('closed');
    expect(await db.dal.rsvps.find(e._id, people[0]!.id)).toBeNull();
    expect(await app.members.rsvp(systemActor('ical-import'), e._id, { answer: 'going' })).toEqual({ ok: false, reason: 'not_a_member' });
  });

  it('forgets a member: their places are given to the waitlist, their records are gone', async () => {
    const e = await makeEvent(db.dal, { title: 'یک جا', startAt: START, capacity: 1 });
    await app.members.rsvp(maryam!, e._id, { answer: 'going' });
    const waiting = await app.members.rsvp(hasan!, e._id, { answer: 'going' });
    expect(waiting.ok && waiting.value.kind === 'ok' && waiting.value.state.status).toBe('waitlist');
    const res = await app.members.forget(maryam!);
    expect(res.ok && res.value.rsvps).toBe(1);
    expect(await db.dal.rsvps.find(e._id, people[3]!.id)).toBeNull();
    expect(await db.dal.users.findById(people[3]!.id)).toBeNull();
    expect((await db.dal.rsvps.find(e._id, people[1]!.id))?.status).toBe('going');
    expect((await dueJobs()).filter((j) => j.kind === 'promotion' && j.chatId === people[1]!.id && j.eventId?.equals(e._id))).toHaveLength(1);
    expect(await app.members.forget(systemActor('ical-import'))).toEqual({ ok: false, reason: 'not_a_member' });
  });

  it('reminders for one event, a category or everything: on, off, closed, and a re-plan each time', async () => {
    const e = await makeEvent(db.dal, { title: 'جلسه قرآن', startAt: START });
    const on = await app.members.remindMe(hasan!, e._id, { toggle: true });
    expect(on.ok && on.value.state).toBe('on');
    expect(await db.dal.subscriptions.has(people[1]!.id, 'event', e._id.toHexString())).toBe(true);
    const again = await app.members.remindMe(hasan!, e._id, { toggle: false });
    expect(again.ok && again.value.state).toBe('on');
    const off = await app.members.remindMe(hasan!, e._id, { toggle: true });
    expect(off.ok && off.value.state).toBe('off');
    expect(await db.dal.subscriptions.has(people[1]!.id, 'event', e._id.toHexString())).toBe(false);
    expect((await dueJobs()).some((j) => j.kind === 'replan')).toBe(true);

    const started = await makeEvent(db.dal, { title: 'Started', startAt: new Date(NOW.getTime() - 60_000) });
    const closed = await app.members.remindMe(hasan!, started._id, { toggle: true });
    expect(closed.ok && closed.value.state).toBe('closed');
    expect(await db.dal.subscriptions.has(people[1]!.id, 'event', started._id.toHexString())).toBe(false);
    const draft = await makeEvent(db.dal, { title: 'Draft', startAt: START, status: 'draft' });
    expect(await app.members.remindMe(hasan!, draft._id, { toggle: true })).toEqual({ ok: false, reason: 'gone' });

    await db.dal.categories.add('quran', { en: 'Quran', fa: 'قرآن' });
    expect(await app.members.toggleSubscription(hasan!, 'category', 'no-such')).toMatchObject({ ok: false, reason: 'invalid', error: { key: 'subscriptions.unknownCategory' } });
    expect(await app.members.toggleSubscription(hasan!, 'category', 'quran')).toEqual({ ok: true, value: { on: true } });
    expect(await app.members.toggleSubscription(hasan!, 'all')).toEqual({ ok: true, value: { on: true } });
    expect(await app.members.toggleSubscription(hasan!, 'all')).toEqual({ ok: true, value: { on: false } });
    const [mine] = await db.dal.subscriptions.list(people[1]!.id);
    expect(mine).toMatchObject({ kind: 'category', target: 'quran' });
    // Someone else cannot remove it by its id.
    expect(await app.members.removeSubscription(zahra!, mine!._id.toHexString())).toEqual({ ok: true, value: { removed: false } });
    expect(await app.members.removeSubscription(hasan!, 'not-an-id')).toEqual({ ok: true, value: { removed: false } });
    await app.members.remindMe(hasan!, e._id, { toggle: true });
    expect(await app.members.stopAll(hasan!)).toEqual({ ok: true, value: { count: 2 } });
    expect(await db.dal.subscriptions.list(people[1]!.id)).toEqual([]);
    expect(await app.members.toggleSubscription(systemActor('ical-import'), 'all')).toEqual({ ok: false, reason: 'not_a_member' });
  });

  it('reminder times: stored when they read, refused when not', async () => {
    expect(await app.members.setReminderTimes(zahra!, [])).toMatchObject({ ok: false, reason: 'invalid', error: { key: 'settings.badOffsets' } });
    expect(await app.members.setReminderTimes(zahra!, [0])).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await app.members.setReminderTimes(zahra!, [60 * 24 * 365])).toMatchObject({ ok: false, reason: 'invalid' });
    const res = await app.members.setReminderTimes(zahra!, [2880, 120, 15]);
    expect(res.ok && res.value?.reminderOffsets).toEqual([2880, 120, 15]);
    expect((await db.dal.users.findById(people[0]!.id))?.reminderOffsets).toEqual([2880, 120, 15]);
  });

  it('language, calendar and zone: stored when valid, refused when not; the zone can finish onboarding', async () => {
    const res = await app.members.setLanguage(fatima!, 'ur');
    expect(res.ok && res.value?.locale).toBe('ur');
    expect(await app.members.setLanguage(fatima!, 'de')).toMatchObject({ ok: false, reason: 'invalid' });
    const cal = await app.members.setCalendar(fatima!, 'islamic');
    expect(cal.ok && cal.value).toMatchObject({ calendar: 'islamic', calendarChosen: true });
    const back = await app.members.setCalendar(fatima!, undefined);
    expect(back.ok && back.value?.calendar).toBeUndefined();
    expect(await app.members.setTimeZone(fatima!, 'Mars/Olympus', { finishesOnboarding: true })).toMatchObject({ ok: false, reason: 'invalid' });
    expect((await db.dal.users.findById(people[2]!.id))?.onboardedAt).toBeUndefined();
    const zone = await app.members.setTimeZone(fatima!, 'Asia/Karachi', { finishesOnboarding: true });
    expect(zone.ok && zone.value).toMatchObject({ timezone: 'Asia/Karachi', onboardedAt: NOW });
    expect(await app.members.setLanguage(systemActor('ical-import'), 'fa')).toEqual({ ok: false, reason: 'not_a_member' });
  });
});
