/**
 * A reminder for an event just after a DST change (America/New_York springs forward on 14 March
 * 2027 at 02:00): "1 day before" 09:00 EDT on the 14th is 24 real hours earlier, 08:00 EST on the
 * 13th — and the engine sends it then, with a clock the test moves.
 */
import { startHarness, type Harness } from '../support/harness';
import { zonedWallTimeToInstant } from '../../src/domain/time';
import { modelsOf } from '../support/models';

describe('reminders across a DST change', () => {
  let h: Harness;
  let clock = new Date('2027-03-13T12:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ env: { TICK_SECONDS: '60' }, now: () => clock });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('plans and sends the 1-day reminder 24 real hours before the New York start', async () => {
    const member = 7100;
    await modelsOf(h.db.dal).users.create({ _id: member, firstName: 'Nia', privateChatStarted: true, reachable: true, locale: 'en', timezone: 'America/New_York', reminderOffsets: [24 * 60, 60] });
    await modelsOf(h.db.dal).subscriptions.create({ userId: member, kind: 'all', target: '*' });
    const start = zonedWallTimeToInstant({ year: 2027, month: 3, day: 14, hour: 9, minute: 0 }, 'America/New_York');
    expect(start.toISOString()).toBe('2027-03-14T13:00:00.000Z');
    const event = await modelsOf(h.db.dal).events.create({
      title: 'Spring run', startAt: start, endAt: new Date(start.getTime() + 3600_000), timezone: 'America/New_York', status: 'published', createdBy: 1, publishedAt: clock,
    });
    await h.app.deps.scheduler.eventPublished(event._id);
    const reminders = await modelsOf(h.db.dal).jobs.find({ kind: 'reminder', eventId: event._id }).sort({ dueAt: 1 }).lean();
    expect(reminders.map((j) => j.dueAt.toISOString())).toEqual(['2027-03-13T13:00:00.000Z', '2027-03-14T12:00:00.000Z']);

    await h.runUntilIdle(); // the announcement
    const before = h.fake.botMessagesIn(member).length;
    clock = new Date('2027-03-13T12:59:59Z');
    await h.runUntilIdle();
    expect(h.fake.botMessagesIn(member)).toHaveLength(before); // not a second early
    clock = new Date('2027-03-13T13:00:01Z');
    await h.runUntilIdle();
    const got = h.fake.botMessagesIn(member).slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain('starts in 1 day');
    expect(got[0]!.text).toContain('09:00'); // shown in the member's zone: 09:00 EDT
  });
});
