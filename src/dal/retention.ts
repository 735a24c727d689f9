/**
 * Retention: records that are only history are deleted once older than the configured period.
 *
 *   deliveries   sent, failed or skipped (never pending), by createdAt
 *   receipts     by `at` (the sender's ledger; a chunk is re-read only while it is open)
 *   chunks       done, by createdAt (their chunk_items copy went when they were done)
 *   jobs         done, skipped or failed (never pending), by updatedAt; except announcements, whose
 *                key is what stops an event being announced twice (one small record per event)
 *   claims       by `at` (one-shot decisions long since taken: an invite's use is also on the invite)
 *   sessions     untouched for SESSION_RETENTION_DAYS (a half-finished dialogue)
 *
 * How: MongoDB deletes by TTL index where the rule is age alone (receipts, claims); everything with a
 * status condition, and everything on FerretDB (which has no TTL indexes), is swept by a daily job in
 * the scheduler. Which database this is, and so which is used, stays in here.
 */
import type { Connection } from 'mongoose';
import type { Models } from './models';

export interface RetentionPeriods {
  historyDays: number;
  sessionDays: number;
}

const DAY_MS = 86_400_000;
const TTL_INDEX = 'retention_ttl';

export class Retention {
  /** Whether the server is MongoDB (and so has TTL indexes); asked once. */
  private ttl: boolean | undefined;
  /** Set by prepare() on MongoDB: receipts and claims expire by TTL index, so the sweep leaves them. */
  private ttlActive = false;

  constructor(
    private readonly conn: Connection,
    private readonly models: Models,
  ) {}

  /** Whether the server is MongoDB (FerretDB answers buildInfo with a `ferretdbVersion`). */
  private async hasTtl(): Promise<boolean> {
    if (this.ttl === undefined) {
      const db = this.conn.db;
      const info = db ? await db.admin().command({ buildInfo: 1 }) : {};
      this.ttl = db !== undefined && !('ferretdbVersion' in info);
    }
    return this.ttl;
  }

  /**
   * On MongoDB, the TTL indexes for the age-only rules, with the period given (changed in place when
   * the setting changes). Nothing on FerretDB. Run at start, after ensureIndexes().
   */
  async prepare(periods: RetentionPeriods): Promise<void> {
    if (!(await this.hasTtl())) return;
    this.ttlActive = true;
    const seconds = periods.historyDays * 86_400;
    for (const model of [this.models.receipts, this.models.claims]) {
      const existing = (await model.collection.indexes()).find((i) => i.name === TTL_INDEX);
      if (!existing) await model.collection.createIndex({ at: 1 }, { name: TTL_INDEX, expireAfterSeconds: seconds });
      else if (existing.expireAfterSeconds !== seconds) {
        await this.conn.db!.command({ collMod: model.collection.collectionName, index: { name: TTL_INDEX, expireAfterSeconds: seconds } });
      }
    }
  }

  /** Deletes what is past its period at `now`; returns how many per collection. */
  async purge(now: Date, periods: RetentionPeriods): Promise<Record<string, number>> {
    const m = this.models;
    const before = new Date(now.getTime() - periods.historyDays * DAY_MS);
    const idle = new Date(now.getTime() - periods.sessionDays * DAY_MS);
    const ttl = this.ttlActive;
    const count = async (p: Promise<{ deletedCount: number }>) => (await p).deletedCount;
    return {
      deliveries: await count(m.deliveries.deleteMany({ status: { $in: ['sent', 'failed', 'skipped'] }, createdAt: { $lt: before } }).exec()),
      receipts: ttl ? 0 : await count(m.receipts.deleteMany({ at: { $lt: before } }).exec()),
      chunks: await count(m.chunks.deleteMany({ status: 'done', createdAt: { $lt: before } }).exec()),
      jobs: await count(m.jobs.deleteMany({ status: { $in: ['done', 'skipped', 'failed'] }, kind: { $ne: 'announce' }, updatedAt: { $lt: before } }).exec()),
      claims: ttl ? 0 : await count(m.claims.deleteMany({ at: { $lt: before } }).exec()),
      sessions: await count(m.sessions.deleteMany({ updatedAt: { $lt: idle } }).exec()),
    };
  }
}
