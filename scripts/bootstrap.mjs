#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies when missing or stale, and builds the
// local FerretDB (tools/ferretdb) when no MONGODB_URI is set and no mongod is on PATH. Plain Node,
// no dependencies, so it runs before `npm ci`. Used by `npm test`, `npm run demo` and `npm start`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);
const run = (cmd, args, opts = {}) => {
  const res = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (res.status !== 0) {
    log(`${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
    process.exit(1);
  }
};
const onPath = (name) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

// 1. npm dependencies
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!fs.existsSync(marker) || fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs) {
  log('installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}

// 2. a local database server, unless one is configured or installed
const envFile = path.join(root, '.env');
const envText = fs.existsSync(envFile) ? fs.readFileSync(envFile, 'utf8') : '';
const uriInDotenv = /^\s*MONGODB_URI\s*=\s*\S+/m.test(envText);
const needDb = !(process.env.MONGODB_URI || process.env.TEST_MONGODB_URI || uriInDotenv) && !onPath('mongod');
const ferret = path.join(root, '.tools', 'bin', 'ferretdb');
const ferretDir = path.join(root, 'tools', 'ferretdb');
const ferretSources = fs.readdirSync(ferretDir).filter((f) => /\.go$|^go\.(mod|sum)$/.test(f) && !f.endsWith('_test.go'));
const ferretStale = fs.existsSync(ferret) && ferretSources.some((f) => fs.statSync(path.join(ferretDir, f)).mtimeMs > fs.statSync(ferret).mtimeMs);
if (needDb && (!fs.existsSync(ferret) || ferretStale)) {
  if (!onPath('go')) {
    log('no MONGODB_URI, no mongod and no Go: install Go (https://go.dev/dl) or set MONGODB_URI.');
    process.exit(1);
  }
  log('building the local FerretDB database server (first run, or after tools/ferretdb changed; about 2 minutes)…');
  run('go', ['build', '-o', ferret, '.'], { cwd: ferretDir, env: { ...process.env, GOFLAGS: '-mod=mod' } });
  log(`built ${path.relative(root, ferret)}`);
}
