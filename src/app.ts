/**
 * Assembles the running application from its parts (the bot and the delivery engine) and gives
 * main.ts, the demo and the tests one start/stop pair. Starting checks the token with getMe,
 * publishes the command menus, opens the HTTP server (the webhook, /healthz and the web calendar at
 * PUBLIC_URL, or at http://localhost:<PORT> with long polling and no PUBLIC_URL; see src/http/),
 * begins taking updates (long polling, or webhook when WEBHOOK_URL is set), then starts the
 * delivery engine. Stopping reverses that: no more updates, the engine finishes or releases its
 * sends in flight; main.ts then closes the database.
 *
 * If long polling ends by itself (409: another instance polls; 401: the token was revoked), the
 * app can no longer do its job: it reports that through `onFatal`, and main.ts ends the process.
 */
import { Telegram, TelegramError } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { ALLOWED_UPDATES, createBot, type Bot } from './bot/create-bot';
import type { BotDeps } from './bot/deps';
import { createApplication } from './application';
import { setPersonalMenu, syncCommandMenus } from './bot/commands';
import { Planner } from './delivery/planner';
import { DeliveryEngine } from './delivery/engine';
import type { CardRenderer, WebLinks } from './delivery/render';
import type { InlineButton, InlineKeyboard } from './delivery/telegram-port';
import { telegramPort } from './bot/telegram-adapter';
import { TelegramGateway } from './bot/gateway';
import { Pacer, realClock, type PaceClock } from './delivery/rate';
import { renderEventCard } from './bot/render/event-card';
import { eventCardKeyboard } from './bot/keyboards/event-card';
import { webhookPlugin } from './bot/webhook';
import { classifyPollingStop, type PollingStop } from './bot/polling';
import { startHttpServer, type HttpServer } from './http/server';
import { healthPlugin, type HealthReport } from './http/health';
import { webCalendarPlugin } from './web/plugin';
import { eventPageUrl, siteHomeUrl } from './web/urls';
import { telegramPhotoLoader } from './bot/photo-files';
import type { FastifyPluginAsync } from 'fastify';
import type { DatabaseStatus } from './db/watch';
import type { ImportNetwork } from './application/imports';
import { BackgroundWork } from './bot/background';
import type { BotContext } from './bot/context';

/** What the app needs from outside; the services it owns (the delivery engine) it builds itself. */
export type AppDeps = Omit<BotDeps, 'scheduler' | 'app'>;

export class InvalidTokenError extends Error {
  constructor() {
    super('Telegram rejected BOT_TOKEN (401 Unauthorized)');
    this.name = 'InvalidTokenError';
  }
}

export interface AppOptions {
  instanceId?: string;
  /**
   * Open the HTTP server (/healthz) on config.port with long polling too. main.ts does; tests
   * and the demo, which run many apps in one machine, do not. Webhook mode always opens it.
   */
  serveHttp?: boolean;
  /** The database's state, for /healthz (main.ts passes its DatabaseWatch's). */
  databaseStatus?: () => DatabaseStatus;
  /** Called once when the app can no longer take updates (polling ended by itself). */
  onFatal?: (failure: PollingStop, err: unknown) => void;
  /** The clock Telegram's limits are counted on (tests: a fast one, shared with the fake Bot API). */
  paceClock?: PaceClock;
  /** How imports resolve names and which addresses they may reach, over IMPORT_ALLOW_PRIVATE_ADDRESSES (tests: a local site under a public-looking name). */
  importNetwork?: Pick<ImportNetwork, 'resolve' | 'destinationAllowed'>;
}

export interface App {
  bot: Bot;
  gateway: TelegramGateway;
  /** The Scheduler the features use (the engine runs its re-plans). */
  planner: Planner;
  deps: BotDeps;
  engine: DeliveryEngine;
  /** Work the bot does after an update (reading a page for /newevent <link>); stopped with the app. */
  background: BackgroundWork<BotContext>;
  /** The HTTP server (its port), in webhook mode or with `serveHttp`. */
  http: HttpServer | undefined;
  /**
   * Where the web calendar answers once started (its home page), or undefined when it is not
   * served: PUBLIC_URL, or http://localhost:<PORT> with long polling and no PUBLIC_URL.
   */
  webUrl: string | undefined;
  /** What GET /healthz answers. */
  health(): HealthReport;
  /** Resolves once updates are being taken and the engine runs. Throws InvalidTokenError on a 401. */
  start(): Promise<void>;
  /** Stops taking updates, then the engine (sends in flight finish or are released). Idempotent. */
  stop(reason?: string): Promise<void>;
}

/** telegraf's keyboard type to the engine's (only callback and URL buttons occur on cards). */
export function toPortKeyboard(markup: InlineKeyboardMarkup): InlineKeyboard {
  return {
    inline_keyboard: markup.inline_keyboard.map((row) =>
      row.flatMap((b): InlineButton[] =>
        'callback_data' in b ? [{ text: b.text, callback_data: b.callback_data }] : 'url' in b ? [{ text: b.text, url: b.url }] : [],
      ),
    ),
  };
}

export function createApp(base: AppDeps, opts: AppOptions = {}): App {
  const scheduler = new Planner({ dal: base.dal, now: base.now });
  const application = createApplication({
    dal: base.dal,
    scheduler,
    now: base.now,
    botAdmins: base.config.botAdmins,
    logger: base.logger,
    defaultTimezone: base.config.defaultTimezone,
    organizeCooldownHours: base.config.organizeCooldownHours,
    importNetwork: { ...base.config.import, ...opts.importNetwork },
    feeds: { ...base.config.feeds, defaultTimezone: base.config.defaultTimezone, fetch: { ...base.config.import, ...opts.importNetwork } },
  });
  const deps: BotDeps = { ...base, scheduler, app: application };
  // One budget for everything: the gateway's replies and the engine's broadcasts share this pacer.
  const pacer = new Pacer({ perSecond: deps.config.sendRatePerSecond, clock: opts.paceClock ?? realClock });
  const gateway = new TelegramGateway(pacer, deps.logger.child({ part: 'gateway' }));
  const background = new BackgroundWork<BotContext>(deps.logger.child({ part: 'background' }));
  const bot = createBot(deps, gateway, background);
  // "Details" links in chat go to PUBLIC_URL only: a localhost address means nothing to other people.
  const publicUrl = deps.config.publicUrl;
  const web: WebLinks | undefined = publicUrl ? { event: (id, locale) => eventPageUrl(publicUrl, locale, id), home: (locale) => siteHomeUrl(publicUrl, locale) } : undefined;
  const renderCard: CardRenderer = (event, viewer, context, now) => {
    const t = deps.i18n.forLocale(viewer.locale);
    const card = renderEventCard(event, viewer, t, now);
    const pageUrl = web?.event(event._id.toHexString(), viewer.locale);
    const keyboard = toPortKeyboard(eventCardKeyboard(event, t, { botUsername: bot.botInfo?.username ?? '', context, now, pageUrl }));
    if (event.photoFileId && card.caption !== undefined) {
      return { text: card.text, photo: event.photoFileId, caption: card.caption, ...(card.followUps ? { followUps: card.followUps } : {}), keyboard };
    }
    return { text: card.text, keyboard };
  };
  const engine = new DeliveryEngine({
    dal: deps.dal,
    port: telegramPort(gateway.install(new Telegram(deps.config.botToken, bot.telegram.options), 'engine')),
    pacer,
    replan: () => scheduler.replanNow(),
    pollFeed: (job) => application.feeds.runScheduledPoll(job),
    i18n: deps.i18n,
    logger: deps.logger.child({ part: 'delivery' }),
    now: deps.now,
    renderCard,
    ...(web ? { web } : {}),
    sendRatePerSecond: deps.config.sendRatePerSecond,
    allowPaidBroadcast: deps.config.allowPaidBroadcast,
    tickSeconds: deps.config.tickSeconds,
    defaultLocale: deps.config.defaultLocale,
    defaultTimezone: deps.config.defaultTimezone,
    retention: deps.config.retention,
    ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
  });
  let polling: Promise<void> | undefined;
  let http: HttpServer | undefined;
  let stopped = false;
  /** Updates are coming in: polling runs, or the webhook is set and served. */
  let receiving = false;
  const hook = deps.config.webhook;

  const pollingEnded = (err: unknown) => {
    receiving = false;
    if (stopped) return;
    const failure = classifyPollingStop(err);
    if (opts.onFatal) opts.onFatal(failure, err);
    else deps.logger.error({ err, code: failure.code, kind: failure.kind }, failure.message);
  };

  const health = (): HealthReport => {
    const database = opts.databaseStatus?.();
    const updates = { mode: hook ? 'webhook' : 'polling', receiving };
    return {
      ok: !stopped && receiving && (database?.reachable ?? true),
      updates,
      ...(database ? { database } : {}),
      sender: engine.isLeader(),
    };
  };

  const app: App = {
    bot,
    gateway,
    planner: scheduler,
    deps,
    engine,
    background,
    http: undefined,
    webUrl: undefined,
    health,
    async start() {
      try {
        bot.botInfo = await bot.telegram.getMe();
      } catch (err) {
        if (err instanceof TelegramError && err.code === 401) throw new InvalidTokenError();
        throw err;
      }
      deps.logger.info({ username: bot.botInfo.username }, 'bot identity confirmed');
      await syncCommandMenus(bot.telegram, deps.i18n, deps.config.defaultLocale);
      for (const adminId of deps.config.botAdmins) {
        // An admin who has not opened the bot yet cannot get a personal menu; they see the default one.
        await setPersonalMenu(bot.telegram, deps.i18n, adminId, ['everyone', 'organizer', 'admin']).catch((err: unknown) =>
          deps.logger.warn({ err, adminId }, 'could not set the admin command menu'),
        );
      }
      if (hook || opts.serveHttp) {
        const plugins: FastifyPluginAsync[] = [healthPlugin(health)];
        if (hook) plugins.push(webhookPlugin(bot, { url: hook.url, secret: hook.secret }, deps.logger));
        // PUBLIC_URL, or, for someone trying the bot on their own machine (long polling, no
        // PUBLIC_URL), this machine's address. A webhook bot is public: it serves the calendar only
        // at an address someone chose. Links in chat use PUBLIC_URL only.
        const webBase = deps.config.publicUrl ?? (hook ? undefined : `http://localhost:${deps.config.port}`);
        if (webBase) {
          // The public web calendar reads through the application layer (published events only).
          plugins.push(
            webCalendarPlugin({
              reader: application.calendar,
              i18n: deps.i18n,
              baseUrl: webBase,
              botUsername: () => bot.botInfo?.username ?? '',
              siteZone: deps.config.defaultTimezone,
              defaultLocale: deps.config.defaultLocale,
              now: deps.now,
              photos: telegramPhotoLoader(bot.telegram),
            }),
          );
        }
        http = await startHttpServer({
          port: hook?.port ?? deps.config.port,
          logger: deps.logger,
          requestTimeoutMs: deps.config.httpRequestTimeoutMs,
          plugins,
        });
        app.http = http;
        deps.logger.info({ port: http.port }, 'HTTP server listening');
        if (webBase) {
          app.webUrl = `${webBase}/${deps.config.defaultLocale}/`;
          deps.logger.info({ url: app.webUrl }, `web calendar at ${app.webUrl}`);
        }
      }
      if (hook) {
        await bot.telegram.setWebhook(hook.url, { secret_token: hook.secret, allowed_updates: [...ALLOWED_UPDATES] });
        receiving = true;
        deps.logger.info('taking updates by webhook');
      } else {
        await new Promise<void>((resolve, reject) => {
          polling = bot.launch({ dropPendingUpdates: false, allowedUpdates: [...ALLOWED_UPDATES] }, () => {
            receiving = true;
            resolve();
          });
          polling.then(
            () => pollingEnded(new Error('long polling ended without being stopped')),
            (err: unknown) => {
              pollingEnded(err);
              reject(err);
            },
          );
        });
        deps.logger.info('taking updates by long polling');
      }
      engine.start();
    },
    async stop(reason = 'stop') {
      if (stopped) return;
      stopped = true;
      receiving = false;
      if (polling) {
        bot.stop(reason);
        await polling.catch(() => undefined);
      }
      await http?.close();
      // Imports in flight (a page being read) are aborted before the database goes.
      await background.stop();
      await engine.stop();
    },
  };
  return app;
}
