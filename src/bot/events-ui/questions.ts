/**
 * The questions of the event dialogue (shared by /newevent and by editing one field of an existing
 * event): the question text in the user's language and the buttons that help answer it — saved
 * venues and organizers, the category list, Skip, Back and Cancel.
 */
import { calendarOrder, zoneWithId } from '../../domain/date-format';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import type { EventDraft, Step } from '../../domain/event-draft';
import { categoryName } from '../../dal/categories/category.repository';
import { formatWhen } from '../../domain/dates';
import { escapeHtml } from '../../i18n/html';
import { chosenCalendar } from '../../dal/types';

export interface QuestionControls {
  /** Callback data for an action on this question. */
  data(action: string, value?: string): string;
  back: boolean;
  skip: boolean;
  /** Label key of the skip button ('newevent.button.skip' or 'newevent.button.clear'). */
  skipLabel?: string;
}

const label = (s: string, max = 40) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export async function buildQuestion(
  ctx: BotContext,
  step: Step,
  draft: EventDraft,
  controls: QuestionControls,
): Promise<{ text: string; reply_markup: InlineKeyboardMarkup }> {
  const { t } = ctx;
  const userId = ctx.from?.id ?? 0;
  const rows: InlineKeyboardButton[][] = [];
  let text = t(`newevent.ask.${step}`, { zone: zoneWithId(draft.timezone, ctx.locale) });
  if (step === 'venue') {
    const venues = await ctx.deps.dal.venues.listForCreator(userId);
    for (const v of venues) rows.push([{ text: `📍 ${label(v.name)}`, callback_data: controls.data('vn', v._id.toHexString()) }]);
  }
  if (step === 'organizer') {
    const profiles = await ctx.deps.dal.organizerProfiles.listForCreator(userId);
    for (const o of profiles) rows.push([{ text: `👤 ${label(o.name)}`, callback_data: controls.data('og', o._id.toHexString()) }]);
  }
  if (step === 'categories') {
    const categories = await ctx.deps.dal.categories.listActive();
    const buttons = categories.map((c) => ({
      text: `${draft.categories.includes(c.slug) ? '✅ ' : ''}${label(categoryName(c, ctx.locale), 24)}`,
      callback_data: controls.data('ct', c.slug),
    }));
    for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
    if (draft.categories.length) rows.push([{ text: t('newevent.button.done'), callback_data: controls.data('dn') }]);
  }
  if (step === 'end' && draft.start) {
    text = `${t('newevent.startsAt', { when: formatWhen(new Date(draft.start), undefined, draft.timezone, ctx.locale, false, t, calendarOrder(chosenCalendar(ctx.user), ctx.locale).primary) })}\n${text}`;
  }
  if (step === 'address' && draft.venue) text = `📍 <b>${escapeHtml(draft.venue.name)}</b>\n${text}`;
  if (step === 'links' && draft.organizer) text = `👤 <b>${escapeHtml(draft.organizer.name)}</b>\n${text}`;
  const last: InlineKeyboardButton[] = [];
  if (controls.back) last.push({ text: t('newevent.button.back'), callback_data: controls.data('bk') });
  if (controls.skip) last.push({ text: t(controls.skipLabel ?? 'newevent.button.skip'), callback_data: controls.data('sk') });
  last.push({ text: t('newevent.button.cancel'), callback_data: controls.data('x') });
  rows.push(last);
  return { text, reply_markup: { inline_keyboard: rows } };
}
