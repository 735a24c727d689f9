/**
 * Drives the delivery engine in tests and the demo until nothing is left to do, through its public
 * operations (tickOnce, sweepOnce, wake, lookForWork, settleNow) and what it shows (activity(), and
 * the jobs and chunks in the database). The engine itself carries no test-only controls.
 */
import type { Dal } from '../../src/dal';
import type { DeliveryEngine } from '../../src/delivery/engine';
import type { SenderActivity } from '../../src/delivery/sender';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface IdleOptions {
  /** Wait for deliveries waiting for a later retry too (without: only those due within 1.5 s count). */
  retries?: boolean;
  timeoutMs?: number;
}

/** Nothing queued, held, in flight or being claimed, and no delivery waiting in memory that counts. */
function senderIdle(s: SenderActivity, retries: boolean): boolean {
  const waiting = retries ? s.waitingMs.length > 0 : s.waitingMs.some((ms) => ms <= 1500);
  return !waiting && !s.inFlight && !s.queued && !s.holding && !s.fetching;
}

/**
 * Runs ticks until no job is due on the engine's clock (`now`) and no delivery is due or being sent,
 * then writes what the sender holds back for a lull. A bounded wait: throws with what is still open.
 */
export async function runUntilIdle(engine: DeliveryEngine, dal: Dal, now: () => Date, opts: IdleOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const retries = Boolean(opts.retries);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await engine.tickOnce();
    while (engine.activity().housekeeping) await sleep(10);
    engine.wake();
    const jobs = await dal.jobs.countDue(now());
    const busy = engine.activity();
    // Due jobs the agenda has not brought (written straight into `jobs` by a test): the sweep's.
    if (jobs && !busy.dueEntries && !busy.jobsRunning) await engine.sweepOnce(0);
    if (!jobs && senderIdle(engine.activity().sender, retries)) {
      await engine.settleNow();
      const held = new Set(engine.activity().sender.heldClaims);
      const open = (await dal.chunks.open()).filter((c) => retries || c.status === 'ready' || !c.claim || !held.has(c.claim));
      if (!open.length) {
        await engine.settleNow();
        return;
      }
      engine.lookForWork(); // chunks this sender was not handed
    }
    if (Date.now() > deadline) {
      const s = engine.activity().sender;
      const held = new Set(s.heldClaims);
      const open = await dal.chunks.open();
      throw new Error(
        `delivery not idle after ${timeoutMs} ms: ${jobs} jobs due, ${s.queued} queued, ${s.inFlight} in flight, ` +
          `${s.waitingMs.length} waiting (next in ${s.waitingMs.length ? Math.min(...s.waitingMs) : 0} ms), fetching ${s.fetching}, ` +
          `open chunks ${JSON.stringify(open.map((c) => ({ id: c._id, status: c.status, claim: c.claim, mine: c.claim ? held.has(c.claim) : false })))}`,
      );
    }
    await sleep(50);
  }
}
