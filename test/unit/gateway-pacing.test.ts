/**
 * The gateway's pacing and priority rules (src/delivery/rate.ts) as pure functions of an injected
 * clock: Telegram's bursts, one budget for replies and broadcasts, replies first, broadcasts never
 * starved, and what a 429 holds.
 */
import { BULK_FLOOR, GLOBAL_HOLD_CAP_MS, Pacer, PRIVATE_BURST, RateGate } from '../../src/delivery/rate';

describe('per-chat pacing', () => {
  it('lets a private chat take a short burst, then about one a second', () => {
    const gate = new RateGate({ perSecond: 30 });
    for (let i = 0; i < PRIVATE_BURST; i++) {
      expect(gate.chatReadyAt(7, true, i)).toBe(i);
      gate.take(7, true, i);
    }
    const next = gate.chatReadyAt(7, true, PRIVATE_BURST);
    expect(next).toBeGreaterThanOrEqual(1000);
    expect(next).toBeLessThanOrEqual(1200);
    gate.take(7, true, next);
    // Spent again: the next one waits a full interval more, never a second burst right away.
    expect(gate.chatReadyAt(7, true, next)).toBeGreaterThanOrEqual(next + 1000);
    // Another chat is not affected.
    expect(gate.chatReadyAt(8, true, next)).toBe(next);
  });

  it('refills a quiet private chat up to the burst, not beyond', () => {
    const gate = new RateGate({ perSecond: 30 });
    gate.take(7, true, 0);
    let now = 60_000; // a minute of silence
    for (let i = 0; i < PRIVATE_BURST; i++) {
      expect(gate.chatReadyAt(7, true, now)).toBe(now);
      gate.take(7, true, now);
      now += 1;
    }
    expect(gate.chatReadyAt(7, true, now)).toBeGreaterThan(now + 500);
  });

  it('allows 20 messages a minute to a group or channel, in a burst if need be', () => {
    const gate = new RateGate({ perSecond: 30 });
    for (let i = 0; i < 20; i++) {
      expect(gate.chatReadyAt(-100, false, i)).toBe(i);
      gate.take(-100, false, i);
    }
    expect(gate.chatReadyAt(-100, false, 20)).toBeGreaterThanOrEqual(60_000);
  });
});

describe('one budget, replies first', () => {
  /** Runs a saturated broadcast for `ms` with replies always waiting; counts who got the slots. */
  function contend(ms: number, interactiveWaiting: boolean) {
    const gate = new RateGate({ perSecond: 30 });
    let bulk = 0;
    let interactive = 0;
    let chat = 1;
    for (let now = 0; now < ms; now += 1) {
      gate.interactiveReady = interactiveWaiting ? 1 : 0;
      if (interactiveWaiting && gate.globalWait(now, 'interactive') === 0) {
        // The pacer's pump: only reached when a slot is free, and bulk has not taken it.
        if (gate.globalWait(now, 'bulk') > 0) {
          gate.take(chat++, true, now, 'interactive');
          interactive += 1;
          continue;
        }
      }
      if (gate.globalWait(now, 'bulk') === 0) {
        gate.take(chat++, true, now, 'bulk');
        bulk += 1;
      }
    }
    return { bulk, interactive };
  }

  it('gives a broadcast alone the whole budget', () => {
    const { bulk, interactive } = contend(10_000, false);
    expect(interactive).toBe(0);
    expect(bulk / 10).toBeGreaterThanOrEqual(28);
    expect(bulk / 10).toBeLessThanOrEqual(30);
  });

  it('yields slots to waiting replies, but keeps its floor: never starved, never over the budget', () => {
    const { bulk, interactive } = contend(10_000, true);
    const gate = new RateGate({ perSecond: 30 });
    expect(bulk + interactive).toBeLessThanOrEqual(30 * 10);
    expect(bulk).toBeGreaterThanOrEqual(Math.floor(gate.budget * BULK_FLOOR) * 10 - 2);
    expect(interactive).toBeGreaterThan(bulk);
  });

  it('a reply never waits for the broadcast beyond the next slot', () => {
    const gate = new RateGate({ perSecond: 30 });
    let now = 0;
    for (let i = 0; i < 100; i++) {
      now += gate.globalWait(now, 'bulk');
      gate.take(-i - 1, false, now, 'bulk');
    }
    const wait = gate.globalWait(now, 'interactive');
    expect(wait).toBeLessThanOrEqual(1000 / gate.budget + 1e-9);
  });
});

describe('after a 429', () => {
  it('holds the chat for the whole retry_after and the rest at most a moment', () => {
    const gate = new RateGate({ perSecond: 30 });
    gate.flood(-5, 40_000, 1000);
    expect(gate.chatReadyAt(-5, false, 1000)).toBe(41_000);
    expect(gate.globalWait(1000)).toBe(GLOBAL_HOLD_CAP_MS);
    expect(gate.globalWait(1000 + GLOBAL_HOLD_CAP_MS)).toBe(0);
    gate.flood(undefined, 3000, 5000); // whose it was is unknown: everything waits it out
    expect(gate.globalWait(5000)).toBe(3000);
  });
});

describe('Pacer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('hands out slots in arrival order at the budget, and gives up at the deadline', async () => {
    const pacer = new Pacer({ perSecond: 10 });
    const got: Array<[number, number]> = [];
    const all = Array.from({ length: 20 }, (_, i) => pacer.acquire(100 + i, true, 1000).then((ok) => ok && got.push([i, Date.now()])));
    await jest.advanceTimersByTimeAsync(3000);
    await Promise.all(all);
    // A budget of 9/s (10 minus headroom): within its one-second deadline, at most ~10 got a slot.
    expect(got.length).toBeGreaterThanOrEqual(8);
    expect(got.length).toBeLessThanOrEqual(10);
    expect(got.map(([i]) => i)).toEqual([...got.map(([i]) => i)].sort((a, b) => a - b));
    for (let k = 1; k < got.length; k++) expect(got[k]![1] - got[k - 1]![1]).toBeGreaterThanOrEqual(Math.floor((1000 / 9) * 0.9));
  });

  it('lets a reply to a busy chat wait for that chat without holding up replies to others', async () => {
    const pacer = new Pacer({ perSecond: 30 });
    const burst = Array.from({ length: PRIVATE_BURST }, () => pacer.acquire(7, true, 5000));
    await jest.advanceTimersByTimeAsync(200);
    expect(await Promise.all(burst)).toEqual(burst.map(() => true));
    const times: Record<string, number> = {};
    const busy = pacer.acquire(7, true, 5000).then(() => (times.busy = Date.now()));
    const other = pacer.acquire(8, true, 5000).then(() => (times.other = Date.now()));
    await jest.advanceTimersByTimeAsync(2000);
    await Promise.all([busy, other]);
    expect(times.other! - 1_000_000).toBeLessThan(300);
    expect(times.busy! - 1_000_000).toBeGreaterThanOrEqual(1000);
    expect(times.busy!).toBeGreaterThan(times.other!);
  });
});
