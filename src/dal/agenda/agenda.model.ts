import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The jobs' timetable, read by `_id` only. A page lists jobs coming due in one UTC minute; pages of a
 * minute are numbered 0, 1, 2… with no gaps ("<minute>#<n>"), so the tick finds a minute's new work by
 * reading the next page number until one is missing: point reads, whatever the number of jobs planned
 * for later. (FerretDB on SQLite serves a filter from an index only when it is exactly `{_id}`; the
 * `{status, dueAt}` index on `jobs` serves the same question on MongoDB, where the reconciliation
 * sweep uses it.) Pages are written once and never updated, so concurrent planners cannot lose one
 * another's entries: two writers racing for page n are told apart by the unique `_id`.
 *
 * The document `_id: "cursor"` holds the minute before which every page has been dealt with, and the
 * first hour of `agenda_later` not yet moved in.
 */
export interface AgendaEntry {
  /** The job's `_id` (its key). */
  job: string;
  at: Date;
}

export interface AgendaPage {
  _id: string;
  minute?: number;
  /** On the cursor: the first hour of `agenda_later` not yet moved into `agenda`. */
  laterHour?: number;
  entries?: AgendaEntry[];
  createdAt?: Date;
}

const schema = new Schema<AgendaPage>(
  {
    _id: { type: String, required: true },
    minute: Number,
    laterHour: Number,
    entries: { type: [new Schema<AgendaEntry>({ job: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false })], default: undefined },
    createdAt: Date,
  },
  { versionKey: false },
);
// No secondary index: every read and delete is by `_id`.

export type AgendaModel = Model<AgendaPage>;
export const agendaModel = (conn: Connection): AgendaModel => conn.model<AgendaPage>('AgendaPage', schema, 'agenda');

/**
 * Work due beyond the horizon, in hour pages ("<hour>#<n>"), moved into `agenda` about an hour before
 * it falls due, so the tick's collection holds only the next hour or two of work, however much is
 * planned for later. With the embedded server a lookup by `_id` is an index seek whatever the table's
 * size (tools/ferretdb/idindex.go adds the index FerretDB's pushdown needs); on a FerretDB 1.x server
 * without that index (a `MONGODB_URI` to upstream FerretDB) each lookup by `_id` reads through the
 * whole table, and there the split is what keeps the tick's reads small.
 */
export const agendaLaterModel = (conn: Connection): AgendaModel => conn.model<AgendaPage>('AgendaLaterPage', schema, 'agenda_later');
