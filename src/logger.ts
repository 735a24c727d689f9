/**
 * Structured JSON logs with pino: fast, one line per record, and every update's records carry the
 * update id through a child logger (see bot/middlewares/update-logger.ts).
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'events-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['token', 'botToken', 'config.botToken'], censor: '[redacted]' },
    },
    destination,
  );
}
