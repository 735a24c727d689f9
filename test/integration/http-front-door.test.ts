/**
 * The webhook port of a real `src/main.ts` process, as an attacker (or a broken proxy) reaches it:
 * malformed request lines and URLs, bad JSON, the wrong content type, huge bodies, a wrong or
 * missing secret, clients that never finish. Every one gets its 4xx, and the process keeps
 * serving: a real update afterwards is handled and answered.
 */
import crypto from 'node:crypto';
import { FakeTelegram } from '../support/fake-telegram/server';
import { testDatabaseUri } from '../support/db';
import { rawHttp, startMain, type MainProcess } from '../support/main-process';
import { freePort } from '../../src/db/embedded';

jest.setTimeout(60_000);

const SECRET = crypto.randomBytes(32).toString('base64url');
const HOOK = '/tg/hook';

describe('the HTTP front door of a webhook deployment', () => {
  let fake: FakeTelegram;
  let main: MainProcess;
  let port: number;
  let nextUpdateId = 1000;

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    port = await freePort();
    main = startMain({
      BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      MONGODB_URI: testDatabaseUri('frontdoor'),
      WEBHOOK_URL: `https://bot.example.org${HOOK}`,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HTTP_REQUEST_TIMEOUT_SECONDS: '1',
      LOG_LEVEL: 'info',
    });
    await main.waitForLog('taking updates by webhook');
  });

  afterAll(async () => {
    if (main.child.exitCode === null) {
      main.child.kill('SIGKILL');
      await main.exited;
    }
    await fake.stop();
  });

  /** A /start from a user, shaped as Telegram posts it. */
  function startUpdate(user: { id: number; first_name: string; language_code: string }) {
    return {
      update_id: nextUpdateId++,
      message: {
        message_id: nextUpdateId,
        from: { ...user, is_bot: false },
        chat: { id: user.id, type: 'private', first_name: user.first_name },
        date: Math.floor(Date.now() / 1000),
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
  }

  /** A POST as two writes, head then body, so that a server answering on the head alone is heard. */
  function post(body: string, headers: Record<string, string>, target = HOOK): string[] {
    const lines = [`POST ${target} HTTP/1.1`, 'Host: bot.example.org', 'Connection: close', `Content-Length: ${Buffer.byteLength(body)}`];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    return [`${lines.join('\r\n')}\r\n\r\n`, body];
  }
  const json = { 'Content-Type': 'application/json' };
  const withSecret = { ...json, 'X-Telegram-Bot-Api-Secret-Token': SECRET };

  it('registered the webhook with Telegram together with its secret_token', () => {
    const set = fake.callsTo('setWebhook');
    expect(set).toHaveLength(1);
    expect(set[0]?.params).toMatchObject({ url: `https://bot.example.org${HOOK}`, secret_token: SECRET });
  });

  it('serves no web calendar in webhook mode without PUBLIC_URL (a public bot serves it only at an address someone chose)', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/en/`)).status).toBe(404);
    expect(main.logLines().some((l) => /^web calendar at /.test(l.msg))).toBe(false);
  });

  it('answers every malformed request with its 4xx', async () => {
    const good = JSON.stringify(startUpdate({ id: 7101, first_name: 'Forged', language_code: 'en' }));
    const wrongSecret = SECRET.slice(0, -1) + (SECRET.endsWith('A') ? 'B' : 'A');
    const huge = 'x'.repeat(300 * 1024);
    const cases: Record<string, Array<string | Buffer>> = {
      'GET // (the request that used to kill the process)': ['GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      'GET with a broken percent-escape': ['GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      'a request line that is not HTTP': ['\u0000\u0001 hello there\r\n\r\n'],
      'an absolute-form URL to another host': ['GET http://evil.example/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      'headers larger than Node allows': [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`],
      'GET on the webhook path': [`GET ${HOOK} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
      'POST to another path': post(good, withSecret, '/other'),
      'no secret': post(good, json),
      'a wrong secret of the same length': post(good, { ...json, 'X-Telegram-Bot-Api-Secret-Token': wrongSecret }),
      'the secret in other letter case': post(good, { ...json, 'X-Telegram-Bot-Api-Secret-Token': SECRET.toUpperCase() === SECRET ? SECRET.toLowerCase() : SECRET.toUpperCase() }),
      'the secret twice': post(good, { ...json, 'X-Telegram-Bot-Api-Secret-Token': `${SECRET}, ${SECRET}` }),
      'text/plain': post(good, { 'Content-Type': 'text/plain', 'X-Telegram-Bot-Api-Secret-Token': SECRET }),
      'no content type': post(good, { 'X-Telegram-Bot-Api-Secret-Token': SECRET }),
      'JSON cut short': post('{"update_id": 5, "message": {', withSecret),
      'an empty body': post('', withSecret),
      'JSON that is not an update (an array)': post('[]', withSecret),
      'JSON without update_id': post('{"message":{}}', withSecret),
      'update_id that is not a number': post('{"update_id":"1; drop"}', withSecret),
      'a body over the limit, declared': post(`{"update_id":1,"pad":"${huge}"}`, withSecret),
      'a body over the limit, chunked': [
        `POST ${HOOK} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        ...Array.from({ length: 6 }, () => `${(64 * 1024).toString(16)}\r\n${'y'.repeat(64 * 1024)}\r\n`),
        '0\r\n\r\n',
      ],
      'a declared 10 MB body that never comes': [
        `POST ${HOOK} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Length: 10485760\r\n\r\n{"update_id":`,
      ],
      'a query string added to the webhook URL': post(good, withSecret, `${HOOK}?x=1`),
    };
    const expected: Record<string, number> = {
      'GET // (the request that used to kill the process)': 404,
      'GET with a broken percent-escape': 400,
      'a request line that is not HTTP': 400,
      'an absolute-form URL to another host': 404,
      'headers larger than Node allows': 431,
      'GET on the webhook path': 404,
      'POST to another path': 404,
      'no secret': 401,
      'a wrong secret of the same length': 401,
      'the secret in other letter case': 401,
      'the secret twice': 401,
      'text/plain': 415,
      'no content type': 415,
      'JSON cut short': 400,
      'an empty body': 400,
      'JSON that is not an update (an array)': 400,
      'JSON without update_id': 400,
      'update_id that is not a number': 400,
      'a body over the limit, declared': 413,
      'a body over the limit, chunked': 413,
      'a declared 10 MB body that never comes': 413,
      'a query string added to the webhook URL': 404,
    };
    const answered: Record<string, number | undefined> = {};
    for (const [name, chunks] of Object.entries(cases)) answered[name] = (await rawHttp(port, chunks)).status;
    expect(answered).toEqual(expected);
    // None of the forged or broken posts reached the bot.
    expect(fake.callsTo('sendMessage').filter((c) => c.params.chat_id === 7101)).toHaveLength(0);
    expect(main.child.exitCode).toBeNull();
    // Junk does not fill the log at info: four refused secrets make one warning (then one a minute, as a count).
    await main.waitForLog(/^webhook posts refused for a wrong or missing secret token/);
    const lines = main.logLines();
    expect(lines.filter((l) => /^webhook posts refused/.test(l.msg))).toEqual([expect.objectContaining({ level: 40, refused: 1 })]);
    expect(lines.filter((l) => l.part === 'http' && l.level >= 30 && !String(l.msg).startsWith('Server listening'))).toEqual([]);
  });

  it('cuts off clients that never finish their request with 408, in about HTTP_REQUEST_TIMEOUT_SECONDS', async () => {
    const t0 = Date.now();
    const [body, headers, silent] = await Promise.all([
      // Headers complete, body promised but never finished.
      rawHttp(port, [`POST ${HOOK} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Length: 100\r\n\r\n{"update_id":`], 8000),
      // Headers never finished.
      rawHttp(port, ['POST /tg/hook HTTP/1.1\r\nHost: x\r\nX-Slow: '], 8000),
      // Connects and says nothing at all.
      rawHttp(port, [], 8000),
    ]);
    expect([body.status, body.closed]).toEqual([408, true]);
    expect([headers.status, headers.closed]).toEqual([408, true]);
    expect([silent.status, silent.closed]).toEqual([408, true]);
    expect(Date.now() - t0).toBeLessThan(7000);
  });

  it('contains an update the bot cannot make sense of: 200, logged, and the process carries on', async () => {
    const updateId = nextUpdateId++;
    const res = await fetch(`http://127.0.0.1:${port}${HOOK}`, {
      method: 'POST',
      headers: withSecret,
      body: JSON.stringify({ update_id: updateId, message: { text: '/start' } }), // no chat, no sender
    });
    expect(res.status).toBe(200);
    const failed = await main.waitForLog('handler failed');
    expect(failed).toMatchObject({ update_id: updateId, err: { stack: expect.stringContaining('TypeError') } });
    expect(main.child.exitCode).toBeNull();
  });

  it('keeps serving afterwards: a real update is handled, in Persian, and /healthz is green', async () => {
    const update = startUpdate({ id: 7102, first_name: 'سارا', language_code: 'fa' });
    const res = await fetch(`http://127.0.0.1:${port}${HOOK}`, { method: 'POST', headers: withSecret, body: JSON.stringify(update) });
    expect(res.status).toBe(200);
    // The answer is sent before the webhook request is answered (and through the API, not the reply).
    const sent = fake.callsTo('sendMessage').filter((c) => c.params.chat_id === 7102);
    expect(sent.length).toBeGreaterThan(0);
    expect(String(sent[0]?.params.text)).toContain('سلام');

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, updates: { mode: 'webhook', receiving: true }, database: { reachable: true } });
  });

  it('on SIGTERM finishes the update in flight, refuses new connections, logs no uncaught error, and exits 0', async () => {
    fake.latencyMs = 1500; // the bot's reply takes 1.5 s to reach "Telegram"
    const update = startUpdate({ id: 7103, first_name: 'Ahmed', language_code: 'ar' });
    const inFlight = fetch(`http://127.0.0.1:${port}${HOOK}`, { method: 'POST', headers: withSecret, body: JSON.stringify(update) });
    await fake.waitForCall((c) => c.method === 'sendMessage' && c.params.chat_id === 7103);
    main.child.kill('SIGTERM');
    await main.waitForLog('shutting down');
    const late = await rawHttp(port, post(JSON.stringify(startUpdate({ id: 7104, first_name: 'Late', language_code: 'en' })), withSecret));
    expect(late).toMatchObject({ status: undefined, closed: true }); // no longer listening: the connection is refused
    expect((await inFlight).status).toBe(200);
    const res = await main.exited;
    expect(res.code).toBe(0);
    expect(fake.callsTo('sendMessage').filter((c) => c.params.chat_id === 7104)).toHaveLength(0);
    const msgs = main.logLines().map((l) => l.msg);
    expect(msgs.filter((m) => /uncaught|unhandled/.test(m))).toEqual([]);
    expect(msgs.indexOf('shutting down')).toBeGreaterThan(-1);
    expect(msgs.indexOf('stopped')).toBeGreaterThan(msgs.indexOf('shutting down'));
  });
});
