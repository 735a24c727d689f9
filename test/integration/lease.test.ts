import { openTestDb, type TestDb } from '../support/db';

describe('the sender lease', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('lease');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('goes to exactly one of many instances racing for a free lease', async () => {
    const now = new Date();
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => db.dal.leases.acquire('free', `i${i}`, now, 6000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('goes to exactly one of many instances racing to take over an expired lease', async () => {
    for (let round = 0; round < 5; round++) {
      const name = `expired-${round}`;
      const t0 = new Date(Date.now() - 60_000);
      expect(await db.dal.leases.acquire(name, 'dead', t0, 6000)).toBe(true);
      const now = new Date();
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => db.dal.leases.acquire(name, `i${i}`, now, 6000)));
      const winners = wins.flatMap((w, i) => (w ? [`i${i}`] : []));
      expect(winners).toHaveLength(1);
      expect(await db.dal.leases.holderOf(name, now)).toBe(winners[0]);
    }
  });

  it('is renewed by its holder and refused to others while it runs', async () => {
    const now = new Date();
    expect(await db.dal.leases.acquire('held', 'a', now, 6000)).toBe(true);
    expect(await db.dal.leases.acquire('held', 'b', new Date(now.getTime() + 1000), 6000)).toBe(false);
    expect(await db.dal.leases.acquire('held', 'a', new Date(now.getTime() + 2000), 6000)).toBe(true);
    // a's renewal at +2 s runs to +8 s: b still cannot take it at +7 s.
    expect(await db.dal.leases.acquire('held', 'b', new Date(now.getTime() + 7000), 6000)).toBe(false);
    await db.dal.leases.release('held', 'a');
    expect(await db.dal.leases.acquire('held', 'b', new Date(now.getTime() + 7000), 6000)).toBe(true);
  });
});
