import { Composer } from 'telegraf';
import type { BotContext } from '../context';
import { forgetCallback } from '../callback-data/members';
import { answer, showInPlace } from '../member-support';
import { forgetMeKeyboard } from '../keyboards/members';
import { actorOf } from '../events-ui/access';

/**
 * /forgetme: after a confirmation, the member operation `forget` (src/application/members.ts)
 * withdraws their RSVPs and removes or anonymizes every record keyed by them.
 */
export const forgetMeFeature = new Composer<BotContext>();

forgetMeFeature.command('forgetme', async (ctx) => {
  if (ctx.chat.type !== 'private') {
    await ctx.reply(ctx.t('forgetme.privateOnly'));
    return;
  }
  await ctx.reply(ctx.t('forgetme.confirm'), {
    parse_mode: 'HTML',
    reply_markup: forgetMeKeyboard(ctx.t),
  });
});

forgetMeFeature.action(forgetCallback.pattern, async (ctx) => {
  const data = forgetCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || ctx.chat?.type !== 'private') return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
  if (data.answer !== 'yes') {
    await answer(ctx);
    return showInPlace(ctx, ctx.t('forgetme.kept'));
  }
  await answer(ctx);
  await ctx.deps.app.members.forget(actorOf(ctx));
  await showInPlace(ctx, ctx.t('forgetme.done'));
});
