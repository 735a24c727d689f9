/**
 * What the /myevents features share: the dialogue state of an edit, a postponement or a
 * cancellation (in the session), the management screen, the questions they ask, and how an
 * operation's outcome is told.
 */
import { z } from 'zod';
import { buildMessage } from '../../i18n/bidi';
import { zoneWithId } from '../../domain/date-format';
import { OPTIONAL_STEPS, draftFromEvent, type DraftError, type EventDraft, type Step } from '../../domain/event-draft';
import type { BotContext } from '../context';
import { manageQuestionCallback } from '../callback-data/events';
import { buildQuestion } from './questions';
import { sendCard } from './card';
import { cancelReasonKeyboard, manageKeyboard, postponeKeyboard } from '../keyboards/my-events';
import { readingLines } from '../render/when-echo';
import { type EventRecord, chosenCalendar } from '../../dal/types';

const DIALOGS = ['evedit', 'evpostpone', 'evcancel'] as const;
export type ManageDialog = (typeof DIALOGS)[number];
const dataSchema = z.object({ eventId: z.string().regex(/^[0-9a-f]{24}$/), categories: z.array(z.string()).optional() });

export function currentDialog(ctx: BotContext): { name: ManageDialog; step: string; eventId: string; categories?: string[] } | undefined {
  const d = ctx.session.dialog;
  if (!d || !(DIALOGS as readonly string[]).includes(d.name)) return undefined;
  const parsed = dataSchema.safeParse(d.data);
  if (!parsed.success) return undefined;
  return { name: d.name as ManageDialog, step: d.step, ...parsed.data };
}

export function setDialog(ctx: BotContext, name: ManageDialog, step: string, data: z.infer<typeof dataSchema>): void {
  ctx.session.dialog = { name, step, data, startedAt: ctx.deps.now().toISOString() };
}

/** An input error as a warning line, with the readings of an ambiguous date below it. */
export function inputError(ctx: BotContext, error: DraftError, choices?: EventDraft[]): string {
  return `⚠️ ${ctx.t(error.key, error.vars)}${readingLines(choices ?? [], ctx.locale, chosenCalendar(ctx.user))}`;
}

/** The management screen: status (and occurrence) line, then the card with the allowed actions. */
export async function showManage(ctx: BotContext, e: EventRecord): Promise<void> {
  const header = [ctx.t('myevents.manageTitle', { status: ctx.t(`myevents.status.${e.status}`) })];
  if (e.series) header.push(ctx.t('myevents.seriesNote', { index: e.series.index + 1 }));
  await ctx.reply(buildMessage(header, ctx.locale), { parse_mode: 'HTML' });
  await sendCard(ctx, e, manageKeyboard(ctx.t, e), { record: false });
}

/** The keyboard of an edit question (saved venues, categories, Clear…), for one field. */
export function editQuestion(ctx: BotContext, step: Step, draft: EventDraft) {
  return buildQuestion(ctx, step, draft, {
    data: (a, v) => manageQuestionCallback.encode({ a, v: v ?? '-' }),
    back: false,
    skip: OPTIONAL_STEPS.has(step),
    skipLabel: 'newevent.button.clear',
  });
}

export async function askField(ctx: BotContext, e: EventRecord, step: Step, prefix?: string, categories?: string[]): Promise<void> {
  setDialog(ctx, 'evedit', step, { eventId: e._id.toHexString(), ...(categories ? { categories } : {}) });
  const q = await editQuestion(ctx, step, { ...draftFromEvent(e), ...(categories ? { categories } : {}) });
  const hint = step === 'venue' ? `\n${ctx.t('myevents.venueHint')}` : '';
  await ctx.reply(`${prefix ? `${prefix}\n\n` : ''}${ctx.t('myevents.editing', { title: e.title })}\n${q.text}${hint}`, {
    parse_mode: 'HTML',
    reply_markup: q.reply_markup,
  });
}

export async function askPostpone(ctx: BotContext, e: EventRecord, prefix?: string): Promise<void> {
  setDialog(ctx, 'evpostpone', 'when', { eventId: e._id.toHexString() });
  await ctx.reply(`${prefix ? `${prefix}\n\n` : ''}${ctx.t('myevents.askPostpone', { title: e.title, zone: zoneWithId(e.timezone, ctx.locale) })}`, {
    parse_mode: 'HTML',
    reply_markup: postponeKeyboard(ctx.t),
  });
}

export async function askCancel(ctx: BotContext, e: EventRecord, prefix?: string): Promise<void> {
  setDialog(ctx, 'evcancel', 'reason', { eventId: e._id.toHexString() });
  await ctx.reply(`${prefix ? `${prefix}\n\n` : ''}${ctx.t('myevents.askCancel', { title: e.title })}`, {
    parse_mode: 'HTML',
    reply_markup: cancelReasonKeyboard(ctx.t),
  });
}
