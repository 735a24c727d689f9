import { Types } from 'mongoose';
import { openTestDb, type TestDb } from '../support/db';
import type { EventRecord } from '../../src/dal/events/event.model';
import { modelsOf } from '../support/models';

describe('RSVP persistence against the real database', () => {
  let db: TestDb;
  const now = new Date('2026-12-01T10:00:00Z');
  beforeAll(async () => {
    db = await openTestDb('rsvprepo');
  });
  afterAll(async () => {
    await db.drop();
  });

  async function event(capacity?: number): Promise<EventRecord> {
    const doc = await modelsOf(db.dal).events.create({
      title: 'Book club',
      startAt: new Date('2026-12-10T16:00:00Z'),
      endAt: new Date('2026-12-10T18:00:00Z'),
      timezone: 'Asia/Tehran',
      status: 'published',
      createdBy: 1,
      ...(capacity ? { capacity } : {}),
    });
    return doc.toObject();
  }

  const stored = async (id: Types.ObjectId) => (await modelsOf(db.dal).events.findById(id).lean<EventRecord>().exec())!.rsvpCounts;

  it('keeps one RSVP per member and the counts equal to a recount', async () => {
    const ev = await event();
    await db.dal.rsvps.answer(ev._id, 1, { answer: 'going' }, now);
    await db.dal.rsvps.answer(ev._id, 1, { guests: 2 }, now);
    await db.dal.rsvps.answer(ev._id, 2, { answer: 'maybe' }, now);
    await db.dal.rsvps.answer(ev._id, 1, { answer: 'not_going' }, now);
    expect(await modelsOf(db.dal).rsvps.countDocuments({ eventId: ev._id, userId: 1 })).toBe(1);
    const counts = await stored(ev._id);
    expect(counts).toMatchObject({ going: 0, guests: 0, maybe: 1, notGoing: 1, waitlist: 0 });
    expect(counts).toMatchObject(await db.dal.rsvps.recount(ev._id));
  });

  it('gives the last seat to exactly one of many members racing for it', async () => {
    const ev = await event(3);
    await db.dal.rsvps.answer(ev._id, 10, { guests: 1 }, now); // 2 of 3 seats taken
    const racers = [11, 12, 13, 14, 15, 16];
    const outcomes = await Promise.all(racers.map((u) => db.dal.rsvps.answer(ev._id, u, { answer: 'going' }, now)));
    const statuses = outcomes.map((o) => (o.kind === 'ok' ? o.state.status : o.kind));
    expect(statuses.filter((s) => s === 'going')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'waitlist')).toHaveLength(5);
    const counts = await stored(ev._id);
    expect(counts.going + counts.guests).toBe(3);
    expect(counts).toMatchObject(await db.dal.rsvps.recount(ev._id));
  });

  it('survives a member double-tapping different answers at once', async () => {
    const ev = await event(5);
    await Promise.all([
      db.dal.rsvps.answer(ev._id, 21, { answer: 'going' }, now),
      db.dal.rsvps.answer(ev._id, 21, { guests: 2 }, now),
      db.dal.rsvps.answer(ev._id, 21, { answer: 'maybe' }, now),
      db.dal.rsvps.answer(ev._id, 21, { guests: 1 }, now),
    ]);
    expect(await modelsOf(db.dal).rsvps.countDocuments({ eventId: ev._id, userId: 21 })).toBe(1);
    expect(await stored(ev._id)).toMatchObject(await db.dal.rsvps.recount(ev._id));
  });

  it('promotes the first waiting member when a seat frees, in order', async () => {
    const ev = await event(2);
    await db.dal.rsvps.answer(ev._id, 31, { answer: 'going' }, now);
    await db.dal.rsvps.answer(ev._id, 32, { answer: 'going' }, now);
    await db.dal.rsvps.answer(ev._id, 33, { answer: 'going' }, new Date(now.getTime() + 1000));
    await db.dal.rsvps.answer(ev._id, 34, { answer: 'going' }, new Date(now.getTime() + 2000));
    const out = await db.dal.rsvps.answer(ev._id, 31, { answer: 'not_going' }, now);
    expect(out.kind === 'ok' && out.promoted).toEqual([{ userId: 33, guests: 0 }]);
    expect((await db.dal.rsvps.find(ev._id, 33))?.status).toBe('going');
    expect((await db.dal.rsvps.find(ev._id, 34))?.status).toBe('waitlist');
    const withdrawn = await db.dal.rsvps.withdraw(ev._id, 32, now);
    expect(withdrawn).toEqual([{ userId: 34, guests: 0 }]);
    expect(await stored(ev._id)).toMatchObject({ going: 2, waitlist: 0, notGoing: 1 });
  });

  it('takes over a lock left behind by a crashed process', async () => {
    const ev = await event(2);
    await modelsOf(db.dal).rsvpLocks.create({ _id: ev._id.toHexString(), holder: 'dead', until: new Date(Date.now() - 1000) });
    const out = await db.dal.rsvps.answer(ev._id, 51, { answer: 'going' }, now);
    expect(out.kind === 'ok' && out.state.status).toBe('going');
    expect(await modelsOf(db.dal).rsvpLocks.countDocuments({ _id: ev._id.toHexString() })).toBe(0);
  });

  it('refuses answers on a cancelled event', async () => {
    const ev = await event();
    await modelsOf(db.dal).events.updateOne({ _id: ev._id }, { $set: { status: 'cancelled' } });
    const out = await db.dal.rsvps.answer(ev._id, 41, { answer: 'going' }, now);
    expect(out.kind).toBe('closed');
    expect(await modelsOf(db.dal).rsvps.countDocuments({ eventId: ev._id })).toBe(0);
  });
});
