/**
 * The fake Bot API is what every chat test trusts, so it is tested too: against plain HTTP calls
 * shaped as Telegram documents them.
 */
import { FakeTelegram, TelegramErrors } from '../support/fake-telegram/server';

describe('fake Bot API', () => {
  let fake: FakeTelegram;
  const call = async (method: string, body: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(`${fake.apiRoot}/bot${token ?? fake.token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { result?: unknown } };
  };

  beforeEach(async () => {
    fake = await FakeTelegram.start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('answers getMe with the bot and refuses a wrong token with 401', async () => {
    expect((await call('getMe')).body).toEqual({ ok: true, result: fake.botInfo });
    expect(await call('getMe', {}, '1:wrong')).toEqual({ status: 401, body: TelegramErrors.unauthorized() });
    expect((await call('noSuchMethod')).status).toBe(404);
  });

  it('enforces 4096 characters after HTML parsing, not before', async () => {
    const chat_id = 77;
    const fits = `<b>${'x'.repeat(4096)}</b>`;
    expect((await call('sendMessage', { chat_id, text: fits, parse_mode: 'HTML' })).body.ok).toBe(true);
    const over = await call('sendMessage', { chat_id, text: 'x'.repeat(4097) });
    expect(over).toEqual({ status: 400, body: TelegramErrors.messageTooLong() });
    const badHtml = await call('sendMessage', { chat_id, text: 'a < b', parse_mode: 'HTML' });
    expect(badHtml.status).toBe(400);
    expect(String(badHtml.body.description)).toMatch(/can't parse entities/);
  });

  it('limits captions to 1024 characters and callback data to 64 bytes', async () => {
    const cap = await call('sendPhoto', { chat_id: 5, photo: 'file-id', caption: 'y'.repeat(1025) });
    expect(cap.body).toEqual(TelegramErrors.captionTooLong());
    const button = await call('sendMessage', {
      chat_id: 5,
      text: 'hi',
      reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'z'.repeat(65) }]] },
    });
    expect(button.body).toEqual(TelegramErrors.buttonDataInvalid());
  });

  it('refuses an edit that changes nothing, like Telegram', async () => {
    const sent = await call('sendMessage', { chat_id: 9, text: 'same' });
    const id = (sent.body.result as { message_id: number }).message_id;
    expect((await call('editMessageText', { chat_id: 9, message_id: id, text: 'same' })).body).toEqual(TelegramErrors.notModified());
    expect((await call('editMessageText', { chat_id: 9, message_id: id, text: 'new' })).body.ok).toBe(true);
    expect(fake.message(9, id)?.text).toBe('new');
  });

  it('long-polls: waits for an update, confirms by offset, filters allowed_updates', async () => {
    const pending = call('getUpdates', { timeout: 5, offset: 0 });
    const id = fake.sendText({ id: 1, first_name: 'A' }, '/start');
    const got = await pending;
    const updates = got.body.result as Array<{ update_id: number; message: { text: string; entities: unknown[] } }>;
    expect(updates.map((u) => u.update_id)).toEqual([id]);
    expect(updates[0]?.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    // Not yet confirmed: the same update comes again.
    expect(((await call('getUpdates', { offset: 0 })).body.result as unknown[]).length).toBe(1);
    const processed = fake.processed(id);
    expect(((await call('getUpdates', { offset: id + 1 })).body.result as unknown[]).length).toBe(0);
    await expect(processed).resolves.toBeUndefined();
    fake.pressButton({ id: 1, first_name: 'A' }, { message_id: 1, chat: { id: 1, type: 'private' } }, 'x');
    const onlyMessages = await call('getUpdates', { offset: id + 1, allowed_updates: ['message'] });
    expect(onlyMessages.body.result).toEqual([]);
  });

  it('answers a competing getUpdates with 409, like two bots on one token', async () => {
    const first = call('getUpdates', { timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    const second = call('getUpdates', { timeout: 0 });
    expect((await first).body).toEqual(TelegramErrors.conflictPolling());
    expect((await second).body.ok).toBe(true);
  });

  it('injects one-off and persistent errors with their parameters', async () => {
    fake.failNext('sendMessage', TelegramErrors.tooManyRequests(3), { chatId: 42 });
    const limited = await call('sendMessage', { chat_id: 42, text: 'a' });
    expect(limited).toEqual({ status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } } });
    expect((await call('sendMessage', { chat_id: 42, text: 'a' })).body.ok).toBe(true);
    fake.setChatError(-100, TelegramErrors.migrated(-100200));
    const migrated = await call('sendMessage', { chat_id: -100, text: 'a' });
    expect(migrated.body.parameters).toEqual({ migrate_to_chat_id: -100200 });
    fake.setChatError(43, TelegramErrors.blocked());
    expect((await call('sendMessage', { chat_id: 43, text: 'a' })).body.error_code).toBe(403);
    expect((await call('sendMessage', { chat_id: -5, text: 'a' })).body).toEqual(TelegramErrors.chatNotFound());
  });

  it('enforces configured rate limits with retry_after', async () => {
    fake.rateLimits = { perSecond: 2 };
    expect((await call('sendMessage', { chat_id: 1, text: 'a' })).body.ok).toBe(true);
    expect((await call('sendMessage', { chat_id: 2, text: 'a' })).body.ok).toBe(true);
    const third = await call('sendMessage', { chat_id: 3, text: 'a' });
    expect(third.status).toBe(429);
    expect((third.body.parameters as { retry_after: number }).retry_after).toBeGreaterThanOrEqual(1);
    expect(fake.tooManyRequests).toBe(1);
  });

  it('enforces Telegram’s limits by default, on its clock: a private burst then 1/s, 20 a minute per group, edits too', async () => {
    await fake.stop();
    let now = 1_000_000;
    fake = await FakeTelegram.start({ clock: { now: () => now, realMs: (ms) => ms } });
    for (let i = 0; i < 3; i++) expect((await call('sendMessage', { chat_id: 7, text: `m${i}` })).body.ok).toBe(true);
    const fourth = await call('sendMessage', { chat_id: 7, text: 'm3' });
    expect(fourth.status).toBe(429);
    expect((fourth.body.parameters as { retry_after: number }).retry_after).toBe(1);
    // An edit in that chat counts too.
    expect((await call('editMessageText', { chat_id: 7, message_id: 1, text: 'edited' })).status).toBe(429);
    now += 1000;
    expect((await call('sendMessage', { chat_id: 7, text: 'm3' })).body.ok).toBe(true);
    fake.addChat({ id: -100, type: 'group', title: 'g' });
    for (let i = 0; i < 20; i++) expect((await call('sendMessage', { chat_id: -100, text: `g${i}` })).body.ok).toBe(true);
    now += 100; // past the global second, still within the group's minute
    const twentyFirst = await call('sendMessage', { chat_id: -100, text: 'g20' });
    expect(twentyFirst.status).toBe(429);
    expect((twentyFirst.body.parameters as { retry_after: number }).retry_after).toBeGreaterThan(50);
  });

  it('answers 429 past 30 messages a second across chats, unless they are paid broadcasts', async () => {
    await fake.stop();
    const now = 5_000_000;
    fake = await FakeTelegram.start({ clock: { now: () => now, realMs: (ms) => ms } });
    for (let i = 0; i < 30; i++) expect((await call('sendMessage', { chat_id: 100 + i, text: 'x' })).body.ok).toBe(true);
    expect((await call('sendMessage', { chat_id: 200, text: 'x' })).status).toBe(429);
    expect((await call('sendMessage', { chat_id: 201, text: 'x', allow_paid_broadcast: true })).body.ok).toBe(true);
  });

  it('accepts multipart uploads (documents) and keeps their content', async () => {
    const form = new FormData();
    form.append('chat_id', '8');
    form.append('caption', 'ics');
    form.append('document', new Blob(['BEGIN:VCALENDAR']), 'event.ics');
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendDocument`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const doc = fake.lastBotMessage(8)?.document;
    expect(doc?.file_name).toBe('event.ics');
    expect(doc?.content.toString()).toBe('BEGIN:VCALENDAR');
  });

  it('serves a file a user sent: getFile gives its path, the file endpoint its bytes, for this token only', async () => {
    const user = { id: 41, first_name: 'Sara' };
    const content = Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    fake.sendDocument(user, { file_name: 'event.ics', mime_type: 'text/calendar', content }, '/newevent');
    const updates = (await call('getUpdates', { timeout: 0 })).body.result as Array<{ message: Record<string, unknown> }>;
    const message = updates[0]!.message as { document: { file_id: string; file_size: number; file_name: string }; caption: string; caption_entities: unknown[] };
    expect(message.document).toMatchObject({ file_name: 'event.ics', file_size: content.length });
    expect(message.caption_entities).toEqual([{ type: 'bot_command', offset: 0, length: '/newevent'.length }]);
    const file = (await call('getFile', { file_id: message.document.file_id })).body.result as { file_path: string; file_size: number };
    expect(file.file_size).toBe(content.length);
    const got = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path}`);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(content)).toBe(true);
    expect((await fetch(`${fake.apiRoot}/file/bot1:wrong/${file.file_path}`)).status).toBe(404);
    expect(await call('getFile', { file_id: 'no-such-file' })).toEqual({ status: 400, body: TelegramErrors.badRequest('invalid file_id') });
  });

  it('keeps an uploaded photo under the file id it answers with', async () => {
    const form = new FormData();
    form.append('chat_id', '9');
    form.append('photo', new Blob([Buffer.from([0xff, 0xd8, 0xff, 1])]), 'event.jpg');
    const res = (await (await fetch(`${fake.apiRoot}/bot${fake.token}/sendPhoto`, { method: 'POST', body: form })).json()) as { result: { photo: Array<{ file_id: string }> } };
    const id = res.result.photo[0]!.file_id;
    expect(fake.lastBotMessage(9)?.photo).toBe(id);
    expect(fake.file(id)?.bytes.equals(Buffer.from([0xff, 0xd8, 0xff, 1]))).toBe(true);
  });
});
