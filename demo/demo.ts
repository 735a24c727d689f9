/**
 * `npm run demo`: no token, no database needed. Starts a throwaway database and the built-in fake
 * Telegram, runs the real bot against them, plays the scripted scenes and prints the transcript.
 * The bot's web calendar is served on a free local port (printed at the start); `npm run demo --
 * --stay` keeps it, with the demo's events, until Ctrl+C, to look at in a browser.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { freePort, startEmbeddedDatabase } from '../src/db/embedded';
import { connectDatabase } from '../src/db/connect';
import { createDal } from '../src/dal';
import { createI18n } from '../src/i18n/i18n';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { FakeTelegram } from '../test/support/fake-telegram/server';
import { ADMIN, ALICE, REZA } from '../test/support/harness';
import { formatActivity, type DemoContext } from './framework';
import { scenes } from './scenes';

const out = (text: string) => process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  const stay = process.argv.includes('--stay');
  const quietLogger = pino({ level: process.env.DEMO_LOG_LEVEL ?? 'silent' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-bot-demo-'));
  out('Community Events Bot — demo');
  out('Runs the real bot against a built-in fake Telegram and a throwaway database. Nothing leaves this machine.');
  const embedded = process.env.MONGODB_URI
    ? undefined
    : await startEmbeddedDatabase({ dataDir: dir, logger: quietLogger, pathVar: process.env.PATH });
  const uri = process.env.MONGODB_URI ?? `${embedded!.uri}/events_demo`;
  const fake = await FakeTelegram.start({ latencyMs: 5 });
  const loaded = loadConfig({
    BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    BOT_ADMINS: String(ADMIN.id),
    DEFAULT_LOCALE: 'en',
    DEFAULT_TIMEZONE: 'Asia/Tehran',
    LOG_LEVEL: process.env.DEMO_LOG_LEVEL ?? 'silent',
    TICK_SECONDS: '1',
    // The feeds scene serves its calendar from this machine.
    IMPORT_ALLOW_PRIVATE_ADDRESSES: 'true',
    // Long polling and no PUBLIC_URL: the web calendar answers at http://localhost:<PORT>.
    PORT: process.env.DEMO_PORT ?? String(await freePort()),
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const conn = await connectDatabase(uri, { logger: quietLogger });
  const dal = createDal(conn);
  await dal.ensureIndexes();
  const app = createApp({ config: loaded.config, dal, i18n: await createI18n(), logger: quietLogger, now: () => new Date() }, { serveHttp: true });
  await app.start();
  out(`(database: ${embedded?.kind ?? 'MONGODB_URI'}; fake Telegram at ${fake.apiRoot})`);
  out(`Web calendar: ${app.webUrl ?? 'not served'}${stay ? '' : ' (while the demo runs; `npm run demo -- --stay` keeps it open)'}`);

  const unsubscribe = fake.onActivity((a) => out(formatActivity(a)));
  const d: DemoContext = {
    fake,
    app,
    db: { uri, conn, dal, drop: async () => undefined },
    users: { ADMIN, ALICE, REZA },
    say: (user, text, chat) => fake.say(user, text, chat),
    press: (user, message, label) => fake.press(user, message, label),
    note: (text) => out(`\n— ${text}`),
  };
  let failed = false;
  try {
    for (const [i, scene] of scenes.entries()) {
      out(`\n${'═'.repeat(72)}\nScene ${i + 1}: ${scene.title}\n${'═'.repeat(72)}`);
      await scene.run(d);
    }
  } catch (err) {
    failed = true;
    out(`\nThe demo stopped: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    unsubscribe();
    if (stay && !failed && app.webUrl) {
      out(`\nThe web calendar stays at ${app.webUrl} with the demo's events. Press Ctrl+C to stop.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
    await app.stop('demo finished');
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await fake.stop();
    await embedded?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  out(failed ? '\nDemo failed.' : '\nDemo finished.');
  process.exit(failed ? 1 : 0);
}

void main();
