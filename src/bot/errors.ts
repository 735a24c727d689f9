/**
 * Classifies errors by their type and Telegram's `error_code`/`parameters`, never by message text.
 */
import { TelegramError } from 'telegraf';
import mongoose from 'mongoose';

export function isDatabaseUnavailable(err: unknown): boolean {
  const mongo = mongoose.mongo;
  return (
    err instanceof mongo.MongoNetworkError ||
    err instanceof mongo.MongoServerSelectionError ||
    err instanceof mongo.MongoNotConnectedError ||
    err instanceof mongo.MongoTopologyClosedError ||
    (err instanceof Error && err.name === 'MongooseServerSelectionError')
  );
}

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
