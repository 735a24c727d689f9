/**
 * What the delivery engine needs from Telegram, without telegraf: the bot layer implements it
 * (src/bot/telegram-adapter.ts). Every call resolves, never throws: a result or a typed failure
 * carrying only what Telegram's answer says in `error_code` and `parameters`.
 */
export type InlineButton = { text: string; callback_data: string } | { text: string; url: string };

export interface InlineKeyboard {
  inline_keyboard: InlineButton[][];
}

export interface SendFailure {
  /** Telegram's error_code; 0 for a network error (no answer). */
  code: number;
  description: string;
  /** parameters.retry_after (429). */
  retryAfter?: number;
  /** parameters.migrate_to_chat_id (a group became a supergroup). */
  migrateToChatId?: number;
  /** 400 "message is not modified" (an edit identical to what is shown): success for the engine. */
  notModified?: boolean;
  /** 400 "chat not found": the recipient is gone. */
  chatNotFound?: boolean;
}

export type PortResult = { ok: true; messageId: number } | { ok: false; failure: SendFailure };

export interface SendOptions {
  keyboard?: InlineKeyboard;
  /** allow_paid_broadcast: above 30 messages/s, paid in Stars. */
  paidBroadcast?: boolean;
}

export interface TelegramPort {
  sendMessage(chatId: number, html: string, opts?: SendOptions): Promise<PortResult>;
  sendPhoto(chatId: number, photo: string, captionHtml: string, opts?: SendOptions): Promise<PortResult>;
  editMessageText(chatId: number, messageId: number, html: string, keyboard?: InlineKeyboard): Promise<PortResult>;
  editMessageCaption(chatId: number, messageId: number, captionHtml: string, keyboard?: InlineKeyboard): Promise<PortResult>;
  editMessageReplyMarkup(chatId: number, messageId: number, keyboard?: InlineKeyboard): Promise<PortResult>;
}
