/**
 * "🌐 Details" in chat: with PUBLIC_URL set, announcements (in a channel and in private), reminders
 * and cards opened with /events carry a URL button to the event's web page, in the reader's language,
 * and a weekly digest one to the calendar's upcoming events;
 * without PUBLIC_URL nothing links to a page (a localhost address means nothing to other people).
 */
import { REZA, startHarness, type Harness } from '../support/harness';
import { buttons } from '../support/events';
import { modelsOf } from '../support/models';

const CHANNEL = { id: -100777, type: 'channel' as const, title: 'کانال رویدادها' };
const MEMBER = 7301;

async function setUp(h: Harness, clock: () => Date) {
  h.fake.addChat(CHANNEL);
  await modelsOf(h.db.dal).chats.create({ _id: CHANNEL.id, type: 'channel', title: CHANNEL.title, linkedBy: 1000, locale: 'fa', timezone: 'Asia/Tehran' });
  await modelsOf(h.db.dal).users.create({ _id: MEMBER, firstName: 'Sara', privateChatStarted: true, reachable: true, locale: 'en', timezone: 'Europe/London', reminderOffsets: [60] });
  await modelsOf(h.db.dal).subscriptions.create({ userId: MEMBER, kind: 'all', target: '*' });
  const start = new Date(clock().getTime() + 3 * 3600_000);
  const event = await modelsOf(h.db.dal).events.create({
    title: 'شب شعر حافظ', startAt: start, endAt: new Date(start.getTime() + 7200_000), timezone: 'Asia/Tehran', status: 'published', createdBy: 1000, publishedAt: clock(),
  });
  await h.app.deps.scheduler.eventPublished(event._id);
  await h.runUntilIdle();
  return { id: event._id.toHexString(), start };
}

const urls = (m: Parameters<typeof buttons>[0]) => buttons(m).filter((b) => b.url && !b.url.startsWith('https://t.me/'));

describe('Details links with PUBLIC_URL set', () => {
  let h: Harness;
  let clock = new Date('2026-12-01T10:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ env: { TICK_SECONDS: '60', PUBLIC_URL: 'https://events.example.org/cal/' }, now: () => clock });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('puts a localized Details button to the page under the channel card, the member card and the reminder', async () => {
    const { id, start } = await setUp(h, () => clock);
    const [post] = h.fake.botMessagesIn(CHANNEL.id);
    expect(urls(post)).toEqual([{ text: '🌐 جزئیات', url: `https://events.example.org/cal/fa/event/${id}` }]);
    const [card] = h.fake.botMessagesIn(MEMBER);
    expect(urls(card)).toEqual([{ text: '🌐 Details', url: `https://events.example.org/cal/en/event/${id}` }]);

    clock = new Date(start.getTime() - 59 * 60_000);
    await h.runUntilIdle();
    const reminder = h.fake.botMessagesIn(MEMBER).at(-1);
    expect(reminder?.text).toContain('starts in');
    expect(urls(reminder)).toEqual([{ text: '🌐 Details', url: `https://events.example.org/cal/en/event/${id}` }]);

    // A card opened from /events, in Persian.
    const [list] = await h.fake.say(REZA, '/events');
    const [opened] = await h.fake.press(REZA, list!, /شب شعر/);
    expect(urls(opened)).toEqual([{ text: '🌐 جزئیات', url: `https://events.example.org/cal/fa/event/${id}` }]);
  });

  it('links the weekly digest to the calendar’s upcoming events, in the channel’s language', async () => {
    await modelsOf(h.db.dal).chats.updateOne({ _id: CHANNEL.id }, { $set: { digest: { enabled: true, weekday: 6, hour: 18 } } });
    await h.app.planner.replanNow();
    await modelsOf(h.db.dal).jobs.updateMany({ kind: 'digest', status: 'pending' }, { $set: { dueAt: new Date(clock.getTime() - 1000) } });
    await h.runUntilIdle();
    const digest = h.fake.botMessagesIn(CHANNEL.id).at(-1);
    expect(digest?.text).toContain('شب شعر حافظ');
    expect(urls(digest)).toEqual([{ text: '🌐 همهٔ رویدادها در وب', url: 'https://events.example.org/cal/fa/' }]);
  });
});

describe('no Details links without PUBLIC_URL', () => {
  let h: Harness;
  let clock = new Date('2026-12-01T10:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ env: { TICK_SECONDS: '60' }, now: () => clock });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('sends the same cards and reminder with no link to a page', async () => {
    const { start } = await setUp(h, () => clock);
    const [post] = h.fake.botMessagesIn(CHANNEL.id);
    expect(buttons(post).length).toBeGreaterThan(0);
    expect(urls(post)).toEqual([]);
    expect(urls(h.fake.botMessagesIn(MEMBER)[0])).toEqual([]);
    clock = new Date(start.getTime() - 59 * 60_000);
    await h.runUntilIdle();
    const reminder = h.fake.botMessagesIn(MEMBER).at(-1);
    expect(reminder?.text).toContain('starts in');
    expect(reminder?.reply_markup).toBeUndefined();
    await modelsOf(h.db.dal).chats.updateOne({ _id: CHANNEL.id }, { $set: { digest: { enabled: true, weekday: 6, hour: 18 } } });
    await h.app.planner.replanNow();
    await modelsOf(h.db.dal).jobs.updateMany({ kind: 'digest', status: 'pending' }, { $set: { dueAt: new Date(clock.getTime() - 1000) } });
    await h.runUntilIdle();
    const digest = h.fake.botMessagesIn(CHANNEL.id).at(-1);
    expect(digest?.text).toContain('شب شعر حافظ');
    expect(digest?.reply_markup).toBeUndefined();
  });
});
