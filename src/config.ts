/**
 * The one place that reads settings. `loadConfig` is a pure function of an environment map, so
 * tests and the demo build configs without touching `process.env`; `main.ts` passes the real one
 * (after `.env` has been merged in) exactly once at start-up.
 */
import { z } from 'zod';
import { isValidTimeZone } from './domain/time';
import { SUPPORTED_LOCALES, type Locale } from './i18n/locales';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Telegram accepts a secret_token of 1-256 characters of A-Za-z0-9_-. 32 random characters of that
 * 64-letter alphabet are 192 bits: nobody posts forged updates by guessing it.
 */
export const WEBHOOK_SECRET_MIN = 32;

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const optionalUrl = (protocols: RegExp, what: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((v) => protocols.test(v), { message: `must be ${what}` })
      .optional(),
  );

const bool = (dflt: boolean) =>
  z.preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional()).transform((v) =>
    v === undefined ? dflt : ['true', '1', 'yes'].includes(v),
  );

const intInRange = (dflt: number, min: number, max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: `must be a whole number from ${min} to ${max}` })
      .int(`must be a whole number from ${min} to ${max}`)
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`)
      .default(dflt),
  );

const schema = z
  .object({
    BOT_TOKEN: z
      .string({ message: 'is missing' })
      .trim()
      .min(1, 'is missing')
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'does not look like a bot token (digits, a colon, then 35 letters)'),
    MONGODB_URI: optionalUrl(/^mongodb(\+srv)?:\/\/.+/, 'a mongodb:// or mongodb+srv:// URI'),
    TELEGRAM_API_ROOT: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .url('must be an http(s) URL such as https://api.telegram.org')
        .refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL such as https://api.telegram.org')
        .transform((v) => v.replace(/\/+$/, ''))
        .default('https://api.telegram.org'),
    ),
    BOT_ADMINS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .default('')
        .transform((v, ctx) => {
          const ids: number[] = [];
          for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
            if (!/^\d{1,15}$/.test(part)) {
              ctx.addIssue({ code: 'custom', message: `"${part}" is not a numeric Telegram user id` });
              return z.NEVER;
            }
            ids.push(Number(part));
          }
          return ids;
        }),
    ),
    DEFAULT_LOCALE: z.preprocess(
      emptyToUndefined,
      z
        .enum(SUPPORTED_LOCALES, { message: `must be one of ${SUPPORTED_LOCALES.join(', ')}` })
        .default('en'),
    ),
    DEFAULT_TIMEZONE: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .default('UTC')
        .refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Tehran or Europe/London'),
    ),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    SEND_RATE_PER_SECOND: intInRange(30, 1, 1000),
    ALLOW_PAID_BROADCAST: bool(false),
    TICK_SECONDS: intInRange(5, 1, 60),
    WEBHOOK_URL: optionalUrl(/^https:\/\/.+/, 'an https:// URL that Telegram can reach'),
    WEBHOOK_SECRET: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]*$/, 'may only contain A-Z, a-z, 0-9, _ and - (what Telegram allows)')
        .min(WEBHOOK_SECRET_MIN, `is too short: use at least ${WEBHOOK_SECRET_MIN} characters, so it cannot be guessed`)
        .max(256, 'is too long: Telegram allows at most 256 characters')
        .optional(),
    ),
    PORT: intInRange(8080, 1, 65535),
    PUBLIC_URL: optionalUrl(/^https?:\/\/[^/?#]+(\/[^?#]*)?$/, 'an http(s) URL with no query, such as https://events.example.org'),
    HTTP_REQUEST_TIMEOUT_SECONDS: intInRange(10, 1, 300),
    DATABASE_GRACE_SECONDS: intInRange(120, 1, 3600),
    HISTORY_RETENTION_DAYS: intInRange(30, 1, 3650),
    SESSION_RETENTION_DAYS: intInRange(14, 1, 365),
    ORGANIZE_COOLDOWN_HOURS: intInRange(24, 0, 24 * 90),
    IMPORT_ALLOW_PRIVATE_ADDRESSES: bool(false),
    IMPORT_MAX_MEGABYTES: intInRange(5, 1, 100),
    IMPORT_TIMEOUT_SECONDS: intInRange(20, 1, 300),
    FEED_POLL_MINUTES: intInRange(60, 5, 24 * 60),
    FEED_MAX_BACKOFF_HOURS: intInRange(24, 1, 24 * 7),
    FEED_PAUSE_AFTER_FAILURES: intInRange(8, 1, 100),
    FEED_HORIZON_DAYS: intInRange(90, 1, 730),
  })
  .superRefine((v, ctx) => {
    if (v.SEND_RATE_PER_SECOND > 30 && !v.ALLOW_PAID_BROADCAST) {
      ctx.addIssue({
        code: 'custom',
        path: ['SEND_RATE_PER_SECOND'],
        message: 'above 30 needs ALLOW_PAID_BROADCAST=true (Telegram charges Stars for paid broadcasts)',
      });
    }
    if (v.WEBHOOK_URL && !v.WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_SECRET'],
        message: 'is required with WEBHOOK_URL, so that only Telegram can post updates',
      });
    }
  });

export interface Config {
  botToken: string;
  mongodbUri: string | undefined;
  telegramApiRoot: string;
  botAdmins: readonly number[];
  defaultLocale: Locale;
  defaultTimezone: string;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  sendRatePerSecond: number;
  allowPaidBroadcast: boolean;
  tickSeconds: number;
  webhook: { url: string; secret: string; port: number } | undefined;
  /** The HTTP server's port: the webhook (when set) and GET /healthz in either mode. */
  port: number;
  /** The longest a client may take to send one whole request (headers and body), in ms. */
  httpRequestTimeoutMs: number;
  /** Where the public web calendar is reached (no trailing slash); unset, only http://localhost:<PORT> with long polling. */
  publicUrl: string | undefined;
  /** How long the database may stay unreachable before the process gives up and exits, in ms. */
  databaseGraceMs: number;
  /** How long records that are only history (sent/failed/skipped deliveries, receipts, finished jobs, claims) and untouched sessions are kept. */
  retention: { historyDays: number; sessionDays: number };
  /** After a request to become an organizer, how long before the member may ask (and ping the admins) again. */
  organizeCooldownHours: number;
  /**
   * Fetching event pages and calendars (src/import/fetch.ts): loopback, private and link-local
   * addresses are refused unless allowed (tests, a self-hosted calendar on the same network).
   */
  import: { allowPrivateAddresses: boolean; maxBytes: number; timeoutMs: number };
  /**
   * Calendar feeds kept in sync (src/application/feeds.ts): how often each is polled, the longest
   * wait after failures (the backoff doubles up to it), how many failures in a row pause a feed, and
   * how far ahead a new feed imports unless its owner says otherwise.
   */
  feeds: { pollMs: number; maxBackoffMs: number; pauseAfterFailures: number; horizonDays: number };
}

/** How to fix each setting, shown under the problem. */
const HINTS: Record<string, string> = {
  BOT_TOKEN:
    'Open Telegram, talk to @BotFather, send /newbot, and put the token it gives you in .env as BOT_TOKEN=... (or run `npm run demo` to try the bot without one).',
  MONGODB_URI: 'Use a MongoDB 5+ (or FerretDB) URI such as mongodb://localhost:27017/events, or leave it empty for the embedded local database.',
  BOT_ADMINS: 'Comma-separated numeric Telegram user ids, e.g. BOT_ADMINS=11111111,22222222 (@userinfobot tells you yours).',
  DEFAULT_TIMEZONE: 'See https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.',
  WEBHOOK_SECRET:
    'Generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))" (43 characters).',
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'config');
      const hint = HINTS[key];
      return `${key} ${issue.message}${hint ? `\n    ${hint}` : ''}`;
    });
    return { ok: false, problems };
  }
  const v = parsed.data;
  return {
    ok: true,
    config: {
      botToken: v.BOT_TOKEN,
      mongodbUri: v.MONGODB_URI,
      telegramApiRoot: v.TELEGRAM_API_ROOT,
      botAdmins: v.BOT_ADMINS,
      defaultLocale: v.DEFAULT_LOCALE,
      defaultTimezone: v.DEFAULT_TIMEZONE,
      logLevel: v.LOG_LEVEL,
      dataDir: v.DATA_DIR,
      sendRatePerSecond: v.SEND_RATE_PER_SECOND,
      allowPaidBroadcast: v.ALLOW_PAID_BROADCAST,
      tickSeconds: v.TICK_SECONDS,
      webhook:
        v.WEBHOOK_URL && v.WEBHOOK_SECRET ? { url: v.WEBHOOK_URL, secret: v.WEBHOOK_SECRET, port: v.PORT } : undefined,
      port: v.PORT,
      httpRequestTimeoutMs: v.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      publicUrl: v.PUBLIC_URL?.replace(/\/+$/, ''),
      databaseGraceMs: v.DATABASE_GRACE_SECONDS * 1000,
      retention: { historyDays: v.HISTORY_RETENTION_DAYS, sessionDays: v.SESSION_RETENTION_DAYS },
      organizeCooldownHours: v.ORGANIZE_COOLDOWN_HOURS,
      import: {
        allowPrivateAddresses: v.IMPORT_ALLOW_PRIVATE_ADDRESSES,
        maxBytes: v.IMPORT_MAX_MEGABYTES * 1024 * 1024,
        timeoutMs: v.IMPORT_TIMEOUT_SECONDS * 1000,
      },
      feeds: {
        pollMs: v.FEED_POLL_MINUTES * 60_000,
        maxBackoffMs: v.FEED_MAX_BACKOFF_HOURS * 3_600_000,
        pauseAfterFailures: v.FEED_PAUSE_AFTER_FAILURES,
        horizonDays: v.FEED_HORIZON_DAYS,
      },
    },
  };
}

export function formatConfigProblems(problems: readonly string[]): string {
  return [
    `The bot cannot start: ${problems.length === 1 ? 'one setting needs' : `${problems.length} settings need`} fixing.`,
    ...problems.map((p) => `  - ${p}`),
    'Settings come from the environment or a .env file; .env.example lists them all.',
  ].join('\n');
}
