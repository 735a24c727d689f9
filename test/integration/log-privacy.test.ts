/**
 * Logs carry ids, never what people wrote or the files the bot sends: a failed sendDocument (the
 * attendee CSV) and a failed reply are logged through the real bot with the production logger, and
 * the lines name the method, the chat and Telegram's answer, but no text, caption or file.
 */
import { Writable } from 'node:stream';
import { ALICE, REZA, startHarness, type Harness } from '../support/harness';
import { TelegramErrors } from '../support/fake-telegram/server';
import { makeEvent, makeOrganizer } from '../support/events';
import { attendeesCsvCallback } from '../../src/bot/callback-data/members';
import { safeError } from '../../src/logger';
import { modelsOf } from '../support/models';

describe('logs carry ids, never message texts or files', () => {
  let h: Harness;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  beforeAll(async () => {
    h = await startHarness({ logs: sink });
  });
  afterAll(async () => {
    await h.stop();
  });
  const failures = () => lines.map((l) => JSON.parse(l) as { msg: string; err?: Record<string, unknown> }).filter((l) => l.msg === 'handler failed');

  it('a failed attendee CSV is logged with the method, chat and error code only', async () => {
    await makeOrganizer(h.db.dal, ALICE);
    const ev = await makeEvent(h.db.dal, { title: 'دورهمی خانوادگی', startAt: new Date(Date.now() + 86_400_000), createdBy: ALICE.id });
    await modelsOf(h.db.dal).users.create({ _id: 8101, firstName: 'فاطمه محمدی', username: 'fatemeh_m' });
    await h.db.dal.rsvps.answer(ev._id, 8101, { answer: 'going' }, new Date());
    // A refusal (400): a 5xx would be retried by the gateway and succeed.
    h.fake.failNext('sendDocument', TelegramErrors.badRequest('wrong file identifier/HTTP URL specified'), { chatId: ALICE.id });
    await h.fake.processed(h.fake.pressButton(ALICE, { message_id: 1, chat: { id: ALICE.id, type: 'private' } }, attendeesCsvCallback.encode({ event: ev._id.toHexString() })));
    const [failure] = failures();
    expect(failure?.err).toMatchObject({ type: 'TelegramError', method: 'sendDocument', request: { chat_id: ALICE.id }, telegram: { error_code: 400 } });
    const all = lines.join('\n');
    for (const secret of ['فاطمه', 'fatemeh_m', 'دورهمی', '8101', 'Buffer', 'caption', 'document']) expect({ secret, logged: all.includes(secret) }).toEqual({ secret, logged: false });
  });

  it('a failed reply is logged without its text', async () => {
    lines.length = 0;
    h.fake.failNext('sendMessage', TelegramErrors.badRequest('not enough rights'), { chatId: REZA.id });
    await h.fake.say(REZA, '/help');
    const [failure] = failures();
    expect(failure?.err).toMatchObject({ method: 'sendMessage', request: { chat_id: REZA.id } });
    expect(JSON.stringify(failure)).not.toMatch(/"text"|\/start|\/events/);
  });

  it('a validation error names the fields, not the values', () => {
    const err = Object.assign(new Error('Event validation failed: title: Path `title` (`عنوان محرمانه`) is longer than the maximum allowed length (200).'), {
      name: 'ValidationError',
      errors: { title: { value: 'عنوان محرمانه' } },
    });
    const out = JSON.stringify(safeError(err));
    expect(out).toContain('validation failed: title');
    expect(out).not.toContain('محرمانه');
  });
});
