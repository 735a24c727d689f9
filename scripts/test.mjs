#!/usr/bin/env node
// `npm test`: the whole suite once with TZ=UTC, then the unit tests (dates, recurrence, cards…)
// again under two more process time zones, one with DST (America/New_York) and one with a
// half-hour offset (Asia/Tehran), because code that accidentally uses the machine's zone passes
// under UTC alone. Ends with the line "N passed, N failed". Extra arguments go to every jest run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const jest = path.join('node_modules', 'jest', 'bin', 'jest.js');
const passes = [
  { tz: 'UTC', paths: [] },
  { tz: 'America/New_York', paths: ['test/unit'] },
  { tz: 'Asia/Tehran', paths: ['test/unit'] },
];
const only = args.filter((a) => !a.startsWith('-'));
let passed = 0;
let failed = 0;
let skipped = 0;
let exit = 0;
for (const pass of only.length ? passes.slice(0, 1) : passes) {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-')), 'report.json');
  process.stdout.write(`\n== jest with TZ=${pass.tz}${pass.paths.length ? ` (${pass.paths.join(' ')})` : ''}\n`);
  const res = spawnSync(process.execPath, [jest, '--json', `--outputFile=${report}`, ...args, ...pass.paths], {
    stdio: 'inherit',
    env: { ...process.env, TZ: pass.tz },
  });
  if (res.status !== 0) exit = res.status ?? 1;
  if (!fs.existsSync(report)) {
    failed += 1;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  // A suite that could not run (a syntax or set-up error) has no assertions: count it as one failure.
  const broken = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + broken;
  skipped += r.numPendingTests;
  if (r.numTotalTests === 0) {
    failed += 1;
    exit = exit || 1;
  }
}
// The embedded database's own Go code (tools/ferretdb: the _id pushdown index), when Go is here.
if (!only.length && spawnSync('go', ['version']).status === 0) {
  process.stdout.write('\n== go test (tools/ferretdb)\n');
  const res = spawnSync('go', ['test', '-count=1', '-json', './...'], { cwd: path.join('tools', 'ferretdb'), encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' } });
  const events = (res.stdout ?? '').split('\n').filter(Boolean).flatMap((l) => { try { return [JSON.parse(l)]; } catch { return []; } });
  const tests = events.filter((e) => e.Test && (e.Action === 'pass' || e.Action === 'fail'));
  for (const e of tests) process.stdout.write(`${e.Action === 'pass' ? 'ok  ' : 'FAIL'} ${e.Test}\n`);
  passed += tests.filter((e) => e.Action === 'pass').length;
  failed += tests.filter((e) => e.Action === 'fail').length;
  if (res.status !== 0) {
    process.stdout.write(res.stderr ?? '');
    if (!tests.some((e) => e.Action === 'fail')) failed += 1; // did not build
    exit = exit || 1;
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(exit);
