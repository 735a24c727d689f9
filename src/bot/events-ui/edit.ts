/**
 * Editing the message a button was pressed on. A 400 here means the edit cannot apply (a stale
 * press that would show the same content, a message too old or gone): what the user should see is
 * already on screen or sent next, so it is logged and not turned into an error reply. Anything
 * else (rate limits, network) goes to the bot's error handler as usual.
 */
import type { BotContext } from '../context';
import { telegramFailure } from '../errors';

export async function editInPlace(ctx: BotContext, edit: () => Promise<unknown>): Promise<void> {
  try {
    await edit();
  } catch (err) {
    if (telegramFailure(err)?.code !== 400) throw err;
    ctx.log.debug({ err }, 'in-place edit not applied');
  }
}
