/**
 * `npm run demo` (and `npm start` without a token) plays every scene to the end: the demo is the
 * first thing someone runs, so a scene that no longer works fails here, not in front of them. Each
 * scene throws when what it shows does not happen (no preview after an import, a feed never polled…).
 * It runs as its own process, as a person runs it, on the tests' database.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { withDatabaseName } from '../../src/db/embedded';
import { scenes } from '../../demo/scenes';

const ROOT = path.resolve(__dirname, '../..');

it('plays every scene and finishes', async () => {
  const base = process.env.TEST_MONGODB_BASE_URI;
  if (!base) throw new Error('TEST_MONGODB_BASE_URI is set by the global setup');
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/demo.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MONGODB_URI: withDatabaseName(base, `demo_test_${Date.now()}`) },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const played = out.match(/^Scene \d+: .*$/gm) ?? [];
  expect({ code, stopped: /The demo stopped: .*/.exec(out)?.[0] }).toEqual({ code: 0, stopped: undefined });
  expect(played.map((line) => line.replace(/^Scene \d+: /, ''))).toEqual(scenes.map((s) => s.title));
  expect(out).toContain('Demo finished.');
  expect(out).toMatch(/Web calendar: http:\/\/localhost:\d+\//);
}, 300_000);
