/**
 * A real database outage: the bot's own FerretDB/mongod process is stopped and started again on
 * the same port and data. Meanwhile the bot stays up and says it is briefly unavailable; a message
 * that fell due during the outage is sent once the database is back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startEmbeddedDatabase, freePort, withDatabaseName, type EmbeddedDatabase } from '../../src/db/embedded';
import { connectDatabase } from '../../src/db/connect';
import { createDal } from '../../src/dal';
import { startHarness, ALICE, type Harness } from '../support/harness';
import { readLocaleFiles } from '../../src/i18n/i18n';
import { modelsOf } from '../support/models';

jest.setTimeout(120_000);

describe('database outage', () => {
  let db: EmbeddedDatabase | undefined;
  let h: Harness | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outage-db-'));
  afterAll(async () => {
    await h?.stop();
    await h?.db.conn.close().catch(() => undefined);
    await db?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stays up, apologises, and sends what fell due once the database is back', async () => {
    const logger = pino({ level: 'silent' });
    const port = await freePort();
    db = await startEmbeddedDatabase({ dataDir: dir, logger, pathVar: process.env.PATH, port });
    const uri = withDatabaseName(db.uri, 'outage');
    const conn = await connectDatabase(uri, { logger, serverSelectionTimeoutMS: 2000 });
    const dal = createDal(conn);
    await dal.ensureIndexes();
    h = await startHarness({ sharedDb: { uri, conn, dal, drop: async () => undefined }, env: { TICK_SECONDS: '1' } });
    const member = 7001;
    // Far enough ahead that stopping the database (slow on a loaded machine) ends before it is due.
    const dueAt = Date.now() + 8000;
    await modelsOf(dal).users.create({ _id: member, firstName: 'Member', privateChatStarted: true, reachable: true, locale: 'en' });
    await dal.jobs.plan({ key: 'direct:outage', kind: 'direct', chatId: member, dueAt: new Date(dueAt), payload: { key: 'delivery.digest.empty', vars: {} } }, new Date());

    await db.stop();
    expect(Date.now()).toBeLessThan(dueAt); // the premise: the job falls due while the database is away
    const [reply] = await h.fake.say(ALICE, '/start');
    const en = readLocaleFiles().en as { errors: { unavailable: string } };
    expect(reply?.text).toBe(en.errors.unavailable);
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt - Date.now()) + 1000)); // the job falls due while the database is away
    expect(h.fake.botMessagesIn(member)).toHaveLength(0);

    db = await startEmbeddedDatabase({ dataDir: dir, logger, pathVar: process.env.PATH, port });
    const deadline = Date.now() + 60_000;
    while (h.fake.botMessagesIn(member).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(h.fake.botMessagesIn(member).map((m) => m.text)).toEqual(['🗓 Nothing is planned for this week.']);
    const [after] = await h.fake.say(ALICE, '/start');
    expect(after?.text).toContain('Alice');
  });
});
