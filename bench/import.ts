/**
 * Import parsing costs (pure, no database): a 1,000-event iCalendar feed parsed in full, and what a
 * poll of a changed or unchanged copy of it costs next to that. Medians of repeated runs in this
 * process, after warm-up. The full "poll cost" (one conditional request for an unchanged feed,
 * writes for the 10 changed events) comes when polling lands with the application layer.
 */
import { createHash } from 'node:crypto';
import { diffImport } from '../src/import/changes';
import { parseICalendar } from '../src/import/ical';
import { NOW, bigFeed } from '../test/support/import-fixtures';

/** Median ms of each function, run alternately (so both see the same machine load and JIT state), after warm-up. */
function medians(fns: Array<() => void>, runs: number): number[] {
  for (let i = 0; i < 3; i += 1) for (const fn of fns) fn();
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i += 1) {
    fns.forEach((fn, j) => {
      const t = process.hrtime.bigint();
      fn();
      times[j]!.push(Number(process.hrtime.bigint() - t) / 1e6);
    });
  }
  return times.map((ts) => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]!);
}

export function importCost(quick: boolean): Record<string, number> {
  const n = 1000;
  const runs = quick ? 7 : 21;
  const opts = { now: NOW, defaultZone: 'UTC', horizonDays: 3650 };
  const v1 = bigFeed(n);
  const v2 = bigFeed(n, 10);
  const stored = new Map(parseICalendar(v1, opts).events.map((e) => [e.sourceUid, e.hash]));
  const parsedV2 = parseICalendar(v2, opts).events;
  const changed = diffImport(stored, parsedV2).changed.length;
  if (changed !== 10) throw new Error(`expected 10 changed, found ${changed}`);
  // An unchanged body (a server without ETag/Last-Modified): its sha256 equals the last one, no parse.
  const body = Buffer.from(v1);
  const [parseMs, diffMs, changedPollMs, bodyHashMs] = medians(
    [
      () => parseICalendar(v1, opts),
      () => diffImport(stored, parsedV2),
      () => diffImport(stored, parseICalendar(v2, opts).events),
      () => createHash('sha256').update(body).digest('hex'),
    ],
    runs,
  ) as [number, number, number, number];
  const r = (x: number) => Number(x.toFixed(3));
  return {
    events: n,
    parse_ms: r(parseMs),
    diff_only_ms: r(diffMs),
    changed_10_poll_ratio: r(changedPollMs / parseMs),
    unchanged_body_hash_ratio: r(bodyHashMs / parseMs),
  };
}
