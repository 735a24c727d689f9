/**
 * `src/main.ts` as an operator runs it: a child process with only environment variables.
 */
import { FakeTelegram } from '../support/fake-telegram/server';
import { testDatabaseUri } from '../support/db';
import { startMain } from '../support/main-process';
import { freePort } from '../../src/db/embedded';

describe('main.ts', () => {
  it('exits non-zero naming BOT_TOKEN, without a stack trace, when no token is set', async () => {
    const { exited } = startMain({});
    const res = await exited;
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('BOT_TOKEN is missing');
    expect(res.stderr).toContain('@BotFather');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  describe('against a Bot API server given by TELEGRAM_API_ROOT', () => {
    let fake: FakeTelegram;
    beforeAll(async () => {
      fake = await FakeTelegram.start();
    });
    afterAll(async () => {
      await fake.stop();
    });

    it('stops with a plain message when Telegram says 401 to the token', async () => {
      const { exited } = startMain({
        BOT_TOKEN: '999999:AAWrongTokenWrongTokenWrongToken123',
        TELEGRAM_API_ROOT: fake.apiRoot,
        MONGODB_URI: testDatabaseUri('main401'),
        LOG_LEVEL: 'silent',
      });
      const res = await exited;
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Telegram rejected BOT_TOKEN (401 Unauthorized)');
      expect(res.stderr).not.toMatch(/\n\s+at /);
    });

    it('answers /start in English and Persian, prints the web calendar\'s local address, then exits 0 on SIGTERM', async () => {
      const port = await freePort();
      const { child, run, exited, waitForLog } = startMain({
        BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        MONGODB_URI: testDatabaseUri('mainrun'),
        PORT: String(port), // it serves /healthz with long polling too
        LOG_LEVEL: 'info',
      });
      // No PUBLIC_URL, long polling: someone trying the bot locally gets the calendar on this machine.
      const line = await waitForLog(/^web calendar at /);
      expect(line.msg).toBe(`web calendar at http://localhost:${port}/en/`);
      const home = await fetch(`http://127.0.0.1:${port}/en/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('<html lang="en" dir="ltr">');
      await fake.waitForCall((c) => c.method === 'setMyCommands' && c.params.language_code === 'ur', 30_000);
      const [en] = await fake.say({ id: 31, first_name: 'Sam', language_code: 'en' }, '/start');
      expect(en?.text).toContain('Hello, Sam!');
      const [fa] = await fake.say({ id: 32, first_name: 'Sara', language_code: 'fa-IR' }, '/start');
      expect(fa?.text).toContain('سلام Sara!'); // one Latin word is one run already: not isolated (src/i18n/bidi.ts)
      child.kill('SIGTERM');
      const res = await exited;
      expect(res.code).toBe(0);
      const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; update_id?: number });
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['bot identity confirmed', 'shutting down', 'stopped']));
    });
  });
});
