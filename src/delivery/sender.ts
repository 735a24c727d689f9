/**
 * The sender: works through the chunks the fan-out hands over (and those a stopped sender left), at
 * Telegram's limits (`rate.ts`), and records each outcome: a receipt for a message Telegram accepted
 * (appended in batches every RECEIPT_FLUSH_MS), the delivery's own status for failures, skips and
 * retries, and, after a lull, "sent" for whole finished chunks. Acts only while the engine holds the
 * sender lease. See README.md here for the exact guarantee after a crash.
 */
import crypto from 'node:crypto';
import { newDeliveryId, type ObjectId, type Chunk, type Delivery } from '../dal/types';
import type { Dal } from '../dal';
import type { Logger } from '../logger';
import type { PortResult, TelegramPort } from './telegram-port';
import { Pacer } from './rate';
import { classifyFailure } from './policy';
import { CHUNK } from './audience';
import type { DeliveryContent, Sendable } from './content';

/** A claimed chunk is renewed with every lease renewal while held; a dead holder's expires after this. */
const CHUNK_LEASE_MS = 30_000;
const RECEIPT_FLUSH_MS = 50;
/** How often the sender looks in `chunks` for work its own fan-out did not hand it. */
const CHUNK_SWEEP_MS = 60_000;
/** Finished chunks are settled once nothing has been sent for this long. */
const SETTLE_AFTER_IDLE_MS = 3000;
/** Finished chunks settled in one write. */
const SETTLE_MAX = 200;
/** A chunk claimed this soon after this process wrote it is not read back (see `handed`). */
const HANDED_FRESH_MS = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Claimed {
  d: Delivery;
  token: string;
}

export interface SenderOptions {
  dal: Dal;
  port: TelegramPort;
  logger: Logger;
  now: () => Date;
  sendRatePerSecond: number;
  allowPaidBroadcast: boolean;
  /** Telegram's limits, shared with every other call the bot makes (replies go first). */
  pacer: Pacer;
  instanceId: string;
  content: DeliveryContent;
  /** Whether this process holds the sender lease (checked before every send). */
  isLeader: () => boolean;
  /** Writes and hands over a chunk (a group that became a supergroup gets one of its own). */
  readyChunk: (batch: string, jobId: string | undefined, now: Date, items: Delivery[]) => Promise<void>;
}

/** What the sender holds in memory (engine.activity; logs, health checks, tests waiting for idle). */
export interface SenderActivity {
  /** Deliveries claimed and queued to send. */
  queued: number;
  /** A delivery taken from the queue and not yet dispatched (rendering, waiting for a slot). */
  holding: boolean;
  /** Requests to Telegram (with their bookkeeping) not yet finished. */
  inFlight: number;
  /** A chunk is being claimed. */
  fetching: boolean;
  /** Deliveries waiting in memory (a retry, a 429, a chat's pace): real milliseconds until each is due. */
  waitingMs: number[];
  /** Claim tokens of the chunks this sender holds. */
  heldClaims: string[];
}

export class Sender {
  private readonly pacer: Pacer;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private stopping = false;
  private done: Promise<void> | undefined;
  private receiptTimer: NodeJS.Timeout | undefined;
  private queue: Claimed[] = [];
  private later: Array<{ c: Claimed; at: number }> = [];
  /** The delivery the loop has taken from the queues and not yet dispatched. */
  private holding: Claimed | undefined;
  private fetching: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** Outstanding deliveries per claim token; when it reaches 0 the chunk is closed. `sent`: how many have a receipt. */
  private readonly claims = new Map<string, { batch: string; left: number; sent: number }>();
  /** Chunks ready to claim, handed over by this process's fan-out (and by the chunk sweep). */
  private readyChunks: string[] = [];
  /**
   * Items of chunks in readyChunks that this process's fan-out just wrote, so the sender need not read
   * them back. Used only within HANDED_FRESH_MS: an older chunk is read, as /forgetme may have changed it.
   */
  private readonly handed = new Map<string, { at: number; items: Delivery[] }>();
  private lastChunkSweep = 0;
  /** Finished chunks whose deliveries still say "pending" (their receipts prove "sent"). */
  private toSettle: Array<{ batch: string; sent: number }> = [];
  private settling: Promise<void> | undefined;
  private receipts: Array<{ _id: string; claim: string; batch: string; messageId: number; at: Date }> = [];
  private posts: Array<{ eventId: ObjectId; chatId: number; messageId: number; locale: string; photo: boolean }> = [];
  private flushing: Promise<void> = Promise.resolve();
  private wakeSender: (() => void) | undefined;
  private lastSendAt = 0;
  /** Counters for tests, benchmarks and logs. */
  readonly stats = { sent: 0, failed: 0, retried: 0, flood: 0, skipped: 0 };

  constructor(private readonly o: SenderOptions) {
    this.pacer = o.pacer;
    this.batchSize = Math.max(20, Math.min(CHUNK, o.sendRatePerSecond * 2));
    this.maxInFlight = Math.max(4, Math.min(300, Math.ceil(o.sendRatePerSecond * 0.3)));
  }

  start(): void {
    this.stopping = false;
    this.receiptTimer = setInterval(() => void this.flushReceipts(), RECEIPT_FLUSH_MS);
    this.done = this.loop();
  }

  /** Stops taking deliveries (what is in flight goes on); `stop` then waits for it. */
  halt(): void {
    this.stopping = true;
    this.wakeSender?.();
  }

  /** Halts, waits for the requests in flight and records them; chunks still held go back to ready. */
  async stop(): Promise<void> {
    this.halt();
    await this.done?.catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await this.fetching?.catch(() => undefined);
    clearInterval(this.receiptTimer);
    await this.flushReceipts();
    await this.closeFinishedClaims().catch(() => undefined);
    await this.releaseUnsent().catch((err: unknown) => this.o.logger.warn({ err }, 'could not release unsent deliveries'));
  }

  /** Something to send may have arrived (or the lease was taken): the loop looks now. */
  wake(): void {
    this.wakeSender?.();
  }

  /** A chunk the fan-out wrote; `items` when it wrote it just now, so the claim need not read it back. */
  handOver(batch: string, items: Delivery[] | undefined): void {
    // Copies too old to be used go at once: a fan-out far ahead of sending (a big broadcast) would
    // otherwise keep every queued chunk's deliveries in memory.
    const now = Date.now();
    for (const [id, h] of this.handed) {
      if (now - h.at < HANDED_FRESH_MS) break; // in insertion order: the rest are younger
      this.handed.delete(id);
    }
    if (items) this.handed.set(batch, { at: now, items });
    this.readyChunks.push(batch);
    this.wakeSender?.();
  }

  /** On taking the lease: chunks another sender held go back to ready, and `chunks` is looked in soon. */
  async tookLease(): Promise<void> {
    await this.recoverForeignClaims();
    this.lastChunkSweep = 0;
  }

  /** With each lease renewal: the held chunks' leases too; in a lull, finished chunks are settled. */
  async renewed(): Promise<void> {
    if (this.claims.size) {
      const until = new Date(this.o.now().getTime() + CHUNK_LEASE_MS);
      for (const held of [...this.claims.values()]) {
        await this.o.dal.chunks.renew(held.batch, until);
      }
    }
    // Settling is bookkeeping: it waits for a lull, so a stream of reminders is not slowed by it.
    if (!this.queue.length && !this.inFlight.size && !this.claims.size && Date.now() - this.lastSendAt >= SETTLE_AFTER_IDLE_MS) void this.settleDone();
  }

  // ------------------------------------------------------------------ observing (engine.activity)

  /** The sender's in-memory state now (see SenderActivity). */
  activity(): SenderActivity {
    const now = Date.now();
    return {
      queued: this.queue.length,
      holding: Boolean(this.holding),
      inFlight: this.inFlight.size,
      fetching: Boolean(this.fetching),
      waitingMs: this.later.map((x) => x.at - now),
      heldClaims: [...this.claims.keys()],
    };
  }

  /** Writes what waits for a lull now: receipts, finished chunks, "sent" on their deliveries. */
  async settleNow(): Promise<void> {
    await this.flushReceipts();
    await this.closeFinishedClaims();
    await this.settleDone();
  }

  /** Open chunks may exist that this sender was not handed: look in `chunks` at the next claim. */
  lookForChunks(): void {
    if (!this.readyChunks.length) this.lastChunkSweep = 0;
  }

  // ------------------------------------------------------------------ the loop

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!this.o.isLeader()) {
          await this.pause(250);
          continue;
        }
        const c = this.nextReady();
        if (!c) {
          this.ensureFetch();
          if (this.fetching) await this.fetching.catch(() => undefined);
          if (!this.queue.length && !this.later.length) await this.pause(500);
          else if (!this.queue.length) await this.pause(Math.max(5, Math.min(500, (this.later[0]?.at ?? 0) - Date.now())));
          continue;
        }
        const gate = this.pacer.gate;
        const clock = this.pacer.clock;
        const now = clock.now();
        const isPrivate = c.d.chatType === 'private';
        const readyAt = gate.chatReadyAt(c.d.chatId, isPrivate, now);
        if (readyAt > now) {
          this.deferInMemory(c, Date.now() + clock.realMs(readyAt - now));
          continue;
        }
        // Held here (rendering, waiting for the global budget or a free slot) it is in no queue:
        // `holding` says so.
        this.holding = c;
        // Rendered before its slot is taken, so the request leaves right after the slot whatever the
        // rendering cost (a database read): pacing measured at the slot is pacing on the wire.
        let rendered: Sendable;
        try {
          const r = await this.o.content.render(c.d);
          if (r.type === 'skip') {
            this.holding = undefined;
            this.track(this.settle(c, { status: 'skipped', reason: r.reason }).then(() => void (this.stats.skipped += 1)));
            continue;
          }
          rendered = r;
        } catch (err) {
          this.holding = undefined;
          this.o.logger.warn({ err: (err as Error).message, delivery: c.d._id }, 'could not render a delivery (database unavailable?); retrying');
          this.deferInMemory(c, Date.now() + 1000);
          continue;
        }
        // Bulk: a reply waiting for a slot gets it first (see RateGate.globalWait), so the slot is
        // looked at again after every wait; the chat too, as a reply to the same person may take it.
        let chatBusyUntil = 0;
        for (;;) {
          let wait = gate.globalWait(clock.now(), 'bulk');
          while (wait > 0 && !this.stopping) {
            await sleep(Math.max(1, Math.min(clock.realMs(wait), 1000)));
            wait = gate.globalWait(clock.now(), 'bulk');
          }
          if (this.stopping || !this.o.isLeader()) break;
          while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
          const t = clock.now();
          const chatAt = gate.chatReadyAt(c.d.chatId, isPrivate, t);
          if (chatAt > t) {
            chatBusyUntil = chatAt;
            break;
          }
          if (gate.globalWait(t, 'bulk') > 0) continue;
          gate.take(c.d.chatId, isPrivate, t, 'bulk');
          break;
        }
        if (this.stopping || !this.o.isLeader()) {
          this.holding = undefined;
          this.queue.unshift(c);
          continue;
        }
        if (chatBusyUntil) {
          this.holding = undefined;
          this.deferInMemory(c, Date.now() + clock.realMs(chatBusyUntil - clock.now()));
          continue;
        }
        this.track(this.sendOne(c, rendered));
        this.holding = undefined;
        if (this.queue.length < this.batchSize) this.ensureFetch(); // keep a chunk ahead
      } catch (err) {
        this.o.logger.warn({ err: (err as Error).message }, 'sender: database unavailable, pausing');
        await this.pause(1000);
      }
    }
  }

  /** A send or its bookkeeping, counted as in flight until it ends. */
  private track(work: Promise<void>): void {
    const p = work.catch((err: unknown) => this.o.logger.error({ err }, 'send bookkeeping failed'));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSender = done;
    });
  }

  private nextReady(): Claimed | undefined {
    const now = Date.now();
    if (this.later.length && this.later[0]!.at <= now) return this.later.shift()!.c;
    return this.queue.shift();
  }

  private deferInMemory(c: Claimed, at: number): void {
    const i = this.later.findIndex((x) => x.at > at);
    if (i === -1) this.later.push({ c, at });
    else this.later.splice(i, 0, { c, at });
  }

  private ensureFetch(): void {
    if (this.fetching || this.stopping || !this.o.isLeader()) return;
    if (this.queue.length >= this.batchSize) return;
    this.fetching = this.fetchBatch()
      .catch((err: unknown) => this.o.logger.warn({ err: (err as Error).message }, 'sender: could not claim deliveries'))
      .finally(() => {
        this.fetching = undefined;
      });
  }

  /**
   * Claims one chunk: the next one this process's fan-out handed over (or, at lease takeover and every
   * CHUNK_SWEEP_MS, one found in `chunks`), read and marked claimed by `_id`. Only the lease holder
   * claims, so no conditional update is needed. A chunk claimed for the first time sends its copy of
   * the deliveries; one claimed before (its sender stopped or died) re-reads each delivery and skips
   * those no longer pending or already receipted (sent before a crash).
   */
  private async fetchBatch(): Promise<void> {
    const startedAt = Date.now();
    if (!this.readyChunks.length && Date.now() - this.lastChunkSweep >= CHUNK_SWEEP_MS) await this.sweepChunks();
    const id = this.readyChunks.shift();
    if (!id) return;
    const now = this.o.now();
    const token = `${this.o.instanceId}:${crypto.randomBytes(6).toString('hex')}`;
    let chunk: Chunk | null;
    let claims: number;
    let found: { todo: Delivery[]; receipted: number };
    try {
      const handed = this.handed.get(id);
      this.handed.delete(id);
      // Just written by this process's fan-out: nobody else has claimed it, and it is as written.
      const fresh = handed && Date.now() - handed.at < HANDED_FRESH_MS ? handed.items : undefined;
      chunk = fresh ? { _id: id, status: 'ready', claims: 0, createdAt: now } : await this.o.dal.chunks.findById(id);
      if (!chunk || chunk.status === 'done') return;
      const ownStale = chunk.claim?.startsWith(`${this.o.instanceId}:`) && !this.claimHeld(chunk.claim); // a claim of ours cut short
      if (chunk.status === 'claimed' && !ownStale && (this.claimHeld(chunk.claim) || (chunk.until && chunk.until > now))) return; // held; the sweep brings it back if it expires
      claims = (chunk.claims ?? 0) + 1;
      await this.o.dal.chunks.claim(id, token, new Date(now.getTime() + CHUNK_LEASE_MS), claims);
      const items = claims === 1 ? (fresh ?? (await this.o.dal.chunks.itemsOf(id))) : undefined;
      found = items ? { todo: items, receipted: 0 } : await this.stillToSend(id);
    } catch (err) {
      // The database went away: keep the chunk for the next try (a claim that landed is this
      // sender's own; a re-claim re-reads what was sent).
      this.readyChunks.unshift(id);
      throw err;
    }
    const { todo, receipted } = found;
    this.o.logger.debug({ chunk: id, todo: todo.length, ms: Date.now() - startedAt }, 'sender: claimed a chunk');
    // What the previous sender sent counts as sent here too, so settling writes it.
    this.claims.set(token, { batch: id, left: todo.length, sent: receipted });
    // nextAttemptAt is on the engine's clock (tests move it); in-memory waits are on the real one.
    const clock = this.o.now().getTime();
    for (const d of todo) {
      const wait = new Date(d.nextAttemptAt).getTime() - clock;
      if (wait > 0) this.deferInMemory({ d, token }, Date.now() + wait);
      else this.queue.push({ d, token });
    }
    if (!todo.length) await this.closeFinishedClaims();
  }

  private claimHeld(claim: string | undefined): boolean {
    return claim !== undefined && this.claims.has(claim);
  }

  /**
   * Of a re-claimed chunk's deliveries: those still pending and without a receipt, and how many have a
   * receipt (sent by the previous sender). Two queries by batch (indexed on MongoDB; on FerretDB a
   * pass over each collection, which beats a thousand lookups and happens only after a stop or crash).
   */
  private async stillToSend(batch: string): Promise<{ todo: Delivery[]; receipted: number }> {
    const [pending, receipts] = await Promise.all([this.o.dal.deliveries.pendingInBatch(batch), this.o.dal.receipts.deliveryIdsInBatch(batch)]);
    const receipted = new Set(receipts);
    return { todo: pending.filter((d) => !receipted.has(d._id)), receipted: receipted.size };
  }

  /** Chunks this process was not handed: ready, or claimed by a sender whose chunk lease ran out. */
  private async sweepChunks(): Promise<void> {
    this.lastChunkSweep = Date.now();
    const found = await this.o.dal.chunks.claimable(this.o.now(), 200);
    const known = new Set([...this.readyChunks, ...this.toSettle.map((x) => x.batch)]);
    for (const id of found) if (!known.has(id)) this.readyChunks.push(id);
    if (found.length === 200) this.lastChunkSweep = 0;
  }

  private async sendOne(c: Claimed, rendered: Sendable): Promise<void> {
    const { d } = c;
    this.lastSendAt = Date.now();
    const paid = this.o.allowPaidBroadcast && this.o.sendRatePerSecond > 30;
    let res: PortResult;
    if (rendered.type === 'edit') {
      res = rendered.photo
        ? await this.o.port.editMessageCaption(d.chatId, d.editMessageId, rendered.text, rendered.keyboard)
        : await this.o.port.editMessageText(d.chatId, d.editMessageId, rendered.text, rendered.keyboard);
    } else if (rendered.photo) {
      res = await this.o.port.sendPhoto(d.chatId, rendered.photo, rendered.caption ?? '', { ...(rendered.keyboard ? { keyboard: rendered.keyboard } : {}), paidBroadcast: paid });
    } else {
      res = await this.o.port.sendMessage(d.chatId, rendered.text, { ...(rendered.keyboard ? { keyboard: rendered.keyboard } : {}), paidBroadcast: paid });
    }
    if (res.ok) {
      this.stats.sent += 1;
      this.receipts.push({ _id: d._id, claim: c.token, batch: d.batch, messageId: res.messageId, at: this.o.now() });
      const held = this.claims.get(c.token);
      if (held) held.sent += 1;
      if (rendered.type === 'send' && rendered.card && d.eventId) {
        this.posts.push({ eventId: d.eventId, chatId: d.chatId, messageId: res.messageId, locale: d.locale, photo: Boolean(rendered.photo) });
      }
      if (rendered.type === 'edit' && d.eventId) {
        await this.o.dal.posts.recordRendered(d.chatId, d.editMessageId, rendered.hash, this.o.now());
      }
      if (rendered.type === 'send' && rendered.followUps?.length) {
        for (const text of rendered.followUps) await this.o.port.sendMessage(d.chatId, text, { paidBroadcast: paid });
      }
      this.release1(c.token);
      return;
    }
    const f = res.failure;
    const attempts = d.attempts + 1;
    const decision = classifyFailure(f, attempts);
    const lastError = { code: f.code, description: f.description.slice(0, 300) };
    switch (decision.type) {
      case 'flood':
        this.stats.flood += 1;
        this.pacer.gate.flood(d.chatId, decision.waitMs, this.pacer.clock.now());
        await this.settle(c, { status: 'pending', nextAttemptAt: new Date(this.o.now().getTime() + decision.waitMs), lastError, attempts });
        break;
      case 'backoff':
        this.stats.retried += 1;
        await this.settle(c, { status: 'pending', nextAttemptAt: new Date(this.o.now().getTime() + decision.delayMs), lastError, attempts });
        break;
      case 'unchanged':
        if (d.eventId && rendered.type === 'edit') {
          await this.o.dal.posts.recordRendered(d.chatId, d.editMessageId, rendered.hash);
        }
        await this.settle(c, { status: 'sent' });
        break;
      case 'inactive':
        this.stats.failed += 1;
        await this.markInactive(d, decision.reason);
        await this.settle(c, { status: 'skipped', reason: `recipient inactive: ${decision.reason}`, lastError, attempts });
        break;
      case 'migrate':
        await this.migrate(d, decision.newChatId);
        await this.settle(c, { status: 'skipped', reason: `chat migrated to ${decision.newChatId}`, lastError, attempts });
        break;
      case 'fail':
        this.stats.failed += 1;
        await this.settle(c, { status: 'failed', reason: decision.reason, lastError, attempts });
        break;
    }
  }

  /**
   * Records a delivery's outcome other than "sent" at once (one update). A retry stays with this
   * sender (in memory, its chunk still claimed) until it is due.
   */
  private async settle(
    c: Claimed,
    set: { status: Delivery['status']; reason?: string; nextAttemptAt?: Date; lastError?: Delivery['lastError']; attempts?: number },
  ): Promise<void> {
    await this.o.dal.deliveries.recordOutcome(c.d._id, { ...set, ...(set.status === 'sent' ? { sentAt: this.o.now() } : {}) });
    if (set.status === 'pending') {
      const at = set.nextAttemptAt ?? this.o.now();
      const wait = Math.max(0, at.getTime() - this.o.now().getTime());
      this.deferInMemory({ d: { ...c.d, attempts: set.attempts ?? c.d.attempts, nextAttemptAt: at }, token: c.token }, Date.now() + wait);
      this.wakeSoon(at);
      return;
    }
    this.release1(c.token);
  }

  private wakeSoon(at: Date | undefined): void {
    if (!at) return;
    setTimeout(() => this.wakeSender?.(), Math.max(0, at.getTime() - this.o.now().getTime()) + 5).unref();
  }

  private release1(token: string): void {
    const held = this.claims.get(token);
    if (held) held.left -= 1;
  }

  private async markInactive(d: Delivery, reason: string): Promise<void> {
    if (d.recipient === 'user') await this.o.dal.users.markUnreachable(d.chatId);
    else await this.o.dal.chats.markUnreachable(d.chatId, reason);
    this.o.logger.info({ chatId: d.chatId, reason }, 'recipient marked inactive');
  }

  /** A group became a supergroup: a new chat record with the same settings, and a delivery to it. */
  private async migrate(d: Delivery, newChatId: number): Promise<void> {
    await this.o.dal.chats.migrateOnSend(d.chatId, newChatId);
    const now = this.o.now();
    const { _id, lastError, reason, ...rest } = d;
    void _id; void lastError; void reason;
    const moved: Delivery = { ...rest, _id: newDeliveryId(), chatId: newChatId, chatType: 'group', status: 'pending', nextAttemptAt: now, attempts: 0, batch: `${d.batch}:m${newChatId}`, createdAt: now };
    // Already there: re-targeted before (a re-run), and its chunk with it.
    const inserted = await this.o.dal.deliveries.insertNew([moved]);
    await this.o.readyChunk(moved.batch, d.jobId, now, inserted);
    this.wakeSoon(now);
  }

  // ------------------------------------------------------------------ bookkeeping

  private flushReceipts(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const receipts = this.receipts;
      const posts = this.posts;
      this.receipts = [];
      this.posts = [];
      try {
        // A receipt or post already there was written by an earlier flush that failed half-way.
        await this.o.dal.receipts.append(receipts);
        await this.o.dal.posts.appendNew(posts.map((p) => ({ ...p, createdAt: this.o.now() })));
      } catch (err) {
        // Keep them for the next flush: a receipt must not be lost while the database is away.
        this.receipts = receipts.concat(this.receipts);
        this.posts = posts.concat(this.posts);
        this.o.logger.warn({ err: (err as Error).message }, 'could not write receipts; will retry');
        return;
      }
      await this.closeFinishedClaims().catch(() => undefined);
    });
    return this.flushing;
  }

  /**
   * A chunk whose every delivery has an outcome (and whose receipts are written) is finished: it
   * waits, still "claimed" in the database, for settleDone to write it done (one write, not two). A
   * crash in between leaves a claimed chunk whose every delivery has an outcome or a receipt, which
   * the next sender re-claims, finds nothing to send in, and settles.
   */
  private async closeFinishedClaims(): Promise<void> {
    for (const [token, held] of [...this.claims]) {
      if (held.left > 0) continue;
      if (this.receipts.some((r) => r.claim === token)) continue;
      this.claims.delete(token);
      this.toSettle.push({ batch: held.batch, sent: held.sent });
    }
  }

  /**
   * Writes "sent" on the deliveries of finished chunks (their receipts already prove it), one
   * set-wise update per chunk. Done in the background after a lull, so it never slows sending.
   */
  private settleDone(): Promise<void> {
    this.settling ??= (async () => {
      const { deliveries, chunks } = this.o.dal;
      for (;;) {
        // Only between broadcasts: these writes must not hold up the next chunk.
        if (this.claims.size || this.readyChunks.length || this.stopping) return;
        const next = this.toSettle.slice(0, SETTLE_MAX);
        if (!next.length) return;
        const sentAt = this.o.now();
        // When a chunk closes, each of its deliveries still "pending" in the database has a receipt
        // (failures, skips and retries were written as they happened), so one set-wise update by batch
        // writes exactly those. (Not a bulkWrite by _id: FerretDB 1.24 never answers one.) Many small
        // chunks (direct messages) are settled together: on FerretDB each update reads through the
        // collection whatever it writes.
        await deliveries.markSentInBatches(next.filter((x) => x.sent).map((x) => x.batch), sentAt);
        // The copies of their deliveries go: no one reads them again.
        const ids = next.map((x) => x.batch);
        await chunks.markDone(ids);
        await chunks.dropItems(ids);
        this.toSettle.splice(0, next.length);
        if (this.queue.length || this.inFlight.size) return;
      }
    })()
      .catch((err: unknown) => this.o.logger.warn({ err: (err as Error).message }, 'could not settle finished chunks; later'))
      .finally(() => {
        this.settling = undefined;
      });
    return this.settling;
  }

  /** On stop: chunks still held go back to ready; their unsent deliveries are sent by whoever claims them. */
  private async releaseUnsent(): Promise<void> {
    this.queue = [];
    this.later = [];
    this.readyChunks = [];
    this.handed.clear();
    for (const [token, held] of [...this.claims]) {
      await this.o.dal.chunks.release(held.batch);
      this.claims.delete(token);
    }
  }

  /**
   * On taking the lease: chunks another (dead or deposed) sender still holds go back to ready at once
   * (a deposed sender stopped dispatching when its lease ran out). Whoever claims them skips what has a
   * receipt, so only a message whose request was in flight (or whose receipt was not yet written) when
   * that sender died can arrive twice.
   */
  private async recoverForeignClaims(): Promise<number> {
    const released = await this.o.dal.chunks.releaseAllExcept([...this.claims.keys()]);
    if (released) this.o.logger.warn({ chunks: released }, 'took over chunks claimed by a sender that stopped');
    return released;
  }
}
