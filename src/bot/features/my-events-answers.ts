/**
 * The answers under /myevents: which field to edit, the buttons under an edit / postpone / cancel
 * question (saved venues and organizers, categories, Clear, Cancel with no reason, Keep), and typed
 * answers (text or a photo). Each answer goes to an event operation (src/application/events.ts),
 * which checks the sender's rights again, validates, saves and tells the delivery engine; this file
 * asks again with the error, or says what was done.
 */
import { Composer } from 'telegraf';
import type { BotContext } from '../context';
import { editFieldCallback, manageQuestionCallback, anyWithPrefix } from '../callback-data/events';
import { actorOf, refusalTextKey, loadManagedEvent, refuseBadButton, requireOrganizer } from '../events-ui/access';
import { askCancel, askField, askPostpone, currentDialog, editQuestion, inputError, setDialog, showManage } from '../events-ui/manage';
import { editInPlace } from '../events-ui/edit';
import { EDITABLE_FIELDS, eventActions, type FieldInput } from '../../application/events';
import type { Refusal } from '../../application/outcome';
import { OPTIONAL_STEPS, draftFromEvent, isStep, toggleCategory, type Step } from '../../domain/event-draft';
import { echoWhen } from '../render/when-echo';
import { type EventRecord, chosenCalendar } from '../../dal/types';

export const myEventsAnswersFeature = new Composer<BotContext>();

/** A refusal after the question was asked: the error asks again; anything else ends the dialogue. */
async function refusedAnswer(ctx: BotContext, res: Refusal, askAgain: (prefix: string) => Promise<void>): Promise<void> {
  if (res.reason === 'invalid') return askAgain(inputError(ctx, res.error, res.choices));
  delete ctx.session.dialog;
  await ctx.reply(ctx.t(refusalTextKey(res)));
}

async function cancelWith(ctx: BotContext, e: EventRecord, reason: string | undefined): Promise<void> {
  const res = await ctx.deps.app.events.cancel(actorOf(ctx), e._id, reason);
  if (!res.ok) return refusedAnswer(ctx, res, (prefix) => askCancel(ctx, e, prefix));
  delete ctx.session.dialog;
  await ctx.reply(ctx.t('myevents.cancelledDone'));
  await showManage(ctx, res.value);
}

async function postponeWith(ctx: BotContext, e: EventRecord, text: string): Promise<void> {
  const res = await ctx.deps.app.events.postpone(actorOf(ctx), e._id, { text, locale: ctx.locale });
  if (!res.ok) return refusedAnswer(ctx, res, (prefix) => askPostpone(ctx, e, prefix));
  delete ctx.session.dialog;
  const u = res.value;
  const when = echoWhen({ start: u.startAt, end: u.endAt, allDay: u.allDay, zone: u.timezone }, { locale: ctx.locale, calendar: chosenCalendar(ctx.user) }, ctx.t);
  await ctx.reply(ctx.t('myevents.postponedDone', { when }));
  await showManage(ctx, u);
}

async function editWith(ctx: BotContext, e: EventRecord, step: Step, input: FieldInput): Promise<void> {
  const res = await ctx.deps.app.events.editField(actorOf(ctx), e._id, step, input);
  // A saved venue or organizer that is gone (or not the sender's) is a stale button.
  if (!res.ok && res.reason === 'invalid' && (input.kind === 'savedVenue' || input.kind === 'savedOrganizer')) {
    await ctx.reply(ctx.t('events.badButton'));
    return;
  }
  if (!res.ok) return refusedAnswer(ctx, res, (prefix) => askField(ctx, e, step, prefix));
  delete ctx.session.dialog;
  const { event, alsoChanged } = res.value;
  await ctx.reply(alsoChanged > 0 ? ctx.t('myevents.savedSeries', { n: alsoChanged + 1 }) : ctx.t('myevents.saved'));
  await showManage(ctx, event);
}

myEventsAnswersFeature.action(anyWithPrefix(editFieldCallback), async (ctx) => {
  const data = editFieldCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !isStep(data.f) || !EDITABLE_FIELDS.includes(data.f)) return refuseBadButton(ctx);
  if (!(await requireOrganizer(ctx))) return;
  const e = await loadManagedEvent(ctx, data.id);
  if (!e) return;
  if (!eventActions(e).has('edit')) {
    await ctx.answerCbQuery(ctx.t('myevents.notChangeable'), { show_alert: true });
    return;
  }
  await ctx.answerCbQuery();
  await askField(ctx, e, data.f);
});

myEventsAnswersFeature.action(anyWithPrefix(manageQuestionCallback), async (ctx) => {
  const data = manageQuestionCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data) return refuseBadButton(ctx);
  if (!(await requireOrganizer(ctx))) return;
  const dialog = currentDialog(ctx);
  if (!dialog) {
    await ctx.answerCbQuery(ctx.t('newevent.stale'), { show_alert: true });
    return;
  }
  const e = await loadManagedEvent(ctx, dialog.eventId);
  if (!e) {
    delete ctx.session.dialog;
    return;
  }
  await ctx.answerCbQuery();
  if (data.a === 'x') {
    delete ctx.session.dialog;
    await ctx.reply(ctx.t('myevents.unchanged'));
    return;
  }
  if (dialog.name === 'evcancel' && data.a === 'sk') return cancelWith(ctx, e, undefined);
  if (dialog.name !== 'evedit' || !isStep(dialog.step)) return refuseBadButton(ctx);
  const step = dialog.step;
  let input: FieldInput | undefined;
  switch (data.a) {
    case 'sk':
      if (OPTIONAL_STEPS.has(step)) input = { kind: 'clear' };
      break;
    case 'vn':
      if (step === 'venue') input = { kind: 'savedVenue', venueId: data.v };
      break;
    case 'og':
      if (step === 'organizer') input = { kind: 'savedOrganizer', profileId: data.v };
      break;
    case 'dn':
      if (step === 'categories') input = { kind: 'categories', slugs: dialog.categories ?? e.categories };
      break;
    case 'ct': {
      // Toggling a category only changes the question's buttons; Done saves the choice.
      const category = step === 'categories' ? await ctx.deps.dal.categories.findBySlug(data.v) : null;
      if (!category || category.archived) break;
      const draft = draftFromEvent(e);
      const next = toggleCategory({ ...draft, categories: dialog.categories ?? draft.categories }, category.slug).categories;
      setDialog(ctx, 'evedit', step, { eventId: dialog.eventId, categories: next });
      const q = await editQuestion(ctx, step, { ...draft, categories: next });
      await editInPlace(ctx, () => ctx.editMessageReplyMarkup(q.reply_markup));
      return;
    }
  }
  if (!input) {
    await ctx.reply(ctx.t('events.badButton'));
    return;
  }
  await editWith(ctx, e, step, input);
});

/** Typed answers to an edit, a postponement or a cancellation reason. */
myEventsAnswersFeature.on('message', async (ctx, next) => {
  const dialog = currentDialog(ctx);
  if (!dialog) return next();
  const msg = ctx.message;
  if ('text' in msg && msg.text.startsWith('/')) return next();
  if (!(await requireOrganizer(ctx))) {
    delete ctx.session.dialog;
    return;
  }
  const e = await loadManagedEvent(ctx, dialog.eventId);
  if (!e) {
    delete ctx.session.dialog;
    return;
  }
  const text = 'text' in msg ? msg.text : undefined;
  const textExpected = inputError(ctx, { key: 'newevent.error.textExpected' });
  if (dialog.name === 'evcancel') return text === undefined ? askCancel(ctx, e, textExpected) : cancelWith(ctx, e, text);
  if (dialog.name === 'evpostpone') return text === undefined ? askPostpone(ctx, e, textExpected) : postponeWith(ctx, e, text);
  if (!isStep(dialog.step)) {
    delete ctx.session.dialog;
    return next();
  }
  const step = dialog.step;
  const best = 'photo' in msg && step === 'photo' ? msg.photo[msg.photo.length - 1] : undefined;
  if (text !== undefined) return editWith(ctx, e, step, { kind: 'text', text, locale: ctx.locale });
  if (best) return editWith(ctx, e, step, { kind: 'photo', fileId: best.file_id });
  await askField(ctx, e, step, inputError(ctx, { key: step === 'photo' ? 'newevent.error.photoExpected' : 'newevent.error.textExpected' }));
});
