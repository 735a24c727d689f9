import { LIMITS, validateTitle } from '../../src/domain/validate';
import { openTestDb, type TestDb } from '../support/db';
import { makeEvent } from '../support/events';
import { modelsOf } from '../support/models';

const NOW = new Date('2026-11-27T10:00:00Z');
const later = (h: number) => new Date(NOW.getTime() + h * 3600_000);

describe('events DAL against the real database', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('eventsdal');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('invites: single use, expiring, consumed atomically under a race', async () => {
    const invite = await db.dal.invites.create(1000, later(72));
    expect(invite.code).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => db.dal.invites.consume(invite.code, 5000 + i, NOW)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.reason))).toEqual(['used', 'used', 'used', 'used']);
    const expiring = await db.dal.invites.create(1000, later(1));
    expect(await db.dal.invites.consume(expiring.code, 6000, later(2))).toEqual({ ok: false, reason: 'expired' });
    expect(await db.dal.invites.consume('nope', 6000, NOW)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('updates only in allowed statuses, raising the sequence when asked', async () => {
    const e = await makeEvent(db.dal, { title: 'Guarded', startAt: later(48) });
    const edited = await db.dal.events.update(e._id, { set: { title: 'Edited' } }, { allowed: ['published'], bump: true });
    expect(edited).toMatchObject({ title: 'Edited', sequence: 1 });
    await db.dal.events.update(e._id, { set: { status: 'cancelled' } }, { allowed: ['published'], bump: true });
    const refused = await db.dal.events.update(e._id, { set: { title: 'Too late' } }, { allowed: ['draft', 'published', 'postponed'], bump: true });
    expect(refused).toBeNull();
    expect(await db.dal.events.findById(e._id)).toMatchObject({ title: 'Edited', status: 'cancelled', sequence: 2 });
    expect(await db.dal.events.deleteDraft(e._id)).toBe(false);
    expect(await db.dal.events.findById('not-an-id')).toBeNull();
  });

  it('lists upcoming (by category) and past events in order, paged', async () => {
    await makeEvent(db.dal, { title: 'P1', startAt: later(-30), categories: ['x'] });
    for (let i = 1; i <= 3; i++) await makeEvent(db.dal, { title: `U${i}`, startAt: later(i), categories: i === 2 ? ['x'] : [] });
    await makeEvent(db.dal, { title: 'Draft', startAt: later(1), status: 'draft' });
    const page1 = await db.dal.events.listUpcoming({ now: NOW, skip: 0, limit: 2 });
    expect(page1.items.map((e) => e.title)).toEqual(['U1', 'U2']);
    expect(page1.hasMore).toBe(true);
    const page2 = await db.dal.events.listUpcoming({ now: NOW, skip: 2, limit: 2 });
    expect(page2.items.map((e) => e.title)).toEqual(['U3']);
    expect(page2.hasMore).toBe(false);
    expect((await db.dal.events.listUpcoming({ now: NOW, category: 'x', skip: 0, limit: 5 })).items.map((e) => e.title)).toEqual(['U2']);
    expect((await db.dal.events.listPast({ now: NOW, skip: 0, limit: 5 })).items.map((e) => e.title)).toEqual(['P1']);
  });

  it('saved venues and organizer profiles are unique per creator and name', async () => {
    await db.dal.venues.save(7, { name: 'Hall', city: 'Tehran' }, NOW);
    await db.dal.venues.save(7, { name: 'Hall', city: 'Shiraz' }, later(1));
    await db.dal.venues.save(8, { name: 'Hall' }, NOW);
    const mine = await db.dal.venues.listForCreator(7);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.city).toBe('Shiraz');
    expect(await db.dal.venues.findOwned(mine[0]!._id.toHexString(), 8)).toBeNull();
    await db.dal.organizerProfiles.save(7, { name: 'Club', links: { instagram: 'https://instagram.com/a' } }, NOW);
    await db.dal.organizerProfiles.save(7, { name: 'Club', links: {} }, NOW);
    expect(await db.dal.organizerProfiles.listForCreator(7)).toEqual([expect.objectContaining({ name: 'Club', links: {} })]);
  });

  it('the model and input validation agree on lengths (Telegram\'s UTF-16 units)', async () => {
    const base = { startAt: NOW, endAt: later(1), timezone: 'Asia/Tehran', createdBy: 7 };
    for (const title of ['🎉'.repeat(LIMITS.title / 2), 'ش'.repeat(LIMITS.title)]) {
      expect(validateTitle(title).ok).toBe(true);
      await expect(modelsOf(db.dal).events.create({ ...base, title })).resolves.toBeDefined();
    }
    for (const title of ['🎉'.repeat(LIMITS.title / 2 + 1), 'ش'.repeat(LIMITS.title + 1)]) {
      expect(validateTitle(title).ok).toBe(false);
      await expect(modelsOf(db.dal).events.create({ ...base, title })).rejects.toMatchObject({ name: 'ValidationError' });
    }
  });

  it('organizer requests: one pending per person, decided once, asked again only after the cooldown', async () => {
    const DAY = 24 * 3600_000;
    expect(await db.dal.organizerRequests.open(42, NOW, 'fa', DAY)).toEqual({ kind: 'opened' });
    expect(await db.dal.organizerRequests.open(42, NOW, 'fa', DAY)).toEqual({ kind: 'wait', pending: true, until: new Date(NOW.getTime() + DAY) });
    const [a, b] = await Promise.all([
      db.dal.organizerRequests.decide(42, 'approved', 1000, later(1)),
      db.dal.organizerRequests.decide(42, 'denied', 1001, later(1)),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    // The cooldown runs from the answer.
    const decidedAt = later(1);
    expect(await db.dal.organizerRequests.open(42, new Date(decidedAt.getTime() + DAY - 1), 'fa', DAY)).toEqual({ kind: 'wait', pending: false, until: new Date(decidedAt.getTime() + DAY) });
    // After it, racing taps reopen the request once.
    const after = new Date(decidedAt.getTime() + DAY);
    const outcomes = await Promise.all([1, 2, 3].map(() => db.dal.organizerRequests.open(42, after, 'fa', DAY)));
    expect(outcomes.filter((o) => o.kind === 'opened')).toHaveLength(1);
    expect((await db.dal.organizerRequests.find(42))?.status).toBe('pending');
  });
});
