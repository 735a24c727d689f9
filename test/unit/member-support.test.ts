import { missingPostRight } from '../../src/bot/member-support';
import { chatStatusText } from '../../src/bot/render/chats';
import type { ChatMember } from 'telegraf/types';

const bot = { id: 1, is_bot: true, first_name: 'bot' };

describe('which right the bot lacks to post', () => {
  it('needs "Post messages" as a channel admin', () => {
    const admin = (can_post_messages: boolean) => ({ status: 'administrator', user: bot, can_post_messages, can_be_edited: false }) as ChatMember;
    expect(missingPostRight('channel', admin(true))).toBeUndefined();
    expect(missingPostRight('channel', admin(false))).toBe('post_messages');
    expect(missingPostRight('channel', { status: 'member', user: bot })).toBe('post_messages');
  });

  it('needs to be allowed to send messages in a group', () => {
    expect(missingPostRight('group', { status: 'member', user: bot })).toBeUndefined();
    const restricted = (can_send_messages: boolean) => ({ status: 'restricted', user: bot, is_member: true, can_send_messages }) as ChatMember;
    expect(missingPostRight('supergroup', restricted(false))).toBe('send_messages');
    expect(missingPostRight('supergroup', restricted(true))).toBeUndefined();
    expect(missingPostRight('group', { status: 'left', user: bot })).toBe('send_messages');
  });
});

describe("a linked chat's status", () => {
  const t = (key: string) => `[${key}]`;
  it("names known reasons and calls the delivery engine's own reasons a pause", () => {
    expect(chatStatusText(t, { active: true })).toBe('[chats.status.active]');
    expect(chatStatusText(t, { active: false, inactiveReason: 'no_post_right' })).toBe('[chats.status.no_post_right]');
    expect(chatStatusText(t, { active: false, inactiveReason: '403 Forbidden: bot was kicked from the channel chat' })).toBe('[chats.status.failed]');
  });
});
