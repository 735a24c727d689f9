/**
 * Builds the bot from its dependencies. Nothing here starts polling, opens sockets or reads the
 * environment: main.ts (and the tests, and the demo) decide when and how it runs.
 */
import { Telegraf, session } from 'telegraf';
import type { BotContext, SessionData } from './context';
import type { BotDeps } from './deps';
import { updateLogger } from './middlewares/update-logger';
import { localeGuess, userAndLocale } from './middlewares/user-locale';
import { throttle, UserThrottle } from './middlewares/throttle';
import { isDatabaseUnavailable } from './errors';
import { CallDropped, type TelegramGateway } from './gateway';
import type { BackgroundWork } from './background';
import { startFeature } from './features/start';
import { helpFeature } from './features/help';
import { inviteFeature } from './features/invite';
import { categoriesFeature } from './features/categories';
import { feedsFeature } from './features/feeds';
import { newEventFeature } from './features/new-event';
import { newEventImportFeature } from './features/new-event-import';
import { myEventsFeature } from './features/my-events';
import { myEventsAnswersFeature } from './features/my-events-answers';
import { browseEventsFeature } from './features/browse-events';
import { newEventButtonsFeature } from './features/new-event-buttons';
import { rsvpFeature } from './features/rsvp';
import { onboardingFeature } from './features/onboarding';
import { calendarFileFeature } from './features/calendar-file';
import { subscriptionsFeature } from './features/subscriptions';
import { settingsFeature } from './features/settings';
import { chatMembershipFeature } from './features/chat-membership';
import { chatSettingsFeature } from './features/chat-settings';
import { channelsFeature } from './features/channels';
import { attendeesFeature } from './features/attendees';
import { forgetMeFeature } from './features/forget-me';
import { statsFeature } from './features/stats';
import { fallbackFeature } from './features/fallback';

export type Bot = Telegraf<BotContext>;

/**
 * The updates the bot handles. Telegram sends chat_member (others' admin status in linked chats,
 * which keeps /channels current) only when asked for by name.
 */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member', 'chat_member'] as const;

/**
 * `gateway`: every call the bot makes goes through it (src/bot/gateway.ts). `background`: work
 * features start after an update (src/bot/background.ts); the app stops it at shutdown.
 */
export function createBot(deps: BotDeps, gateway: TelegramGateway, background: BackgroundWork<BotContext>): Bot {
  const { config } = deps;
  const bot = new Telegraf<BotContext>(config.botToken, {
    telegram: { apiRoot: config.telegramApiRoot },
    handlerTimeout: 60_000,
  });
  gateway.install(bot.telegram, 'interactive');

  bot.use((ctx, next) => {
    // telegraf gives each update a client of its own: its replies, edits and answers are a person's.
    gateway.install(ctx.telegram, 'interactive');
    ctx.deps = deps;
    ctx.log = deps.logger;
    ctx.locale = config.defaultLocale;
    ctx.t = deps.i18n.forLocale(config.defaultLocale);
    ctx.isSuperAdmin = false;
    ctx.background = background;
    return next();
  });
  bot.use(updateLogger());
  bot.use(localeGuess());
  // Before any database work: a user flooding the bot costs it next to nothing. Counted on the
  // gateway's clock (tests run it in fast motion, with Telegram's limits).
  bot.use(throttle(new UserThrottle(() => gateway.pacer.clock.now()), (chatId, isPrivate) => gateway.pacer.backlogMs(chatId, isPrivate)));
  const sessions = deps.dal.sessionStore<SessionData>();
  const sessionKey = (ctx: BotContext) => (ctx.from && ctx.chat ? `${ctx.chat.id}:${ctx.from.id}` : undefined);
  background.useSessions(
    { get: (key) => sessions.get(key), set: (key, data) => sessions.set(key, data), fresh: () => sessions.empty(() => ({})) },
    sessionKey,
  );
  // Outside the session middleware: work an update hands over starts once its session is stored.
  bot.use(background.middleware());
  // Before the session middleware: telegraf's keeps a failed session read and hands it to every
  // later update of that chat, so the first read during a database outage is the user's.
  bot.use(userAndLocale(sessions, sessionKey));
  bot.use(
    session<SessionData, BotContext>({
      store: sessions,
      // An empty session is never written: only a dialogue in progress is stored.
      defaultSession: () => sessions.empty(() => ({})),
      getSessionKey: sessionKey,
    }),
  );

  // Before the generic /start: `/start inv_<code>` (other payloads pass on).
  bot.use(inviteFeature);
  // Members' deep links (rv_, rm_, ics_) and first-time onboarding come before the generic /start.
  bot.use(rsvpFeature);
  bot.use(onboardingFeature);
  bot.use(startFeature);
  bot.use(helpFeature);
  bot.use(chatMembershipFeature);
  bot.use(chatSettingsFeature);
  bot.use(channelsFeature);
  bot.use(subscriptionsFeature);
  bot.use(settingsFeature);
  bot.use(calendarFileFeature);
  bot.use(attendeesFeature);
  bot.use(forgetMeFeature);
  // Before /newevent: `/newevent <link>`, a link as the first answer, an .ics document.
  bot.use(newEventImportFeature);
  bot.use(newEventFeature);
  bot.use(myEventsFeature);
  bot.use(myEventsAnswersFeature);
  bot.use(categoriesFeature);
  bot.use(newEventButtonsFeature);
  bot.use(feedsFeature);
  bot.use(browseEventsFeature);
  bot.use(statsFeature);
  // Last: whatever nothing above answered.
  bot.use(fallbackFeature);

  // telegraf's default handler rethrows, which stops polling: log, apologise, carry on.
  bot.catch(async (err, ctx) => {
    const log = ctx.log ?? deps.logger;
    // The gateway gave up on a call after its wait (logged there): an apology would wait the same.
    if (err instanceof CallDropped) return;
    log.error({ err, update_id: ctx.update.update_id }, 'handler failed');
    const key = isDatabaseUnavailable(err) ? 'errors.unavailable' : 'errors.generic';
    try {
      if (ctx.callbackQuery) await ctx.answerCbQuery(ctx.t(key).slice(0, 200));
      else if (ctx.chat && ctx.chat.type !== 'channel') await ctx.reply(ctx.t(key));
    } catch (replyErr) {
      log.warn({ err: replyErr }, 'could not send the apology');
    }
  });

  return bot;
}
