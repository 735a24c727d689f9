import type { MiddlewareFn } from 'telegraf';
import type { BotContext } from '../context';
import { isLocale, localeFromLanguageCode } from '../../i18n/locales';

/**
 * Loads (or creates) the sender and decides the reply language: the one they chose in /settings,
 * else their Telegram app language if supported, else DEFAULT_LOCALE. The app-language guess is
 * set before the database is asked, so even a "briefly unavailable" apology speaks their language.
 */
export function userAndLocale(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const { config, dal, i18n } = ctx.deps;
    const from = ctx.from;
    ctx.isSuperAdmin = from ? config.botAdmins.includes(from.id) : false;
    ctx.user = undefined;
    ctx.locale = localeFromLanguageCode(from?.language_code) ?? config.defaultLocale;
    ctx.t = i18n.forLocale(ctx.locale);
    if (from && !from.is_bot) {
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
