/**
 * The delivery engine: the sender lease, and a tick (node-cron, every TICK_SECONDS, plus a wake-up at
 * the next due job) that reads the agenda and runs due jobs through the fan-out (`fan-out.ts`), whose
 * chunks the sender (`sender.ts`) works through at Telegram's limits, rendering each message with
 * `content.ts`. Only the instance holding the "sender" lease does any of it; every instance keeps
 * trying to take it, so a dead holder is replaced within LEADER_TTL_MS. See README.md here.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { Dal } from '../dal';
import type { Job } from '../dal/types';
import { minuteOf } from '../dal/agenda/agenda.repository';
import type { I18n } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import type { Logger } from '../logger';
import type { TelegramPort } from './telegram-port';
import type { CardRenderer, WebLinks } from './render';
import { DeliveryContent } from './content';
import { FanOut, type JobOutcome } from './fan-out';
import { Sender, type SenderActivity } from './sender';
import { retentionJob } from './planner';
import type { RetentionPeriods } from '../dal/retention';
import { Pacer } from './rate';

export const LEADER_TTL_MS = 6000;
const LEADER_RENEW_MS = 2000;
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

/** Jobs with one recipient each, run in groups (see takeDueSingles). */
const SINGLE_RECIPIENT = /^(direct|promotion):/;
const SINGLES_MAX = 500;

interface Due {
  job: string;
  at: number;
  /** The agenda minute it was read from: the cursor may not pass it until it is dealt with. */
  minute: number;
}

export type { JobOutcome } from './fan-out';

export interface EngineOptions {
  dal: Dal;
  port: TelegramPort;
  i18n: I18n;
  logger: Logger;
  now: () => Date;
  renderCard: CardRenderer;
  /** The web calendar's pages when it has a public address: "Details" buttons, the digest's link. */
  web?: WebLinks;
  sendRatePerSecond: number;
  allowPaidBroadcast: boolean;
  tickSeconds: number;
  /** Re-plans reminders after preference changes (the planner's replanNow); run for `replan` jobs. */
  replan?: () => Promise<void>;
  /** Polls a calendar feed for a `feed` job (the application's `feeds.runScheduledPoll`). */
  pollFeed?: (job: Job) => Promise<JobOutcome>;
  /** Telegram's limits shared with the bot's replies (the app passes its gateway's); default: the engine's own. */
  pacer?: Pacer;
  defaultLocale: Locale;
  defaultTimezone: string;
  instanceId?: string;
  /** How long history is kept; defaults to 30 days (14 for idle sessions). */
  retention?: RetentionPeriods;
}

export interface TickReport {
  leader: boolean;
  jobs: number;
  skipped: number;
}





export class DeliveryEngine {
  readonly instanceId: string;
  private task: ScheduledTask | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private running = false;
  private stopping = false;
  private ticking: Promise<TickReport> | undefined;
  /** Until when (engine clock, ms) we may act as leader: renewal start + TTL - margin. */
  private leaderUntil = 0;
  private wasLeader = false;
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
  private readonly content: DeliveryContent;
  private readonly fanOut: FanOut;
  private readonly sender: Sender;
  constructor(private readonly o: EngineOptions) {
    this.instanceId = o.instanceId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
    this.content = new DeliveryContent({ dal: o.dal, i18n: o.i18n, now: o.now, renderCard: o.renderCard, defaultLocale: o.defaultLocale, ...(o.web ? { web: o.web } : {}) });
    this.sender = new Sender({
      dal: o.dal,
      port: o.port,
      logger: o.logger,
      now: o.now,
      sendRatePerSecond: o.sendRatePerSecond,
      allowPaidBroadcast: o.allowPaidBroadcast,
      pacer: o.pacer ?? new Pacer({ perSecond: o.sendRatePerSecond }),
      instanceId: this.instanceId,
      content: this.content,
      isLeader: () => this.isLeader(),
      readyChunk: (batch, jobId, now, items) => this.fanOut.readyChunk(batch, jobId, now, items),
    });
    this.fanOut = new FanOut({
      dal: o.dal,
      logger: o.logger,
      now: o.now,
      defaultLocale: o.defaultLocale,
      defaultTimezone: o.defaultTimezone,
      content: this.content,
      isLeader: () => this.isLeader(),
      handOver: (batch, items) => this.sender.handOver(batch, items),
      retention: o.retention ?? { historyDays: 30, sessionDays: 14 },
      replan: (job) => this.runReplan(job),
      ...(o.pollFeed ? { pollFeed: o.pollFeed } : {}),
    });
  }

  /** Re-plans run by this process: `runs` did the work, `coalesced` found a later run had covered them. */
  readonly replanStats = { runs: 0, coalesced: 0 };
  private lastReplanStart = 0;

  /**
   * A `replan` job: skipped when a run that started after the job was planned has already covered
   * its changes (ten changes in a row plan once), else the planner's replanNow.
   */
  private async runReplan(job: Job): Promise<JobOutcome> {
    if (new Date(job.createdAt).getTime() < this.lastReplanStart) {
      this.replanStats.coalesced += 1;
      return { type: 'skip', reason: 'covered by a later re-plan' };
    }
    if (!this.o.replan) return { type: 'done', recipients: 0 };
    this.lastReplanStart = this.o.now().getTime();
    this.replanStats.runs += 1;
    await this.o.replan();
    return { type: 'done', recipients: 0 };
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
    this.sender.start();
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
    this.sender.halt();
    await this.ticking?.catch(() => undefined);
    await this.sweeping?.catch(() => undefined);
    await this.fanOut.housekeeping;
    await this.sender.stop();
    if (this.wasLeader) await this.o.dal.leases.release('sender', this.instanceId).catch(() => undefined);
    this.leaderUntil = 0;
    this.wasLeader = false;
    this.forgetAgenda();
  }

  /** The sender's counters (tests, benchmarks and logs). */
  get stats(): Sender['stats'] {
    return this.sender.stats;
  }

  /** Whether this process may send: its local view of the lease (on the engine's clock, like the lease itself) runs. */
  isLeader(): boolean {
    return this.o.now().getTime() < this.leaderUntil;
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
    // The lease's `until` is written on the engine's clock, so its local view is kept on it too.
    const started = this.o.now().getTime();
    try {
      const ok = await this.o.dal.leases.acquire('sender', this.instanceId, this.o.now(), LEADER_TTL_MS);
      if (ok && !this.wasLeader) {
        this.o.logger.info({ instance: this.instanceId }, 'took the sender lease');
        // Leadership counts only once what a previous sender left behind is sorted out.
        await this.sender.tookLease();
        // Housekeeping lives in the schedule like everything else; planning it again is a no-op.
        await this.o.dal.jobs.plan(retentionJob(this.o.now()), this.o.now());
        this.lastSweep = 0;
        this.forgetAgenda();
        this.wasLeader = true;
        this.leaderUntil = started + LEADER_TTL_MS - 1000;
        this.sender.wake();
      } else if (!ok && this.wasLeader) {
        this.wasLeader = false;
        this.forgetAgenda();
        this.o.logger.warn({ instance: this.instanceId }, 'lost the sender lease');
      }
      this.leaderUntil = ok ? started + LEADER_TTL_MS - 1000 : 0;
      if (ok) await this.sender.renewed();
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
        if (r.ran) this.sender.wake();
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
        this.sender.wake();
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
      const outcomes = await this.fanOut.runGroup(runnable).catch((err: unknown): Map<string, JobOutcome> => {
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
      const outcome = await this.fanOut.run(job).catch((err: unknown): JobOutcome => {
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

  /**
   * Runs the reconciliation sweep now (pending jobs due more than `lagMs` ago that the agenda did not
   * bring) and waits for it. Benchmarks measure it; tests use it for jobs they wrote straight into `jobs`.
   */
  async sweepOnce(lagMs = SWEEP_LAG_MS): Promise<void> {
    await this.sweeping;
    await this.sweep(lagMs);
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

  // ------------------------------------------------------------------ observing and nudging

  /**
   * What this process is doing now, without touching the database: agenda entries read and waiting,
   * jobs running, whether a retention sweep runs, and the sender's queues. For logs and health
   * checks, and for tests and the demo to wait until delivery is idle (test/support/delivery-driver.ts).
   */
  activity(): DeliveryActivity {
    return { leader: this.isLeader(), dueEntries: this.due.length, jobsRunning: this.working.size, housekeeping: Boolean(this.fanOut.housekeeping), sender: this.sender.activity() };
  }

  /** The sender looks at its queues now (something to send may have arrived). */
  wake(): void {
    this.sender.wake();
  }

  /**
   * Look for work now rather than at the next timer: the sender wakes and, if it was handed no chunk,
   * looks in `chunks` at its next claim instead of within the minute. After writing work into the
   * database by hand (a restore; tests), or to hurry a sender that is waiting.
   */
  lookForWork(): void {
    this.sender.lookForChunks();
    this.sender.wake();
  }

  /**
   * Writes now what the sender otherwise writes in a lull: its receipts, and "sent" on the deliveries
   * of finished chunks (which `/stats` counts as pending until then). `stop` does the same.
   */
  async settleNow(): Promise<void> {
    await this.fanOut.housekeeping;
    await this.sender.settleNow();
  }
}

/** A snapshot of the engine's in-memory state (see DeliveryEngine.activity). */
export interface DeliveryActivity {
  leader: boolean;
  /** Agenda entries read and not yet run. */
  dueEntries: number;
  jobsRunning: number;
  /** A retention sweep is running. */
  housekeeping: boolean;
  sender: SenderActivity;
}
