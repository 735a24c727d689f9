/**
 * Why long polling stopped, when it stopped on its own. telegraf's polling loop retries network
 * errors, 429 and 5xx by itself; any other error ends it for good, and a process that keeps
 * running without polling sends reminders but never hears its users. So an end of polling that
 * was not asked for is fatal (main.ts exits non-zero and the platform restarts the process); this
 * names the cause for the log line, by error_code, never by description.
 */
import { telegramFailure } from './errors';

export type PollingStopKind = 'conflict' | 'unauthorized' | 'telegram-error' | 'unexpected';

export interface PollingStop {
  kind: PollingStopKind;
  /** Telegram's error_code, when Telegram answered. */
  code?: number;
  /** One line for operators: what happened and what to do. */
  message: string;
}

export function classifyPollingStop(err: unknown): PollingStop {
  const failure = telegramFailure(err);
  if (!failure) {
    return { kind: 'unexpected', message: 'long polling stopped on an unexpected error; exiting so that the process is restarted' };
  }
  switch (failure.code) {
    case 409:
      return {
        kind: 'conflict',
        code: 409,
        message:
          'long polling stopped: 409 Conflict, another process takes this bot\'s updates (a second instance polling, or a webhook set); ' +
          'run one instance with long polling, or set WEBHOOK_URL on all of them',
      };
    case 401:
      return {
        kind: 'unauthorized',
        code: 401,
        message: 'long polling stopped: 401 Unauthorized, Telegram no longer accepts BOT_TOKEN (revoked?); put the current token from @BotFather in BOT_TOKEN',
      };
    default:
      return {
        kind: 'telegram-error',
        code: failure.code,
        message: `long polling stopped: Telegram answered getUpdates with error ${failure.code}; exiting so that the process is restarted`,
      };
  }
}
