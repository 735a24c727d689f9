import { Composer } from 'telegraf';
import { message } from 'telegraf/filters';
import type { ChatMember } from 'telegraf/types';
import { buildMessage } from '../../i18n/bidi';
import type { BotContext } from '../context';
import type { MembershipResult } from '../../application/chats';
import { renderLinked } from '../render/chats';
import { missingPostRight, recordAdmin, roleFrom, roleNow, sendPrivate, type MissingRight } from '../member-support';

/**
 * The bot's own membership in channels and groups (my_chat_member), read from the update and handed
 * to the chat operations (`app.chats.botMembershipChanged`), which decide: linked when added by a
 * current admin (Telegram asked about the adder, and about the chat's admins, only then), not
 * linked otherwise; inactive when removed; paused and resumed as the right to post goes and comes
 * back. This file tells the person who acted what happened. A group upgraded to a supergroup keeps
 * its link and settings under the new id; admins' promotions and demotions (chat_member) are
 * recorded as Telegram reports them.
 */
export const chatMembershipFeature = new Composer<BotContext>();

const PRESENT: ReadonlySet<ChatMember['status']> = new Set(['creator', 'administrator', 'member']);

function isPresent(m: ChatMember): boolean {
  return PRESENT.has(m.status) || (m.status === 'restricted' && m.is_member);
}

/** Tells the person who acted: in private if they started the bot (and it works), else in the group. */
async function tellPerson(ctx: BotContext, userId: number, chat: { id: number; type: string }, text: string): Promise<void> {
  const user = await ctx.deps.dal.users.findById(userId);
  if (user?.privateChatStarted && user.reachable && (await sendPrivate(ctx, userId, text))) return;
  if (chat.type === 'group' || chat.type === 'supergroup') {
    try {
      await ctx.telegram.sendMessage(chat.id, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    } catch (err) {
      ctx.log.warn({ err, chatId: chat.id }, 'could not tell the group');
    }
  }
}

function rightText(ctx: BotContext, missing: Exclude<MissingRight, undefined>, title: string): string {
  return ctx.t(missing === 'post_messages' ? 'chats.needPostRight' : 'chats.needSendRight', { title });
}

/** getChatAdministrators, people only (not bots, not this bot); undefined when Telegram cannot say. */
async function chatAdmins(ctx: BotContext, chatId: number) {
  try {
    const admins = await ctx.telegram.getChatAdministrators(chatId);
    return admins
      .filter((a) => !a.user.is_bot && a.user.id !== ctx.botInfo.id)
      .flatMap((a) => {
        const role = roleFrom(a);
        return typeof role === 'object' ? [{ userId: a.user.id, ...role }] : [];
      });
  } catch (err) {
    ctx.log.warn({ err, chatId }, 'could not list the chat admins; only the one who linked it is recorded');
    return undefined;
  }
}

chatMembershipFeature.on('my_chat_member', async (ctx) => {
  const update = ctx.myChatMember;
  const chat = update.chat;
  if (chat.type === 'private') return;
  const title = 'title' in chat ? chat.title : '';
  const by = update.from.id;
  const result: MembershipResult = await ctx.deps.app.chats.botMembershipChanged({
    chat: { id: chat.id, type: chat.type, title },
    by,
    wasPresent: isPresent(update.old_chat_member),
    nowPresent: isPresent(update.new_chat_member),
    missing: missingPostRight(chat.type, update.new_chat_member),
    locale: ctx.locale,
    ask: { adder: roleNow(ctx, chat.id, by), admins: () => chatAdmins(ctx, chat.id) },
  });
  switch (result.kind) {
    case 'removed':
      return tellPerson(ctx, result.chat.linkedBy, { id: chat.id, type: 'private' }, ctx.t('chats.removed', { title: result.chat.title || title }));
    case 'refused':
      return tellPerson(ctx, by, chat, ctx.t('chats.notAdmin', { title }));
    case 'linked': {
      const lines = [renderLinked(ctx.t, ctx.locale, result.chat)];
      if (result.missing) lines.push('', rightText(ctx, result.missing, title));
      lines.push('', ctx.t('chats.howToSetUp'));
      return tellPerson(ctx, by, chat, buildMessage(lines, ctx.locale));
    }
    case 'paused':
      return tellPerson(ctx, by, chat, ctx.t('chats.lostRight', { title }) + '\n\n' + rightText(ctx, result.missing, title));
    case 'resumed':
      return tellPerson(ctx, by, chat, ctx.t('chats.reactivated', { title }));
    case 'unchanged':
      return;
  }
});

/**
 * Someone else's membership changed in a linked chat (promoted, demoted, left): the record of its
 * admins follows. Telegram sends these only to bots that are admins there and ask for them.
 */
chatMembershipFeature.on('chat_member', async (ctx) => {
  const update = ctx.chatMember;
  if (update.new_chat_member.user.is_bot) return;
  if (!(await ctx.deps.dal.chats.findById(update.chat.id))) return;
  await recordAdmin(ctx, update.chat.id, update.new_chat_member.user.id, update.new_chat_member);
});

chatMembershipFeature.on(message('migrate_to_chat_id'), async (ctx) => {
  await ctx.deps.app.chats.groupMigrated(ctx.chat.id, ctx.message.migrate_to_chat_id);
  ctx.log.info({ from: ctx.chat.id, to: ctx.message.migrate_to_chat_id }, 'group became a supergroup');
});

chatMembershipFeature.on(message('migrate_from_chat_id'), async (ctx) => {
  const title = 'title' in ctx.chat ? ctx.chat.title : undefined;
  await ctx.deps.app.chats.groupMigrated(ctx.message.migrate_from_chat_id, ctx.chat.id, title);
});
