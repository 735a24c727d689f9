/**
 * The composition root and the only place that starts things: reads the environment (and .env)
 * once, opens the database (embedded when MONGODB_URI is empty), starts the app, and shuts it all
 * down in order on SIGINT/SIGTERM.
 *
 * It also holds the process policy (README, "Failure policy"):
 *  - contained (logged with the stack, the process keeps serving): an error in one update (bot.catch),
 *    one HTTP request (Fastify answers 500), one delivery job or tick (the engine), and a promise
 *    rejection nothing awaited (`unhandledRejection`);
 *  - fatal (shut down in order, exit 1, the platform restarts the process): long polling ended by
 *    itself (409 Conflict, 401 Unauthorized, …), the database unreachable past
 *    DATABASE_GRACE_SECONDS, and an `uncaughtException` (after a synchronous throw unwound
 *    through unknown code, Node's own guidance is that the process state cannot be trusted).
 */
import dotenv from 'dotenv';
import { formatConfigProblems, loadConfig } from './config';
import { createLogger, type Logger } from './logger';
import { startEmbeddedDatabase, withDatabaseName, databaseNameOf, type EmbeddedDatabase } from './db/embedded';
import { connectDatabase } from './db/connect';
import { DatabaseWatch, pingIntervalFor } from './db/watch';
import { createDal } from './dal';
import { createI18n } from './i18n/i18n';
import { createApp, InvalidTokenError, type App } from './app';

/** A shutdown that has not finished by then (a database that does not answer) is cut short. */
const SHUTDOWN_DEADLINE_MS = 20_000;

/** Until the config (and so the log level) is known, process-level errors go to stderr. */
let logger: Logger | undefined;
let fail: ((reason: string) => void) | undefined;

process.on('uncaughtException', (err, origin) => {
  if (logger) logger.fatal({ err, origin }, 'uncaught exception; shutting down so that the process is restarted');
  else process.stderr.write(`Uncaught exception: ${err.stack ?? String(err)}\n`);
  if (fail) fail('uncaught exception');
  else process.exit(1);
});
process.on('unhandledRejection', (reason) => {
  // A promise nobody awaited failed: a bug to fix, but only that one operation is lost.
  if (logger) logger.error({ err: reason }, 'unhandled promise rejection (contained)');
  else process.stderr.write(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
});

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.problems)}\n`);
    return 1;
  }
  const { config } = loaded;
  const log = createLogger(config.logLevel);
  logger = log;

  const startup = new AbortController();
  let app: App | undefined;
  let watch: DatabaseWatch | undefined;
  let embedded: EmbeddedDatabase | undefined;
  let closeDb: (() => Promise<void>) | undefined;
  let stopping: Promise<void> | undefined;

  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      startup.abort();
      watch?.stop();
      await app?.stop(reason);
      await closeDb?.();
      await embedded?.stop();
      log.info('stopped');
    })();
    return stopping;
  };
  /** Shuts down in order (or gives up after the deadline), then exits with `code`. */
  const exitAfterShutdown = (reason: string, code: number) => {
    setTimeout(() => {
      log.error({ reason, deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting anyway');
      process.exit(code);
    }, SHUTDOWN_DEADLINE_MS).unref();
    void shutdown(reason).then(
      () => process.exit(code),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(code);
      },
    );
  };
  fail = (reason) => exitAfterShutdown(reason, 1);
  const onSignal = (signal: NodeJS.Signals) => exitAfterShutdown(signal, 0);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let uri = config.mongodbUri;
  if (!uri) {
    embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, logger: log, pathVar: process.env.PATH });
    uri = withDatabaseName(embedded.uri, 'events_bot');
    log.info({ kind: embedded.kind, dataDir: config.dataDir }, 'MONGODB_URI is empty: using the embedded local database');
  } else if (!databaseNameOf(uri)) {
    uri = withDatabaseName(uri, 'events_bot');
  }

  // At start-up the same grace applies: retrying for ever would leave a process that looks alive.
  const connectDeadline = AbortSignal.timeout(config.databaseGraceMs);
  let conn;
  try {
    conn = await connectDatabase(uri, {
      logger: log,
      signal: AbortSignal.any([startup.signal, connectDeadline]),
      serverSelectionTimeoutMS: Math.min(5000, config.databaseGraceMs),
    });
  } catch (err) {
    if (!connectDeadline.aborted) throw err;
    log.fatal({ graceSeconds: config.databaseGraceMs / 1000 }, 'database unreachable at start-up past DATABASE_GRACE_SECONDS; exiting');
    await embedded?.stop();
    return 1;
  }
  const db = conn;
  closeDb = () => db.close();
  const dal = createDal(db);
  await dal.ensureIndexes();
  await dal.retention.prepare(config.retention);
  log.info('indexes ready');

  watch = new DatabaseWatch({
    ping: async () => {
      if (!db.db) throw new Error('no database handle');
      await db.db.command({ ping: 1 });
    },
    graceMs: config.databaseGraceMs,
    intervalMs: pingIntervalFor(config.databaseGraceMs),
    now: () => Date.now(),
    logger: log,
    onGone: (unreachableForMs) => {
      log.fatal(
        { unreachableForMs, graceSeconds: config.databaseGraceMs / 1000 },
        'database unreachable past DATABASE_GRACE_SECONDS; exiting so that the process is restarted',
      );
      fail?.('database unreachable');
    },
  });
  watch.start();

  const dbWatch = watch;
  app = createApp(
    { config, dal, i18n: await createI18n(), logger: log, now: () => new Date() },
    {
      serveHttp: true,
      databaseStatus: () => dbWatch.status(),
      onFatal: (failure, err) => {
        log.fatal({ err, code: failure.code, kind: failure.kind }, failure.message);
        fail?.(`polling stopped (${failure.kind})`);
      },
    },
  );
  try {
    await app.start();
  } catch (err) {
    if (err instanceof InvalidTokenError) {
      process.stderr.write(
        'The bot cannot start: Telegram rejected BOT_TOKEN (401 Unauthorized).\n' +
          '  Check the token in .env: @BotFather shows it again with /mybots → your bot → API Token,\n' +
          '  and /revoke there issues a new one if it leaked.\n',
      );
      await shutdown('invalid token');
      return 1;
    }
    throw err;
  }
  log.info('bot is running; press Ctrl+C to stop');
  return -1; // keep running until a signal arrives or something fatal happens
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    logger?.fatal({ err }, 'start-up failed');
    process.stderr.write(`The bot stopped on an unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (fail) fail('start-up failed');
    else process.exit(1);
  },
);
