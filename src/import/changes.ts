/**
 * What changed between two imports of the same source, by `sourceUid` and content hash: the
 * application layer creates the new, updates the changed, and cancels the removed (entries that
 * left the source, or left the window). Unchanged entries need no write at all.
 */
import type { ImportedEvent } from './model';

export interface ImportChanges {
  created: ImportedEvent[];
  changed: ImportedEvent[];
  unchanged: number;
  /** sourceUids that were there last time and are not now. */
  removed: string[];
}

/** `previous`: sourceUid → hash, as stored after the last import. */
export function diffImport(previous: ReadonlyMap<string, string>, current: readonly ImportedEvent[]): ImportChanges {
  const out: ImportChanges = { created: [], changed: [], unchanged: 0, removed: [] };
  const seen = new Set<string>();
  for (const e of current) {
    if (seen.has(e.sourceUid)) continue; // a source that repeats an entry: the first one counts
    seen.add(e.sourceUid);
    const before = previous.get(e.sourceUid);
    if (before === undefined) out.created.push(e);
    else if (before !== e.hash) out.changed.push(e);
    else out.unchanged += 1;
  }
  for (const uid of previous.keys()) if (!seen.has(uid)) out.removed.push(uid);
  return out;
}
