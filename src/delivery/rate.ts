/**
 * The sender's pacing, as a small clock-driven object (unit-tested with a fake clock):
 *  - a global budget of `perSecond` messages: evenly spaced slots, and never more than the budget in
 *    any sliding second (a small margin absorbs timing jitter between us and Telegram's counter);
 *  - at least 1 s between two messages to one private chat;
 *  - at most 20 messages per minute to one group or channel;
 *  - a global hold after a 429 (retry_after): nothing is sent until it ends.
 */
export interface RateOptions {
  perSecond: number;
  privateIntervalMs?: number;
  groupPerMinute?: number;
}

export class RateGate {
  readonly budget: number;
  private readonly intervalMs: number;
  private readonly privateIntervalMs: number;
  private readonly groupPerMinute: number;
  private nextSlot = 0;
  private holdUntil = 0;
  /** Send times in the last second (ring buffer). */
  private readonly window: number[];
  private windowHead = 0;
  private readonly lastPrivate = new Map<number, number>();
  private readonly groupSends = new Map<number, number[]>();
  private lastPrune = 0;

  constructor(opts: RateOptions) {
    // Stay a little under Telegram's counter: 2% (at least one message) of headroom.
    this.budget = Math.max(1, opts.perSecond - Math.max(1, Math.ceil(opts.perSecond * 0.02)));
    if (opts.perSecond === 1) this.budget = 1;
    this.intervalMs = 1000 / this.budget;
    this.privateIntervalMs = opts.privateIntervalMs ?? 1000;
    this.groupPerMinute = opts.groupPerMinute ?? 20;
    this.window = new Array<number>(this.budget).fill(-Infinity);
  }

  /** Everything waits until `until` (a 429's retry_after). */
  hold(until: number): void {
    if (until > this.holdUntil) this.holdUntil = until;
  }

  /** Milliseconds to wait before the next global slot (0: send now). Does not take the slot. */
  globalWait(now: number): number {
    const oldest = this.window[this.windowHead] ?? -Infinity; // the send `budget` sends ago
    return Math.max(0, this.holdUntil - now, this.nextSlot - now, oldest + 1000 - now);
  }

  /** When this chat may receive its next message (≤ now: now). */
  chatReadyAt(chatId: number, isPrivate: boolean, now: number): number {
    if (isPrivate) {
      const last = this.lastPrivate.get(chatId);
      return last === undefined ? now : Math.max(now, last + this.privateIntervalMs);
    }
    const list = this.groupSends.get(chatId);
    if (!list) return now;
    const recent = list.filter((x) => x > now - 60_000);
    if (recent.length < this.groupPerMinute) return now;
    return recent[recent.length - this.groupPerMinute]! + 60_000;
  }

  /** Records a send at `now` (after globalWait returned 0 and the chat was ready). */
  take(chatId: number, isPrivate: boolean, now: number): void {
    // Slots are evenly spaced. After a stall (a busy event loop, a slow database answer) the sender
    // catches up at most ~11% faster than the budget, never back-to-back: two sends bunched here plus
    // a little network jitter would be 31 in Telegram's second. After an idle spell: from now.
    this.nextSlot = Math.max(this.nextSlot + this.intervalMs, now + this.intervalMs * 0.9);
    this.window[this.windowHead] = now;
    this.windowHead = (this.windowHead + 1) % this.window.length;
    if (isPrivate) this.lastPrivate.set(chatId, now);
    else {
      const list = (this.groupSends.get(chatId) ?? []).filter((x) => x > now - 60_000);
      list.push(now);
      this.groupSends.set(chatId, list);
    }
    if (now - this.lastPrune > 5000) this.prune(now);
  }

  private prune(now: number): void {
    this.lastPrune = now;
    for (const [id, at] of this.lastPrivate) if (at < now - this.privateIntervalMs) this.lastPrivate.delete(id);
    for (const [id, list] of this.groupSends) if ((list[list.length - 1] ?? 0) < now - 60_000) this.groupSends.delete(id);
  }
}
