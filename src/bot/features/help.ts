import { Composer } from 'telegraf';
import type { BotContext } from '../context';
import { renderHelp } from '../render/help';
import { COMMANDS, type CommandAudience } from '../commands';

/** /help: the commands this user may use, described in their language. */
export const helpFeature = new Composer<BotContext>();

helpFeature.help(async (ctx) => {
  const audiences: CommandAudience[] = ['everyone'];
  if (ctx.user?.isOrganizer || ctx.isSuperAdmin) audiences.push('organizer');
  if (ctx.isSuperAdmin) audiences.push('admin');
  await ctx.reply(renderHelp(ctx.t, COMMANDS, audiences, ctx.locale), { parse_mode: 'HTML' });
});
