/**
 * Data survives the upgrade: a database written by the bot as it was before the application-layer
 * refactor (commit e8a688b; test/fixtures/upgrade, made by scripts/make-upgrade-fixtures.ts) is
 * inserted raw with the driver, and today's code builds its indexes over it, lists the event, opens
 * its card with the RSVP counts, and sends the one-hour reminder that was planned then — to the
 * Persian member and the Persian channel, in Persian — without a migration: the stored shapes are
 * unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { openTestDb, type TestDb } from '../support/db';
import { REZA, startHarness, type Harness } from '../support/harness';
import { modelsOf } from '../support/models';

const FIXTURES = path.join(__dirname, '../fixtures/upgrade');
/** The fixtures' clock (tools/upgrade-fixtures/make-fixtures.ts): the event starts at 14:30Z, its reminder is due at 13:30Z. */
const GENERATED_AT = new Date('2030-06-01T13:00:00Z');
const CHANNEL_ID = -100777;
const TITLE = 'شب شعر حافظ';

async function restoreOldDatabase(): Promise<TestDb> {
  // Today's indexes are built over the old documents, as start-up does.
  return openTestDb('upgrade', async (conn) => {
    for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
      const docs = mongoose.mongo.BSON.EJSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'), { relaxed: false }) as mongoose.mongo.Document[];
      if (docs.length) await conn.db!.collection(file.replace(/\.json$/, '')).insertMany(docs);
    }
  });
}

describe('a database written before the refactor', () => {
  let h: Harness;
  let db: TestDb;
  let clock = new Date(GENERATED_AT.getTime() + 5 * 60_000);
  beforeAll(async () => {
    db = await restoreOldDatabase();
    h = await startHarness({ sharedDb: db, now: () => clock, env: { TICK_SECONDS: '60' } });
    h.fake.addChat({ id: CHANNEL_ID, type: 'channel', title: 'کانال رویدادها' });
  });
  afterAll(async () => {
    await h.stop();
    await db.drop();
  });

  it('holds what the old code wrote', async () => {
    const m = modelsOf(db.dal);
    expect(await m.events.countDocuments({ title: TITLE, status: 'published' })).toBe(1);
    expect(await m.jobs.countDocuments({ status: 'pending', kind: 'reminder' })).toBe(1);
    expect(await m.deliveries.countDocuments({ status: 'sent', kind: 'announce' })).toBe(2);
  });

  it('lists the event and opens its card, with the RSVP counts stored then', async () => {
    const [list] = await h.fake.say(REZA, '/events');
    expect(list?.text).toContain(TITLE);
    const [card] = await h.fake.press(REZA, list!, new RegExp(TITLE));
    expect(card?.text).toContain(TITLE);
    expect(card?.text).toContain('کتابخانه مرکزی');
    // Reza answered "going" with one guest: the counts the old code stored, in Persian digits.
    expect(card?.text).toMatch(/می‌آیند: \u2068?۱/);
    expect(card?.text).toMatch(/مهمان: \u2068?۱/);
    const user = await h.db.dal.users.findById(REZA.id);
    expect(user).toMatchObject({ locale: 'fa', timezone: 'Asia/Tehran', reminderOffsets: [60] });
  });

  it('sends the one-hour reminder planned by the old code, once, to the member and the channel', async () => {
    const before = { reza: h.fake.botMessagesIn(REZA.id).length, channel: h.fake.botMessagesIn(CHANNEL_ID).length };
    clock = new Date('2030-06-01T13:30:30Z');
    await h.runUntilIdle();
    const toReza = h.fake.botMessagesIn(REZA.id).slice(before.reza);
    const toChannel = h.fake.botMessagesIn(CHANNEL_ID).slice(before.channel);
    expect(toReza).toHaveLength(1);
    expect(toChannel).toHaveLength(1);
    for (const m of [...toReza, ...toChannel]) {
      expect(m.text).toContain(TITLE);
      expect(m.text).toContain('یادآوری'); // a reminder, in Persian…
      expect(m.text).toContain('۱ ساعت'); // …that it starts in one hour
    }
    const job = await h.db.dal.jobs.findMany(['reminder:6b0cc19859ddfead98023cbc:60:1906554600000']);
    expect(job[0]?.status).toBe('done');
    // Ticking again sends nothing more.
    await h.runUntilIdle();
    expect(h.fake.botMessagesIn(REZA.id).slice(before.reza)).toHaveLength(1);
  });
});
