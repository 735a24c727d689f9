import type { MiddlewareFn } from 'telegraf';
import type { BotContext } from '../context';

/** Gives each update a child logger with its id, chat and sender, and logs how long it took. */
export function updateLogger(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const started = Date.now();
    ctx.log = ctx.deps.logger.child({
      update_id: ctx.update.update_id,
      chat_id: ctx.chat?.id,
      from_id: ctx.from?.id,
      type: ctx.updateType,
    });
    await next();
    ctx.log.debug({ ms: Date.now() - started }, 'update handled');
  };
}
