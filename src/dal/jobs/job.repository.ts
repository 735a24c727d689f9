import type { Types } from 'mongoose';
import type { Job, JobKind, JobModel } from './job.model';
import type { AgendaRepository } from '../agenda/agenda.repository';
import { insertNew } from '../write-errors';
import { isDuplicateKey } from '../write-errors';
import { topReasons, type ReasonCount } from '../reasons';

export interface PlanJob {
  key: string;
  kind: JobKind;
  dueAt: Date;
  eventId?: Types.ObjectId;
  chatId?: number;
  payload?: Record<string, unknown>;
}

/** Point operations in flight at once in findMany and finishMany. */
const PARALLEL = 16;

async function inBatches<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL) out.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(fn))));
  return out;
}

/** The document of a newly planned job: its key is its `_id`. */
function newJob(job: PlanJob, now: Date): Omit<Job, 'reason'> {
  return {
    _id: job.key,
    key: job.key,
    kind: job.kind,
    dueAt: job.dueAt,
    status: 'pending',
    attempts: 0,
    payload: job.payload ?? {},
    ...(job.eventId ? { eventId: job.eventId } : {}),
    ...(job.chatId !== undefined ? { chatId: job.chatId } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Jobs and their place in the agenda. Every write that makes a job pending at some time also files
 * it in the agenda, after the job itself: a crash between the two leaves a job the reconciliation
 * sweep finds (late by at most the sweep interval), never an agenda entry without its job.
 */
export class JobRepository {
  constructor(
    private readonly model: JobModel,
    private readonly agenda: AgendaRepository,
  ) {}

  /** Plans a job once: an upsert by `_id` (the key) that only inserts. Returns true when it was new. */
  async plan(job: PlanJob, now: Date): Promise<boolean> {
    let created = false;
    try {
      const res = await this.model
        .updateOne(
          { _id: job.key },
          { $setOnInsert: newJob(job, now) },
          { upsert: true, timestamps: false },
        )
        .exec();
      created = res.upsertedCount > 0;
    } catch (err) {
      if (isDuplicateKey(err)) return false; // a racing upsert won
      throw err;
    }
    if (created) await this.agenda.add([{ job: job.key, at: job.dueAt }], now);
    return created;
  }

  /**
   * Plans many jobs at once (one insertMany; those already planned are left as they are) and files
   * the new ones in the agenda. Returns how many were new.
   */
  async planMany(jobs: PlanJob[], now: Date): Promise<number> {
    if (!jobs.length) return 0;
    const docs = jobs.map((job) => newJob(job, now));
    const landed = new Set(await insertNew(this.model, docs));
    const created = jobs.filter((_, i) => landed.has(docs[i]!));
    await this.agenda.add(created.map((j) => ({ job: j.key, at: j.dueAt })), now);
    return created.length;
  }

  findById(id: string): Promise<Job | null> {
    return this.model.findById(id).lean<Job>().exec();
  }

  /**
   * Several jobs by `_id`: point reads, up to PARALLEL at a time. Each is an index seek on MongoDB and
   * on the embedded FerretDB (see tools/ferretdb/idindex.go); a `$in` query would be a pass over all
   * of `jobs` on FerretDB, which holds every future reminder.
   */
  async findMany(ids: string[]): Promise<Job[]> {
    const found = await inBatches(ids, (id) => this.findById(id));
    return found.filter((j): j is Job => j !== null);
  }

  /**
   * The reconciliation sweep: due jobs the agenda did not bring (a crash between a job's write and its
   * agenda entry, a planner clock far behind). Indexed on MongoDB ({status, dueAt}); a scan on
   * FerretDB, which is why it runs rarely and off the tick.
   */
  overdue(before: Date, limit: number): Promise<Job[]> {
    return this.model
      .find({ status: 'pending', dueAt: { $lte: before } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .lean<Job[]>()
      .exec();
  }

  /** Marks several jobs done (a group of single-recipient jobs run together), by `_id` as above. */
  async finishMany(ids: string[]): Promise<void> {
    await inBatches(ids, (id) => this.finish(id, 'done'));
  }

  async finish(id: string, status: 'done' | 'skipped' | 'failed', reason?: string): Promise<void> {
    await this.model
      .updateOne({ _id: id }, { $set: { status, ...(reason ? { reason } : {}) } })
      .exec();
  }

  /** Runs the job again at `at`; `attempts` counts the runs that asked for a retry. */
  async retryAt(job: Pick<Job, '_id' | 'attempts'>, at: Date, reason: string, now: Date, countAttempt = true): Promise<void> {
    const id = job._id;
    const attempts = job.attempts + (countAttempt ? 1 : 0);
    await this.model.updateOne({ _id: id }, { $set: { status: 'pending', dueAt: at, reason, attempts } }).exec();
    await this.agenda.add([{ job: id, at }], now);
  }

  /** Skips pending digests other than these (their chat's settings changed, or it went inactive). */
  async skipDigestsExcept(keepKeys: string[]): Promise<void> {
    await this.model
      .updateMany({ kind: 'digest', status: 'pending', key: { $nin: keepKeys } }, { $set: { status: 'skipped', reason: 'digest settings changed' } })
      .exec();
  }

  /** The most frequent reasons jobs failed or were skipped (/stats). */
  topReasons(limit: number): Promise<ReasonCount[]> {
    return topReasons(this.model, limit);
  }

  /** How many jobs are pending and due by `now` (waiting until delivery is idle). */
  countDue(now: Date): Promise<number> {
    return this.model.countDocuments({ status: 'pending', dueAt: { $lte: now } }).exec();
  }

  /** Skips an event's pending jobs of the given kinds (moved or cancelled event). */
  async skipPendingForEvent(eventId: Types.ObjectId, kinds: JobKind[], reason: string, keepKeys: string[] = []): Promise<number> {
    const res = await this.model
      .updateMany(
        { eventId, status: 'pending', kind: { $in: kinds }, ...(keepKeys.length ? { _id: { $nin: keepKeys } } : {}) },
        { $set: { status: 'skipped', reason } },
      )
      .exec();
    return res.modifiedCount;
  }
}
