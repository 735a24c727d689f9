/** Reading MongoDB write errors by their codes (11000: duplicate key), never by their text. */

/** Indexes of the documents an unordered insertMany could not insert. */
export function failedIndexes(err: unknown): Set<number> {
  const e = err as { writeErrors?: Array<{ index?: number; err?: { index?: number } }> };
  return new Set((e.writeErrors ?? []).map((w) => w.index ?? w.err?.index ?? -1));
}

/** True when every error of a write is a duplicate key (what a re-run or a racing writer causes). */
export function isDuplicateKeyOnly(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number; err?: { code?: number } }> };
  if (e.code === 11000 && !e.writeErrors) return true;
  const list = e.writeErrors ?? [];
  return list.length > 0 && list.every((w) => (w.code ?? w.err?.code) === 11000);
}
