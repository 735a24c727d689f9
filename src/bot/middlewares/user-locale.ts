import type { MiddlewareFn } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { BotContext, SessionData } from '../context';
import { isLocale, localeFromLanguageCode } from '../../i18n/locales';
import { KNOWN_COMMANDS } from '../commands';

/**
 * The reply language guessed from the sender's Telegram app language (else DEFAULT_LOCALE), set
 * before anything asks the database, so even a "briefly unavailable" apology speaks their language.
 */
export function localeGuess(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const { config, i18n } = ctx.deps;
    ctx.isSuperAdmin = ctx.from ? config.botAdmins.includes(ctx.from.id) : false;
    ctx.user = undefined;
    ctx.locale = localeFromLanguageCode(ctx.from?.language_code) ?? config.defaultLocale;
    ctx.t = i18n.forLocale(ctx.locale);
    await next();
  };
}

const GROUPS: ReadonlySet<string> = new Set(['group', 'supergroup']);

/**
 * Whether a message in a group is meant for the bot: a command ("@" this bot, or one of its own
 * commands bare: a bare unknown one may be for another bot), a mention
 * of it, a reply to one of its messages, or news of the bot itself joining or leaving. With
 * Telegram's privacy mode on the bot only gets these; with it off it sees every message, and
 * stores nothing about senders of the others.
 */
export function addressesBot(message: Message, bot: { id: number; username: string }): boolean {
  const own = (name: string) => name.toLowerCase() === bot.username.toLowerCase();
  if ('new_chat_members' in message && message.new_chat_members.some((m) => m.id === bot.id)) return true;
  if ('left_chat_member' in message && message.left_chat_member.id === bot.id) return true;
  if ('migrate_to_chat_id' in message || 'migrate_from_chat_id' in message) return true;
  if ('reply_to_message' in message && message.reply_to_message?.from?.id === bot.id) return true;
  const text = 'text' in message ? message.text : 'caption' in message ? (message.caption ?? '') : '';
  const entities = 'text' in message ? message.entities : 'caption' in message ? message.caption_entities : undefined;
  for (const e of entities ?? []) {
    const part = text.slice(e.offset, e.offset + e.length);
    if (e.type === 'bot_command' && e.offset === 0) {
      const [name = '', target] = part.slice(1).split('@');
      return target ? own(target) : KNOWN_COMMANDS.has(name.toLowerCase());
    }
    if (e.type === 'mention' && own(part.slice(1))) return true;
    if (e.type === 'text_mention' && e.user?.id === bot.id) return true;
  }
  return false;
}

/**
 * Loads (or creates) the sender and switches to the language they chose in /settings. In a group,
 * only for someone talking to the bot (see addressesBot) or in the middle of a dialogue with it
 * (their session there is read to know): people who never talk to the bot leave no record.
 */
export function userAndLocale(
  sessions: { get(key: string): Promise<SessionData | undefined> },
  sessionKey: (ctx: BotContext) => string | undefined,
): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const { dal, i18n } = ctx.deps;
    const from = ctx.from;
    const message = ctx.message ?? ctx.editedMessage;
    const bystander = async () => {
      if (!message || !GROUPS.has(ctx.chat?.type ?? '')) return false;
      if (addressesBot(message, { id: ctx.botInfo.id, username: ctx.botInfo.username })) return false;
      const key = sessionKey(ctx);
      return !(key && (await sessions.get(key))?.dialog);
    };
    if (from && !from.is_bot && !(await bystander())) {
      ctx.user = await dal.users.upsertFromTelegram(from, { privateChat: ctx.chat?.type === 'private' });
      const stored = ctx.user.locale;
      if (isLocale(stored) && stored !== ctx.locale) {
        ctx.locale = stored;
        ctx.t = i18n.forLocale(stored);
      }
    }
    await next();
  };
}
