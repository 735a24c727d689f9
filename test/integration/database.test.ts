import { Writable } from 'node:stream';
import pino from 'pino';
import { Types } from 'mongoose';
import { connectDatabase } from '../../src/db/connect';
import { freePort, startEmbeddedDatabase } from '../../src/db/embedded';
import { MongoSessionStore } from '../../src/dal/sessions/session.store';
import { UserRepository } from '../../src/dal/users/user.repository';
import { openTestDb, type TestDb } from '../support/db';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modelsOf } from '../support/models';

function capturingLogger() {
  const lines: Array<{ msg: string; attempt?: number }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { msg: string });
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('connecting to the database', () => {
  it('retries with a clear log line while the database is unreachable, then connects', async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-bot-late-db-'));
    const { logger, lines } = capturingLogger();
    const connecting = connectDatabase(`mongodb://127.0.0.1:${port}/late`, {
      logger,
      initialDelayMs: 200,
      serverSelectionTimeoutMS: 300,
    });
    // Let at least one attempt fail before the server exists.
    while (!lines.some((l) => l.msg === 'database unreachable, retrying')) await new Promise((r) => setTimeout(r, 50));
    const server = await startEmbeddedDatabase({ dataDir: dir, logger: pino({ level: 'silent' }), pathVar: process.env.PATH, port });
    try {
      const conn = await connecting;
      expect(conn.readyState).toBe(1);
      expect(lines.find((l) => l.msg === 'database unreachable, retrying')?.attempt).toBe(1);
      expect(lines.some((l) => l.msg === 'connected to the database')).toBe(true);
      await conn.close();
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up retrying when start-up is aborted', async () => {
    const port = await freePort();
    const abort = new AbortController();
    const { logger } = capturingLogger();
    const p = connectDatabase(`mongodb://127.0.0.1:${port}/never`, { logger, signal: abort.signal, initialDelayMs: 50, serverSelectionTimeoutMS: 200 });
    abort.abort();
    await expect(p).rejects.toThrow('aborted while connecting');
  });
});

describe('persistence basics', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('persistence');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps session data across store instances (a restart mid-dialogue)', async () => {
    const first = new MongoSessionStore<{ dialog: { step: string } }>(modelsOf(db.dal).sessions);
    await first.set('10:10', { dialog: { step: 'venue' } });
    const afterRestart = new MongoSessionStore<{ dialog: { step: string } }>(modelsOf(db.dal).sessions);
    expect(await afterRestart.get('10:10')).toEqual({ dialog: { step: 'venue' } });
    await afterRestart.delete('10:10');
    expect(await first.get('10:10')).toBeUndefined();
  });

  it('deletes only one user’s sessions and sweeps stale ones', async () => {
    const store = new MongoSessionStore<{ n: number }>(modelsOf(db.dal).sessions);
    await store.set('1:77', { n: 1 });
    await store.set('-100:77', { n: 2 });
    await store.set('1:177', { n: 3 });
    expect(await store.deleteForUser(77)).toBe(2);
    expect(await store.get('1:177')).toEqual({ n: 3 });
    expect(await store.sweep(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(1);
    expect(await store.get('1:177')).toBeUndefined();
  });

  it('upserts a user atomically: concurrent first contacts create one record', async () => {
    const from = { id: 90001, first_name: 'Racer' };
    await Promise.all(Array.from({ length: 8 }, () => db.dal.users.upsertFromTelegram(from, { privateChat: true })));
    expect(await modelsOf(db.dal).users.countDocuments({ _id: 90001 })).toBe(1);
    const user = await db.dal.users.findById(90001);
    expect(user).toMatchObject({ firstName: 'Racer', privateChatStarted: true, reachable: true, reminderOffsets: [1440, 60] });
  });

  it('a newcomer is stored with the same record the upsert would give, and a returning member is refreshed, not reset', async () => {
    const fresh = await db.dal.users.upsertFromTelegram({ id: 90002, first_name: 'مریم', username: 'maryam' }, { privateChat: true });
    expect(fresh).toEqual(await db.dal.users.findById(90002));
    await db.dal.users.update(90002, { locale: 'fa', timezone: 'Asia/Tehran' });
    // Another process (or this one after a restart) has never seen the member: its insert is refused
    // by the _id index and the upsert refreshes the name, keeping what the member chose.
    const other = new UserRepository(modelsOf(db.dal).users);
    const back = await other.upsertFromTelegram({ id: 90002, first_name: 'مریم ر.' }, { privateChat: false });
    expect(back).toMatchObject({ _id: 90002, firstName: 'مریم ر.', username: 'maryam', locale: 'fa', timezone: 'Asia/Tehran', privateChatStarted: true });
    expect(await modelsOf(db.dal).users.countDocuments({ _id: 90002 })).toBe(1);
  });

  it('a member erased since this process saw them is created again on their next update', async () => {
    await db.dal.users.upsertFromTelegram({ id: 90003, first_name: 'Ali' }, { privateChat: true });
    await modelsOf(db.dal).users.deleteOne({ _id: 90003 });
    const again = await db.dal.users.upsertFromTelegram({ id: 90003, first_name: 'Ali' }, { privateChat: false });
    expect(again).toMatchObject({ _id: 90003, firstName: 'Ali', privateChatStarted: false, reminderOffsets: [1440, 60] });
    expect(await modelsOf(db.dal).users.countDocuments({ _id: 90003 })).toBe(1);
  });

  it('enforces the unique indexes the features rely on', async () => {
    const eventId = new Types.ObjectId();
    await modelsOf(db.dal).rsvps.create({ eventId, userId: 1, status: 'going' });
    await expect(modelsOf(db.dal).rsvps.create({ eventId, userId: 1, status: 'maybe' })).rejects.toMatchObject({ code: 11000 });
    await modelsOf(db.dal).subscriptions.create({ userId: 1, kind: 'all', target: '*' });
    await expect(modelsOf(db.dal).subscriptions.create({ userId: 1, kind: 'all', target: '*' })).rejects.toMatchObject({ code: 11000 });
  });
});
