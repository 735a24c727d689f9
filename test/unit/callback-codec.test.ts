import { callbackCodec } from '../../src/bot/callback-data/codec';

describe('callbackCodec', () => {
  const rsvp = callbackCodec('rsvp', ['event', 'answer'] as const);

  it('round-trips its fields', () => {
    const data = rsvp.encode({ event: '65f0c0ffee0000000000abcd', answer: 'g' });
    expect(data).toBe('rsvp:65f0c0ffee0000000000abcd:g');
    expect(rsvp.decode(data)).toEqual({ event: '65f0c0ffee0000000000abcd', answer: 'g' });
  });

  it('refuses data of another shape or prefix', () => {
    expect(rsvp.decode('rsvp:only-one')).toBeUndefined();
    expect(rsvp.decode('rsvp:a:b:c')).toBeUndefined();
    expect(rsvp.decode('rsvpx:a:b')).toBeUndefined();
    expect(rsvp.decode(undefined)).toBeUndefined();
  });

  it('refuses to build data over Telegram\'s 64-byte limit or with a separator inside a field', () => {
    expect(() => rsvp.encode({ event: 'x'.repeat(60), answer: 'g' })).toThrow(/64 bytes/);
    expect(() => rsvp.encode({ event: 'a:b', answer: 'g' })).toThrow(/contains/);
  });
});
