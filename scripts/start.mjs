#!/usr/bin/env node
// `npm start`: runs the bot (src/main.ts) when a BOT_TOKEN is configured, in the environment or in
// .env. Without one there is nothing to connect to, so it runs the local demo instead: the real bot
// against the built-in fake Telegram and a throwaway database, playing its scenes and then staying up
// with the web calendar open until Ctrl+C. Production runs dist/src/main.js (the Procfile) and never
// comes here; src/main.ts itself still refuses to start without a token, saying how to get one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const envFile = path.join(root, '.env');
const fromFile = fs.existsSync(envFile) ? dotenv.parse(fs.readFileSync(envFile)) : {};
const token = (process.env.BOT_TOKEN ?? fromFile.BOT_TOKEN ?? '').trim();

const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const [args, note] = token
  ? [['src/main.ts'], undefined]
  : [['demo/demo.ts', '--stay'], 'No BOT_TOKEN is set (environment or .env), so this is the local demo: the real bot against a built-in fake Telegram and a throwaway database. Put a token from @BotFather in .env to run the bot for real.'];
if (note) process.stderr.write(`${note}\n\n`);

const child = spawn(tsx, [...args, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: token ? { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=192`.trim() } : process.env,
});
// Ctrl+C reaches the child from the terminal; a SIGTERM sent to this process alone is passed on.
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
