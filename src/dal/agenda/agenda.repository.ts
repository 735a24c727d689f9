import type { AgendaEntry, AgendaModel, AgendaPage } from './agenda.model';
import { insertNew } from '../write-errors';

export const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
export const minuteOf = (at: Date | number): number => Math.floor((typeof at === 'number' ? at : at.getTime()) / MINUTE_MS);
const hourOf = (at: Date | number): number => Math.floor((typeof at === 'number' ? at : at.getTime()) / HOUR_MS);
const pageId = (slot: number, n: number) => `${slot}#${n}`;
/** Work whose hour starts within this long (plus the margin) is filed in `agenda`; later work in `agenda_later`… */
export const HORIZON_MS = HOUR_MS;
/** …and an hour of `agenda_later` moves in when it is this close, less this margin for clocks and slow writes. */
const LATER_MARGIN_MS = 10 * MINUTE_MS;
const CURSOR_ID = 'cursor';

/** Writes and reads the timetable (see agenda.model.ts). Every operation is by `_id`. */
export class AgendaRepository {
  /** Per minute, the page number this process expects to be free next (a hint; a race costs a retry). */
  private readonly nextFree = new Map<number, number>();
  private readonly listeners = new Set<(at: Date) => void>();

  private readonly nextFreeLater = new Map<number, number>();

  constructor(
    private readonly model: AgendaModel,
    private readonly later: AgendaModel,
  ) {}

  /**
   * Files entries under the minute they fall due, or under the current minute when already due (a
   * minute the reader has passed is never written to).
   */
  async add(entries: AgendaEntry[], now: Date): Promise<void> {
    await this.file(entries, now, true);
  }

  private async file(entries: AgendaEntry[], now: Date, allowLater: boolean): Promise<void> {
    const byMinute = new Map<number, AgendaEntry[]>();
    const byHour = new Map<number, AgendaEntry[]>();
    const nowMinute = minuteOf(now);
    const laterFrom = now.getTime() + HORIZON_MS + LATER_MARGIN_MS;
    for (const e of entries) {
      const h = hourOf(e.at);
      // Only into an hour the reader will move in after this write: it moves hour h in from
      // h·HOUR − HORIZON on, so h must start at least HORIZON + margin from now.
      if (allowLater && h * HOUR_MS >= laterFrom) {
        byHour.set(h, [...(byHour.get(h) ?? []), e]);
      } else {
        const m = Math.max(minuteOf(e.at), nowMinute);
        byMinute.set(m, [...(byMinute.get(m) ?? []), e]);
      }
    }
    for (const [hour, list] of byHour) await this.append(this.later, this.nextFreeLater, hour, list, now);
    for (const [minute, list] of byMinute) await this.append(this.model, this.nextFree, minute, list, now);
    const soonest = entries.reduce<Date | undefined>((a, e) => (!a || e.at < a ? e.at : a), undefined);
    if (soonest) for (const l of this.listeners) l(soonest);
  }

  /**
   * Tells this process's engine that it filed work (so a job planned for now runs at once instead of
   * at the next tick; other instances' plans are found by the tick). Returns the unsubscribe.
   */
  onAdded(listener: (at: Date) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async append(model: AgendaModel, hints: Map<number, number>, slot: number, entries: AgendaEntry[], now: Date): Promise<void> {
    let n = hints.get(slot) ?? (await this.firstFree(model, slot));
    // Page n already there: another planner took it.
    while (!(await insertNew(model, [{ _id: pageId(slot, n), minute: slot, entries, createdAt: now }], { lean: false })).length) n += 1;
    if (hints.size > 2000) hints.clear();
    hints.set(slot, n + 1);
  }

  /** The first missing page of a slot: doubling, then bisection, over point reads. */
  private async firstFree(model: AgendaModel, slot: number): Promise<number> {
    const exists = async (n: number) => (await model.findById(pageId(slot, n)).select({ _id: 1 }).lean().exec()) !== null;
    if (!(await exists(0))) return 0;
    let lo = 0; // exists
    let hi = 1;
    while (await exists(hi)) {
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await exists(mid)) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /**
   * Moves every hour of `agenda_later` that is now within the horizon into `agenda`, and returns how
   * many entries moved. The reader (the sender-lease holder) calls it each tick; it reads nothing
   * until an hour comes near. Crash-safe: entries are filed before the cursor moves and the pages
   * go, so a crash files some twice, which the reader tells apart by the job's status.
   */
  async promote(now: Date): Promise<number> {
    const last = hourOf(now.getTime() + HORIZON_MS);
    let hour = this.laterHour;
    if (hour === undefined) {
      const c = await this.model.findById(CURSOR_ID).lean<AgendaPage>().exec();
      hour = c?.laterHour ?? hourOf(now);
    }
    if (hour > last + 2) hour = hourOf(now); // the clock went back (tests move it)
    let moved = 0;
    for (; hour <= last; hour++) {
      const pages: number[] = [];
      for (let n = 0; ; n++) {
        const p = await this.later.findById(pageId(hour, n)).lean<AgendaPage>().exec();
        if (!p) break;
        pages.push(n);
        if (p.entries?.length) {
          await this.file(p.entries.map((e) => ({ job: e.job, at: new Date(e.at) })), now, false);
          moved += p.entries.length;
        }
      }
      await this.model.updateOne({ _id: CURSOR_ID }, { $set: { laterHour: hour + 1 } }, { upsert: true }).exec();
      this.laterHour = hour + 1;
      for (const n of pages) await this.later.deleteOne({ _id: pageId(hour, n) }).exec();
    }
    this.laterHour = hour;
    return moved;
  }

  /** The reader's view of the first hour not yet moved in (forgotten when it stops reading). */
  private laterHour: number | undefined;

  forgetReader(): void {
    this.laterHour = undefined;
  }

  /** Page n of a minute, or null when there is none (yet). */
  async page(minute: number, n: number): Promise<AgendaEntry[] | null> {
    const p = await this.model.findById(pageId(minute, n)).lean<AgendaPage>().exec();
    return p ? (p.entries ?? []) : null;
  }

  /** Drops a minute's pages 0…count-1 (once the reader is done with that minute). */
  async dropPages(minute: number, count: number): Promise<void> {
    for (let n = 0; n < count; n++) await this.model.deleteOne({ _id: pageId(minute, n) }).exec();
  }

  async cursor(): Promise<number | undefined> {
    const c = await this.model.findById(CURSOR_ID).lean<AgendaPage>().exec();
    return c?.minute;
  }

  async setCursor(minute: number): Promise<void> {
    await this.model.updateOne({ _id: CURSOR_ID }, { $set: { minute } }, { upsert: true }).exec();
  }
}
