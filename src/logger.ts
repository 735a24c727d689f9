/**
 * Structured JSON logs with pino: fast, one line per record, and every update's records carry the
 * update id through a child logger (see bot/middlewares/update-logger.ts).
 *
 * Logs carry ids, never what people wrote or the files the bot sends: pino's standard error
 * serializer copies every enumerable property of an error, and telegraf's TelegramError carries
 * the whole request (`on.payload`: message texts, captions, the attendee CSV of a failed
 * sendDocument), mongoose's ValidationError the rejected values (in `errors` and in its message).
 * `safeError` keeps the kind of error, its code, Telegram's answer and the ids of the request.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

/** Request fields that identify rather than say something: kept; every other field is dropped. */
const ID_FIELDS = new Set(['chat_id', 'message_id', 'user_id', 'from_chat_id', 'callback_query_id', 'inline_message_id', 'offset', 'limit']);

function idsOf(payload: unknown): Record<string, unknown> | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const ids: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) if (ID_FIELDS.has(k) && (typeof v === 'number' || typeof v === 'string')) ids[k] = v;
  return ids;
}

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: unknown;
  codeName?: unknown;
  method?: string;
  request?: Record<string, unknown>;
  telegram?: { error_code?: unknown; description?: unknown; parameters?: unknown };
  fields?: string[];
  cause?: SerializedError;
}

export function safeError(err: unknown, depth = 0): SerializedError | unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & {
    code?: unknown;
    codeName?: unknown;
    on?: { method?: unknown; payload?: unknown };
    response?: { error_code?: unknown; description?: unknown; parameters?: unknown };
    errors?: Record<string, unknown>;
    cause?: unknown;
  };
  const out: SerializedError = { type: e.constructor?.name ?? e.name, message: e.message };
  if (e.stack) out.stack = e.stack;
  if (e.code !== undefined && (typeof e.code === 'number' || typeof e.code === 'string')) out.code = e.code;
  if (typeof e.codeName === 'string') out.codeName = e.codeName;
  if (e.on && typeof e.on === 'object') {
    if (typeof e.on.method === 'string') out.method = e.on.method;
    const ids = idsOf(e.on.payload);
    if (ids) out.request = ids;
  }
  if (e.response && typeof e.response === 'object' && 'error_code' in e.response) {
    out.telegram = { error_code: e.response.error_code, description: e.response.description, parameters: e.response.parameters };
  }
  // A ValidationError's message and `errors` quote the rejected values (a title, a description): name the fields only.
  if (e.name === 'ValidationError' && e.errors && typeof e.errors === 'object') {
    out.fields = Object.keys(e.errors);
    out.message = `validation failed: ${out.fields.join(', ')}`;
    if (out.stack) out.stack = out.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
  }
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1) as SerializedError;
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'events-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: safeError },
      redact: { paths: ['token', 'botToken', 'config.botToken'], censor: '[redacted]' },
    },
    destination,
  );
}
