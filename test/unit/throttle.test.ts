import { BURST, MAX_BACKLOG_MS, PER_SECOND, UserThrottle } from '../../src/bot/middlewares/throttle';

describe('per-user throttle', () => {
  it('lets a person through at any human pace, and tells a flooder once, then drops', () => {
    let now = 0;
    const t = new UserThrottle(() => now);
    // A burst of BURST goes through at once.
    for (let i = 0; i < BURST; i++) expect(t.take(1)).toBe('go');
    expect(t.take(1)).toBe('tell');
    for (let i = 0; i < 50; i++) expect(t.take(1)).toBe('drop');
    // Someone else is not affected.
    expect(t.take(2)).toBe('go');
    // After a pause, the flooder gets tokens back at PER_SECOND, and would be told again later.
    now += 1000;
    for (let i = 0; i < PER_SECOND; i++) expect(t.take(1)).toBe('go');
    expect(t.take(1)).toBe('tell');
  });

  it('throttles a person whose answers are already far behind, whatever their bucket says', () => {
    const t = new UserThrottle(() => 0);
    expect(t.take(3, MAX_BACKLOG_MS + 1)).toBe('tell');
    expect(t.take(3, MAX_BACKLOG_MS + 1)).toBe('drop');
    expect(t.take(3, 0)).toBe('go');
  });

  it('never throttles one action a second, however long it goes on', () => {
    let now = 0;
    const t = new UserThrottle(() => now);
    for (let i = 0; i < 1000; i++) {
      expect(t.take(7)).toBe('go');
      now += 1000;
    }
  });
});
