/**
 * Each test file gets a database of its own on the shared test server, dropped afterwards, so
 * files can run in parallel without seeing each other's data.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { connectDatabase } from '../../src/db/connect';
import { freePort, startEmbeddedDatabase, withDatabaseName } from '../../src/db/embedded';
import { createDal, type Dal } from '../../src/dal';

export function testDatabaseUri(label = 'test'): string {
  const base = process.env.TEST_MONGODB_BASE_URI;
  if (!base) throw new Error('TEST_MONGODB_BASE_URI is not set: run the tests through jest (globalSetup starts the database)');
  const name = `${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${crypto.randomBytes(4).toString('hex')}`;
  return withDatabaseName(base, name);
}

export interface TestDb {
  uri: string;
  conn: Connection;
  dal: Dal;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** `seed` writes documents before the indexes are built, as start-up meets a database already there. */
export async function openTestDb(label?: string, seed?: (conn: Connection) => Promise<void>): Promise<TestDb> {
  const uri = testDatabaseUri(label);
  const conn = await connectDatabase(uri, { logger: pino({ level: 'silent' }), initialDelayMs: 200 });
  if (seed) await seed(conn);
  const dal = createDal(conn);
  await dal.ensureIndexes();
  return {
    uri,
    conn,
    dal,
    drop: async () => {
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

/**
 * A database server of this test's own (not the shared one), so the test can stop it to cause a
 * real outage and start it again on the same port and files.
 */
export async function startPrivateDatabase(): Promise<{
  baseUri: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  destroy(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-bot-private-db-'));
  const port = await freePort();
  const logger = pino({ level: 'silent' });
  let server: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined = await startEmbeddedDatabase({
    dataDir: dir,
    logger,
    pathVar: process.env.PATH,
    port,
  });
  const baseUri = server.uri;
  return {
    baseUri,
    stop: async () => {
      await server?.stop();
      server = undefined;
    },
    restart: async () => {
      server = await startEmbeddedDatabase({ dataDir: dir, logger, pathVar: process.env.PATH, port });
    },
    destroy: async () => {
      await server?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
