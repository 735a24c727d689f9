/**
 * A count of the writes this process made to the collections the public calendar reads (events and
 * categories), so a reader can keep its answers until something changes instead of asking the
 * database on every page view. It is counted by mongoose middleware on the schemas themselves, so no
 * write path can forget it: repositories, the engine and tests' raw model writes alike. Failed writes
 * count too (an unordered insertMany can fail half-way). Writes made by another process are not
 * seen here; readers bound how long they trust an answer (src/application/calendar.ts).
 *
 * One count for the process, not per connection: a second database in the same process (tests) only
 * makes a reader forget more often, never keep a stale answer.
 */
import type { CallbackWithoutResultAndOptionalError, MongooseQueryMiddleware, Schema } from 'mongoose';

let writes = 0;

/** How many writes to the watched collections this process has made so far. */
export function calendarWriteCount(): number {
  return writes;
}

const QUERY_WRITES: MongooseQueryMiddleware[] = ['updateOne', 'updateMany', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'deleteOne', 'deleteMany', 'replaceOne'];

/** Counts every write made through the models compiled from `schema`, after it lands or fails. */
export function countCalendarWrites(schema: Schema): void {
  const count = () => {
    writes += 1;
  };
  const countFailure = (err: Error, _res: unknown, next: CallbackWithoutResultAndOptionalError) => {
    count();
    next(err);
  };
  schema.post(QUERY_WRITES, count);
  schema.post(QUERY_WRITES, { errorHandler: true }, countFailure);
  schema.post('save', count);
  schema.post('save', { errorHandler: true }, countFailure);
  schema.post('insertMany', count);
  schema.post('insertMany', { errorHandler: true }, countFailure);
}
