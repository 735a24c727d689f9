import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatConfigProblems, loadConfig } from '../../src/config';

const TOKEN = '123456:ABCdefGhIJKlmnoPQRstuVWXyz0123456789';

describe('loadConfig', () => {
  it('applies documented defaults when only BOT_TOKEN is given', () => {
    const res = loadConfig({ BOT_TOKEN: TOKEN });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.config).toMatchObject({
      botToken: TOKEN,
      mongodbUri: undefined,
      telegramApiRoot: 'https://api.telegram.org',
      botAdmins: [],
      defaultLocale: 'en',
      defaultTimezone: 'UTC',
      logLevel: 'info',
      sendRatePerSecond: 30,
      allowPaidBroadcast: false,
      webhook: undefined,
    });
  });

  it('names BOT_TOKEN and says how to get one when it is missing', () => {
    const res = loadConfig({});
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.problems).toHaveLength(1);
    expect(res.problems[0]).toMatch(/^BOT_TOKEN is missing/);
    expect(res.problems[0]).toContain('@BotFather');
  });

  it('treats empty strings from a .env file as unset', () => {
    const res = loadConfig({ BOT_TOKEN: TOKEN, MONGODB_URI: '', BOT_ADMINS: '', DEFAULT_LOCALE: '' });
    expect(res.ok && res.config.mongodbUri).toBeUndefined();
    expect(res.ok && res.config.defaultLocale).toBe('en');
  });

  it('lists every problem at once, each under its setting', () => {
    const res = loadConfig({
      BOT_TOKEN: 'nope',
      MONGODB_URI: 'postgres://x',
      BOT_ADMINS: '12,abc',
      DEFAULT_LOCALE: 'de',
      DEFAULT_TIMEZONE: 'Mars/Olympus',
      LOG_LEVEL: 'loud',
      TELEGRAM_API_ROOT: 'ftp://x',
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const keys = res.problems.map((p) => p.split(' ')[0]);
    expect(keys.sort()).toEqual(
      ['BOT_ADMINS', 'BOT_TOKEN', 'DEFAULT_LOCALE', 'DEFAULT_TIMEZONE', 'LOG_LEVEL', 'MONGODB_URI', 'TELEGRAM_API_ROOT'].sort(),
    );
    expect(res.problems.join('\n')).toContain('"abc" is not a numeric Telegram user id');
    const text = formatConfigProblems(res.problems);
    expect(text).toMatch(/^The bot cannot start: 7 settings need fixing\./);
    expect(text).toContain('.env.example');
  });

  it('parses admins, trims a trailing slash from the API root, and accepts a mongodb+srv URI', () => {
    const res = loadConfig({
      BOT_TOKEN: TOKEN,
      BOT_ADMINS: ' 11, 22 ,33',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      MONGODB_URI: 'mongodb+srv://u:p@cluster0.example.net/events',
      DEFAULT_TIMEZONE: 'Asia/Tehran',
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.config.botAdmins).toEqual([11, 22, 33]);
    expect(res.config.telegramApiRoot).toBe('http://127.0.0.1:8081');
    expect(res.config.defaultTimezone).toBe('Asia/Tehran');
  });

  it('refuses a send rate above 30/s unless paid broadcasts are allowed', () => {
    const refused = loadConfig({ BOT_TOKEN: TOKEN, SEND_RATE_PER_SECOND: '100' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems[0]).toContain('ALLOW_PAID_BROADCAST');
    const allowed = loadConfig({ BOT_TOKEN: TOKEN, SEND_RATE_PER_SECOND: '1000', ALLOW_PAID_BROADCAST: 'true' });
    expect(allowed.ok && allowed.config.sendRatePerSecond).toBe(1000);
    expect(loadConfig({ BOT_TOKEN: TOKEN, SEND_RATE_PER_SECOND: '1001', ALLOW_PAID_BROADCAST: 'true' }).ok).toBe(false);
  });

  it('requires a secret with a webhook URL, and says how to make one', () => {
    const res = loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.org/hook' });
    expect(!res.ok && res.problems[0]).toMatch(/^WEBHOOK_SECRET is required/);
    expect(!res.ok && res.problems[0]).toContain("randomBytes(32).toString('base64url')");
    const secret = 'Kq3_x-9ZpL0wYt7vRb2NcHs5UeJd8AfG'; // 32 characters
    const ok = loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.org/hook', WEBHOOK_SECRET: secret, PORT: '3000' });
    expect(ok.ok && ok.config.webhook).toEqual({ url: 'https://bot.example.org/hook', secret, port: 3000 });
  });

  describe('WEBHOOK_SECRET strength (Telegram allows 1-256 of A-Za-z0-9_-; we require 32 or more)', () => {
    const withSecret = (secret: string) =>
      loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.org/hook', WEBHOOK_SECRET: secret });
    const problemsOf = (secret: string) => {
      const res = withSecret(secret);
      return res.ok ? [] : res.problems;
    };

    it('refuses one character, and 31', () => {
      expect(problemsOf('x')).toEqual([expect.stringMatching(/^WEBHOOK_SECRET is too short: use at least 32 characters/)]);
      expect(problemsOf('a'.repeat(31))).toEqual([expect.stringMatching(/^WEBHOOK_SECRET is too short/)]);
      expect(problemsOf('a'.repeat(31))[0]).toContain('randomBytes');
    });

    it('accepts 32 and 256 characters of the alphabet, refuses 257', () => {
      expect(withSecret('A'.repeat(32)).ok).toBe(true);
      expect(withSecret('a-Z_9'.repeat(51) + 'x').ok).toBe(true); // 256
      expect(problemsOf('b'.repeat(257))).toEqual([expect.stringMatching(/^WEBHOOK_SECRET is too long: Telegram allows at most 256/)]);
    });

    it('refuses characters Telegram does not allow, in any script', () => {
      for (const bad of ['my secret with spaces and more than 32', 'رمز-عبور-خیلی-طولانی-برای-وب‌هوک-تلگرام', 'p@ssword!p@ssword!p@ssword!p@ssword!']) {
        expect(problemsOf(bad)).toContainEqual(expect.stringMatching(/^WEBHOOK_SECRET may only contain A-Z, a-z, 0-9, _ and -/));
      }
    });

    it('checks a secret even without a webhook URL (it would be used once one is set)', () => {
      expect(loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_SECRET: 'short' }).ok).toBe(false);
    });

    it('the command .env.example gives makes an acceptable secret', () => {
      const example = fs.readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');
      expect(example).toContain("randomBytes(32).toString('base64url')");
      const generated = crypto.randomBytes(32).toString('base64url');
      expect(generated).toHaveLength(43);
      expect(withSecret(generated).ok).toBe(true);
    });
  });

  it('takes the HTTP request timeout and the database grace in seconds, within bounds', () => {
    const res = loadConfig({ BOT_TOKEN: TOKEN, HTTP_REQUEST_TIMEOUT_SECONDS: '3', DATABASE_GRACE_SECONDS: '45' });
    expect(res.ok && res.config.httpRequestTimeoutMs).toBe(3000);
    expect(res.ok && res.config.databaseGraceMs).toBe(45_000);
    const dflt = loadConfig({ BOT_TOKEN: TOKEN });
    expect(dflt.ok && [dflt.config.httpRequestTimeoutMs, dflt.config.databaseGraceMs]).toEqual([10_000, 120_000]);
    const bad = loadConfig({ BOT_TOKEN: TOKEN, HTTP_REQUEST_TIMEOUT_SECONDS: '0', DATABASE_GRACE_SECONDS: 'soon' });
    expect(!bad.ok && bad.problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_GRACE_SECONDS', 'HTTP_REQUEST_TIMEOUT_SECONDS']);
  });
  it('refuses private addresses for imports by default; the setting allows them; sizes and times within bounds', () => {
    const dflt = loadConfig({ BOT_TOKEN: TOKEN });
    expect(dflt.ok && dflt.config.import).toEqual({ allowPrivateAddresses: false, maxBytes: 5 * 1024 * 1024, timeoutMs: 20_000 });
    const allowed = loadConfig({ BOT_TOKEN: TOKEN, IMPORT_ALLOW_PRIVATE_ADDRESSES: 'true', IMPORT_MAX_MEGABYTES: '2', IMPORT_TIMEOUT_SECONDS: '7' });
    expect(allowed.ok && allowed.config.import).toEqual({ allowPrivateAddresses: true, maxBytes: 2 * 1024 * 1024, timeoutMs: 7000 });
    const bad = loadConfig({ BOT_TOKEN: TOKEN, IMPORT_ALLOW_PRIVATE_ADDRESSES: 'sometimes', IMPORT_MAX_MEGABYTES: '500' });
    expect(!bad.ok && bad.problems.map((p) => p.split(' ')[0]).sort()).toEqual(['IMPORT_ALLOW_PRIVATE_ADDRESSES', 'IMPORT_MAX_MEGABYTES']);
  });
});
