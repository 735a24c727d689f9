import type { Model } from 'mongoose';

/**
 * Inserts documents some of which may already be there (a re-run, a racing writer, a retried batch):
 * an unordered insertMany whose duplicate-key failures are left out. Returns the documents that
 * landed, in order. Any other error is thrown, errors are read by their code (11000), never by their
 * text. `lean` (the default) skips mongoose's casting and defaults, for documents built complete.
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
  if (!list.length) return e.code === 11000 && count === 1 ? new Set([0]) : undefined;
  if (list.some((w) => (w.code ?? w.err?.code) !== 11000)) return undefined;
  return new Set(list.map((w) => w.index ?? w.err?.index ?? -1));
}
