/**
 * Writes test/fixtures/upgrade/*.json: every collection of a database filled by the bot as it was at
 * commit e8a688b (before the application-layer refactor), for test/integration/upgrade.test.ts (a
 * database written by older code must be read and used by today's). It is written against that
 * commit's code, which it imports, so it lives outside the type-checked folders and runs inside a
 * checkout of that commit (from the repository root):
 *
 *   git worktree add /tmp/old-bot e8a688b
 *   mkdir -p /tmp/old-bot/scripts && cp tools/upgrade-fixtures/make-fixtures.ts /tmp/old-bot/scripts/
 *   ln -s "$PWD/node_modules" "$PWD/.tools" /tmp/old-bot/
 *   (cd /tmp/old-bot && npx tsx scripts/make-fixtures.ts "$OLDPWD/test/fixtures/upgrade")
 *   git worktree remove --force /tmp/old-bot
 *
 * What it does, on a fixed clock: an organizer (Alice) publishes an event with the one-message form
 * through the real bot; a Persian member (Reza) is subscribed to everything and answers "going";
 * a Persian channel is linked; the engine announces the event (deliveries, chunks, receipts, posts,
 * the lease, the agenda with the one-hour reminder still to come). Documents are written as
 * canonical Extended JSON, so ObjectIds and dates keep their types.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { startEmbeddedDatabase } from '../src/db/embedded';
import { openTestDb } from '../test/support/db';
import { ALICE, ADMIN, REZA, startHarness } from '../test/support/harness';

/** 16:30 in Tehran; the event starts at 18:00 there (14:30Z), its one-hour reminder is due at 13:30Z. */
export const GENERATED_AT = new Date('2030-06-01T13:00:00Z');
export const CHANNEL = { id: -100777, type: 'channel' as const, title: 'کانال رویدادها' };

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'test/fixtures/upgrade');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-fixtures-'));
  const server = await startEmbeddedDatabase({ dataDir: dir, logger: pino({ level: 'silent' }), pathVar: process.env.PATH });
  process.env.TEST_MONGODB_BASE_URI = server.uri;
  const db = await openTestDb('upgrade');
  const h = await startHarness({ sharedDb: db, now: () => GENERATED_AT, env: { TICK_SECONDS: '60' } });
  try {
    const { dal } = db;
    await dal.categories.add('talks', { en: 'Talks', fa: 'سخنرانی' });
    for (const [who, locale] of [[ALICE, 'en'], [REZA, 'fa'], [ADMIN, 'en']] as const) {
      await dal.users.upsertFromTelegram(who, { privateChat: true });
      await dal.users.update(who.id, { locale, timezone: 'Asia/Tehran', onboardedAt: GENERATED_AT, ...(who === ALICE ? { isOrganizer: true } : {}) });
    }
    h.fake.addChat(CHANNEL);
    await dal.chats.link({ id: CHANNEL.id, type: 'channel', title: CHANNEL.title, linkedBy: ADMIN.id, canPost: true, defaults: { locale: 'fa', timezone: 'Asia/Tehran', reminderOffsets: [60] } });
    await dal.subscriptions.add(REZA.id, 'all', '*');
    await dal.users.update(REZA.id, { reminderOffsets: [60] });

    const msgs = await h.fake.say(ALICE, ['/newevent شب شعر حافظ | 2030-06-01 18:00 | کتابخانه مرکزی', 'end: 20:00', 'category: talks', 'description: Poems & <tea>.'].join('\n'));
    const preview = msgs.find((m) => m.reply_markup);
    if (!preview) throw new Error(`no preview: ${JSON.stringify(msgs.map((m) => m.text))}`);
    await h.fake.press(ALICE, preview, /Publish/);
    const event = (await dal.events.listByCreator(ALICE.id, { skip: 0, limit: 1 })).items[0];
    if (!event || event.status !== 'published') throw new Error('the event was not published');
    await dal.rsvps.answer(event._id, REZA.id, { answer: 'going' }, GENERATED_AT);
    await dal.rsvps.answer(event._id, REZA.id, { guests: 1 }, GENERATED_AT);
    await h.app.engine.runUntilIdle();
    if (!h.fake.botMessagesIn(CHANNEL.id).length) throw new Error('the channel got no announcement');

    fs.mkdirSync(out, { recursive: true });
    for (const f of fs.readdirSync(out)) if (f.endsWith('.json')) fs.rmSync(path.join(out, f));
    const conn = db.conn;
    for (const { name } of await conn.db!.listCollections().toArray()) {
      if (name.startsWith('system.')) continue;
      const docs = await conn.db!.collection(name).find().sort({ _id: 1 }).toArray();
      const text = mongoose.mongo.BSON.EJSON.stringify(docs, undefined, 1, { relaxed: false });
      fs.writeFileSync(path.join(out, `${name}.json`), `${text}\n`);
      process.stdout.write(`${name}: ${docs.length}\n`);
    }
  } finally {
    await h.stop();
    await db.drop();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
