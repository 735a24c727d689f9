import { ALICE, REZA, startHarness, type Harness } from '../support/harness';
import { TelegramErrors } from '../support/fake-telegram/server';
import { startPrivateDatabase } from '../support/db';
import { connectDatabase } from '../../src/db/connect';
import { createDal } from '../../src/dal';
import pino from 'pino';

describe('errors inside handlers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('retries a reply that met a server error, and the member gets the answer', async () => {
    h.fake.failNext('sendMessage', TelegramErrors.badGateway(), { chatId: REZA.id, times: 2 });
    const replies = await h.fake.say(REZA, '/help');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('/start');
    expect(h.fake.callsTo('sendMessage').filter((c) => Number(c.params.chat_id) === REZA.id).map((c) => c.ok)).toEqual([false, false, true]);
  });

  it('apologises in the user’s language without raw error text, and keeps polling', async () => {
    // Telegram refuses the bot's answer (a 400 is never retried); telegraf throws inside the handler.
    h.fake.failNext('sendMessage', TelegramErrors.badRequest('Error: something the user must not see'), { chatId: REZA.id });
    const replies = await h.fake.say(REZA, '/help');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe('متأسفم، مشکلی در سمت من پیش آمد. لطفاً کمی بعد دوباره تلاش کنید.');
    expect(replies[0]?.text).not.toMatch(/Bad Gateway|Error/);
    // The bot is still taking updates.
    const [next] = await h.fake.say(ALICE, '/help');
    expect(next?.text).toContain('/start');
  });
});

describe('a database outage', () => {
  it('apologises that the bot is briefly unavailable, stays up, and recovers by itself', async () => {
    const server = await startPrivateDatabase();
    const conn = await connectDatabase(`${server.baseUri}/outage`, {
      logger: pino({ level: 'silent' }),
      serverSelectionTimeoutMS: 1500,
    });
    const dal = createDal(conn);
    await dal.ensureIndexes();
    const h = await startHarness({ sharedDb: { uri: '', conn, dal, drop: async () => undefined } });
    try {
      const [before] = await h.fake.say(ALICE, '/help');
      expect(before?.text).toContain('/start');

      await server.stop();
      const [apology] = await h.fake.say(ALICE, '/help');
      expect(apology?.text).toBe("I'm briefly unavailable. Please try again in a minute — nothing you sent before is lost.");

      await server.restart();
      // The driver reconnects by itself; the first updates after the restart may still find it down.
      let answer = '';
      for (let i = 0; i < 20 && !answer.includes('/start'); i++) {
        const replies = await h.fake.say(ALICE, '/help');
        answer = replies[0]?.text ?? '';
        if (!answer.includes('/start')) await new Promise((r) => setTimeout(r, 500));
      }
      expect(answer).toContain('/start');
    } finally {
      await h.stop();
      await conn.close();
      await server.destroy();
    }
  });
});
