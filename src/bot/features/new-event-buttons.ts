/**
 * /newevent's buttons: Cancel, Back, Skip, a saved venue, organizer or category, one reading of an
 * ambiguous date, and on the preview Edit, Publish and Save draft (through the event operations).
 * The dialogue's state and screens are new-event.ts's; a press names its screen, and one meant for
 * another screen than the current one is refused as stale.
 */
import { Composer } from 'telegraf';
import type { BotContext } from '../context';
import { newEventCallback, anyWithPrefix } from '../callback-data/events';
import { actorOf, refusalTextKey, requireOrganizer, refuseBadButton } from '../events-ui/access';
import { buildQuestion } from '../events-ui/questions';
import { memberKeyboard, sendCard } from '../events-ui/card';
import { editInPlace } from '../events-ui/edit';
import { editMenuKeyboard } from '../keyboards/new-event';
import { OPTIONAL_STEPS, clearField, isComplete, isStep, toggleCategory } from '../../domain/event-draft';
import { venueSnapshot } from '../../dal/venues/venue.repository';
import { organizerSnapshot } from '../../dal/organizers/organizer.repository';
import { advance, ask, current, echoOf, errorText, save, showPreview, type State } from './new-event';

export const newEventButtonsFeature = new Composer<BotContext>();

newEventButtonsFeature.action(anyWithPrefix(newEventCallback), async (ctx) => {
  const data = newEventCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data) return refuseBadButton(ctx);
  if (!(await requireOrganizer(ctx))) return;
  const cur = current(ctx);
  if (!cur) {
    await ctx.answerCbQuery(ctx.t('newevent.stale'), { show_alert: true });
    return;
  }
  const { screen, state } = cur;
  if (data.s !== screen) {
    await ctx.answerCbQuery(ctx.t('newevent.staleStep'), { show_alert: true });
    return;
  }
  await ctx.answerCbQuery();
  const userId = ctx.from.id;
  switch (data.a) {
    case 'x':
      delete ctx.session.dialog;
      await ctx.reply(ctx.t('newevent.cancelled'));
      return;
    case 'bk': {
      if (screen === 'editmenu' || (state.returnToPreview && isStep(screen))) {
        await showPreview(ctx, state);
        return;
      }
      if (screen === 'preview') {
        const last = state.history[state.history.length - 1];
        if (isStep(last)) await ask(ctx, last, state);
        return;
      }
      state.history.pop();
      const prev = state.history[state.history.length - 1];
      await ask(ctx, isStep(prev) ? prev : screen, state);
      return;
    }
  }
  if (isStep(screen)) {
    const step = screen;
    switch (data.a) {
      case 'sk':
        if (!OPTIONAL_STEPS.has(step)) break;
        state.draft = clearField(step, state.draft);
        if (step === 'when') state.endFromWhen = false;
        await advance(ctx, step, state);
        return;
      case 'vn': {
        if (step !== 'venue') break;
        const venue = await ctx.deps.dal.venues.findOwned(data.v, userId);
        if (!venue) {
          await ask(ctx, step, state, errorText(ctx, { key: 'newevent.error.savedGone' }));
          return;
        }
        state.draft = { ...state.draft, venue: venueSnapshot(venue), venueId: venue._id.toHexString() };
        await advance(ctx, step, state);
        return;
      }
      case 'og': {
        if (step !== 'organizer') break;
        const profile = await ctx.deps.dal.organizerProfiles.findOwned(data.v, userId);
        if (!profile) {
          await ask(ctx, step, state, errorText(ctx, { key: 'newevent.error.savedGone' }));
          return;
        }
        state.draft = { ...state.draft, organizer: organizerSnapshot(profile), organizerId: profile._id.toHexString() };
        await advance(ctx, step, state);
        return;
      }
      case 'ct': {
        if (step !== 'categories') break;
        const category = await ctx.deps.dal.categories.findBySlug(data.v);
        if (!category || category.archived) {
          await ask(ctx, step, state, errorText(ctx, { key: 'newevent.error.savedGone' }));
          return;
        }
        state.draft = toggleCategory(state.draft, category.slug);
        save(ctx, step, state);
        const q = await buildQuestion(ctx, step, state.draft, {
          data: (a, v) => newEventCallback.encode({ s: step, a, v: v ?? '-' }),
          back: state.history.length > 1 || Boolean(state.returnToPreview),
          skip: true,
        });
        await editInPlace(ctx, () => ctx.editMessageReplyMarkup(q.reply_markup));
        return;
      }
      case 'dn':
        if (step !== 'categories') break;
        await advance(ctx, step, state);
        return;
      case 'dc': {
        // One reading of an ambiguous date picked: it becomes the draft, echoed like a typed answer.
        const choice = /^\d$/.test(data.v) ? state.choices?.[Number(data.v)] : undefined;
        if (!choice) {
          await ctx.reply(ctx.t('newevent.staleStep'));
          return;
        }
        const then = state.choiceThen;
        delete state.choices;
        delete state.choiceThen;
        state.draft = choice;
        if (step === 'when') state.endFromWhen = Boolean(choice.end) && !choice.allDay;
        if (then === 'preview') {
          await ctx.reply(`✅ ${echoOf(ctx, choice)}`, { parse_mode: 'HTML' });
          await showPreview(ctx, state);
        } else await advance(ctx, step, state);
        return;
      }
    }
  }
  if (screen === 'preview') {
    if (data.a === 'ed') {
      save(ctx, 'editmenu', state);
      await ctx.reply(ctx.t('newevent.editWhich'), { reply_markup: editMenuKeyboard(ctx.t) });
      return;
    }
    if (data.a === 'pub' || data.a === 'drf') {
      await finish(ctx, state, data.a === 'pub');
      return;
    }
  }
  if (screen === 'editmenu' && data.a === 'ef' && isStep(data.v)) {
    state.returnToPreview = true;
    await ask(ctx, data.v, state);
    return;
  }
  await refuseBadButton(ctx);
});

/** Creates the event (or the series) through the event operations, publishing it if asked. */
async function finish(ctx: BotContext, state: State, publish: boolean): Promise<void> {
  if (!isComplete(state.draft)) {
    await showPreview(ctx, state);
    return;
  }
  const res = await ctx.deps.app.events.create(actorOf(ctx), { id: state.id, draft: state.draft, publish });
  if (!res.ok) {
    // The press was answered already: say why in the chat.
    if (res.reason === 'invalid') await showPreview(ctx, state);
    else await ctx.reply(ctx.t(refusalTextKey(res)));
    return;
  }
  delete ctx.session.dialog;
  const outcome = res.value;
  if (outcome.alreadySaved) {
    // A second press of Publish / Save draft: the first one already created it.
    await ctx.reply(ctx.t('newevent.alreadySaved'));
    return;
  }
  if (!publish) {
    await ctx.reply(ctx.t('newevent.savedDraft', { n: outcome.created.length }));
    return;
  }
  await ctx.reply(ctx.t('newevent.published', { n: outcome.published.length }));
  const first = outcome.published[0];
  if (first) await sendCard(ctx, first, memberKeyboard(ctx, first), { record: true });
}
