/**
 * The delivery engine's TelegramPort on telegraf's Telegram client: every call resolves with the
 * message id or a typed failure (error_code, parameters) and never throws.
 */
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { InlineKeyboard, PortResult, SendOptions, TelegramPort } from '../delivery/telegram-port';
import { isChatNotFound, isMessageNotModified } from './errors';

function failureOf(err: unknown): PortResult {
  if (err instanceof TelegramError) {
    const params = err.response.parameters;
    const description = err.response.description ?? err.description ?? '';
    return {
      ok: false,
      failure: {
        code: err.code,
        description,
        ...(params?.retry_after !== undefined ? { retryAfter: params.retry_after } : {}),
        ...(params?.migrate_to_chat_id !== undefined ? { migrateToChatId: params.migrate_to_chat_id } : {}),
        ...(isMessageNotModified(err.code, description) ? { notModified: true } : {}),
        ...(isChatNotFound(err.code, description) ? { chatNotFound: true } : {}),
      },
    };
  }
  return { ok: false, failure: { code: 0, description: err instanceof Error ? err.message : String(err) } };
}

const idOf = (m: { message_id: number } | true): number => (m === true ? 0 : m.message_id);

export function telegramPort(telegram: Telegram): TelegramPort {
  const extra = (opts?: SendOptions) => ({
    parse_mode: 'HTML' as const,
    link_preview_options: { is_disabled: true },
    ...(opts?.keyboard ? { reply_markup: opts.keyboard } : {}),
    // Bot API 7.11; telegraf 4.16's types predate it, so it goes through the spread of a plain record.
    ...((opts?.paidBroadcast ? { allow_paid_broadcast: true } : {}) as Record<string, boolean>),
  });
  const editExtra = (keyboard?: InlineKeyboard) => ({ parse_mode: 'HTML' as const, ...(keyboard ? { reply_markup: keyboard } : {}) });
  return {
    sendMessage: (chatId, html, opts) =>
      telegram.sendMessage(chatId, html, extra(opts)).then((m) => ({ ok: true as const, messageId: m.message_id }), failureOf),
    sendPhoto: (chatId, photo, caption, opts) =>
      telegram.sendPhoto(chatId, photo, { caption, ...extra(opts) }).then((m) => ({ ok: true as const, messageId: m.message_id }), failureOf),
    editMessageText: (chatId, messageId, html, keyboard) =>
      telegram
        .editMessageText(chatId, messageId, undefined, html, { ...editExtra(keyboard), link_preview_options: { is_disabled: true } })
        .then((m) => ({ ok: true as const, messageId: idOf(m) || messageId }), failureOf),
    editMessageCaption: (chatId, messageId, caption, keyboard) =>
      telegram
        .editMessageCaption(chatId, messageId, undefined, caption, editExtra(keyboard))
        .then((m) => ({ ok: true as const, messageId: idOf(m) || messageId }), failureOf),
    editMessageReplyMarkup: (chatId, messageId, keyboard) =>
      telegram
        .editMessageReplyMarkup(chatId, messageId, undefined, keyboard)
        .then((m) => ({ ok: true as const, messageId: idOf(m) || messageId }), failureOf),
  };
}
