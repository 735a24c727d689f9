/**
 * Work that must not hold up an update: reading an event page or a calendar file can take up to
 * IMPORT_TIMEOUT_SECONDS, and with long polling telegraf asks Telegram for the next batch of
 * updates (everyone's) only once every update of the current batch has been handled; by webhook
 * the update's answer waits for it. So a feature answers at once ("reading the page…") and hands
 * the slow part here: `later(ctx, work, then)` runs `work` after the update is done, then `then`
 * with a context for the same chat whose `session` is the one stored *now* (read again, since the
 * person may have written since), and stores that session back when `then` returns.
 *
 * In memory, not a job: an import the process dies in the middle of is simply not finished (the
 * feature notices a stale marker and says so). `stop()` (at shutdown) aborts the work in flight
 * through its signal and waits for it, so nothing writes after the database is closed.
 */
import type { Logger } from '../logger';

/** What a continuation needs of an update's context (the bot's BotContext; named here so this file does not import it). */
export interface Continuable {
  session: object;
  log?: Logger;
  chat?: { type: string };
  reply(text: string): Promise<unknown>;
  t(key: string): string;
}

export interface SessionAccess<S> {
  get(key: string): Promise<S | undefined>;
  set(key: string, data: S): Promise<void>;
  /** A new session for a chat that has none stored (stored only if something is put in it). */
  fresh(): S;
}

export class BackgroundWork<C extends Continuable> {
  private readonly running = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private sessions: { store: SessionAccess<C['session']>; keyOf: (ctx: C) => string | undefined } | undefined;
  /** Work asked for during an update still being handled: started when it is done. */
  private readonly queued = new WeakMap<C, Array<() => void>>();

  constructor(private readonly logger: Logger) {}

  /** Where sessions are read and written (create-bot.ts, which builds the store). */
  useSessions(store: SessionAccess<C['session']>, keyOf: (ctx: C) => string | undefined): void {
    this.sessions = { store, keyOf };
  }

  /**
   * Installed before the session middleware: what an update asked for starts once the update has
   * been handled and its session stored, so the continuation reads what the handler left.
   */
  middleware(): (ctx: C, next: () => Promise<void>) => Promise<void> {
    return async (ctx, next) => {
      const queue: Array<() => void> = [];
      this.queued.set(ctx, queue);
      try {
        await next();
      } finally {
        this.queued.delete(ctx);
      }
      for (const start of queue) start();
    };
  }

  /** How many continuations are in flight. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Runs `work` outside the update, then `then(continued, result)`: `continued` is `ctx` with the
   * session as stored now; what `then` leaves in it is stored. Errors are logged and apologised for.
   */
  later<T>(ctx: C, work: (signal: AbortSignal) => Promise<T>, then: (continued: C, result: T) => Promise<void>): void {
    const start = () => {
      if (this.abort.signal.aborted) return;
      const task = this.run(ctx, work, then).finally(() => this.running.delete(task));
      this.running.add(task);
    };
    const queue = this.queued.get(ctx);
    if (queue) queue.push(start);
    else start();
  }

  private async run<T>(ctx: C, work: (signal: AbortSignal) => Promise<T>, then: (continued: C, result: T) => Promise<void>): Promise<void> {
    const log = ctx.log ?? this.logger;
    try {
      const result = await work(this.abort.signal);
      if (this.abort.signal.aborted) return;
      const sessions = this.sessions;
      const key = sessions?.keyOf(ctx);
      if (!sessions || key === undefined) return;
      const session = (await sessions.store.get(key)) ?? sessions.store.fresh();
      // The same update's context (its chat, sender, language and Telegram client through the
      // gateway), with the session read now in place of the one telegraf has already stored.
      const continued = Object.create(ctx) as C;
      Object.defineProperty(continued, 'session', { value: session, writable: true, enumerable: true });
      await then(continued, result);
      await sessions.store.set(key, continued.session);
    } catch (err) {
      log.error({ err }, 'background work after an update failed');
      try {
        if (ctx.chat && ctx.chat.type !== 'channel') await ctx.reply(ctx.t('errors.generic'));
      } catch (replyErr) {
        log.warn({ err: replyErr }, 'could not send the apology');
      }
    }
  }

  /** Aborts the work in flight and waits for it to end. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.running]);
  }
}
