/**
 * Assembles the running application from its parts (the bot, and the services later features add
 * beside it) and gives main.ts, the demo and the tests one start/stop pair. Starting checks the token
 * with getMe, publishes the command menus, and begins taking updates.
 */
import { TelegramError } from 'telegraf';
import { createBot, type Bot } from './bot/create-bot';
import type { BotDeps } from './bot/deps';
import { setPersonalMenu, syncCommandMenus } from './bot/commands';
import { Planner } from './delivery/planner';

/** What the app needs from outside; the services it owns (the delivery engine) it builds itself. */
export type AppDeps = Omit<BotDeps, 'scheduler'>;

export class InvalidTokenError extends Error {
  constructor() {
    super('Telegram rejected BOT_TOKEN (401 Unauthorized)');
    this.name = 'InvalidTokenError';
  }
}

export interface App {
  bot: Bot;
  deps: BotDeps;
  /** Resolves once updates are being taken. Throws InvalidTokenError on a 401. */
  start(): Promise<void>;
  /** Stops taking updates and waits for handlers in flight. Idempotent. */
  stop(reason?: string): Promise<void>;
}

export function createApp(base: AppDeps): App {
  const scheduler = new Planner({ dal: base.dal, now: base.now });
  const deps: BotDeps = { ...base, scheduler };
  const bot = createBot(deps);
  let polling: Promise<void> | undefined;
  let stopped = false;

  return {
    bot,
    deps,
    async start() {
      try {
        bot.botInfo = await bot.telegram.getMe();
      } catch (err) {
        if (err instanceof TelegramError && err.code === 401) throw new InvalidTokenError();
        throw err;
      }
      deps.logger.info({ username: bot.botInfo.username }, 'bot identity confirmed');
      await syncCommandMenus(bot.telegram, deps.i18n, deps.config.defaultLocale);
      for (const adminId of deps.config.botAdmins) {
        // An admin who has not opened the bot yet cannot get a personal menu; they see the default one.
        await setPersonalMenu(bot.telegram, deps.i18n, adminId, ['everyone', 'organizer', 'admin']).catch((err: unknown) =>
          deps.logger.warn({ err, adminId }, 'could not set the admin command menu'),
        );
      }
      await new Promise<void>((resolve, reject) => {
        polling = bot.launch({ dropPendingUpdates: false }, () => resolve());
        polling.catch((err: unknown) => {
          deps.logger.error({ err }, 'polling stopped with an error');
          reject(err);
        });
      });
      deps.logger.info('taking updates by long polling');
    },
    async stop(reason = 'stop') {
      if (stopped) return;
      stopped = true;
      if (polling) {
        bot.stop(reason);
        await polling.catch(() => undefined);
      }
    },
  };
}
