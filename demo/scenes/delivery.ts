import type { DemoScene } from '../framework';
import type { FakeChat } from '../../test/support/fake-telegram/server';
import { runUntilIdle } from '../../test/support/delivery-driver';
import { modelsOf } from '../../test/support/models';

/**
 * The delivery engine at work: an announcement and then a reminder reach a linked channel and a
 * member's private chat, each in its own language and time zone, through jobs recorded in MongoDB.
 */
export const scene: DemoScene = {
  title: 'Delivery: an announcement and a reminder reach a linked channel and a member in private',
  async run(d) {
    const { ADMIN, REZA } = d.users;
    const dal = d.db.dal;
    const channel: FakeChat = { id: -1001234599999, type: 'channel', title: 'Book Club Channel' };
    d.fake.addChat(channel);
    if (!(await modelsOf(dal).chats.exists({ _id: channel.id }))) {
      await modelsOf(dal).chats.create({ _id: channel.id, type: 'channel', title: channel.title, linkedBy: ADMIN.id, locale: 'en', timezone: 'Europe/London', reminderOffsets: [60] });
    }
    const linked = await modelsOf(dal).chats.findById(channel.id).lean();
    d.note(`The "${channel.title}" channel is linked (active: ${String(linked?.active)}; reminders ${JSON.stringify(linked?.reminderOffsets)} minutes before).`);
    await modelsOf(dal).users.updateOne(
      { _id: REZA.id },
      { $set: { privateChatStarted: true, reachable: true, locale: 'fa', timezone: 'Asia/Tehran', reminderOffsets: [60] }, $setOnInsert: { firstName: REZA.first_name } },
      { upsert: true },
    );
    await modelsOf(dal).subscriptions.updateOne({ userId: REZA.id, kind: 'all', target: '*' }, { $setOnInsert: { userId: REZA.id, kind: 'all', target: '*' } }, { upsert: true });

    d.note('An organizer publishes "Book club: short stories", starting in an hour and a few seconds. The bot records an announcement job and one reminder job per reminder time in the database.');
    const start = new Date(Date.now() + 60 * 60_000 + 6000);
    const event = await modelsOf(dal).events.create({
      title: 'Book club: short stories',
      startAt: start,
      endAt: new Date(start.getTime() + 90 * 60_000),
      timezone: 'Europe/London',
      venue: { name: 'Central Library', city: 'London' },
      status: 'published',
      createdBy: ADMIN.id,
      publishedAt: new Date(),
    });
    await d.app.deps.scheduler.eventPublished(event._id);
    await d.app.deps.scheduler.eventPublished(event._id);
    d.note('Published twice by mistake: still one announcement job. The engine sends it to the channel (English, London time) and to Reza (Persian, Tehran time), at Telegram\'s pace.');
    await runUntilIdle(d.app.engine, d.db.dal, () => new Date());

    d.note('A few seconds later the one-hour reminder falls due: it is a duration before the start instant, whatever the clocks do.');
    await new Promise((r) => setTimeout(r, 6500));
    await runUntilIdle(d.app.engine, d.db.dal, () => new Date());
  },
};
