/**
 * The questions of the event dialogue (shared by /newevent and by editing one field of an existing
 * event): the question text in the user's language and the buttons that help answer it — saved
 * venues and organizers, the category list, Skip, Back and Cancel.
 */
import { calendarOrder, zoneWithId } from '../../domain/date-format';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import type { EventDraft, Step } from '../../domain/event-draft';
import { categoryName } from '../../dal/categories/category.repository';
import { formatWhen } from '../../domain/date-format';
import { escapeHtml } from '../../i18n/html';
import { chosenCalendar } from '../../dal/types';
import { questionKeyboard, type QuestionChoices, type QuestionControls } from '../keyboards/new-event';

export type { QuestionControls };

export async function buildQuestion(
  ctx: BotContext,
  step: Step,
  draft: EventDraft,
  controls: QuestionControls,
): Promise<{ text: string; reply_markup: InlineKeyboardMarkup }> {
  const { t } = ctx;
  const userId = ctx.from?.id ?? 0;
  const choices: QuestionChoices = {};
  if (step === 'venue') choices.venues = (await ctx.deps.dal.venues.listForCreator(userId)).map((v) => ({ id: v._id.toHexString(), name: v.name }));
  if (step === 'organizer') choices.organizers = (await ctx.deps.dal.organizerProfiles.listForCreator(userId)).map((o) => ({ id: o._id.toHexString(), name: o.name }));
  if (step === 'categories') choices.categories = (await ctx.deps.dal.categories.listActive()).map((c) => ({ slug: c.slug, name: categoryName(c, ctx.locale) }));
  let text = t(`newevent.ask.${step}`, { zone: zoneWithId(draft.timezone, ctx.locale) });
  if (step === 'end' && draft.start) {
    text = `${t('newevent.startsAt', { when: formatWhen(new Date(draft.start), undefined, draft.timezone, ctx.locale, false, t, calendarOrder(chosenCalendar(ctx.user), ctx.locale).primary) })}\n${text}`;
  }
  if (step === 'address' && draft.venue) text = `📍 <b>${escapeHtml(draft.venue.name)}</b>\n${text}`;
  if (step === 'links' && draft.organizer) text = `👤 <b>${escapeHtml(draft.organizer.name)}</b>\n${text}`;
  return { text, reply_markup: questionKeyboard(t, step, draft.categories, choices, controls) };
}
