/**
 * The composition root and the only place that starts things: reads the environment (and .env)
 * once, opens the database (embedded when MONGODB_URI is empty), starts the app, and shuts it all
 * down in order on SIGINT/SIGTERM.
 */
import dotenv from 'dotenv';
import { formatConfigProblems, loadConfig } from './config';
import { createLogger } from './logger';
import { startEmbeddedDatabase, withDatabaseName, databaseNameOf, type EmbeddedDatabase } from './db/embedded';
import { connectDatabase } from './db/connect';
import { createDal } from './dal';
import { createI18n } from './i18n/i18n';
import { createApp, InvalidTokenError, type App } from './app';

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.problems)}\n`);
    return 1;
  }
  const { config } = loaded;
  const logger = createLogger(config.logLevel);

  const startup = new AbortController();
  let app: App | undefined;
  let embedded: EmbeddedDatabase | undefined;
  let closeDb: (() => Promise<void>) | undefined;
  let stopping: Promise<void> | undefined;

  const shutdown = (signal: string) => {
    stopping ??= (async () => {
      logger.info({ signal }, 'shutting down');
      startup.abort();
      await app?.stop(signal);
      await closeDb?.();
      await embedded?.stop();
      logger.info('stopped');
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void shutdown(signal).then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let uri = config.mongodbUri;
  if (!uri) {
    embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, logger, pathVar: process.env.PATH });
    uri = withDatabaseName(embedded.uri, 'events_bot');
    logger.info({ kind: embedded.kind, dataDir: config.dataDir }, 'MONGODB_URI is empty: using the embedded local database');
  } else if (!databaseNameOf(uri)) {
    uri = withDatabaseName(uri, 'events_bot');
  }

  const conn = await connectDatabase(uri, { logger, signal: startup.signal });
  closeDb = () => conn.close();
  const dal = createDal(conn);
  await dal.ensureIndexes();
  logger.info('indexes ready');

  app = createApp({ config, dal, i18n: await createI18n(), logger, now: () => new Date() });
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
  logger.info('bot is running; press Ctrl+C to stop');
  return -1; // keep running until a signal arrives
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`The bot stopped on an unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
