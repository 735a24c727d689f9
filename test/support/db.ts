/**
 * Each test file gets a database of its own on the shared test server, dropped afterwards, so
 * files can run in parallel without seeing each other's data.
 */
import crypto from 'node:crypto';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { connectDatabase } from '../../src/db/connect';
import { withDatabaseName } from '../../src/db/embedded';
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

export async function openTestDb(label?: string): Promise<TestDb> {
  const uri = testDatabaseUri(label);
  const conn = await connectDatabase(uri, { logger: pino({ level: 'silent' }), initialDelayMs: 200 });
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
