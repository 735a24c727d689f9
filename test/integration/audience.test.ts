/**
 * Who a job reaches: both ways of reading the members (one `$in` query per chunk for small audiences,
 * one pass over `users` for large ones) pick exactly the same people.
 */
import { Types } from 'mongoose';
import { openTestDb, type TestDb } from '../support/db';
import { interestedMembers, type Recipient } from '../../src/delivery/audience';
import { modelsOf } from '../support/models';

async function collect(gen: AsyncGenerator<Recipient[]>): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for await (const chunk of gen) out.push(...chunk);
  return out.sort((a, b) => a.chatId - b.chatId);
}

describe('interested members', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('audience');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('are the same whether read by chunks of ids or in one pass', async () => {
    const category = 'talks';
    const event = { _id: new Types.ObjectId(), categories: [category] };
    const users = [
      { _id: 1, firstName: 'all', privateChatStarted: true, reachable: true, locale: 'fa', timezone: 'Asia/Tehran', reminderOffsets: [60] },
      { _id: 2, firstName: 'category', privateChatStarted: true, reachable: true, reminderOffsets: [1440] },
      { _id: 3, firstName: 'event', privateChatStarted: true, reachable: true, locale: 'ar', calendar: 'islamic', reminderOffsets: [60] },
      { _id: 4, firstName: 'going', privateChatStarted: true, reachable: true, reminderOffsets: [60] },
      { _id: 5, firstName: 'blocked', privateChatStarted: true, reachable: false, reminderOffsets: [60] },
      { _id: 6, firstName: 'never started', privateChatStarted: false, reachable: true, reminderOffsets: [60] },
      { _id: 7, firstName: 'not interested', privateChatStarted: true, reachable: true, reminderOffsets: [60] },
      { _id: 8, firstName: 'other category', privateChatStarted: true, reachable: true, reminderOffsets: [60] },
    ];
    await modelsOf(db.dal).users.insertMany(users);
    await modelsOf(db.dal).subscriptions.insertMany([
      { userId: 1, kind: 'all', target: '*' },
      { userId: 2, kind: 'category', target: category },
      { userId: 3, kind: 'event', target: event._id.toHexString() },
      { userId: 5, kind: 'all', target: '*' },
      { userId: 6, kind: 'all', target: '*' },
      { userId: 8, kind: 'category', target: 'sports' },
    ]);
    await modelsOf(db.dal).rsvps.create({ eventId: event._id, userId: 4, status: 'going' });
    const defaults = { locale: 'en' as const, timezone: 'UTC' };
    for (const offsetMin of [undefined, 60]) {
      const opts = { subscriptions: true, rsvpStatuses: ['going'], defaults, ...(offsetMin ? { offsetMin } : {}) };
      const byChunks = await collect(interestedMembers(db.dal, event, { ...opts, streamAbove: Infinity }));
      const onePass = await collect(interestedMembers(db.dal, event, { ...opts, streamAbove: 0 }));
      expect(onePass).toEqual(byChunks);
      expect(byChunks.map((r) => r.chatId)).toEqual(offsetMin ? [1, 3, 4] : [1, 2, 3, 4]);
    }
    const one = await collect(interestedMembers(db.dal, event, { subscriptions: true, rsvpStatuses: [], defaults, streamAbove: 0 }));
    expect(one.find((r) => r.chatId === 1)).toMatchObject({ locale: 'fa', timezone: 'Asia/Tehran', chatType: 'private', recipient: 'user' });
    expect(one.find((r) => r.chatId === 2)).toMatchObject({ locale: 'en', timezone: 'UTC', calendar: 'gregorian' });
    expect(one.find((r) => r.chatId === 3)).toMatchObject({ locale: 'ar', calendar: 'islamic' });
  });

  it('chunks waiting to be sent lose a forgotten member (for /forgetme), and only them', async () => {
    const item = (chatId: number) => ({ _id: new Types.ObjectId().toHexString(), jobId: 'j', kind: 'direct', chatId, recipient: 'user', chatType: 'private', locale: 'en', timezone: 'UTC', calendar: 'gregorian', batch: 'c1', editMessageId: 0, status: 'pending', attempts: 0, nextAttemptAt: new Date(), createdAt: new Date() });
    await modelsOf(db.dal).chunks.insertMany([
      { _id: 'c1', jobId: 'j', status: 'ready', claims: 0, createdAt: new Date() },
      { _id: 'c2', jobId: 'j', status: 'done', claims: 1, createdAt: new Date() },
      { _id: 'c3', jobId: 'j', status: 'claimed', claims: 1, createdAt: new Date() },
    ]);
    // A done chunk's copy is deleted when it is settled: c2 has none.
    await modelsOf(db.dal).chunkItems.insertMany([
      { _id: 'c1', items: [item(41), item(42)] },
      { _id: 'c3', items: [item(43)] },
    ]);
    expect(await db.dal.chunks.dropRecipient(41)).toBe(1);
    expect((await modelsOf(db.dal).chunkItems.findById('c1').lean())?.items.map((d) => d.chatId)).toEqual([42]);
    expect((await modelsOf(db.dal).chunkItems.findById('c3').lean())?.items.map((d) => d.chatId)).toEqual([43]);
  });
});
