import mongoose, { type Model } from 'mongoose';

/**
 * Whether an error means the database cannot be reached now (network, server selection, a closed
 * client), as opposed to a failed operation: by the driver's error types, never by text.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const mongo = mongoose.mongo;
  return (
    err instanceof mongo.MongoNetworkError ||
    err instanceof mongo.MongoServerSelectionError ||
    err instanceof mongo.MongoNotConnectedError ||
    err instanceof mongo.MongoTopologyClosedError ||
    (err instanceof Error && err.name === 'MongooseServerSelectionError')
  );
}

/** MongoDB's (and FerretDB's) duplicate-key error code: a unique index refused a write. */
const DUPLICATE_KEY = 11000;

/**
 * Whether a write failed only because a unique index already holds its key: the one check every
 * "exactly once" decision in the DAL makes (a claim taken, an upsert that lost a race, a caller-chosen
 * `_id` used twice). Read by the error's code, never by its text.
 */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * Inserts documents some of which may already be there (a re-run, a racing writer, a retried batch):
 * an unordered insertMany whose duplicate-key failures are left out. Returns the documents that
 * landed, in order. Any other error is thrown; errors are read by their code (`isDuplicateKey`), never
 * by their text. `lean` (the default) skips mongoose's casting and defaults, for documents built complete.
 */
export async function insertNew<T, D extends Partial<T>>(model: Model<T>, docs: D[], opts: { lean?: boolean } = {}): Promise<D[]> {
  if (!docs.length) return docs;
  try {
    await model.insertMany(docs, { ordered: false, lean: opts.lean ?? true });
    return docs;
  } catch (err) {
    const failed = duplicateIndexes(err, docs.length);
    if (!failed) throw err;
    return docs.filter((_, i) => !failed.has(i));
  }
}

/**
 * Which documents an insertMany rejected as duplicates; undefined when the error is anything else,
 * or does not say which (a lone duplicate-key error can only be the one document's).
 */
function duplicateIndexes(err: unknown, count: number): Set<number> | undefined {
  const e = err as { code?: number; writeErrors?: Array<{ index?: number; code?: number; err?: { index?: number; code?: number } }> };
  const list = e.writeErrors ?? [];
  if (!list.length) return isDuplicateKey(e) && count === 1 ? new Set([0]) : undefined;
  if (list.some((w) => (w.code ?? w.err?.code) !== DUPLICATE_KEY)) return undefined;
  return new Set(list.map((w) => w.index ?? w.err?.index ?? -1));
}
