/**
 * The command menu. Each entry's description is the locale key `commands.<command>`; the menu is
 * set once per supported language with setMyCommands, so a Persian user sees Persian descriptions.
 */
import type { Telegram } from 'telegraf';
import type { I18n } from '../i18n/i18n';
import { SUPPORTED_LOCALES, type Locale } from '../i18n/locales';

export type CommandAudience = 'everyone' | 'organizer' | 'admin';

export interface CommandSpec {
  command: string;
  audience: CommandAudience;
}

/** Features add their commands here so the menu and /help stay in step with the code. */
export const COMMANDS: CommandSpec[] = [
  { command: 'start', audience: 'everyone' },
  { command: 'help', audience: 'everyone' },
  { command: 'events', audience: 'everyone' },
  { command: 'organize', audience: 'everyone' },
  { command: 'subscribe', audience: 'everyone' },
  { command: 'mysubs', audience: 'everyone' },
  { command: 'settings', audience: 'everyone' },
  { command: 'channels', audience: 'everyone' },
  { command: 'stop', audience: 'everyone' },
  { command: 'forgetme', audience: 'everyone' },
  { command: 'newevent', audience: 'organizer' },
  { command: 'myevents', audience: 'organizer' },
  { command: 'attendees', audience: 'organizer' },
  { command: 'feeds', audience: 'organizer' },
  { command: 'addfeed', audience: 'organizer' },
  { command: 'invite', audience: 'admin' },
  { command: 'organizers', audience: 'admin' },
  { command: 'categories', audience: 'admin' },
  { command: 'stats', audience: 'admin' },
];

/** Every command the bot answers: the menu's, and /cancel (which ends a dialogue and is in no menu). */
export const KNOWN_COMMANDS: ReadonlySet<string> = new Set([...COMMANDS.map((c) => c.command), 'cancel']);

export function menuFor(i18n: I18n, locale: Locale, audiences: readonly CommandAudience[]) {
  return COMMANDS.filter((c) => audiences.includes(c.audience)).map((c) => ({
    command: c.command,
    description: i18n.t(locale, `commands.${c.command}`).slice(0, 256),
  }));
}

/** Sets the default menu, one per language (Telegram picks by the user's app language). */
export async function syncCommandMenus(telegram: Telegram, i18n: I18n, defaultLocale: Locale): Promise<void> {
  await telegram.setMyCommands(menuFor(i18n, defaultLocale, ['everyone']));
  for (const locale of SUPPORTED_LOCALES) {
    await telegram.setMyCommands(menuFor(i18n, locale, ['everyone']), { language_code: locale });
  }
}

/**
 * Gives one user a menu of their own (scope: their private chat), e.g. organizer or admin commands.
 * Telegram refuses it (400) for a user who has not started the bot yet; callers decide what to do.
 */
export async function setPersonalMenu(
  telegram: Telegram,
  i18n: I18n,
  userId: number,
  audiences: readonly CommandAudience[],
): Promise<void> {
  const scope = { type: 'chat' as const, chat_id: userId };
  for (const locale of SUPPORTED_LOCALES) {
    await telegram.setMyCommands(menuFor(i18n, locale, audiences), { scope, language_code: locale });
  }
}
