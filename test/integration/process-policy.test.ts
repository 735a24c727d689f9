/**
 * The process policy of `src/main.ts`, in a real child process: when the process can no longer
 * do its job (long polling ended by Telegram, the database gone past its grace) it says why in
 * one fatal log line, shuts down in order and exits non-zero, so the platform restarts it.
 */
import path from 'node:path';
import { FakeTelegram } from '../support/fake-telegram/server';
import { TelegramErrors } from '../support/fake-telegram/errors';
import { startPrivateDatabase, testDatabaseUri } from '../support/db';
import { startMain } from '../support/main-process';
import { freePort, withDatabaseName } from '../../src/db/embedded';

jest.setTimeout(60_000);

const FATAL = 60;
const ERROR = 50;


/** The shutdown's own lines, in order: both, once each, or what went wrong instead (a deadline, a failure). */
const shutdownLines = (msgs: string[]) => msgs.filter((m) => m === 'shutting down' || m === 'stopped' || m.startsWith('shutdown '));

describe('the process policy', () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await FakeTelegram.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  async function pollingStopsWith(error: ReturnType<typeof TelegramErrors.conflictPolling>) {
    fake.failNext('getUpdates', error);
    const main = startMain({
      BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      MONGODB_URI: testDatabaseUri('policy'),
      PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    });
    const res = await main.exited;
    const lines = main.logLines();
    const fatal = lines.filter((l) => l.level === FATAL);
    const msgs = lines.map((l) => l.msg);
    return { res, fatal, msgs };
  }

  it('exits 1 when polling gets 409 Conflict (another instance polls), naming the cause and the fix', async () => {
    const { res, fatal, msgs } = await pollingStopsWith(TelegramErrors.conflictPolling());
    expect(res.code).toBe(1);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ code: 409, kind: 'conflict' });
    expect(fatal[0]?.msg).toMatch(/^long polling stopped: 409 Conflict, another process takes this bot's updates/);
    expect(fatal[0]?.msg).toContain('WEBHOOK_URL');
    // In order: the fatal line, then a shutdown that finishes.
    expect(msgs.indexOf('shutting down')).toBeGreaterThan(msgs.indexOf(fatal[0]!.msg));
    expect(shutdownLines(msgs)).toEqual(['shutting down', 'stopped']);
  });

  it('exits 1 when polling gets 401 Unauthorized (the token was revoked while running)', async () => {
    const { res, fatal, msgs } = await pollingStopsWith(TelegramErrors.unauthorized());
    expect(res.code).toBe(1);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ code: 401, kind: 'unauthorized' });
    expect(fatal[0]?.msg).toMatch(/^long polling stopped: 401 Unauthorized, Telegram no longer accepts BOT_TOKEN/);
    expect(msgs).toContain('bot identity confirmed'); // getMe passed: this is the running bot losing its token
    expect(shutdownLines(msgs)).toEqual(['shutting down', 'stopped']);
  });

  it('serves /healthz with long polling, and exits 1 once the database has been gone past DATABASE_GRACE_SECONDS', async () => {
    const db = await startPrivateDatabase();
    const port = await freePort();
    const main = startMain({
      BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      MONGODB_URI: withDatabaseName(db.baseUri, 'policy_gone'),
      PORT: String(port),
      DATABASE_GRACE_SECONDS: '2',
      LOG_LEVEL: 'info',
    });
    try {
      await main.waitForLog('bot is running; press Ctrl+C to stop');
      const up = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(up.status).toBe(200);
      expect(await up.json()).toMatchObject({ ok: true, updates: { mode: 'polling', receiving: true }, database: { reachable: true } });

      const stopping = db.stop(); // closes its connections at once, then takes a few seconds to exit
      // Within the grace the process stays up and says it is unhealthy.
      let seen: { status: number; body: unknown } | undefined;
      while (main.child.exitCode === null && !seen) {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (r?.status === 503) seen = { status: r.status, body: await r.json() };
        else await new Promise((res) => setTimeout(res, 100));
      }
      expect(seen?.body).toMatchObject({ ok: false, database: { reachable: false, unreachableSince: expect.any(String) } });

      await stopping;
      const res = await main.exited;
      expect(res.code).toBe(1);
      const fatal = main.logLines().filter((l) => l.level === FATAL);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]?.unreachableForMs).toBeGreaterThanOrEqual(2000); // not before the grace
      expect(fatal[0]?.msg).toBe('database unreachable past DATABASE_GRACE_SECONDS; exiting so that the process is restarted');
      const msgs = main.logLines().map((l) => l.msg);
      expect(msgs).toContain('database unreachable; the process exits if it stays so past the grace period');
      expect(shutdownLines(msgs)).toEqual(['shutting down', 'stopped']);
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
      await db.destroy();
    }
  });

  it('exits 1 when the database cannot be reached at start-up within DATABASE_GRACE_SECONDS', async () => {
    const closedPort = await freePort(); // nothing listens there
    const t0 = Date.now();
    const main = startMain({
      BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      MONGODB_URI: `mongodb://127.0.0.1:${closedPort}/policy_never`,
      PORT: String(await freePort()),
      DATABASE_GRACE_SECONDS: '2',
      LOG_LEVEL: 'info',
    });
    const res = await main.exited;
    expect(res.code).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    const lines = main.logLines();
    expect(lines.filter((l) => l.msg === 'database unreachable, retrying').length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.level === FATAL)).toEqual([
      expect.objectContaining({ msg: 'database unreachable at start-up past DATABASE_GRACE_SECONDS; exiting', graceSeconds: 2 }),
    ]);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('contains an unhandled rejection (logged with its stack, still serving) and exits 1 on an uncaught exception', async () => {
    const port = await freePort();
    const main = startMain({
      BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      MONGODB_URI: testDatabaseUri('policy'),
      PORT: String(port),
      LOG_LEVEL: 'info',
    }, { nodeArgs: ['--require', path.join(__dirname, '..', 'support', 'misbehave.cjs')] });
    try {
      await main.waitForLog('bot is running; press Ctrl+C to stop');
      main.child.kill('SIGUSR2');
      const rejected = await main.waitForLog('unhandled promise rejection (contained)');
      expect(rejected).toMatchObject({ level: ERROR, err: { message: 'a forgotten promise failed', stack: expect.stringContaining('misbehave.cjs') } });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const [reply] = await fake.say({ id: 7201, first_name: 'زینب', language_code: 'ur' }, '/start');
      expect(reply?.text).toBeTruthy();

      main.child.kill('SIGHUP');
      const res = await main.exited;
      expect(res.code).toBe(1);
      const fatal = main.logLines().filter((l) => l.level === FATAL);
      expect(fatal).toEqual([
        expect.objectContaining({
          msg: 'uncaught exception; shutting down so that the process is restarted',
          err: expect.objectContaining({ message: 'a bug threw outside any handler', stack: expect.stringContaining('misbehave.cjs') }),
        }),
      ]);
      const msgs = main.logLines().map((l) => l.msg);
      expect(shutdownLines(msgs)).toEqual(['shutting down', 'stopped']);
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
    }
  });
});
