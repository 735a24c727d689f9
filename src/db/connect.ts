import { setTimeout as sleep } from 'node:timers/promises';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logger';

export interface ConnectOptions {
  logger: Logger;
  /** Stop retrying when aborted (shutdown during start-up, or the start-up grace is over). */
  signal?: AbortSignal;
  /** First retry delay; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  serverSelectionTimeoutMS?: number;
}

/**
 * Opens a mongoose connection of its own (not the global one, so several bot instances can live
 * in one process in tests), retrying with back-off and one clear log line per failed attempt while
 * the database is unreachable. After the first success the driver reconnects by itself; the
 * connection's events are logged so an outage shows in the logs.
 */
export async function connectDatabase(uri: string, opts: ConnectOptions): Promise<Connection> {
  const { logger } = opts;
  let delay = opts.initialDelayMs ?? 1000;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new Error('aborted while connecting to the database');
    const conn = mongoose.createConnection(uri, {
      serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5000,
      autoIndex: false,
      autoCreate: false,
    });
    try {
      await conn.asPromise();
      conn.on('disconnected', () => logger.warn('database connection lost; the driver keeps retrying'));
      conn.on('reconnected', () => logger.info('database connection restored'));
      logger.info({ host: conn.host, port: conn.port, db: conn.name }, 'connected to the database');
      return conn;
    } catch (err) {
      await conn.close().catch(() => undefined);
      logger.warn(
        { attempt, retryInMs: delay, reason: (err as Error).message },
        'database unreachable, retrying',
      );
      await sleep(delay, undefined, opts.signal ? { signal: opts.signal } : {}).catch(() => undefined);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
