/**
 * Telegram's flood limits as one small clock-driven object (unit-tested with a fake clock), shared
 * by everything that calls Telegram — the delivery engine's sender and, through the bot layer's
 * gateway (`src/bot/gateway.ts`), every reply, edit and document:
 *  - a global budget of `perSecond` messages: evenly spaced slots, and never more than the budget in
 *    any sliding second (a small margin absorbs timing jitter between us and Telegram's counter);
 *  - per private chat, a short burst (PRIVATE_BURST) and then about one message a second;
 *  - at most 20 messages per minute to one group or channel;
 *  - after a 429 (retry_after): that chat waits the whole retry_after, everything else a moment;
 *  - two priorities: `interactive` (an answer to a person's command or press) takes the next slot
 *    before `bulk` (broadcasts), but bulk keeps at least BULK_FLOOR of the budget when both wait,
 *    so a flood of commands slows a broadcast down without ever stopping it.
 */
export type Priority = 'interactive' | 'bulk';

/** Telegram lets a private chat take a few messages at once before it enforces ~1 per second. */
export const PRIVATE_BURST = 3;
/** Share of the budget broadcasts keep while interactive sends are waiting. */
export const BULK_FLOOR = 0.2;
/** A 429 holds every other chat at most this long (the chat that got it waits its whole retry_after). */
export const GLOBAL_HOLD_CAP_MS = 1000;

export interface RateOptions {
  perSecond: number;
  /** Refill interval of a private chat's bucket (Telegram's "about one a second", plus a margin). */
  privateIntervalMs?: number;
  privateBurst?: number;
  groupPerMinute?: number;
  /** Window for the per-group count (a minute plus a margin). */
  groupWindowMs?: number;
  bulkFloor?: number;
}

/** A clock for the limits: `now` in its own milliseconds, and how long a span of them takes in real time. */
export interface PaceClock {
  now(): number;
  /** Real milliseconds a span of this clock's milliseconds lasts. */
  realMs(ms: number): number;
}

export const realClock: PaceClock = { now: () => Date.now(), realMs: (ms) => ms };

/** A clock running `speed` times faster than real time (tests: Telegram's limits in fast motion). */
export function scaledClock(speed: number, origin = Date.now()): PaceClock {
  return { now: () => origin + (Date.now() - origin) * speed, realMs: (ms) => ms / speed };
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateGate {
  readonly budget: number;
  private readonly intervalMs: number;
  readonly privateIntervalMs: number;
  private readonly privateBurst: number;
  private readonly groupPerMinute: number;
  private readonly groupWindowMs: number;
  private readonly bulkFloor: number;
  private nextSlot = 0;
  private holdUntil = 0;
  /** Send times in the last second (ring buffer). */
  private readonly window: number[];
  private windowHead = 0;
  /** Bulk send times in the last second, oldest first (for the floor). */
  private bulkRecent: number[] = [];
  private readonly privateBuckets = new Map<number, Bucket>();
  private readonly groupSends = new Map<number, number[]>();
  private readonly chatHolds = new Map<number, number>();
  private lastPrune = 0;
  /** Interactive sends waiting for a slot whose chat is ready (kept by the Pacer). */
  interactiveReady = 0;

  constructor(opts: RateOptions) {
    // Stay a little under Telegram's counter: 2% (at least one message) of headroom.
    this.budget = Math.max(1, opts.perSecond - Math.max(1, Math.ceil(opts.perSecond * 0.02)));
    if (opts.perSecond === 1) this.budget = 1;
    this.intervalMs = 1000 / this.budget;
    this.privateIntervalMs = opts.privateIntervalMs ?? 1100;
    this.privateBurst = opts.privateBurst ?? PRIVATE_BURST;
    this.groupPerMinute = opts.groupPerMinute ?? 20;
    this.groupWindowMs = opts.groupWindowMs ?? 61_000;
    this.bulkFloor = opts.bulkFloor ?? BULK_FLOOR;
    this.window = new Array<number>(this.budget).fill(-Infinity);
  }

  /** Everything waits until `until` (the engine's own use: a 429 whose chat is unknown). */
  hold(until: number): void {
    if (until > this.holdUntil) this.holdUntil = until;
  }

  /** Telegram answered 429 for `chatId`: that chat waits `retryAfterMs`, every other one at most GLOBAL_HOLD_CAP_MS. */
  flood(chatId: number | undefined, retryAfterMs: number, now: number): void {
    if (chatId !== undefined) this.chatHolds.set(chatId, Math.max(this.chatHolds.get(chatId) ?? 0, now + retryAfterMs));
    this.hold(now + (chatId === undefined ? retryAfterMs : Math.min(retryAfterMs, GLOBAL_HOLD_CAP_MS)));
  }

  /**
   * Milliseconds to wait before the next global slot (0: send now). Does not take the slot. Bulk
   * yields a free slot to a waiting interactive send unless it is below its floor.
   */
  globalWait(now: number, priority: Priority = 'bulk'): number {
    const oldest = this.window[this.windowHead] ?? -Infinity; // the send `budget` sends ago
    const wait = Math.max(0, this.holdUntil - now, this.nextSlot - now, oldest + 1000 - now);
    if (wait > 0 || priority === 'interactive' || this.interactiveReady === 0) return wait;
    while (this.bulkRecent.length && this.bulkRecent[0]! <= now - 1000) this.bulkRecent.shift();
    if (this.bulkRecent.length < this.budget * this.bulkFloor) return 0;
    return this.intervalMs;
  }

  /** When this chat may receive its next message (≤ now: now). */
  chatReadyAt(chatId: number, isPrivate: boolean, now: number): number {
    const held = this.chatHolds.get(chatId) ?? 0;
    if (isPrivate) {
      const b = this.privateBuckets.get(chatId);
      if (!b) return Math.max(now, held);
      const tokens = Math.min(this.privateBurst, b.tokens + (now - b.at) / this.privateIntervalMs);
      const ready = tokens >= 1 ? now : now + (1 - tokens) * this.privateIntervalMs;
      return Math.max(ready, held);
    }
    const list = this.groupSends.get(chatId);
    if (!list) return Math.max(now, held);
    const recent = list.filter((x) => x > now - this.groupWindowMs);
    if (recent.length < this.groupPerMinute) return Math.max(now, held);
    return Math.max(recent[recent.length - this.groupPerMinute]! + this.groupWindowMs, held);
  }

  /** Records a send at `now` (after globalWait returned 0 and the chat was ready). */
  take(chatId: number, isPrivate: boolean, now: number, priority: Priority = 'bulk'): void {
    // Slots are evenly spaced. After a stall (a busy event loop, a slow database answer) the sender
    // catches up at most ~11% faster than the budget, never back-to-back: two sends bunched here plus
    // a little network jitter would be 31 in Telegram's second. After an idle spell: from now.
    this.nextSlot = Math.max(this.nextSlot + this.intervalMs, now + this.intervalMs * 0.9);
    this.window[this.windowHead] = now;
    this.windowHead = (this.windowHead + 1) % this.window.length;
    if (priority === 'bulk') this.bulkRecent.push(now);
    if (isPrivate) {
      const b = this.privateBuckets.get(chatId);
      const tokens = b ? Math.min(this.privateBurst, b.tokens + (now - b.at) / this.privateIntervalMs) : this.privateBurst;
      this.privateBuckets.set(chatId, { tokens: tokens - 1, at: now });
    } else {
      const list = (this.groupSends.get(chatId) ?? []).filter((x) => x > now - this.groupWindowMs);
      list.push(now);
      this.groupSends.set(chatId, list);
    }
    if (now - this.lastPrune > 5000) this.prune(now);
  }

  private prune(now: number): void {
    this.lastPrune = now;
    const full = this.privateBurst * this.privateIntervalMs;
    for (const [id, b] of this.privateBuckets) if (b.at < now - full) this.privateBuckets.delete(id);
    for (const [id, list] of this.groupSends) if ((list[list.length - 1] ?? 0) < now - this.groupWindowMs) this.groupSends.delete(id);
    for (const [id, until] of this.chatHolds) if (until < now) this.chatHolds.delete(id);
  }
}

interface Waiter {
  chatId: number;
  isPrivate: boolean;
  deadline: number;
  resolve: (ok: boolean) => void;
}

/**
 * Interactive sends waiting for their slot, in order of arrival. `acquire` resolves true when the
 * send may go (its slot taken), false when it could not get one before its deadline. The delivery
 * engine's sender uses the same gate with priority `bulk` and so yields slots to these.
 */
export class Pacer {
  readonly gate: RateGate;
  readonly clock: PaceClock;
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(opts: RateOptions & { clock?: PaceClock }) {
    this.gate = new RateGate(opts);
    this.clock = opts.clock ?? realClock;
  }

  now(): number {
    return this.clock.now();
  }

  /** Waits for a slot for one message to `chatId`; false if none came within `maxWaitMs` (clock ms). */
  acquire(chatId: number, isPrivate: boolean, maxWaitMs: number): Promise<boolean> {
    const now = this.clock.now();
    if (!this.waiters.length && this.gate.chatReadyAt(chatId, isPrivate, now) <= now && this.gate.globalWait(now, 'interactive') === 0) {
      this.gate.take(chatId, isPrivate, now, 'interactive');
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      this.waiters.push({ chatId, isPrivate, deadline: now + maxWaitMs, resolve });
      this.pump();
    });
  }

  /**
   * How far behind this chat's replies are (clock ms): until its next free slot, plus a private
   * chat's interval for each reply already waiting for it.
   */
  backlogMs(chatId: number, isPrivate: boolean): number {
    const now = this.clock.now();
    const queued = this.waiters.filter((w) => w.chatId === chatId).length;
    return Math.max(0, this.gate.chatReadyAt(chatId, isPrivate, now) - now) + queued * this.gate.privateIntervalMs;
  }

  /** How many interactive sends are waiting (for logs and tests). */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Gives free slots to waiters whose chat is ready, in arrival order; sets the timer for the next chance. */
  private pump(): void {
    const now = this.clock.now();
    let next = Infinity;
    let ready = 0;
    const keep: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.deadline <= now) {
        w.resolve(false);
        continue;
      }
      const chatAt = this.gate.chatReadyAt(w.chatId, w.isPrivate, now);
      if (chatAt <= now) {
        const wait = this.gate.globalWait(now, 'interactive');
        if (wait === 0) {
          this.gate.take(w.chatId, w.isPrivate, now, 'interactive');
          w.resolve(true);
          continue;
        }
        ready += 1;
        next = Math.min(next, now + wait);
      } else next = Math.min(next, chatAt);
      next = Math.min(next, w.deadline);
      keep.push(w);
    }
    this.waiters = keep;
    this.gate.interactiveReady = ready;
    this.schedule(next);
  }

  private schedule(at: number): void {
    if (at === Infinity) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, Math.ceil(this.clock.realMs(at - this.clock.now()))));
    this.timer.unref?.();
  }
}
