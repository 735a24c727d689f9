import type { MiddlewareFn } from 'telegraf';
import type { BotContext } from '../context';
import { localeFromLanguageCode } from '../../i18n/locales';

/**
 * Per-user throttling of what costs the bot work: every command, button press and message a
 * person sends in private (and every command in a group) takes a token from their bucket. A bucket
 * holds BURST tokens and refills at PER_SECOND — Telegram's own pace for one private chat, since a
 * person cannot be answered faster than that anyway — and a person whose answers are already more
 * than MAX_BACKLOG_MS behind (the gateway's pacing for their chat) is throttled too. Past either,
 * the person is told once, politely and in their language (a toast for a press, which costs no
 * message), and further updates in that spell are dropped before any database work (a press gets
 * an empty answer, so its button stops spinning); the bot's budget, the database and — with long
 * polling, where a batch of updates waits for its slowest handler — everyone else's answers are
 * not held up by one person.
 *
 * In memory, per process: with several instances behind a webhook each counts its own share, so a
 * user gets at most (instances × the rate) through — still bounded, and no database write per
 * update is spent on counting. Buckets of quiet users are forgotten.
 */
export const BURST = 8;
export const PER_SECOND = 1;
export const MAX_BACKLOG_MS = 3000;

interface Bucket {
  tokens: number;
  at: number;
  /** Told "slow down" in this spell (reset once a token is available again). */
  told: boolean;
}

export type Verdict = 'go' | 'tell' | 'drop';

/** The pure part: one bucket per user on an injected clock (milliseconds). */
export class UserThrottle {
  private readonly buckets = new Map<number, Bucket>();
  private lastPrune = 0;

  constructor(
    private readonly now: () => number,
    private readonly burst = BURST,
    private readonly perSecond = PER_SECOND,
  ) {}

  /** `backlogMs`: how far behind this person's answers already are. */
  take(userId: number, backlogMs = 0): Verdict {
    const now = this.now();
    const b = this.buckets.get(userId) ?? { tokens: this.burst, at: now, told: false };
    const tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    if (tokens >= 1 && backlogMs <= MAX_BACKLOG_MS) {
      this.buckets.set(userId, { tokens: tokens - 1, at: now, told: false });
      this.prune(now);
      return 'go';
    }
    const verdict: Verdict = b.told ? 'drop' : 'tell';
    this.buckets.set(userId, { tokens, at: now, told: true });
    return verdict;
  }

  private prune(now: number): void {
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    const full = (this.burst / this.perSecond) * 1000;
    for (const [id, b] of this.buckets) if (now - b.at > full) this.buckets.delete(id);
  }
}

function costs(ctx: BotContext): boolean {
  if (!ctx.from || ctx.from.is_bot) return false;
  if (ctx.callbackQuery) return true;
  const msg = ctx.message;
  if (!msg) return false; // membership updates and the like are Telegram's, not a person's requests
  if (ctx.chat?.type === 'private') return true;
  return 'text' in msg && msg.text.startsWith('/');
}

/** `backlogMs(chatId, isPrivate)`: how far behind the answers to a chat are (the gateway's pacer). */
export function throttle(limiter: UserThrottle, backlogMs: (chatId: number, isPrivate: boolean) => number): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!costs(ctx)) return next();
    const chat = ctx.chat;
    const verdict = limiter.take(ctx.from!.id, chat ? backlogMs(chat.id, chat.type === 'private') : 0);
    if (verdict === 'go') return next();
    ctx.log.info({ userId: ctx.from!.id, verdict }, 'throttled a user');
    if (verdict === 'drop') {
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined);
      return;
    }
    const t = ctx.deps.i18n.forLocale(localeFromLanguageCode(ctx.from!.language_code) ?? ctx.deps.config.defaultLocale);
    if (ctx.callbackQuery) await ctx.answerCbQuery(t('throttle.slowDown').slice(0, 200)).catch(() => undefined);
    else if (ctx.chat?.type === 'private') await ctx.reply(t('throttle.slowDown'));
  };
}
