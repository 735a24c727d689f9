import { Composer } from 'telegraf';
import type { BotContext } from '../context';
import { forgetCallback } from '../callback-data/members';
import { answer, showInPlace, tellEngine } from '../member-support';

/**
 * /forgetme: after a confirmation, withdraws the member's RSVPs (counts adjusted, waitlists promoted
 * and those promoted told), then removes or anonymizes every record keyed by them in every
 * collection (dal.forgetMember). Published events they created stay, credited to no one.
 */
export const forgetMeFeature = new Composer<BotContext>();

forgetMeFeature.command('forgetme', async (ctx) => {
  if (ctx.chat.type !== 'private') {
    await ctx.reply(ctx.t('forgetme.privateOnly'));
    return;
  }
  await ctx.reply(ctx.t('forgetme.confirm'), {
    parse_mode: 'HTML',
    reply_markup: {
      inline_keyboard: [
        [{ text: ctx.t('forgetme.yes'), callback_data: forgetCallback.encode({ answer: 'yes' }) }],
        [{ text: ctx.t('forgetme.no'), callback_data: forgetCallback.encode({ answer: 'no' }) }],
      ],
    },
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
  const userId = ctx.from.id;
  const { dal, scheduler } = ctx.deps;
  const now = ctx.deps.now();
  const eventIds = await dal.rsvps.eventIdsOf(userId);
  for (const eventId of eventIds) {
    const promoted = await dal.rsvps.withdraw(eventId, userId, now);
    const event = promoted.length ? await dal.events.findById(eventId) : null;
    for (const p of promoted) {
      await tellEngine(ctx, 'notifyUser', () => scheduler.notifyUser(p.userId, 'rsvp.promoted', { title: event?.title ?? '' }, eventId));
    }
  }
  // Everything keyed by them, in every collection (src/dal/privacy.ts lists what and how).
  const done = await dal.forgetMember(userId);
  // Cards show the new counts only now: a card edit planned before their posts were gone could
  // fan out to their chat while forgetMember ran and leave a delivery naming them.
  for (const eventId of eventIds) await tellEngine(ctx, 'refreshCards', () => scheduler.refreshCards(eventId));
  await tellEngine(ctx, 'reminderPreferencesChanged', () => scheduler.reminderPreferencesChanged());
  ctx.log.info({ userId, rsvps: eventIds.length, collections: done }, 'forgot a member');
  await showInPlace(ctx, ctx.t('forgetme.done'));
});
