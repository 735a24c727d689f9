import type { Context } from 'telegraf';
import type { Logger } from '../logger';
import type { Translate } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import type { User } from '../dal/types';
import type { BotDeps } from './deps';
import type { BackgroundWork } from './background';

/** Per-chat-and-user conversation state, persisted in the sessions collection. */
export interface SessionData {
  /** The dialogue in progress, if any; each dialogue feature owns its own shape under its name. */
  dialog?: { name: string; step: string; data: Record<string, unknown>; startedAt: string };
  [key: string]: unknown;
}

export interface BotContext extends Context {
  session: SessionData;
  /** A child logger carrying this update's id, chat and sender. */
  log: Logger;
  deps: BotDeps;
  /** The sender, as stored (absent for channel posts and anonymous admins). */
  user: User | undefined;
  locale: Locale;
  t: Translate;
  /** The sender is listed in BOT_ADMINS. */
  isSuperAdmin: boolean;
  /** Slow work (reading a web page) done after the update, not inside it (src/bot/background.ts). */
  background: BackgroundWork<BotContext>;
}
