import { Composer } from 'telegraf';
import type { BotContext } from '../context';
import { renderWelcome } from '../render/welcome';

/** /start: a greeting that says what the bot does. Deep-link payloads are handled by their features first. */
export const startFeature = new Composer<BotContext>();

startFeature.start(async (ctx) => {
  await ctx.reply(renderWelcome(ctx.t, { firstName: ctx.from.first_name, isPrivate: ctx.chat.type === 'private' }, ctx.locale), {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  });
});
