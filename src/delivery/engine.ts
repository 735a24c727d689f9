/**
 * The delivery engine: a tick (node-cron, every TICK_SECONDS, plus a wake-up at the next due job)
 * claims due jobs and fans them out into deliveries; a sender works through due deliveries at
 * Telegram's limits. Only the instance holding the "sender" lease does either; every instance
 * keeps trying to take it, so a dead holder is replaced within LEADER_TTL_MS. See README.md here.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import { Types } from 'mongoose';
import type { Dal } from '../dal';
import type { Job } from '../dal/jobs/job.model';
import type { Chunk } from '../dal/chunks/chunk.model';
import { minuteOf } from '../dal/agenda/agenda.repository';
import type { Delivery } from '../dal/deliveries/delivery.model';
import type { EventRecord } from '../dal/events/event.model';
import type { LinkedChat } from '../dal/chats/chat.model';
import type { User } from '../dal/users/user.model';
import { digestJob } from './planner';
import type { I18n } from '../i18n/i18n';
import { isLocale, type Locale } from '../i18n/locales';
import type { Logger } from '../logger';
import type { CalendarSystem } from '../domain/time';
import type { EventChangeKind } from './ports';
import type { PortResult, TelegramPort } from './telegram-port';
import { RateGate } from './rate';
import { classifyFailure, stillMeaningful } from './policy';
import { interestedMembers, matchingChats, CHUNK, type Recipient } from './audience';
import { renderDigest, renderNotice, renderReminder, renderStartingNow, type CardRenderer, type Viewer } from './render';

export const LEADER_TTL_MS = 6000;
const LEADER_RENEW_MS = 2000;
/** A claimed chunk is renewed every LEADER_RENEW_MS while held; a dead holder's expires after this. */
const CHUNK_LEASE_MS = 30_000;
const RECEIPT_FLUSH_MS = 50;
/**
 * The agenda cursor stays this many minutes behind the clock, so a page a planner files under "now"
 * by a slightly slower clock is still read. Entries filed further back are the sweep's.
 */
const AGENDA_GRACE_MIN = 2;
/** After a longer gap (downtime, a clock jump) older minutes are left to the sweep. */
const AGENDA_MAX_LOOKBACK_MIN = 2 * 24 * 60;
/** The reconciliation sweep (overdue jobs the agenda did not bring, dead fan-outs): this often… */
const SWEEP_MS = 5 * 60_000;
/** …for jobs due at least this long ago (younger ones are the agenda's). */
const SWEEP_LAG_MS = 60_000;
/** How often the sender looks in `chunks` for work its own fan-out did not hand it. */
const CHUNK_SWEEP_MS = 60_000;
/** Finished chunks are settled once nothing has been sent for this long. */
const SETTLE_AFTER_IDLE_MS = 3000;
/** Finished chunks settled in one write. */
const SETTLE_MAX = 200;

/** Jobs with one recipient each, run in groups (see takeDueSingles). */
const SINGLE_RECIPIENT = /^(direct|promotion):/;
const SINGLES_MAX = 500;
/** A chunk claimed this soon after this process wrote it is not read back (see `handed`). */
const HANDED_FRESH_MS = 1000;

interface Due {
  job: string;
  at: number;
  /** The agenda minute it was read from: the cursor may not pass it until it is dealt with. */
  minute: number;
}

/** What a job handler decided (Skyra-style): finished, try again later, move it, or skip it. */
export type JobOutcome =
  | { type: 'done'; recipients: number }
  | { type: 'retry'; at: Date; reason: string }
  | { type: 'reschedule'; at: Date }
  | { type: 'skip'; reason: string };

export interface EngineOptions {
  dal: Dal;
  port: TelegramPort;
  i18n: I18n;
  logger: Logger;
  now: () => Date;
  renderCard: CardRenderer;
  sendRatePerSecond: number;
  allowPaidBroadcast: boolean;
  tickSeconds: number;
  defaultLocale: Locale;
  defaultTimezone: string;
  instanceId?: string;
}

export interface TickReport {
  leader: boolean;
  jobs: number;
  skipped: number;
}

interface Claimed {
  d: Delivery;
  token: string;
}

function failedIndexes(err: unknown): Set<number> {
  const e = err as { writeErrors?: Array<{ index?: number; err?: { index?: number } }> };
  return new Set((e.writeErrors ?? []).map((w) => w.index ?? w.err?.index ?? -1));
}

type Rendered =
  | { type: 'send'; text: string; photo?: string; caption?: string; keyboard?: import('./telegram-port').InlineKeyboard; followUps?: string[]; card?: boolean }
  | { type: 'edit'; text: string; photo: boolean; keyboard?: import('./telegram-port').InlineKeyboard; hash: string }
  | { type: 'skip'; reason: string };
type Sendable = Exclude<Rendered, { type: 'skip' }>;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isDuplicateKeyOnly(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number; err?: { code?: number } }> };
  if (e.code === 11000 && !e.writeErrors) return true;
  const list = e.writeErrors ?? [];
  return list.length > 0 && list.every((w) => (w.code ?? w.err?.code) === 11000);
}

export class DeliveryEngine {
  readonly instanceId: string;
  private readonly gate: RateGate;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private task: ScheduledTask | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private receiptTimer: NodeJS.Timeout | undefined;
  private running = false;
  private stopping = false;
  private ticking: Promise<TickReport> | undefined;
  private senderDone: Promise<void> | undefined;
  /** Local time until which we may act as leader (renewal start + TTL - margin). */
  private leaderUntil = 0;
  private wasLeader = false;
  private queue: Claimed[] = [];
  private later: Array<{ c: Claimed; at: number }> = [];
  /** The delivery the sender loop has taken from the queues and not yet dispatched. */
  private holding: Claimed | undefined;
  private fetching: Promise<void> | undefined;
  /**
   * This process's writes to `chunks` documents, one at a time. On FerretDB an update reads the
   * document and writes it back whole, so the lease renewal's "until" update racing a chunk's "done"
   * could write the chunk back as claimed by a claim this sender had already closed, leaving it stuck
   * until its chunk lease ran out. (On MongoDB each update is atomic; the queue costs nothing there.)
   */
  private chunkWrites: Promise<unknown> = Promise.resolve();

  private chunkWrite<T>(write: () => Promise<T>): Promise<T> {
    const next = this.chunkWrites.then(write, write);
    this.chunkWrites = next.catch(() => undefined);
    return next;
  }
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
  // The agenda reader (leader only; forgotten when the lease is lost).
  private agendaCursor: number | undefined;
  private readonly pagesRead = new Map<number, number>();
  /** Entries read from the agenda, soonest first. */
  private due: Due[] = [];
  private readonly dueKeys = new Set<string>();
  /** Jobs this process is running now. */
  private readonly working = new Set<string>();
  private lastSweep = 0;
  private sweeping: Promise<void> | undefined;
  private unsubscribeAgenda: (() => void) | undefined;
  private receipts: Array<{ _id: string; claim: string; batch: string; messageId: number; at: Date }> = [];
  private posts: Array<{ eventId: Types.ObjectId; chatId: number; messageId: number; locale: string; photo: boolean }> = [];
  private flushing: Promise<void> = Promise.resolve();
  private wakeSender: (() => void) | undefined;
  private readonly eventCache = new Map<string, { at: number; event: EventRecord | null }>();
  private readonly jobCache = new Map<string, Job | null>();
  /** Counters for tests, benchmarks and logs. */
  readonly stats = { sent: 0, failed: 0, retried: 0, flood: 0, skipped: 0 };

  constructor(private readonly o: EngineOptions) {
    this.instanceId = o.instanceId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
    this.gate = new RateGate({ perSecond: o.sendRatePerSecond });
    this.batchSize = Math.max(20, Math.min(CHUNK, o.sendRatePerSecond * 2));
    this.maxInFlight = Math.max(4, Math.min(300, Math.ceil(o.sendRatePerSecond * 0.3)));
  }

  // ------------------------------------------------------------------ lifecycle

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    const s = this.o.tickSeconds;
    const expr = s >= 60 ? '0 * * * * *' : `*/${s} * * * * *`;
    this.task = cron.schedule(expr, () => void this.tick(), { noOverlap: true });
    this.renewTimer = setInterval(() => void this.renewLeadership(), LEADER_RENEW_MS);
    this.receiptTimer = setInterval(() => void this.flushReceipts(), RECEIPT_FLUSH_MS);
    this.senderDone = this.senderLoop();
    // A job this process plans for now is run at once rather than at the next tick.
    this.unsubscribeAgenda = this.o.dal.agenda.onAdded((at) => {
      if (this.isLeader() && at.getTime() <= this.o.now().getTime() + this.o.tickSeconds * 1000) this.wakeAt(at.getTime());
    });
    void this.tick();
  }

  /** Stops ticking and sending: waits for sends in flight, records them, releases the rest. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.running = false;
    await this.task?.stop();
    this.task = undefined;
    this.unsubscribeAgenda?.();
    clearInterval(this.renewTimer);
    clearTimeout(this.wakeTimer);
    this.wakeSender?.();
    await this.ticking?.catch(() => undefined);
    await this.sweeping?.catch(() => undefined);
    await this.senderDone?.catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await this.fetching?.catch(() => undefined);
    clearInterval(this.receiptTimer);
    await this.flushReceipts();
    await this.closeFinishedClaims().catch(() => undefined);
    await this.releaseUnsent().catch((err: unknown) => this.o.logger.warn({ err }, 'could not release unsent deliveries'));
    if (this.wasLeader) await this.o.dal.leases.release('sender', this.instanceId).catch(() => undefined);
    this.leaderUntil = 0;
    this.wasLeader = false;
    this.forgetAgenda();
  }

  isLeader(): boolean {
    return Date.now() < this.leaderUntil;
  }

  // ------------------------------------------------------------------ leadership

  private renewing: Promise<boolean> | undefined;

  /** Takes or renews the sender lease; one attempt at a time. */
  private renewLeadership(): Promise<boolean> {
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewOnce(): Promise<boolean> {
    if (this.stopping) return false;
    const started = Date.now();
    try {
      const ok = await this.o.dal.leases.acquire('sender', this.instanceId, this.o.now(), LEADER_TTL_MS);
      if (ok && !this.wasLeader) {
        this.o.logger.info({ instance: this.instanceId }, 'took the sender lease');
        // Leadership counts only once what a previous sender left behind is sorted out.
        await this.recoverForeignClaims();
        this.lastChunkSweep = 0;
        this.lastSweep = 0;
        this.forgetAgenda();
        this.wasLeader = true;
        this.leaderUntil = started + LEADER_TTL_MS - 1000;
        this.wakeSender?.();
      } else if (!ok && this.wasLeader) {
        this.wasLeader = false;
        this.forgetAgenda();
        this.o.logger.warn({ instance: this.instanceId }, 'lost the sender lease');
      }
      this.leaderUntil = ok ? started + LEADER_TTL_MS - 1000 : 0;
      if (ok && this.claims.size) {
        const until = new Date(this.o.now().getTime() + CHUNK_LEASE_MS);
        for (const held of [...this.claims.values()]) {
          await this.chunkWrite(() => this.o.dal.models.chunks.updateOne({ _id: held.batch }, { $set: { until } }).exec());
        }
      }
      // Settling is bookkeeping: it waits for a lull, so a stream of reminders is not slowed by it.
      if (ok && !this.queue.length && !this.inFlight.size && !this.claims.size && Date.now() - this.lastSendAt >= SETTLE_AFTER_IDLE_MS) void this.settleDone();
      return ok;
    } catch (err) {
      this.o.logger.warn({ err: (err as Error).message }, 'sender lease: database unavailable, skipping');
      return this.isLeader();
    }
  }

  // ------------------------------------------------------------------ tick

  private tickAgain = false;

  /** One tick at a time; a tick asked for while one runs runs right after it. */
  private tick(): Promise<TickReport> {
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = this.runTick()
      .catch((err: unknown) => {
        this.o.logger.warn({ err: (err as Error).message }, 'tick failed (database unavailable?); will retry next tick');
        return { leader: false, jobs: 0, skipped: 0 };
      })
      .finally(() => {
        this.ticking = undefined;
        if (this.tickAgain && !this.stopping) {
          this.tickAgain = false;
          void this.tick();
        }
      });
    return this.ticking;
  }

  /**
   * One tick: if leader, read the agenda pages that came since the last tick (point reads by `_id`),
   * run every job now due, move the agenda cursor on, and set a timer for the next entry. Tests and
   * benchmarks call this directly.
   */
  async tickOnce(): Promise<TickReport> {
    while (this.ticking) await this.ticking;
    return this.tick();
  }

  private async runTick(): Promise<TickReport> {
    const report: TickReport = { leader: false, jobs: 0, skipped: 0 };
    if (!(await this.renewLeadership())) return report;
    report.leader = true;
    await this.o.dal.agenda.promote(this.o.now());
    await this.readAgenda(this.o.now());
    if (Date.now() - this.lastSweep >= SWEEP_MS) void this.sweep(SWEEP_LAG_MS);
    for (;;) {
      if (this.stopping || !this.isLeader()) break;
      const now = this.o.now();
      const next = this.due[0];
      if (!next || next.at > now.getTime()) break;
      if (SINGLE_RECIPIENT.test(next.job)) {
        const group = this.takeDueSingles(now.getTime());
        const r = await this.runSingles(group).catch((err: unknown) => {
          this.o.logger.warn({ err: (err as Error).message, jobs: group.length }, 'could not run due jobs; retrying');
          for (const e of group) this.enqueue({ ...e, at: this.o.now().getTime() + 2000 });
          throw err;
        });
        report.jobs += r.ran;
        report.skipped += r.skipped;
        if (r.ran) this.wakeSender?.();
        continue;
      }
      this.due.shift();
      this.dueKeys.delete(`${next.job}@${next.at}`);
      const ran = await this.runEntry(next).catch((err: unknown) => {
        // The database went away between reads: keep the entry and try again shortly.
        this.o.logger.warn({ err: (err as Error).message, job: next.job }, 'could not run a due job; retrying');
        this.enqueue({ ...next, at: this.o.now().getTime() + 2000 }); // engine clock, like every entry
        throw err;
      });
      if (ran) {
        report.jobs += 1;
        if (ran === 'skip') report.skipped += 1;
        this.wakeSender?.();
      }
    }
    await this.advanceCursor(this.o.now());
    this.scheduleWake();
    return report;
  }

  /** Reads the agenda pages not yet read, from the cursor to the next minute (for the wake-up timer). */
  private async readAgenda(now: Date): Promise<void> {
    const nowMin = minuteOf(now);
    if (this.agendaCursor === undefined) {
      const stored = await this.o.dal.agenda.cursor();
      this.agendaCursor = Math.max(stored ?? nowMin - AGENDA_GRACE_MIN, nowMin - AGENDA_MAX_LOOKBACK_MIN);
      if (stored !== undefined && stored < this.agendaCursor) this.lastSweep = 0; // older minutes: the sweep's
    }
    if (this.agendaCursor > nowMin) {
      // The clock went back (tests move it): read again from just before "now".
      this.agendaCursor = nowMin - AGENDA_GRACE_MIN;
      this.pagesRead.clear();
    }
    for (let m = this.agendaCursor; m <= nowMin + 1; m++) {
      let n = this.pagesRead.get(m) ?? 0;
      for (;;) {
        const entries = await this.o.dal.agenda.page(m, n);
        if (!entries) break;
        n += 1;
        this.pagesRead.set(m, n);
        for (const e of entries) this.enqueue({ job: e.job, at: new Date(e.at).getTime(), minute: m });
      }
      this.pagesRead.set(m, n);
    }
  }

  private enqueue(e: Due): void {
    const key = `${e.job}@${e.at}`;
    if (this.dueKeys.has(key)) return;
    this.dueKeys.add(key);
    let lo = 0;
    let hi = this.due.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.due[mid]!.at <= e.at) lo = mid + 1;
      else hi = mid;
    }
    this.due.splice(lo, 0, e);
  }

  /**
   * Minutes before the cursor are done with: every entry read from them has been dealt with. The
   * cursor trails the clock by AGENDA_GRACE_MIN and never passes an entry still waiting or running,
   * so a new sender after a crash reads those again. Pages behind the cursor are deleted.
   */
  private async advanceCursor(now: Date): Promise<void> {
    if (this.agendaCursor === undefined || !this.isLeader()) return;
    let target = minuteOf(now) - AGENDA_GRACE_MIN;
    for (const e of this.due) target = Math.min(target, e.minute);
    for (const m of this.workingMinutes.values()) target = Math.min(target, m);
    if (target <= this.agendaCursor) return;
    const from = this.agendaCursor;
    await this.o.dal.agenda.setCursor(target);
    this.agendaCursor = target;
    for (let m = from; m < target; m++) {
      const read = this.pagesRead.get(m) ?? 0;
      this.pagesRead.delete(m);
      if (read) await this.o.dal.agenda.dropPages(m, read);
    }
  }

  private readonly workingMinutes = new Map<string, number>();

  /**
   * Takes out of the queue the single-recipient jobs due by `now` (up to SINGLES_MAX), leaving the
   * others in place. A minute with many direct messages then costs one insert and one chunk a tick,
   * not one each: when the sender falls behind, the groups grow and it catches up.
   */
  private takeDueSingles(now: number): Due[] {
    const taken: Due[] = [];
    const kept: Due[] = [];
    let i = 0;
    for (; i < this.due.length && this.due[i]!.at <= now && taken.length < SINGLES_MAX; i++) {
      const e = this.due[i]!;
      if (!SINGLE_RECIPIENT.test(e.job)) {
        kept.push(e);
        continue;
      }
      taken.push(e);
      this.dueKeys.delete(`${e.job}@${e.at}`);
    }
    this.due.splice(0, i, ...kept);
    return taken;
  }

  /**
   * Runs a group of due single-recipient jobs (direct messages, waitlist promotions) as one fan-out:
   * the jobs and their recipients are read in one query each, the deliveries go in one insert and one
   * chunk, and the jobs that went out are marked done in one update. Each job runs only if still
   * pending and due. Like runEntry, nothing is marked claimed: a group cut short by a crash runs again
   * and the deliveries' unique index stops doubles.
   */
  private async runSingles(entries: Due[]): Promise<{ ran: number; skipped: number }> {
    const wanted = new Map<string, Due>();
    for (const e of entries) if (!this.working.has(e.job) && !wanted.has(e.job)) wanted.set(e.job, e);
    if (!wanted.size) return { ran: 0, skipped: 0 };
    const now = this.o.now();
    const runnable = (await this.o.dal.jobs.findMany([...wanted.keys()])).filter((job) => job.status === 'pending' && job.dueAt <= now);
    if (!runnable.length) return { ran: 0, skipped: 0 };
    for (const job of runnable) {
      this.working.add(job._id);
      this.workingMinutes.set(job._id, wanted.get(job._id)!.minute);
    }
    try {
      const outcomes = await this.fanOutSingles(runnable).catch((err: unknown): Map<string, JobOutcome> => {
        this.o.logger.error({ err, jobs: runnable.length }, 'jobs failed; retrying in a minute');
        const retry: JobOutcome = { type: 'retry', at: new Date(this.o.now().getTime() + 60_000), reason: (err as Error).message.slice(0, 200) };
        return new Map(runnable.map((job) => [job._id, retry]));
      });
      const done: string[] = [];
      let skipped = 0;
      for (const job of runnable) {
        const outcome = outcomes.get(job._id)!;
        if (outcome.type === 'done') done.push(job._id);
        else {
          if (outcome.type === 'skip') skipped += 1;
          await this.applyOutcome(job, outcome);
        }
      }
      await this.o.dal.jobs.finishMany(done);
      return { ran: runnable.length, skipped };
    } finally {
      for (const job of runnable) {
        this.working.delete(job._id);
        this.workingMinutes.delete(job._id);
      }
    }
  }

  private async fanOutSingles(jobs: Job[]): Promise<Map<string, JobOutcome>> {
    const now = this.o.now();
    const batch = `group:${crypto.randomBytes(6).toString('hex')}`;
    const outcomes = new Map<string, JobOutcome>();
    const userIds = [...new Set(jobs.flatMap((j) => (j.chatId === undefined ? [] : [j.chatId])))];
    const users = new Map((await this.o.dal.users.findMany(userIds)).map((u) => [u._id, u]));
    const events = new Map<string, EventRecord | null>();
    const docs: Delivery[] = [];
    for (const job of jobs) {
      let event: EventRecord | null = null;
      if (job.eventId) {
        const key = job.eventId.toHexString();
        if (!events.has(key)) events.set(key, await this.loadEvent(job.eventId, true));
        event = events.get(key) ?? null;
      }
      const meaningful = stillMeaningful(job.kind, event ?? undefined, now, this.plannedStart(job));
      if (!meaningful.ok) {
        outcomes.set(job._id, { type: 'skip', reason: meaningful.reason });
        continue;
      }
      const r = job.chatId === undefined ? undefined : this.userRecipient(users.get(job.chatId));
      if (r) docs.push(this.deliveryDoc(job, r, batch, now));
      outcomes.set(job._id, { type: 'done', recipients: r ? 1 : 0 });
      this.jobCache.set(job._id, job); // the sender renders from it
    }
    const inserted = await this.insertDocs(docs);
    await this.readyChunk(batch, undefined, now, inserted);
    if (inserted.length < docs.length) {
      // Some were there already: an earlier run of these jobs was cut short, perhaps before its chunk.
      const landed = new Set(inserted.map((d) => d.jobId));
      for (const d of docs) if (!landed.has(d.jobId)) await this.repairOrphans(jobs.find((j) => j._id === d.jobId)!, now);
    }
    return outcomes;
  }

  /** Dealt with one agenda entry: ran its job, or found it stale (done, moved, deleted). */
  private async runEntry(e: Due): Promise<'ran' | 'skip' | undefined> {
    if (this.working.has(e.job)) return undefined;
    const job = await this.o.dal.jobs.findById(e.job);
    if (!job) return undefined; // deleted (/forgetme)
    const now = this.o.now();
    if (!(job.status === 'pending' && job.dueAt <= now)) return undefined; // done, or moved to a later entry
    // No "claimed" write: only the lease holder runs jobs, this process runs each once at a time
    // (`working`), and a run cut short by a crash is simply run again (its job is still pending and
    // the agenda cursor has not passed it), where the deliveries' unique index stops doubles.
    this.working.add(job._id);
    this.workingMinutes.set(job._id, e.minute);
    try {
      const outcome = await this.runJob(job).catch((err: unknown): JobOutcome => {
        this.o.logger.error({ err, job: job.key }, 'job failed; retrying in a minute');
        return { type: 'retry', at: new Date(this.o.now().getTime() + 60_000), reason: (err as Error).message.slice(0, 200) };
      });
      await this.applyOutcome(job, outcome);
      return outcome.type === 'skip' ? 'skip' : 'ran';
    } finally {
      this.working.delete(job._id);
      this.workingMinutes.delete(job._id);
    }
  }

  /**
   * The reconciliation sweep, in the background: pending jobs due more than `lagMs` ago that the
   * agenda did not bring (a crash between a job's write and its entry, a planner's clock far off)
   * join the queue. At lease takeover and every SWEEP_MS.
   */
  private sweep(lagMs: number): Promise<void> {
    this.lastSweep = Date.now();
    this.sweeping ??= (async () => {
      const now = this.o.now();
      const minute = this.agendaCursor ?? minuteOf(now);
      const found = await this.o.dal.jobs.overdue(new Date(now.getTime() - lagMs), 1000);
      let added = 0;
      for (const j of found) {
        if (this.working.has(j._id)) continue;
        added += 1;
        this.enqueue({ job: j._id, at: Math.min(j.dueAt.getTime(), now.getTime()), minute });
      }
      if (found.length === 1000) this.lastSweep = 0; // more next tick
      if (added) {
        this.o.logger.info({ jobs: added }, 'sweep found due jobs the agenda had not brought');
        this.wakeAt(this.o.now().getTime());
      }
    })()
      .catch((err: unknown) => this.o.logger.warn({ err: (err as Error).message }, 'sweep failed; next tick'))
      .finally(() => {
        this.sweeping = undefined;
      });
    return this.sweeping;
  }

  /** Runs the reconciliation sweep now and waits for it (benchmarks measure it; tests use runUntilIdle). */
  async sweepOnce(): Promise<void> {
    await this.sweeping;
    await this.sweep(SWEEP_LAG_MS);
  }

  private forgetAgenda(): void {
    this.o.dal.agenda.forgetReader();
    this.agendaCursor = undefined;
    this.pagesRead.clear();
    this.due = [];
    this.dueKeys.clear();
  }

  private async applyOutcome(job: Job, outcome: JobOutcome): Promise<void> {
    const jobs = this.o.dal.jobs;
    switch (outcome.type) {
      case 'done':
        await jobs.finish(job._id, 'done');
        break;
      case 'skip':
        this.o.logger.info({ job: job.key, reason: outcome.reason }, 'job skipped');
        await jobs.finish(job._id, 'skipped', outcome.reason);
        break;
      case 'retry':
        if (job.attempts >= 4) await jobs.finish(job._id, 'failed', outcome.reason); // the fifth run failed
        else await jobs.retryAt(job, outcome.at, outcome.reason, this.o.now());
        break;
      case 'reschedule':
        await jobs.retryAt(job, outcome.at, 'rescheduled', this.o.now(), false);
        break;
    }
  }

  /** A timer for the next queued entry due before the next cron tick (for timeliness). */
  private scheduleWake(): void {
    if (this.stopping) return;
    const next = this.due[0];
    if (next) this.wakeAt(next.at);
  }

  private wakeTimerAt = Infinity;

  /** Ticks at `at` (engine clock), unless a tick is already set for no later than that. */
  private wakeAt(at: number): void {
    if (this.stopping) return;
    const wait = Math.max(0, at - this.o.now().getTime());
    if (wait >= this.o.tickSeconds * 1000) return;
    const when = Date.now() + wait;
    if (this.wakeTimer && this.wakeTimerAt <= when && this.wakeTimerAt > Date.now()) return;
    clearTimeout(this.wakeTimer);
    this.wakeTimerAt = when;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeTimerAt = Infinity;
      void this.tick();
    }, wait + 5);
  }

  // ------------------------------------------------------------------ jobs

  private async loadEvent(id: Types.ObjectId | undefined, fresh = false): Promise<EventRecord | null> {
    if (!id) return null;
    const key = id.toHexString();
    const cached = this.eventCache.get(key);
    if (!fresh && cached && Date.now() - cached.at < 2000) return cached.event;
    const event = await this.o.dal.models.events.findById(id).lean<EventRecord>().exec();
    if (this.eventCache.size > 1000) this.eventCache.clear();
    this.eventCache.set(key, { at: Date.now(), event });
    return event;
  }

  private plannedStart(job: Job): Date | undefined {
    const s = job.payload.startAt;
    return s instanceof Date ? s : typeof s === 'string' ? new Date(s) : undefined;
  }

  private async runJob(job: Job): Promise<JobOutcome> {
    const now = this.o.now();
    const event = job.eventId ? await this.loadEvent(job.eventId, true) : null;
    const meaningful = stillMeaningful(job.kind, event ?? undefined, now, this.plannedStart(job));
    if (!meaningful.ok) return { type: 'skip', reason: meaningful.reason };
    const defaults = { locale: this.o.defaultLocale, timezone: this.o.defaultTimezone };
    let sources: AsyncGenerator<Recipient[]>[] = [];
    switch (job.kind) {
      case 'announce':
        sources = [matchingChats(this.o.dal, event!, {}), interestedMembers(this.o.dal, event!, { subscriptions: true, rsvpStatuses: [], defaults })];
        break;
      case 'reminder': {
        const offsetMin = Number(job.payload.offsetMin);
        sources = [
          matchingChats(this.o.dal, event!, { reminderOffsets: offsetMin }),
          interestedMembers(this.o.dal, event!, { subscriptions: true, rsvpStatuses: ['going', 'maybe'], offsetMin, defaults }),
        ];
        break;
      }
      case 'starting':
        sources = [matchingChats(this.o.dal, event!, { startingNow: true })];
        break;
      case 'notice':
        sources = [interestedMembers(this.o.dal, event!, { subscriptions: false, rsvpStatuses: ['going', 'maybe', 'waitlist'], defaults }), this.eventSubscribers(event!)];
        break;
      case 'card_edit':
        sources = [this.postsOf(job.eventId!)];
        break;
      case 'direct':
      case 'promotion':
        sources = [this.singleUser(job.chatId)];
        break;
      case 'digest':
        sources = [this.singleChat(job.chatId)];
        break;
    }
    let n = 0;
    let chunkNo = 0;
    let duplicates = false;
    // Each run's chunks have ids of their own, and hold only what that run inserted.
    const run = crypto.randomBytes(4).toString('hex');
    for (const source of sources) {
      for await (const chunk of source) {
        const r = await this.insertDeliveries(job, chunk, `${job._id}:${run}:${chunkNo++}`, now);
        n += r.inserted;
        duplicates ||= r.duplicates;
        if (!this.isLeader()) return { type: 'retry', at: now, reason: 'lost the sender lease while fanning out' };
      }
    }
    // Recipients already there: an earlier run of this job was cut short, perhaps before it wrote a chunk.
    if (duplicates) await this.repairOrphans(job, now);
    if (job.kind === 'digest') await this.planNextDigest(job);
    return { type: 'done', recipients: n };
  }

  /** After a digest goes out, the chat's following one is planned (if it still wants digests). */
  private async planNextDigest(job: Job): Promise<void> {
    const chat = await this.o.dal.models.chats.findById(job.chatId).lean<LinkedChat>().exec();
    if (!chat?.active || !chat.digest.enabled) return;
    const slot = Number(job.payload.slot ?? job.dueAt.getTime());
    const after = new Date(Math.max(slot, job.dueAt.getTime(), this.o.now().getTime()));
    await this.o.dal.jobs.plan(digestJob(chat, after), this.o.now());
  }

  private async *singleChat(chatId: number | undefined): AsyncGenerator<Recipient[]> {
    if (chatId === undefined) return;
    const chat = await this.o.dal.models.chats.findById(chatId).lean<LinkedChat>().exec();
    if (!chat?.active) return;
    yield [
      {
        chatId: chat._id,
        recipient: 'chat',
        chatType: chat.type === 'channel' ? 'channel' : 'group',
        locale: isLocale(chat.locale) ? chat.locale : this.o.defaultLocale,
        timezone: chat.timezone,
        calendar: 'gregorian',
      },
    ];
  }

  private async *eventSubscribers(event: EventRecord): AsyncGenerator<Recipient[]> {
    yield* interestedMembers(this.o.dal, { _id: event._id, categories: [] }, {
      subscriptions: true,
      rsvpStatuses: [],
      defaults: { locale: this.o.defaultLocale, timezone: this.o.defaultTimezone },
    });
  }

  private async *postsOf(eventId: Types.ObjectId): AsyncGenerator<Recipient[]> {
    const posts = await this.o.dal.posts.forEvent(eventId);
    if (!posts.length) return;
    const chats = new Map(
      (await this.o.dal.models.chats.find({ _id: { $in: [...new Set(posts.map((p) => p.chatId))] } }).lean().exec()).map((c) => [c._id, c]),
    );
    const out: Recipient[] = [];
    for (const p of posts) {
      const chat = chats.get(p.chatId);
      if (chat && !chat.active) continue;
      let timezone = chat?.timezone ?? this.o.defaultTimezone;
      let calendar = 'gregorian';
      if (!chat) {
        const user = await this.o.dal.users.findById(p.chatId);
        if (user && !user.reachable) continue;
        timezone = user?.timezone ?? timezone;
        calendar = user?.calendar ?? calendar;
      }
      out.push({
        chatId: p.chatId,
        recipient: chat ? 'chat' : 'user',
        chatType: chat ? (chat.type === 'channel' ? 'channel' : 'group') : 'private',
        locale: isLocale(p.locale) ? p.locale : this.o.defaultLocale,
        timezone,
        calendar,
        editMessageId: p.messageId,
      });
    }
    yield out;
  }

  private async *singleUser(userId: number | undefined): AsyncGenerator<Recipient[]> {
    if (userId === undefined) return;
    const r = this.userRecipient(await this.o.dal.users.findById(userId));
    if (r) yield [r];
  }

  private userRecipient(user: User | null | undefined): Recipient | undefined {
    if (!user || !user.reachable || !user.privateChatStarted) return undefined;
    return {
      chatId: user._id,
      recipient: 'user',
      chatType: 'private',
      locale: user.locale && isLocale(user.locale) ? user.locale : this.o.defaultLocale,
      timezone: user.timezone ?? this.o.defaultTimezone,
      calendar: user.calendar,
    };
  }

  /**
   * insertMany({ordered:false}); duplicates (a re-run fan-out, a racing instance) are ignored. The
   * chunk is written after its deliveries, with a copy of those inserted, and handed to the sender.
   */
  private async insertDeliveries(job: Job, chunk: Recipient[], batch: string, now: Date): Promise<{ inserted: number; duplicates: boolean }> {
    if (!chunk.length) return { inserted: 0, duplicates: false };
    const docs = chunk.map((r) => this.deliveryDoc(job, r, batch, now));
    const inserted = await this.insertDocs(docs);
    await this.readyChunk(batch, job._id, now, inserted);
    return { inserted: inserted.length, duplicates: inserted.length < docs.length };
  }

  private deliveryDoc(job: Job, r: Recipient, batch: string, now: Date): Delivery {
    return {
      _id: new Types.ObjectId().toHexString(),
      jobId: job._id,
      kind: job.kind,
      ...(job.eventId ? { eventId: job.eventId } : {}),
      chatId: r.chatId,
      recipient: r.recipient,
      chatType: r.chatType,
      locale: r.locale,
      timezone: r.timezone,
      calendar: r.calendar,
      batch,
      editMessageId: r.editMessageId ?? 0,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    };
  }

  /** Inserts deliveries; those already there (a re-run, a racing instance) are left out. Returns what landed. */
  private async insertDocs(docs: Delivery[]): Promise<Delivery[]> {
    if (!docs.length) return docs;
    try {
      await this.o.dal.models.deliveries.insertMany(docs, { ordered: false, lean: true });
      return docs;
    } catch (err) {
      if (!isDuplicateKeyOnly(err)) throw err;
      const failed = failedIndexes(err);
      return docs.filter((_, i) => !failed.has(i));
    }
  }

  /**
   * Writes a chunk once (an insert: already there, it is left as it is) and hands it to the sender.
   * A chunk this call wrote goes over with its items, so the sender claims it without reading it.
   */
  private async readyChunk(batch: string, jobId: string | undefined, now: Date, items: Delivery[]): Promise<void> {
    if (!items.length) return;
    let fresh = true;
    const m = this.o.dal.models;
    await this.chunkWrite(async () => {
      // The copy first: a chunk is never seen without it.
      await m.chunkItems.insertMany([{ _id: batch, items }], { lean: true }).catch((err: unknown) => {
        if (!isDuplicateKeyOnly(err)) throw err;
      });
      await m.chunks.insertMany([{ _id: batch, ...(jobId ? { jobId } : {}), status: 'ready', claims: 0, createdAt: now }], { lean: true }).catch((err: unknown) => {
        if (!isDuplicateKeyOnly(err)) throw err;
        fresh = false;
      });
    });
    if (fresh) this.handed.set(batch, { at: Date.now(), items });
    this.readyChunks.push(batch);
    this.wakeSender?.();
  }

  /**
   * A re-run fan-out (its previous sender died mid-way): deliveries inserted then but whose chunk was
   * never written get their chunk now. Reads by job and batch: a scan on FerretDB, but only here.
   */
  private async repairOrphans(job: Job, now: Date): Promise<void> {
    const batches = (await this.o.dal.models.deliveries.distinct('batch', { jobId: job._id, status: 'pending' }).exec()) as string[];
    for (const batch of batches) {
      if (await this.o.dal.models.chunks.exists({ _id: batch }).exec()) continue;
      const items = await this.o.dal.models.deliveries.find({ batch, status: 'pending' }).lean<Delivery[]>().exec();
      this.o.logger.warn({ batch, deliveries: items.length }, 'repairing a chunk a stopped fan-out did not write');
      await this.readyChunk(batch, job._id, now, items);
    }
  }

  // ------------------------------------------------------------------ sender

  private async senderLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!this.isLeader()) {
          await this.idle(250);
          continue;
        }
        const c = this.nextReady();
        if (!c) {
          this.ensureFetch();
          if (this.fetching) await this.fetching.catch(() => undefined);
          if (!this.queue.length && !this.later.length) await this.idle(500);
          else if (!this.queue.length) await this.idle(Math.max(5, Math.min(500, (this.later[0]?.at ?? 0) - Date.now())));
          continue;
        }
        const now = Date.now();
        const isPrivate = c.d.chatType === 'private';
        const readyAt = this.gate.chatReadyAt(c.d.chatId, isPrivate, now);
        if (readyAt > now) {
          this.deferInMemory(c, readyAt);
          continue;
        }
        // Held here (rendering, waiting for the global budget or a free slot) it is in no queue:
        // `holding` says so.
        this.holding = c;
        // Rendered before its slot is taken, so the request leaves right after the slot whatever the
        // rendering cost (a database read): pacing measured at the slot is pacing on the wire.
        let rendered: Sendable;
        try {
          const r = await this.render(c.d);
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
        let wait = this.gate.globalWait(Date.now());
        while (wait > 0 && !this.stopping) {
          await sleep(Math.min(wait, 1000));
          wait = this.gate.globalWait(Date.now());
        }
        if (this.stopping || !this.isLeader()) {
          this.holding = undefined;
          this.queue.unshift(c);
          continue;
        }
        while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
        this.gate.take(c.d.chatId, isPrivate, Date.now());
        this.track(this.sendOne(c, rendered));
        this.holding = undefined;
        if (this.queue.length < this.batchSize) this.ensureFetch(); // keep a chunk ahead
      } catch (err) {
        this.o.logger.warn({ err: (err as Error).message }, 'sender: database unavailable, pausing');
        await this.idle(1000);
      }
    }
  }

  /** A send or its bookkeeping, counted as in flight until it ends. */
  private track(work: Promise<void>): void {
    const p = work.catch((err: unknown) => this.o.logger.error({ err }, 'send bookkeeping failed'));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private idle(ms: number): Promise<void> {
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
    if (this.fetching || this.stopping || !this.isLeader()) return;
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
    const token = `${this.instanceId}:${crypto.randomBytes(6).toString('hex')}`;
    let chunk: Chunk | null;
    let claims: number;
    let found: { todo: Delivery[]; receipted: number };
    try {
      const handed = this.handed.get(id);
      this.handed.delete(id);
      // Just written by this process's fan-out: nobody else has claimed it, and it is as written.
      const fresh = handed && Date.now() - handed.at < HANDED_FRESH_MS ? handed.items : undefined;
      chunk = fresh ? { _id: id, status: 'ready', claims: 0, createdAt: now } : await this.o.dal.models.chunks.findById(id).lean<Chunk>().exec();
      if (!chunk || chunk.status === 'done') return;
      const ownStale = chunk.claim?.startsWith(`${this.instanceId}:`) && !this.claimHeld(chunk.claim); // a claim of ours cut short
      if (chunk.status === 'claimed' && !ownStale && (this.claimHeld(chunk.claim) || (chunk.until && chunk.until > now))) return; // held; the sweep brings it back if it expires
      claims = (chunk.claims ?? 0) + 1;
      await this.chunkWrite(() =>
        this.o.dal.models.chunks.updateOne({ _id: id }, { $set: { status: 'claimed', claim: token, until: new Date(now.getTime() + CHUNK_LEASE_MS), claims } }).exec(),
      );
      const items = claims === 1 ? (fresh ?? (await this.o.dal.models.chunkItems.findById(id).lean().exec())?.items) : undefined;
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
    const [pending, receipts] = await Promise.all([
      this.o.dal.models.deliveries.find({ batch, status: 'pending' }).lean<Delivery[]>().exec(),
      this.o.dal.models.receipts.find({ batch }).select({ _id: 1 }).lean<Array<{ _id: string }>>().exec(),
    ]);
    const receipted = new Set(receipts.map((r) => r._id));
    return { todo: pending.filter((d) => !receipted.has(d._id)), receipted: receipted.size };
  }

  /** Chunks this process was not handed: ready, or claimed by a sender whose chunk lease ran out. */
  private async sweepChunks(): Promise<void> {
    this.lastChunkSweep = Date.now();
    const found = await this.o.dal.models.chunks
      .find({ $or: [{ status: 'ready' }, { status: 'claimed', until: { $lt: this.o.now() } }] })
      .select({ _id: 1 })
      .sort({ createdAt: 1 })
      .limit(200)
      .lean()
      .exec();
    const known = new Set([...this.readyChunks, ...this.toSettle.map((x) => x.batch)]);
    for (const c of found) if (!known.has(c._id)) this.readyChunks.push(c._id);
    if (found.length === 200) this.lastChunkSweep = 0;
  }

  private lastSendAt = 0;

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
      this.receipts.push({ _id: d._id, claim: c.token, batch: d.batch, messageId: res.messageId, at: new Date() });
      const held = this.claims.get(c.token);
      if (held) held.sent += 1;
      if (rendered.type === 'send' && rendered.card && d.eventId) {
        this.posts.push({ eventId: d.eventId, chatId: d.chatId, messageId: res.messageId, locale: d.locale, photo: Boolean(rendered.photo) });
      }
      if (rendered.type === 'edit' && d.eventId) {
        await this.o.dal.models.posts.updateOne({ chatId: d.chatId, messageId: d.editMessageId }, { $set: { renderedHash: rendered.hash, lastEditAt: new Date() } }).exec();
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
        this.gate.hold(Date.now() + decision.waitMs);
        await this.settle(c, { status: 'pending', nextAttemptAt: new Date(this.o.now().getTime() + decision.waitMs), lastError, attempts });
        break;
      case 'backoff':
        this.stats.retried += 1;
        await this.settle(c, { status: 'pending', nextAttemptAt: new Date(this.o.now().getTime() + decision.delayMs), lastError, attempts });
        break;
      case 'unchanged':
        if (d.eventId && rendered.type === 'edit') {
          await this.o.dal.models.posts.updateOne({ chatId: d.chatId, messageId: d.editMessageId }, { $set: { renderedHash: rendered.hash } }).exec();
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
    const update: Record<string, unknown> = { status: set.status };
    if (set.reason) update.reason = set.reason;
    if (set.nextAttemptAt) update.nextAttemptAt = set.nextAttemptAt;
    if (set.lastError) update.lastError = set.lastError;
    if (set.attempts !== undefined) update.attempts = set.attempts;
    if (set.status === 'sent') update.sentAt = new Date();
    await this.o.dal.models.deliveries.updateOne({ _id: c.d._id }, { $set: update }).exec();
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
    if (d.recipient === 'user') await this.o.dal.models.users.updateOne({ _id: d.chatId }, { $set: { reachable: false } }).exec();
    else await this.o.dal.models.chats.updateOne({ _id: d.chatId }, { $set: { active: false, inactiveReason: reason } }).exec();
    this.o.logger.info({ chatId: d.chatId, reason }, 'recipient marked inactive');
  }

  /** A group became a supergroup: a new chat record with the same settings, and a delivery to it. */
  private async migrate(d: Delivery, newChatId: number): Promise<void> {
    const chats = this.o.dal.models.chats;
    const old = await chats.findById(d.chatId).lean().exec();
    if (old) {
      const { _id, createdAt, updatedAt, migratedTo, inactiveReason, ...settings } = old;
      void _id; void createdAt; void updatedAt; void migratedTo; void inactiveReason;
      await chats.updateOne({ _id: newChatId }, { $setOnInsert: { ...settings, _id: newChatId, type: 'supergroup', active: true } }, { upsert: true }).exec().catch((err: { code?: number }) => {
        if (err.code !== 11000) throw err;
      });
      await chats.updateOne({ _id: d.chatId }, { $set: { active: false, inactiveReason: 'migrated to a supergroup', migratedTo: newChatId } }).exec();
    }
    const now = this.o.now();
    const { _id, lastError, reason, ...rest } = d;
    void _id; void lastError; void reason;
    const moved: Delivery = { ...rest, _id: new Types.ObjectId().toHexString(), chatId: newChatId, chatType: 'group', status: 'pending', nextAttemptAt: now, attempts: 0, batch: `${d.batch}:m${newChatId}`, createdAt: now };
    let inserted = true;
    await this.o.dal.models.deliveries.insertMany([moved], { ordered: false, lean: true }).catch((err: unknown) => {
      if (!isDuplicateKeyOnly(err)) throw err;
      inserted = false; // already re-targeted (a re-run)
    });
    await this.readyChunk(moved.batch, d.jobId, now, inserted ? [moved] : []);
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
        if (receipts.length) {
          await this.o.dal.models.receipts.insertMany(receipts, { ordered: false }).catch((err: unknown) => {
            if (!isDuplicateKeyOnly(err)) throw err;
          });
        }
        if (posts.length) {
          await this.o.dal.models.posts.insertMany(posts.map((p) => ({ ...p, createdAt: new Date() })), { ordered: false }).catch((err: unknown) => {
            if (!isDuplicateKeyOnly(err)) throw err;
          });
        }
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
  settleDone(): Promise<void> {
    this.settling ??= (async () => {
      const m = this.o.dal.models;
      for (;;) {
        // Only between broadcasts: these writes must not hold up the next chunk.
        if (this.claims.size || this.readyChunks.length || this.stopping) return;
        const next = this.toSettle.slice(0, SETTLE_MAX);
        if (!next.length) return;
        const sentAt = new Date();
        // When a chunk closes, each of its deliveries still "pending" in the database has a receipt
        // (failures, skips and retries were written as they happened), so one set-wise update by batch
        // writes exactly those. (Not a bulkWrite by _id: FerretDB 1.24 never answers one.) Many small
        // chunks (direct messages) are settled together: on FerretDB each update reads through the
        // collection whatever it writes.
        const sent = next.filter((x) => x.sent).map((x) => x.batch);
        if (sent.length) await m.deliveries.updateMany({ batch: { $in: sent }, status: 'pending' }, { $set: { status: 'sent', sentAt } }).exec();
        // The copies of their deliveries go: no one reads them again.
        const ids = next.map((x) => x.batch);
        await this.chunkWrite(() => m.chunks.updateMany({ _id: { $in: ids } }, { $set: { status: 'done' }, $unset: { claim: 1, until: 1 } }).exec());
        await m.chunkItems.deleteMany({ _id: { $in: ids } }).exec();
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
      await this.chunkWrite(() =>
        this.o.dal.models.chunks.updateOne({ _id: held.batch }, { $set: { status: 'ready' }, $unset: { claim: 1, until: 1 } }).exec(),
      );
      this.claims.delete(token);
    }
  }

  /**
   * On taking the lease: chunks another (dead or deposed) sender still holds go back to ready at once
   * (a deposed sender stopped dispatching when its lease ran out). Whoever claims them skips what has a
   * receipt, so only a message whose request was in flight (or whose receipt was not yet written) when
   * that sender died can arrive twice.
   */
  async recoverForeignClaims(): Promise<number> {
    const res = await this.chunkWrite(() =>
      this.o.dal.models.chunks
        .updateMany({ status: 'claimed', claim: { $nin: [...this.claims.keys()] } }, { $set: { status: 'ready' }, $unset: { claim: 1, until: 1 } })
        .exec(),
    );
    if (res.modifiedCount) this.o.logger.warn({ chunks: res.modifiedCount }, 'took over chunks claimed by a sender that stopped');
    return res.modifiedCount;
  }

  // ------------------------------------------------------------------ rendering

  private async loadJob(id: string): Promise<Job | null> {
    if (this.jobCache.has(id)) return this.jobCache.get(id) ?? null;
    const job = await this.o.dal.jobs.findById(id);
    if (this.jobCache.size > 1000) this.jobCache.clear();
    this.jobCache.set(id, job);
    return job;
  }

  private async render(d: Delivery): Promise<Rendered> {
    const job = await this.loadJob(d.jobId);
    if (!job) return { type: 'skip', reason: 'job deleted' };
    const event = d.eventId ? await this.loadEvent(d.eventId) : null;
    const now = this.o.now();
    const meaningful = stillMeaningful(job.kind, event ?? undefined, now, this.plannedStart(job));
    if (!meaningful.ok) return { type: 'skip', reason: meaningful.reason };
    const locale: Locale = isLocale(d.locale) ? d.locale : this.o.defaultLocale;
    const viewer: Viewer = { locale, timezone: d.timezone, calendar: (d.calendar as CalendarSystem) ?? 'gregorian' };
    const t = this.o.i18n.forLocale(locale);
    switch (job.kind) {
      case 'announce': {
        const card = this.o.renderCard(event!, viewer, d.chatType, now);
        return { type: 'send', card: true, text: card.text, ...(card.photo ? { photo: card.photo, caption: card.caption ?? '' } : {}), ...(card.keyboard ? { keyboard: card.keyboard } : {}), ...(card.followUps ? { followUps: card.followUps } : {}) };
      }
      case 'card_edit': {
        const card = this.o.renderCard(event!, viewer, d.chatType, now);
        const post = await this.o.dal.models.posts.findOne({ chatId: d.chatId, messageId: d.editMessageId }).lean().exec();
        const photo = Boolean(post?.photo ?? card.photo);
        const text = photo ? (card.caption ?? card.text) : card.text;
        const hash = crypto.createHash('sha1').update(text).update(JSON.stringify(card.keyboard ?? null)).digest('hex');
        if (post?.renderedHash === hash) return { type: 'skip', reason: 'card unchanged' };
        return { type: 'edit', text, photo, hash, ...(card.keyboard ? { keyboard: card.keyboard } : {}) };
      }
      case 'reminder':
        return { type: 'send', text: renderReminder(event!, Number(job.payload.offsetMin), viewer, t) };
      case 'starting':
        return { type: 'send', text: renderStartingNow(event!, viewer, t) };
      case 'notice':
        return { type: 'send', text: renderNotice(event!, job.payload.change as EventChangeKind, viewer, t) };
      case 'digest': {
        const chat = await this.o.dal.models.chats.findById(d.chatId).lean<LinkedChat>().exec();
        if (!chat?.active || !chat.digest.enabled) return { type: 'skip', reason: 'digest switched off' };
        const week = new Date(now.getTime() + 7 * 86_400_000);
        const events = await this.o.dal.models.events
          .find({
            status: { $in: ['published', 'postponed'] },
            startAt: { $gte: now, $lt: week },
            ...(chat.categories.length ? { categories: { $in: chat.categories } } : {}),
          })
          .sort({ startAt: 1 })
          .limit(50)
          .lean<EventRecord[]>()
          .exec();
        if (!events.length) return { type: 'skip', reason: 'no events this week' };
        return { type: 'send', text: renderDigest(events, viewer, t) };
      }
      case 'direct':
      case 'promotion': {
        const key = String(job.payload.key ?? '');
        if (!this.o.i18n.has(key)) return { type: 'skip', reason: `unknown text ${key}` };
        const vars = (job.payload.vars ?? {}) as Record<string, string | number>;
        return { type: 'send', text: t(key, vars) };
      }
    }
  }

  // ------------------------------------------------------------------ tests and benchmarks

  /**
   * Runs ticks until no job is due and no delivery is due or being sent (tests and the demo; a
   * bounded wait). With `retries`, deliveries waiting for a later retry are waited for, too.
   */
  async runUntilIdle(timeoutMs = 20_000, opts: { retries?: boolean } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const m = this.o.dal.models;
    for (;;) {
      await this.tick();
      this.wakeSender?.();
      const now = this.o.now();
      const jobs = await m.jobs.countDocuments({ status: 'pending', dueAt: { $lte: now } }).exec();
      // Due jobs the agenda has not brought (written straight into `jobs` by a test): the sweep's.
      if (jobs && !this.due.length && !this.working.size) await this.sweep(0);
      // Without `retries`, sends held back only by the per-chat pacing (≤ 1 s) still count as due.
      const waiting = opts.retries ? this.later.length > 0 : this.later.some((x) => x.at <= Date.now() + 1500);
      if (!jobs && !waiting && !this.inFlight.size && !this.queue.length && !this.holding && !this.fetching) {
        await this.flushReceipts();
        await this.closeFinishedClaims();
        await this.settleDone();
        const open = await m.chunks
          .countDocuments(opts.retries ? { status: { $in: ['ready', 'claimed'] } } : { $or: [{ status: 'ready' }, { status: 'claimed', claim: { $nin: [...this.claims.keys()] } }] })
          .exec();
        if (open && !this.readyChunks.length) this.lastChunkSweep = 0; // chunks this sender was not handed
        if (!open) {
          await this.settleDone();
          return;
        }
      }
      if (Date.now() > deadline) {
        const open = await m.chunks.find({ status: { $in: ['ready', 'claimed'] } }).lean().exec();
        throw new Error(
          `delivery not idle after ${timeoutMs} ms: ${jobs} jobs due, ${this.queue.length} queued, ${this.inFlight.size} in flight, ` +
            `${this.later.length} waiting (next in ${this.later.length ? Math.min(...this.later.map((x) => x.at)) - Date.now() : 0} ms), ` +
            `fetching ${this.fetching}, open chunks ${JSON.stringify(open.map((c) => ({ id: c._id, status: c.status, claim: c.claim, mine: c.claim ? this.claims.has(c.claim) : false })))}`,
        );
      }
      await sleep(50);
    }
  }
}
