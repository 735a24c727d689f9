import { classifyFailure, stillMeaningful, backoffMs, MAX_ATTEMPTS } from '../../src/delivery/policy';
import { RateGate } from '../../src/delivery/rate';
import { reminderDueAt } from '../../src/delivery/planner';
import { renderReminder, renderNotice, detailsKeyboard } from '../../src/delivery/render';
import { zonedWallTimeToInstant } from '../../src/domain/time';
import { createI18n } from '../../src/i18n/i18n';

describe('failure classification (error_code and parameters only)', () => {
  it('429 waits retry_after seconds', () => {
    expect(classifyFailure({ code: 429, description: 'x', retryAfter: 7 }, 1)).toEqual({ type: 'flood', waitMs: 7000 });
  });
  it('403 makes the recipient inactive whatever the wording', () => {
    expect(classifyFailure({ code: 403, description: 'Forbidden: anything' }, 1).type).toBe('inactive');
  });
  it('400 with migrate_to_chat_id re-targets', () => {
    expect(classifyFailure({ code: 400, description: 'x', migrateToChatId: -100 }, 1)).toEqual({ type: 'migrate', newChatId: -100 });
  });
  it('an unchanged edit is success; chat not found is inactive; other 400s fail with the reason', () => {
    expect(classifyFailure({ code: 400, description: 'x', notModified: true }, 1).type).toBe('unchanged');
    expect(classifyFailure({ code: 400, description: 'x', chatNotFound: true }, 1).type).toBe('inactive');
    expect(classifyFailure({ code: 400, description: 'Bad Request: message is too long' }, 1)).toEqual({ type: 'fail', reason: '400 Bad Request: message is too long' });
  });
  it('5xx and network errors back off exponentially, then fail', () => {
    expect(classifyFailure({ code: 502, description: 'Bad Gateway' }, 1)).toEqual({ type: 'backoff', delayMs: backoffMs(1) });
    expect(backoffMs(3)).toBe(4 * backoffMs(1));
    expect(classifyFailure({ code: 0, description: 'ECONNRESET' }, MAX_ATTEMPTS).type).toBe('fail');
  });
});

describe('what is still worth sending after downtime', () => {
  const start = new Date('2026-12-01T18:00:00Z');
  const event = { status: 'published', startAt: start, endAt: new Date('2026-12-01T20:00:00Z') };
  it('a reminder only before the start, for the start it was planned for', () => {
    expect(stillMeaningful('reminder', event, new Date('2026-12-01T17:59:00Z'), start).ok).toBe(true);
    expect(stillMeaningful('reminder', event, new Date('2026-12-01T18:00:00Z'), start)).toEqual({ ok: false, reason: 'event already started' });
    expect(stillMeaningful('reminder', event, new Date('2026-12-01T17:00:00Z'), new Date('2026-12-01T16:00:00Z'))).toEqual({ ok: false, reason: 'event moved' });
    expect(stillMeaningful('reminder', { ...event, status: 'cancelled' }, new Date('2026-12-01T17:00:00Z'), start)).toEqual({ ok: false, reason: 'event cancelled' });
  });
  it('"starting now" within 15 minutes of the start', () => {
    expect(stillMeaningful('starting', event, new Date('2026-12-01T18:14:59Z'), start).ok).toBe(true);
    expect(stillMeaningful('starting', event, new Date('2026-12-01T18:15:01Z'), start).ok).toBe(false);
  });
});

describe('reminder times are durations before the UTC start (DST)', () => {
  it('a 24-hour reminder for 09:00 on the morning New York springs forward comes 24 real hours before: 08:00 EST the day before', () => {
    // DST began 8 March 2026 at 02:00 in America/New_York; that day has 23 hours.
    const start = zonedWallTimeToInstant({ year: 2026, month: 3, day: 8, hour: 9, minute: 0 }, 'America/New_York');
    expect(start.toISOString()).toBe('2026-03-08T13:00:00.000Z'); // 09:00 EDT (UTC-4)
    const due = reminderDueAt(start, 24 * 60);
    expect(due.toISOString()).toBe('2026-03-07T13:00:00.000Z'); // 08:00 EST (UTC-5) on 7 March
    expect(reminderDueAt(start, 60).toISOString()).toBe('2026-03-08T12:00:00.000Z'); // 08:00 EDT
  });
});

describe('RateGate', () => {
  it('spaces sends to the budget and never exceeds it in any sliding second', () => {
    const gate = new RateGate({ perSecond: 30 });
    const times: number[] = [];
    let now = 0;
    while (times.length < 300) {
      const w = gate.globalWait(now);
      if (w > 0) {
        now += w;
        continue;
      }
      gate.take(times.length + 1, true, now);
      times.push(now);
    }
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(30);
    }
    expect(300 / ((times[299]! - times[0]!) / 1000)).toBeGreaterThan(28);
  });
  it('catches up after a stall without sending back-to-back', () => {
    const gate = new RateGate({ perSecond: 30 });
    const interval = 1000 / gate.budget;
    let now = 0;
    for (let i = 0; i < 10; i++) {
      now += gate.globalWait(now);
      gate.take(i, true, now);
    }
    now += 300; // the event loop was busy: three slots went by
    expect(gate.globalWait(now)).toBe(0);
    gate.take(100, true, now);
    const wait = gate.globalWait(now);
    expect(wait).toBeGreaterThanOrEqual(interval * 0.9 - 1e-9);
    expect(wait).toBeLessThan(interval);
  });
  it('keeps 1 s between messages to one private chat and 20 a minute to a group; holds after a 429', () => {
    const gate = new RateGate({ perSecond: 25, privateBurst: 1, privateIntervalMs: 1000, groupWindowMs: 60_000 });
    gate.take(7, true, 0);
    expect(gate.chatReadyAt(7, true, 10)).toBe(1000);
    for (let i = 0; i < 20; i++) gate.take(-5, false, i * 100);
    expect(gate.chatReadyAt(-5, false, 2500)).toBe(60_000);
    gate.hold(5000);
    expect(gate.globalWait(3000)).toBe(2000);
  });
});

describe('engine texts', () => {
  it('renders reminders and notices in the viewer\'s language with escaped titles', async () => {
    const i18n = await createI18n();
    const event = { title: 'A <b>', startAt: new Date('2026-12-01T18:00:00Z'), endAt: new Date('2026-12-01T19:00:00Z'), allDay: false, timezone: 'UTC' };
    const en = renderReminder(event, 60, { locale: 'en', timezone: 'Asia/Tehran', calendar: 'gregorian' }, i18n.forLocale('en'));
    expect(en).toContain('A &lt;b&gt;');
    expect(en).toContain('1 hour');
    expect(en).toContain('21:30');
    const fa = renderNotice({ ...event, cancelReason: 'rain & <wind>' }, 'cancelled', { locale: 'fa', timezone: 'Asia/Tehran', calendar: 'persian' }, i18n.forLocale('fa'));
    expect(fa).toContain('لغو شد');
    expect(fa).toContain('rain &amp; &lt;wind&gt;');
  });
});

describe('a postponed event', () => {
  it('is still reminded of, at its new start', () => {
    const startAt = new Date('2030-01-10T15:00:00Z');
    const event = { status: 'postponed', startAt, endAt: new Date('2030-01-10T17:00:00Z') };
    expect(stillMeaningful('reminder', event, new Date('2030-01-09T15:00:00Z'), startAt)).toEqual({ ok: true });
    expect(stillMeaningful('reminder', { ...event, status: 'cancelled' }, new Date('2030-01-09T15:00:00Z'), startAt)).toEqual({
      ok: false,
      reason: 'event cancelled',
    });
  });
});

describe('the Details button under reminders and notices', () => {
  it('is one localized URL button to the page, or nothing without a page', async () => {
    const i18n = await createI18n();
    const url = 'https://events.example.org/ur/event/65f0c0ffee0000000000abcd';
    expect(detailsKeyboard(url, i18n.forLocale('ur'))).toEqual({ inline_keyboard: [[{ text: i18n.t('ur', 'rsvp.button.details'), url }]] });
    expect(i18n.t('ur', 'rsvp.button.details')).toContain('تفصیلات');
    expect(detailsKeyboard(undefined, i18n.forLocale('ur'))).toBeUndefined();
  });
});
