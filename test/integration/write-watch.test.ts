/**
 * The count of writes the public calendar's memory follows (src/dal/write-watch.ts), against the real
 * database: every way of writing events and categories moves it, a failed write too (and still
 * fails), and writes elsewhere do not.
 */
import { Types } from 'mongoose';
import { openTestDb, type TestDb } from '../support/db';
import { modelsOf } from '../support/models';

describe('calendar write count', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('writewatch');
  });
  afterAll(async () => {
    await db.drop();
  });

  const moves = async (write: () => Promise<unknown>): Promise<boolean> => {
    const before = db.dal.calendarWrites();
    await write().catch(() => undefined);
    return db.dal.calendarWrites() > before;
  };

  it('moves with every kind of write to events and categories, and not with others', async () => {
    const m = modelsOf(db.dal);
    const id = new Types.ObjectId();
    const doc = { _id: id, title: 'جلسه', startAt: new Date('2026-12-01T15:00:00Z'), endAt: new Date('2026-12-01T17:00:00Z'), timezone: 'Asia/Tehran', status: 'draft', createdBy: 1 };
    expect(await moves(() => m.events.create(doc))).toBe(true);
    expect(await moves(() => m.events.updateOne({ _id: id }, { $set: { title: 'جلسهٔ دوم' } }))).toBe(true);
    expect(await moves(() => m.events.findOneAndUpdate({ _id: id }, { $set: { status: 'published' } }))).toBe(true);
    expect(await moves(() => m.events.updateMany({ createdBy: 1 }, { $set: { allDay: false } }))).toBe(true);
    expect(await moves(() => m.events.insertMany([{ ...doc, _id: new Types.ObjectId() }]))).toBe(true);
    expect(await moves(() => m.events.deleteOne({ _id: id }))).toBe(true);
    expect(await moves(() => db.dal.categories.add('poetry', { en: 'Poetry', fa: 'شعر' }))).toBe(true);
    expect(await moves(() => m.users.create({ _id: 42, firstName: 'Ali' }))).toBe(false);
    expect(await moves(() => m.events.find({}).lean().exec())).toBe(false);
  });

  it('moves when a write fails, and the write still fails', async () => {
    await db.dal.categories.add('talks', { en: 'Talks' });
    const before = db.dal.calendarWrites();
    await expect(modelsOf(db.dal).categories.create({ slug: 'talks', names: { en: 'Talks again' } })).rejects.toMatchObject({ code: 11000 });
    expect(db.dal.calendarWrites()).toBeGreaterThan(before);
  });
});
