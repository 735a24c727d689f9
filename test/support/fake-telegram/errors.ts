/** Telegram's error responses, with the codes, descriptions and parameters the real Bot API sends. */
export interface ApiError {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export const TelegramErrors = {
  unauthorized: (): ApiError => ({ ok: false, error_code: 401, description: 'Unauthorized' }),
  notFound: (): ApiError => ({ ok: false, error_code: 404, description: 'Not Found' }),
  tooManyRequests: (retryAfter: number): ApiError => ({
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  }),
  blocked: (): ApiError => ({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }),
  deactivated: (): ApiError => ({ ok: false, error_code: 403, description: 'Forbidden: user is deactivated' }),
  kickedFromGroup: (): ApiError => ({ ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the group chat' }),
  kickedFromSupergroup: (): ApiError => ({
    ok: false,
    error_code: 403,
    description: 'Forbidden: bot was kicked from the supergroup chat',
  }),
  notChannelMember: (): ApiError => ({ ok: false, error_code: 403, description: 'Forbidden: bot is not a member of the channel chat' }),
  cantInitiate: (): ApiError => ({ ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" }),
  chatNotFound: (): ApiError => ({ ok: false, error_code: 400, description: 'Bad Request: chat not found' }),
  messageTooLong: (): ApiError => ({ ok: false, error_code: 400, description: 'Bad Request: message is too long' }),
  captionTooLong: (): ApiError => ({ ok: false, error_code: 400, description: 'Bad Request: message caption is too long' }),
  textEmpty: (): ApiError => ({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' }),
  cantParse: (description: string): ApiError => ({ ok: false, error_code: 400, description }),
  messageNotFound: (): ApiError => ({ ok: false, error_code: 400, description: 'Bad Request: message to edit not found' }),
  notModified: (): ApiError => ({
    ok: false,
    error_code: 400,
    description:
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  }),
  buttonDataInvalid: (): ApiError => ({ ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' }),
  notEnoughRights: (): ApiError => ({
    ok: false,
    error_code: 400,
    description: 'Bad Request: not enough rights to send text messages to the chat',
  }),
  migrated: (newChatId: number): ApiError => ({
    ok: false,
    error_code: 400,
    description: 'Bad Request: group chat was upgraded to a supergroup chat',
    parameters: { migrate_to_chat_id: newChatId },
  }),
  conflictPolling: (): ApiError => ({
    ok: false,
    error_code: 409,
    description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  }),
  conflictWebhook: (): ApiError => ({
    ok: false,
    error_code: 409,
    description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  }),
  badGateway: (): ApiError => ({ ok: false, error_code: 502, description: 'Bad Gateway' }),
  badRequest: (what: string): ApiError => ({ ok: false, error_code: 400, description: `Bad Request: ${what}` }),
};
