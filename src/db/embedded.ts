/**
 * A local MongoDB-compatible server for when no MONGODB_URI is given (the demo, the tests, a quick
 * try-out). In order of preference:
 *   1. `mongod` on PATH (a real MongoDB), data under <dataDir>/mongod;
 *   2. FerretDB 1.24 on SQLite (built from tools/ferretdb by scripts/bootstrap.mjs, or a `ferretdb`
 *      release binary on PATH), data under <dataDir>/ferretdb;
 *   3. mongodb-memory-server's mongod with a persistent dbPath (needs its binary download to work).
 * Data survives restarts because it lives under dataDir; pass a temporary dataDir for a throwaway one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger';
import { PROJECT_ROOT } from '../paths';

export type EmbeddedKind = 'mongod' | 'ferretdb' | 'mongodb-memory-server';

export interface EmbeddedDatabase {
  kind: EmbeddedKind;
  /** Base URI without a database name, e.g. mongodb://127.0.0.1:40123 */
  uri: string;
  stop(): Promise<void>;
}

export const LOCAL_FERRETDB = path.join(PROJECT_ROOT, '.tools', 'bin', 'ferretdb');

export function findOnPath(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`database process exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`database did not open port ${port} within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function spawnServer(
  kind: EmbeddedKind,
  command: string,
  args: string[],
  port: number,
  logger: Logger,
): Promise<EmbeddedDatabase> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // If our process dies without stop(), do not leave the database running.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  try {
    await waitForPort(port, child, 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${kind} did not start: ${(err as Error).message}\n${stderr}`);
  }
  logger.info({ kind, command, port }, 'embedded database started');
  return {
    kind,
    uri: `mongodb://127.0.0.1:${port}`,
    stop: async () => {
      process.removeListener('exit', onExit);
      await stopChild(child);
      logger.info({ kind }, 'embedded database stopped');
    },
  };
}

export interface EmbeddedOptions {
  dataDir: string;
  logger: Logger;
  /** PATH to search for mongod and ferretdb; main.ts passes process.env.PATH through config. */
  pathVar: string | undefined;
  port?: number;
}

export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  const port = opts.port ?? (await freePort());
  const { logger } = opts;

  const mongod = findOnPath('mongod', opts.pathVar);
  if (mongod) {
    const dbPath = path.join(dataDir, 'mongod');
    fs.mkdirSync(dbPath, { recursive: true });
    return spawnServer('mongod', mongod, ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'], port, logger);
  }

  const ferretDir = path.join(dataDir, 'ferretdb');
  if (fs.existsSync(LOCAL_FERRETDB)) {
    return spawnServer(
      'ferretdb',
      LOCAL_FERRETDB,
      [`--listen-addr=127.0.0.1:${port}`, `--sqlite-dir=${ferretDir}`, '--log-level=error'],
      port,
      logger,
    );
  }
  const ferretOnPath = findOnPath('ferretdb', opts.pathVar);
  if (ferretOnPath) {
    fs.mkdirSync(ferretDir, { recursive: true });
    return spawnServer(
      'ferretdb',
      ferretOnPath,
      ['--handler=sqlite', `--sqlite-url=file:${ferretDir}/`, `--listen-addr=127.0.0.1:${port}`, '--telemetry=disable', '--log-level=error'],
      port,
      logger,
    );
  }

  logger.warn('neither mongod nor ferretdb found; trying mongodb-memory-server (needs to download mongod)');
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = path.join(dataDir, 'memory-server');
  fs.mkdirSync(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({ instance: { dbPath, port, storageEngine: 'wiredTiger' } });
  logger.info({ kind: 'mongodb-memory-server', port }, 'embedded database started');
  return {
    kind: 'mongodb-memory-server',
    uri: server.getUri().replace(/\/$/, ''),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

/** Appends a database name to a base URI, keeping any query string. */
export function withDatabaseName(baseUri: string, dbName: string): string {
  const [head, query] = baseUri.split('?', 2) as [string, string | undefined];
  const withoutPath = head.replace(/^(mongodb(?:\+srv)?:\/\/[^/]+)(\/.*)?$/, '$1');
  return `${withoutPath}/${dbName}${query ? `?${query}` : ''}`;
}

/** The database name in a URI, if it has one. */
export function databaseNameOf(uri: string): string | undefined {
  const m = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return m?.[1] || undefined;
}
