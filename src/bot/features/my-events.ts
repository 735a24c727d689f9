/**
 * /myevents: an organizer's events, each with Edit (any field), Postpone (a new time), Cancel (an
 * optional reason), Duplicate (a copy as a new draft), Delete (drafts) and Publish (drafts). For a
 * series, Postpone and Cancel act on one occurrence (which is then detached), and "Cancel series"
 * cancels the occurrences still to come.
 *
 * This file is the list and the management buttons; the answers to Edit, Postpone and Cancel are
 * in my-events-answers.ts. The rules (who may, in which state, what the engine is told) are the
 * event operations' (src/application/events.ts); this file renders what they return.
 */
import { Composer } from 'telegraf';
import type { BotContext } from '../context';
import { myEventsCallback, anyWithPrefix } from '../callback-data/events';
import { actorOf, loadManagedEvent, refuseBadButton, renderRefusal, requireOrganizer, requirePrivate } from '../events-ui/access';
import { askCancel, askPostpone, showManage } from '../events-ui/manage';
import { eventActions } from '../../application/events';
import { renderMyEventsList } from '../render/event-lists';
import { confirmCancelSeriesKeyboard, editFieldsKeyboard, myEventsListKeyboard } from '../keyboards/my-events';
import { chosenCalendar } from '../../dal/types';

export const myEventsFeature = new Composer<BotContext>();

const PAGE_SIZE = 8;

async function showList(ctx: BotContext, page: number): Promise<void> {
  const userId = ctx.from?.id ?? 0;
  const res = await ctx.deps.dal.events.listByCreator(userId, { skip: page * PAGE_SIZE, limit: PAGE_SIZE });
  if (res.items.length === 0 && page === 0) {
    await ctx.reply(ctx.t('myevents.empty'));
    return;
  }
  await ctx.reply(renderMyEventsList(ctx.t, ctx.locale, res.items, page, chosenCalendar(ctx.user)), {
    parse_mode: 'HTML',
    reply_markup: myEventsListKeyboard(ctx.t, res.items, page, res.hasMore),
    link_preview_options: { is_disabled: true },
  });
}

myEventsFeature.command('myevents', async (ctx) => {
  if (!(await requireOrganizer(ctx)) || !(await requirePrivate(ctx))) return;
  await showList(ctx, 0);
});

myEventsFeature.action(anyWithPrefix(myEventsCallback), async (ctx) => {
  const data = myEventsCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data) return refuseBadButton(ctx);
  if (!(await requireOrganizer(ctx))) return;
  if (data.a === 'pg') {
    if (!/^\d{1,4}$/.test(data.id)) return refuseBadButton(ctx);
    await ctx.answerCbQuery();
    await showList(ctx, Number(data.id));
    return;
  }
  const e = await loadManagedEvent(ctx, data.id);
  if (!e) return;
  const ops = ctx.deps.app.events;
  const actor = actorOf(ctx);
  const can = eventActions(e);
  switch (data.a) {
    case 'op':
      await ctx.answerCbQuery();
      await showManage(ctx, e);
      return;
    case 'ed':
      if (!can.has('edit')) break;
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t('myevents.editWhich', { title: e.title }), { parse_mode: 'HTML', reply_markup: editFieldsKeyboard(ctx.t, data.id) });
      return;
    case 'pp':
      if (!can.has('postpone')) break;
      await ctx.answerCbQuery();
      await askPostpone(ctx, e);
      return;
    case 'cn':
      if (!can.has('cancel')) break;
      await ctx.answerCbQuery();
      await askCancel(ctx, e);
      return;
    case 'cs': {
      const series = await ops.upcomingInSeries(actor, e._id);
      if (!series.ok) return renderRefusal(ctx, series);
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t('myevents.confirmCancelSeries', { n: series.value.upcoming.length, title: e.title }), {
        parse_mode: 'HTML',
        reply_markup: confirmCancelSeriesKeyboard(ctx.t, data.id),
      });
      return;
    }
    case 'cy': {
      const res = await ops.cancelSeries(actor, e._id);
      if (!res.ok) return renderRefusal(ctx, res);
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t('myevents.seriesCancelled', { n: res.value.cancelled }));
      return;
    }
    case 'du': {
      const res = await ops.duplicate(actor, e._id);
      if (!res.ok) return renderRefusal(ctx, res);
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t('myevents.duplicated'));
      await showManage(ctx, res.value);
      return;
    }
    case 'dl': {
      const res = await ops.deleteDraft(actor, e._id);
      if (!res.ok && res.reason !== 'not_changeable') return renderRefusal(ctx, res);
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t(res.ok ? 'myevents.deleted' : 'myevents.notChangeable'));
      return;
    }
    case 'pb': {
      const res = await ops.publishDraft(actor, e._id);
      if (!res.ok) return renderRefusal(ctx, res);
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t('newevent.published', { n: res.value.targets }));
      if (res.value.first) await showManage(ctx, res.value.first);
      return;
    }
  }
  await ctx.answerCbQuery(ctx.t('myevents.notChangeable'), { show_alert: true });
});
