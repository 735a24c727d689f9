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
      sendRatePerSecond: 25,
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

  it('requires a secret with a webhook URL', () => {
    const res = loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.org/hook' });
    expect(!res.ok && res.problems[0]).toMatch(/^WEBHOOK_SECRET is required/);
    const ok = loadConfig({ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.org/hook', WEBHOOK_SECRET: 's3cret_ok', PORT: '3000' });
    expect(ok.ok && ok.config.webhook).toEqual({ url: 'https://bot.example.org/hook', secret: 's3cret_ok', port: 3000 });
  });
});
