/**
 * Weekly digests: planned from a chat's settings, sent on the chat's own weekday and hour with the
 * coming week's events in its categories, then planned again for the following week.
 */
import { startHarness, type Harness } from '../support/harness';
import { nextWeeklyAt } from '../../src/domain/digest';
import { modelsOf } from '../support/models';

const CHANNEL = { id: -100777, type: 'channel' as const, title: 'Weekly' };

describe('weekly digest', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: { TICK_SECONDS: '60' } });
    h.fake.addChat(CHANNEL);
  });
  afterEach(async () => {
    await h.stop();
  });

  async function seed(digest: { enabled: boolean; weekday: number; hour: number }, categories: string[] = []) {
    await modelsOf(h.db.dal).chats.create({
      _id: CHANNEL.id,
      type: 'channel',
      title: CHANNEL.title,
      linkedBy: 1000,
      locale: 'en',
      timezone: 'Asia/Tehran',
      categories,
      digest,
    });
    const soon = (hours: number, title: string, cats: string[]) => {
      const startAt = new Date(Date.now() + hours * 3600_000);
      return modelsOf(h.db.dal).events.create({
        title,
        startAt,
        endAt: new Date(startAt.getTime() + 3600_000),
        timezone: 'Asia/Tehran',
        categories: cats,
        status: 'published',
        createdBy: 1000,
        publishedAt: new Date(),
      });
    };
    await soon(24, 'Quran & <tafsir>', ['study']);
    await soon(48, 'Football', ['sport']);
    await soon(24 * 10, 'Too far away', ['study']);
  }

  it('is planned for the chat’s weekday and hour in its zone, sent with the week’s events, then planned again', async () => {
    await seed({ enabled: true, weekday: 6, hour: 18 }, ['study']);
    await h.app.planner.replanNow();
    const planned = await modelsOf(h.db.dal).jobs.find({ kind: 'digest', status: 'pending' }).lean();
    const expectedDue = nextWeeklyAt(new Date(), 'Asia/Tehran', 6, 18);
    expect(planned.map((j) => j.dueAt.toISOString())).toEqual([expectedDue.toISOString()]);

    // Make it due now, as if the week had passed.
    await modelsOf(h.db.dal).jobs.updateOne({ _id: planned[0]!._id }, { $set: { dueAt: new Date(Date.now() - 1000) } });
    await h.runUntilIdle();
    const sent = h.fake.botMessagesIn(CHANNEL.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('This week: 1 event');
    expect(sent[0]!.text).toContain('Quran & <tafsir>');
    expect(sent[0]!.raw).toContain('Quran &amp; &lt;tafsir&gt;');
    expect(sent[0]!.text).not.toContain('Football'); // another category
    expect(sent[0]!.text).not.toContain('Too far away'); // beyond the week

    const next = await modelsOf(h.db.dal).jobs.find({ kind: 'digest', status: 'pending' }).lean();
    expect(next).toHaveLength(1);
    expect(next[0]!.dueAt.toISOString()).toBe(new Date(expectedDue.getTime() + 7 * 86_400_000).toISOString());
  });

  it('skips planned digests once the chat switches them off', async () => {
    await seed({ enabled: true, weekday: 1, hour: 9 });
    await h.app.planner.replanNow();
    await modelsOf(h.db.dal).chats.updateOne({ _id: CHANNEL.id }, { $set: { 'digest.enabled': false } });
    await h.app.planner.replanNow();
    const jobs = await modelsOf(h.db.dal).jobs.find({ kind: 'digest' }).lean();
    expect(jobs.map((j) => [j.status, j.reason])).toEqual([['skipped', 'digest settings changed']]);
  });
});
