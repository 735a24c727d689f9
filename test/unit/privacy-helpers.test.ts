import type { Message } from 'telegraf/types';
import { addressesBot } from '../../src/bot/middlewares/user-locale';
import { commandOf } from '../../src/bot/features/fallback';
import { retentionJob } from '../../src/delivery/planner';

const BOT = { id: 99, username: 'community_events_bot' };
const from = { id: 1, is_bot: false, first_name: 'سارا' };
const chat = { id: -5, type: 'supergroup' as const, title: 'گروه' };
const text = (t: string, entities: Array<{ type: string; offset: number; length: number }> = []): Message =>
  ({ message_id: 1, date: 0, chat, from, text: t, entities }) as unknown as Message;

describe('addressesBot: which group messages are meant for the bot', () => {
  it('takes its own commands, bare or @ it, and not others', () => {
    expect(addressesBot(text('/events', [{ type: 'bot_command', offset: 0, length: 7 }]), BOT)).toBe(true);
    expect(addressesBot(text('/events@Community_Events_Bot', [{ type: 'bot_command', offset: 0, length: 28 }]), BOT)).toBe(true);
    expect(addressesBot(text('/events@other_bot', [{ type: 'bot_command', offset: 0, length: 17 }]), BOT)).toBe(false);
    expect(addressesBot(text('/roll', [{ type: 'bot_command', offset: 0, length: 5 }]), BOT)).toBe(false);
  });

  it('finds a mention by UTF-16 offsets, after emoji and Persian text', () => {
    const t = '🎉 سلام @community_events_bot جلسه کی است؟';
    const offset = t.indexOf('@'); // UTF-16 units, as Telegram counts
    expect(addressesBot(text(t, [{ type: 'mention', offset, length: 21 }]), BOT)).toBe(true);
    expect(addressesBot(text('سلام به همه 👋'), BOT)).toBe(false);
    expect(addressesBot(text('@someone_else hi', [{ type: 'mention', offset: 0, length: 13 }]), BOT)).toBe(false);
  });

  it('takes a reply to one of its messages', () => {
    const reply = { ...(text('بله') as object), reply_to_message: { message_id: 0, date: 0, chat, from: { id: 99, is_bot: true, first_name: 'bot' } } } as unknown as Message;
    expect(addressesBot(reply, BOT)).toBe(true);
  });

  it('reads the command of a message', () => {
    expect(commandOf(text('/Events@x_bot extra', [{ type: 'bot_command', offset: 0, length: 13 }]))).toEqual({ name: 'events', bot: 'x_bot' });
    expect(commandOf(text('hello'))).toBeUndefined();
  });
});

describe('retentionJob', () => {
  it('is due at the next 03:00 UTC, whatever the zone the process runs in', () => {
    expect(retentionJob(new Date('2026-11-29T02:59:00Z')).dueAt.toISOString()).toBe('2026-11-29T03:00:00.000Z');
    expect(retentionJob(new Date('2026-11-29T03:00:00Z')).dueAt.toISOString()).toBe('2026-11-30T03:00:00.000Z');
    expect(retentionJob(new Date('2026-12-31T23:00:00Z')).key).toBe(`retention:${Date.parse('2027-01-01T03:00:00Z')}`);
  });
});
