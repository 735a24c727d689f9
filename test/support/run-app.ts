/**
 * Runs the app as its own process for tests that kill it (SIGKILL mid-broadcast) or stop it
 * (SIGTERM): settings from the environment (BOT_TOKEN, TELEGRAM_API_ROOT, MONGODB_URI, ...), the
 * database given by MONGODB_URI. Prints "ready" when taking updates; exits 0 after a graceful stop.
 */
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { connectDatabase } from '../../src/db/connect';
import { createDal } from '../../src/dal';
import { createI18n } from '../../src/i18n/i18n';
import { createApp } from '../../src/app';

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const { config } = loaded;
  const logger = pino({ level: config.logLevel });
  const conn = await connectDatabase(config.mongodbUri ?? '', { logger });
  const dal = createDal(conn);
  await dal.ensureIndexes();
  const app = createApp({ config, dal, i18n: await createI18n(), logger, now: () => new Date() });
  await app.start();
  process.stdout.write('ready\n');
  const stop = async () => {
    await app.stop('SIGTERM');
    await conn.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`run-app failed: ${String(err)}\n`);
  process.exit(1);
});
