/**
 * The database watch's judgement, with an injected clock and a ping the test answers by hand: when
 * the database counts as unreachable, when it is back, and that `onGone` comes once, at the grace.
 */
import pino from 'pino';
import { DatabaseWatch, pingIntervalFor } from '../../src/db/watch';

function setup(graceMs = 10_000, intervalMs = 1000) {
  let now = 1_000_000;
  const pings: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  const gone: number[] = [];
  const watch = new DatabaseWatch({
    ping: () => new Promise<void>((resolve, reject) => pings.push({ resolve, reject })),
    graceMs,
    intervalMs,
    now: () => now,
    logger: pino({ level: 'silent' }),
    onGone: (ms) => gone.push(ms),
  });
  const settle = () => new Promise((r) => setImmediate(r));
  return {
    watch,
    pings,
    gone,
    advance: (ms: number) => (now += ms),
    /** Moves the clock and runs one round, as the timer would. */
    tick: async (ms = intervalMs) => {
      now += ms;
      watch.check();
      await settle();
    },
    settle,
  };
}

describe('DatabaseWatch', () => {
  it('stays reachable while pings are answered', async () => {
    const t = setup();
    for (let i = 0; i < 5; i++) {
      await t.tick();
      t.pings[i]?.resolve();
      await t.settle();
    }
    expect(t.watch.status()).toEqual({ reachable: true });
    expect(t.pings).toHaveLength(5);
    expect(t.gone).toEqual([]);
  });

  it('counts a failed ping as unreachable from when it was sent, and calls onGone once at the grace', async () => {
    const t = setup(10_000, 1000);
    await t.tick(); // ping 0 sent at +1000
    const sentAt = new Date(1_001_000).toISOString();
    t.pings[0]?.reject(new Error('ECONNREFUSED'));
    await t.settle();
    expect(t.watch.status()).toEqual({ reachable: false, unreachableSince: sentAt });
    // Every later ping fails too; 9 s after the first failure: not yet.
    for (let i = 1; i <= 9; i++) {
      await t.tick();
      t.pings[i]?.reject(new Error('ECONNREFUSED'));
      await t.settle();
    }
    expect(t.gone).toEqual([]);
    await t.tick(); // 10 s after the ping that first failed
    expect(t.gone).toEqual([10_000]);
    await t.tick();
    await t.tick();
    expect(t.gone).toHaveLength(1);
  });

  it('counts a ping that is not answered within one interval (a database that accepts but never answers)', async () => {
    const t = setup(5000, 1000);
    await t.tick(); // ping sent, never answered
    await t.tick(999);
    expect(t.watch.status().reachable).toBe(true);
    await t.tick(1);
    expect(t.watch.status()).toEqual({ reachable: false, unreachableSince: new Date(1_001_000).toISOString() });
    expect(t.pings).toHaveLength(1); // no pile-up of pings while one hangs
    await t.tick(4000);
    expect(t.gone).toEqual([5000]);
  });

  it('forgets an outage shorter than the grace once a ping is answered again', async () => {
    const t = setup(10_000, 1000);
    await t.tick();
    t.pings[0]?.reject(new Error('down'));
    await t.settle();
    await t.tick(8000);
    t.pings[1]?.resolve();
    await t.settle();
    expect(t.watch.status()).toEqual({ reachable: true });
    await t.tick(5000);
    t.pings[2]?.resolve();
    await t.settle();
    expect(t.gone).toEqual([]);
  });

  it('pings often enough to keep the grace within a quarter, at most 4 times a second and at least every 5 s', () => {
    expect(pingIntervalFor(2000)).toBe(500);
    expect(pingIntervalFor(120_000)).toBe(5000);
    expect(pingIntervalFor(500)).toBe(250);
  });
});
