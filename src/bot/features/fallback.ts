import { Composer } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { BotContext } from '../context';
import { KNOWN_COMMANDS } from '../commands';

/**
 * Registered last: a message nothing else answered. In a private chat the member always hears back
 * (an unknown command, or text outside a dialogue, gets a short pointer to /help and /events); in a
 * group the bot stays quiet unless it was named (a command "@" it, or a mention), since a bare
 * command there may be meant for another bot and most messages are meant for people.
 */
export const fallbackFeature = new Composer<BotContext>();

/** What a member sends on purpose (not service messages such as a pinned message or a new member). */
const SENT_BY_HAND = ['text', 'sticker', 'photo', 'video', 'voice', 'audio', 'document', 'animation', 'video_note', 'contact', 'location', 'poll', 'dice'] as const;

/** The command the message starts with: its name and the bot it names, if any. */
export function commandOf(message: Message): { name: string; bot?: string } | undefined {
  if (!('text' in message)) return undefined;
  const entity = message.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity) return undefined;
  const [name = '', bot] = message.text.slice(1, entity.length).split('@');
  return bot ? { name: name.toLowerCase(), bot } : { name: name.toLowerCase() };
}

function namesBot(message: Message, username: string): boolean {
  const own = (name: string | undefined) => name?.toLowerCase() === username.toLowerCase();
  if (own(commandOf(message)?.bot)) return true;
  if (!('text' in message)) return false;
  return (message.entities ?? []).some((e) => e.type === 'mention' && own(message.text.slice(e.offset + 1, e.offset + e.length)));
}

fallbackFeature.on('message', async (ctx) => {
  const message = ctx.message;
  if (!SENT_BY_HAND.some((kind) => kind in message)) return;
  if (ctx.chat.type !== 'private' && !namesBot(message, ctx.botInfo.username)) return;
  const command = commandOf(message);
  const text =
    command && !KNOWN_COMMANDS.has(command.name)
      ? ctx.t('fallback.unknownCommand', { command: `/${command.name.slice(0, 32)}` })
      : ctx.t('fallback.notUnderstood');
  await ctx.reply(text, { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } });
});
