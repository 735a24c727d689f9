/**
 * /newevent: a guided dialogue, one question at a time (buttons for saved venues, organizers and
 * categories; Skip; Back; /cancel at every step), ending in a preview of the real card with Publish,
 * Save draft and Edit. The state lives in ctx.session (stored in MongoDB), so a restart mid-dialogue
 * carries on where the user was. `/newevent Title | when | venue` plus `key: value` lines is the
 * one-message form, answered with the same preview. Its buttons are handled in new-event-buttons.ts.
 */
import { zoneName } from '../../domain/date-format';
import { Composer } from 'telegraf';
import { newStoredId } from '../../dal/ids';
import { previewRecord } from '../../application/event-records';
import { z } from 'zod';
import type { BotContext } from '../context';
import { newEventCallback } from '../callback-data/events';
import { requireOrganizer, requirePrivate } from '../events-ui/access';
import { buildQuestion } from '../events-ui/questions';
import { sendCard } from '../events-ui/card';
import {
  STEPS, OPTIONAL_STEPS, draftSchema, emptyDraft, isComplete, isStep, parseOneMessageForm,
  readField, readLocation, type DraftError, type EventDraft, type Step,
} from '../../domain/event-draft';
import { describeRecurrence, expandOccurrences, MAX_OCCURRENCES } from '../../domain/recurrence';
import { echoWhen, choiceLabel } from '../render/when-echo';
import { dateChoiceKeyboard, previewKeyboard } from '../keyboards/new-event';
import { chosenCalendar } from '../../dal/types';

const DIALOG = 'newevent';
type Screen = Step | 'preview' | 'editmenu';

const stateSchema = z.object({
  /** Becomes the first event's _id, so a double press on Publish creates it once. */
  id: z.string().regex(/^[0-9a-f]{24}$/),
  draft: draftSchema,
  history: z.array(z.string()),
  endFromWhen: z.boolean().optional(),
  returnToPreview: z.boolean().optional(),
  /** A date that reads two ways: the draft under each reading, until the organizer presses one. */
  choices: z.array(draftSchema).max(4).optional(),
  /** After the pick: on to the next question (the dialogue) or straight to the preview (the one-message form). */
  choiceThen: z.enum(['next', 'preview']).optional(),
});
export type State = z.infer<typeof stateSchema>;

export const newEventFeature = new Composer<BotContext>();

function zoneOf(ctx: BotContext): string {
  return ctx.user?.timezone ?? ctx.deps.config.defaultTimezone;
}

/** The dialogue in progress, or undefined (none, another feature's, or unreadable after a change). */
export function current(ctx: BotContext): { screen: Screen; state: State } | undefined {
  const d = ctx.session.dialog;
  if (!d || d.name !== DIALOG) return undefined;
  const parsed = stateSchema.safeParse(d.data);
  if (!parsed.success) return undefined;
  const screen = d.step;
  if (!(isStep(screen) || screen === 'preview' || screen === 'editmenu')) return undefined;
  return { screen, state: parsed.data };
}

export function save(ctx: BotContext, screen: Screen, state: State): void {
  ctx.session.dialog = {
    name: DIALOG,
    step: screen,
    data: state,
    startedAt: ctx.session.dialog?.name === DIALOG ? ctx.session.dialog.startedAt : ctx.deps.now().toISOString(),
  };
}

async function categoriesFor(ctx: BotContext) {
  return ctx.deps.dal.categories.listActive();
}

/** Whether a question applies to this draft (e.g. no address question for a saved venue). */
async function applies(ctx: BotContext, step: Step, state: State): Promise<boolean> {
  const d = state.draft;
  switch (step) {
    case 'end': return !d.allDay && !state.endFromWhen;
    // Not for a saved venue, nor when the venue line already carried the address.
    case 'address': return Boolean(d.venue && !d.venueId && !d.venue.address && !d.venue.city && !d.venue.country);
    case 'links': return Boolean(d.organizer && !d.organizerId);
    case 'categories': return (await categoriesFor(ctx)).length > 0;
    default: return true;
  }
}

async function nextScreen(ctx: BotContext, from: Step, state: State): Promise<Step | 'preview'> {
  if (state.returnToPreview) {
    // An edit from the preview: follow-up questions of the same field, then back to the preview.
    if (from === 'venue' && (await applies(ctx, 'address', state))) return 'address';
    if (from === 'organizer' && (await applies(ctx, 'links', state))) return 'links';
    return 'preview';
  }
  for (let i = STEPS.indexOf(from) + 1; i < STEPS.length; i++) {
    const step = STEPS[i];
    if (step && (await applies(ctx, step, state))) return step;
  }
  return 'preview';
}

export function errorText(ctx: BotContext, error: DraftError): string {
  return `⚠️ ${ctx.t(error.key, error.vars)}`;
}

export async function ask(ctx: BotContext, step: Step, state: State, prefix?: string): Promise<void> {
  if (state.history[state.history.length - 1] !== step) state.history.push(step);
  save(ctx, step, state);
  const q = await buildQuestion(ctx, step, state.draft, {
    data: (a, v) => newEventCallback.encode({ s: step, a, v: v ?? '-' }),
    back: state.history.length > 1 || Boolean(state.returnToPreview),
    skip: OPTIONAL_STEPS.has(step),
  });
  const text = prefix ? `${prefix}\n\n${q.text}` : q.text;
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: q.reply_markup, link_preview_options: { is_disabled: true } });
}

/** After an answer: echo what was understood when useful, then the next question or the preview. */
export async function advance(ctx: BotContext, from: Step, state: State): Promise<void> {
  const next = await nextScreen(ctx, from, state);
  let echo: string | undefined;
  const d = state.draft;
  if ((from === 'when' || from === 'end' || (from === 'repeat' && d.repeat)) && d.start) {
    echo = `✅ ${echoOf(ctx, d)}`;
  }
  if (next === 'preview') {
    if (echo) await ctx.reply(echo, { parse_mode: 'HTML' });
    await showPreview(ctx, state);
    return;
  }
  await ask(ctx, next, state, echo);
}

/** The unambiguous echo of a draft's date (weekday, both calendars, time, zone). */
export function echoOf(ctx: BotContext, d: EventDraft): string {
  if (!d.start) return '';
  return echoWhen(
    { start: new Date(d.start), end: d.end ? new Date(d.end) : undefined, allDay: d.allDay ?? false, zone: d.timezone },
    { locale: ctx.locale, calendar: chosenCalendar(ctx.user) },
    ctx.t,
  );
}

/**
 * The typed date reads more than one way: ask which, one button per reading (localized, with the
 * weekday and both calendars), and keep the drafts in the session until a button is pressed.
 */
async function askChoice(ctx: BotContext, screen: Step, state: State, choices: EventDraft[], then: 'next' | 'preview'): Promise<void> {
  state.choices = choices;
  state.choiceThen = then;
  if (state.history[state.history.length - 1] !== screen) state.history.push(screen);
  save(ctx, screen, state);
  const labels = choices.map((c, i) =>
    c.start
      ? choiceLabel({ start: new Date(c.start), end: c.end ? new Date(c.end) : undefined, allDay: c.allDay ?? false, zone: c.timezone }, ctx.locale, chosenCalendar(ctx.user))
      : String(i + 1),
  );
  const zone = choices[0]?.timezone ?? zoneOf(ctx);
  await ctx.reply(ctx.t('dates.ask.which', { zone: zoneName(zone, ctx.locale) }), { parse_mode: 'HTML', reply_markup: dateChoiceKeyboard(ctx.t, screen, labels) });
}

export async function showPreview(ctx: BotContext, state: State): Promise<void> {
  const draft = state.draft;
  if (!isComplete(draft)) {
    await ask(ctx, draft.title ? 'when' : 'title', state);
    return;
  }
  state.returnToPreview = false;
  state.history = state.history.filter((s) => s !== 'preview');
  save(ctx, 'preview', state);
  const record = previewRecord(draft, ctx.from?.id ?? 0, ctx.deps.now());
  const lines = [ctx.t('newevent.preview.title'), ctx.t('newevent.preview.when', { when: echoOf(ctx, draft) })];
  if (draft.repeat) {
    const count = expandOccurrences(record.startAt, draft.timezone, draft.repeat.rrule, MAX_OCCURRENCES).length;
    lines.push(ctx.t('newevent.preview.series', { rule: describeRecurrence(draft.repeat.rrule, draft.timezone, ctx.locale, ctx.t), n: count }));
  }
  await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' });
  await sendCard(ctx, record, previewKeyboard(ctx.t), { record: false });
}

/**
 * Opens the dialogue on a draft filled elsewhere (an imported event page or .ics file): the preview
 * when it is complete, else only the questions it still needs (title, start), each returning to the
 * preview — the same screens, buttons and checks as a typed event.
 */
export async function openFilledDraft(ctx: BotContext, draft: EventDraft): Promise<void> {
  const state: State = { id: newStoredId().toHexString(), draft, history: [], returnToPreview: true };
  await showPreview(ctx, state);
}

async function begin(ctx: BotContext): Promise<void> {
  const state: State = { id: newStoredId().toHexString(), draft: emptyDraft(zoneOf(ctx)), history: [] };
  await ask(ctx, 'title', state, ctx.t('newevent.intro'));
}

async function oneMessageForm(ctx: BotContext, body: string): Promise<void> {
  const res = parseOneMessageForm(body, zoneOf(ctx), { now: ctx.deps.now(), categories: await categoriesFor(ctx), locale: ctx.locale });
  if (!res.ok && res.choices && res.choices[0]) {
    const state: State = { id: newStoredId().toHexString(), draft: res.choices[0], history: [], returnToPreview: true };
    await askChoice(ctx, 'when', state, res.choices, 'preview');
    return;
  }
  if (!res.ok) {
    const where = res.line ? `\n${ctx.t('newevent.form.inLine', { line: res.line.slice(0, 80) })}` : '';
    await ctx.reply(`${errorText(ctx, res.error)}${where}\n\n${ctx.t('newevent.form.help')}`, { parse_mode: 'HTML' });
    return;
  }
  const state: State = { id: newStoredId().toHexString(), draft: res.draft, history: [] };
  await showPreview(ctx, state);
}

newEventFeature.command('newevent', async (ctx) => {
  if (!(await requireOrganizer(ctx)) || !(await requirePrivate(ctx))) return;
  const body = ctx.message.text.replace(/^\/newevent(@\w+)?\s*/i, '');
  if (body.trim()) await oneMessageForm(ctx, body);
  else await begin(ctx);
});

/** Every dialogue of the event features (/newevent, editing, postponing, cancelling, categories). */
const EVENT_DIALOGS: readonly string[] = [DIALOG, 'evedit', 'evpostpone', 'evcancel', 'catadd', 'catren'];

newEventFeature.command('cancel', async (ctx, next) => {
  const d = ctx.session.dialog;
  if (d && !EVENT_DIALOGS.includes(d.name)) return next();
  if (!d) {
    await ctx.reply(ctx.t('newevent.nothingToCancel'));
    return;
  }
  delete ctx.session.dialog;
  await ctx.reply(ctx.t('newevent.cancelled'));
});

/** A typed answer (or a photo, or a shared location) to the current question. */
newEventFeature.on('message', async (ctx, next) => {
  const cur = current(ctx);
  if (!cur) return next();
  const msg = ctx.message;
  if ('text' in msg && msg.text.startsWith('/')) return next();
  if (!(await requireOrganizer(ctx))) {
    delete ctx.session.dialog;
    return;
  }
  const { screen, state } = cur;
  if (!isStep(screen)) {
    await ctx.reply(ctx.t('newevent.usePreviewButtons'));
    return;
  }
  let res: ReturnType<typeof readField> | undefined;
  if ('text' in msg) {
    res = readField(screen, state.draft, msg.text, { now: ctx.deps.now(), categories: await categoriesFor(ctx), locale: ctx.locale });
  } else if ('photo' in msg && screen === 'photo') {
    const best = msg.photo[msg.photo.length - 1];
    res = best ? { ok: true, draft: { ...state.draft, photoFileId: best.file_id } } : undefined;
  } else if ('location' in msg && screen === 'address') {
    res = readLocation(state.draft, msg.location.latitude, msg.location.longitude);
  }
  if (!res) {
    await ask(ctx, screen, state, errorText(ctx, { key: screen === 'photo' ? 'newevent.error.photoExpected' : 'newevent.error.textExpected' }));
    return;
  }
  if (!res.ok && res.choices && res.choices.length > 1) {
    await askChoice(ctx, screen, state, res.choices, state.returnToPreview ? 'preview' : 'next');
    return;
  }
  if (!res.ok) {
    await ask(ctx, screen, state, errorText(ctx, res.error));
    return;
  }
  delete state.choices;
  delete state.choiceThen;
  if (screen === 'when') state.endFromWhen = Boolean(res.draft.end) && !res.draft.allDay;
  state.draft = res.draft;
  await advance(ctx, screen, state);
});
