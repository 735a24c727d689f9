/**
 * Classifies errors by their type and Telegram's `error_code`/`parameters`, never by message text.
 */
import { TelegramError } from 'telegraf';

/** The database's own errors are classified in the data layer. */
export { isDatabaseUnavailable } from '../dal/write-errors';

export interface TelegramFailure {
  code: number;
  retryAfter?: number;
  migrateToChatId?: number;
}

export function telegramFailure(err: unknown): TelegramFailure | undefined {
  if (!(err instanceof TelegramError)) return undefined;
  const params = err.response.parameters;
  return {
    code: err.code,
    ...(params?.retry_after !== undefined ? { retryAfter: params.retry_after } : {}),
    ...(params?.migrate_to_chat_id !== undefined ? { migrateToChatId: params.migrate_to_chat_id } : {}),
  };
}

/**
 * The two Telegram answers that share error_code 400 with many others and carry no parameter to
 * tell them apart, so (only here) the description is consulted:
 *  - "message is not modified": an edit identical to what is shown. The engine also skips edits whose
 *    rendered text and keyboard hash equal what it last put in the message, so this only happens
 *    when the message was changed behind its back or a hash was lost; it counts as success.
 *  - "chat not found": the recipient does not exist (or never started the bot); treated like a 403.
 */
export function isMessageNotModified(code: number, description: string): boolean {
  return code === 400 && /message is not modified/i.test(description);
}

export function isChatNotFound(code: number, description: string): boolean {
  return code === 400 && /chat not found/i.test(description);
}
