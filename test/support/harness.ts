/**
 * Runs the real application (telegraf, mongoose, the real database) against the fake Bot API, the
 * way main.ts runs it against Telegram. Tests talk to it as users would: fake.say(), fake.press().
 */
import type pino from 'pino';
import { createLogger } from '../../src/logger';
import { loadConfig, type Config } from '../../src/config';
import { createApp, type App, type AppOptions } from '../../src/app';
import { createI18n } from '../../src/i18n/i18n';
import { FakeTelegram, type FakeTelegramOptions, type FakeUser } from './fake-telegram/server';
import { openTestDb, type TestDb } from './db';
import { scaledClock } from '../../src/delivery/rate';
import { runUntilIdle } from './delivery-driver';

export const ADMIN: FakeUser = { id: 1000, first_name: 'Ada', username: 'ada_admin', language_code: 'en' };
export const ALICE: FakeUser = { id: 2001, first_name: 'Alice', username: 'alice', language_code: 'en' };
export const REZA: FakeUser = { id: 2002, first_name: 'رضا', username: 'reza', language_code: 'fa' };
export const MALLORY: FakeUser = { id: 6666, first_name: 'Mallory <b>', username: 'mallory', language_code: 'en' };

export interface Harness {
  fake: FakeTelegram;
  db: TestDb;
  app: App;
  config: Config;
  /** Runs the delivery engine until idle (test/support/delivery-driver.ts), on the harness's clock. */
  runUntilIdle(timeoutMs?: number, opts?: { retries?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  fake?: FakeTelegramOptions;
  now?: () => Date;
  /** Use an existing fake server (e.g. two instances against one Telegram). */
  sharedFake?: FakeTelegram;
  /** Use an existing database (e.g. a restart, or two instances). */
  sharedDb?: TestDb;
  /** Where the app's log lines go (at LOG_LEVEL, as in production); none unless given. */
  logs?: pino.DestinationStream;
  /**
   * How many times faster than real time Telegram's limits run (the fake's and the bot's pacer share
   * one clock, so every limit holds exactly, only in fast motion). Default 10.
   */
  limitSpeed?: number;
  /** How imports resolve names and which addresses they may reach (a local site under public-looking names). */
  importNetwork?: AppOptions['importNetwork'];
}

export const DEFAULT_LIMIT_SPEED = 10;

export function testConfig(fake: FakeTelegram, env: Record<string, string> = {}): Config {
  const res = loadConfig({
    BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    BOT_ADMINS: String(ADMIN.id),
    DEFAULT_LOCALE: 'en',
    DEFAULT_TIMEZONE: 'Asia/Tehran',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  if (!res.ok) throw new Error(res.problems.join('\n'));
  return res.config;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = opts.sharedFake ?? (await FakeTelegram.start({ clock: scaledClock(opts.limitSpeed ?? DEFAULT_LIMIT_SPEED), ...opts.fake }));
  const db = opts.sharedDb ?? (await openTestDb(expect.getState().testPath?.split('/').pop() ?? 'test'));
  const config = testConfig(fake, opts.env);
  const logger = createLogger(opts.logs ? 'debug' : config.logLevel, opts.logs);
  const now = opts.now ?? (() => new Date());
  const app = createApp({ config, dal: db.dal, i18n: await createI18n(), logger, now }, { paceClock: fake.clock, ...(opts.importNetwork ? { importNetwork: opts.importNetwork } : {}) });
  await app.start();
  return {
    fake,
    db,
    app,
    config,
    runUntilIdle: (timeoutMs, idle) => runUntilIdle(app.engine, db.dal, now, { ...idle, ...(timeoutMs !== undefined ? { timeoutMs } : {}) }),
    stop: async () => {
      await app.stop();
      if (!opts.sharedDb) await db.drop();
      if (!opts.sharedFake) await fake.stop();
    },
  };
}
