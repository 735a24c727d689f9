import { Types } from 'mongoose';
import { eventCardKeyboard } from '../../src/bot/keyboards/event-card';
import { parseStartPayload, rsvpCallback, startPayload } from '../../src/bot/callback-data/event-card';

const t = (key: string) => `[${key}]`;
const now = new Date('2026-12-01T10:00:00Z');
const base = {
  _id: new Types.ObjectId('65f0c0ffee0000000000abcd'),
  status: 'published' as const,
  startAt: new Date('2026-12-05T16:00:00Z'),
  endAt: new Date('2026-12-05T18:00:00Z'),
};

const texts = (kb: ReturnType<typeof eventCardKeyboard>) => kb.inline_keyboard.flat().map((b) => b.text);
const data = (kb: ReturnType<typeof eventCardKeyboard>) =>
  kb.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : 'url' in b ? b.url : ''));

describe('eventCardKeyboard', () => {
  it('offers RSVP, guests, a reminder and the calendar file on an upcoming event', () => {
    const kb = eventCardKeyboard(base, t, { botUsername: 'ev_bot', context: 'private', now });
    expect(texts(kb)).toEqual([
      '[rsvp.button.going]', '[rsvp.button.maybe]', '[rsvp.button.notGoing]',
      '[rsvp.button.plusOne]', '[rsvp.button.plusTwo]', '[rsvp.button.remind]', '[rsvp.button.calendar]',
    ]);
    expect(data(kb)).toContain('rv:65f0c0ffee0000000000abcd:g');
    expect(data(kb)).toContain('ics:65f0c0ffee0000000000abcd');
    for (const d of data(kb)) expect(Buffer.byteLength(String(d))).toBeLessThanOrEqual(64);
  });

  it('has no RSVP or reminder on a cancelled event, only the calendar file', () => {
    const kb = eventCardKeyboard({ ...base, status: 'cancelled' }, t, { botUsername: 'ev_bot', context: 'private', now });
    expect(texts(kb)).toEqual(['[rsvp.button.calendar]']);
  });

  it('has no RSVP once the event has ended', () => {
    const kb = eventCardKeyboard(base, t, { botUsername: 'ev_bot', context: 'group', now: new Date('2026-12-06T00:00:00Z') });
    expect(texts(kb)).toEqual(['[rsvp.button.calendar]']);
  });

  it('keeps RSVP but drops the reminder while the event is under way', () => {
    const kb = eventCardKeyboard(base, t, { botUsername: 'ev_bot', context: 'private', now: new Date('2026-12-05T17:00:00Z') });
    expect(texts(kb)).toContain('[rsvp.button.going]');
    expect(texts(kb)).not.toContain('[rsvp.button.remind]');
  });

  it('links the calendar file through a start payload in a channel, since the file goes to private', () => {
    const kb = eventCardKeyboard(base, t, { botUsername: 'ev_bot', context: 'channel', now });
    expect(data(kb)).toContain('https://t.me/ev_bot?start=ics_65f0c0ffee0000000000abcd');
  });
});

describe('eventCardKeyboard: the Details link to the web page', () => {
  const pageUrl = 'https://events.example.org/fa/event/65f0c0ffee0000000000abcd';
  it('adds a Details URL button as the last row when the page has an address, in every chat type', () => {
    for (const context of ['private', 'channel', 'group'] as const) {
      const kb = eventCardKeyboard(base, t, { botUsername: 'ev_bot', context, now, pageUrl });
      expect(kb.inline_keyboard.at(-1)).toEqual([{ text: '[rsvp.button.details]', url: pageUrl }]);
    }
  });

  it('keeps it on a cancelled or past event (the page says so) but never on a draft, and has none without an address', () => {
    expect(texts(eventCardKeyboard({ ...base, status: 'cancelled' }, t, { botUsername: 'ev_bot', context: 'channel', now, pageUrl }))).toEqual(['[rsvp.button.calendar]', '[rsvp.button.details]']);
    expect(texts(eventCardKeyboard({ ...base, status: 'draft' }, t, { botUsername: 'ev_bot', context: 'private', now, pageUrl }))).not.toContain('[rsvp.button.details]');
    expect(texts(eventCardKeyboard(base, t, { botUsername: 'ev_bot', context: 'private', now, pageUrl: undefined }))).not.toContain('[rsvp.button.details]');
  });
});

describe('start payloads', () => {
  it('round-trip and refuse anything else', () => {
    const id = '65f0c0ffee0000000000abcd';
    expect(parseStartPayload(startPayload.rsvp(id, '2'))).toEqual({ kind: 'rsvp', eventId: id, answer: '2' });
    expect(parseStartPayload(startPayload.remind(id))).toEqual({ kind: 'remind', eventId: id });
    expect(parseStartPayload(startPayload.ics(id))).toEqual({ kind: 'ics', eventId: id });
    expect(parseStartPayload(`rv_${id}_x`)).toBeUndefined();
    expect(parseStartPayload('rv_nothex_g')).toBeUndefined();
    expect(parseStartPayload('inv_abc')).toBeUndefined();
    expect(rsvpCallback.decode('rv:abc:g')).toEqual({ event: 'abc', answer: 'g' }); // shape only; ids are checked by the handler
  });
});
