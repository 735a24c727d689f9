/**
 * Starts one throwaway database for the whole test run, unless TEST_MONGODB_URI or MONGODB_URI is
 * given. Each test file then uses its own database on it (see test/support/db.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';

declare global {
  // eslint-disable-next-line no-var
  var __TEST_DB__: { db: EmbeddedDatabase; dir: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const given = process.env.TEST_MONGODB_URI ?? process.env.MONGODB_URI;
  if (given) {
    process.env.TEST_MONGODB_BASE_URI = given;
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-bot-test-db-'));
  const db = await startEmbeddedDatabase({ dataDir: dir, logger: pino({ level: 'warn' }), pathVar: process.env.PATH });
  globalThis.__TEST_DB__ = { db, dir };
  process.env.TEST_MONGODB_BASE_URI = db.uri;
  process.env.TEST_DB_KIND = db.kind;
}
