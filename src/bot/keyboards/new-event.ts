/**
 * The event dialogue's keyboards (/newevent, and editing one field of an event): a question's
 * helpers (saved venues and organizers, the categories), the preview (Publish, Save draft, Edit,
 * Cancel), the field picker of Edit, and one button per reading of an ambiguous date.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Translate } from '../../i18n/i18n';
import { STEPS, type Step } from '../../domain/event-draft';
import { newEventCallback } from '../callback-data/events';

export function previewKeyboard(t: Translate): InlineKeyboardMarkup {
  const b = (a: string, key: string): InlineKeyboardButton => ({ text: t(key), callback_data: newEventCallback.encode({ s: 'preview', a, v: '-' }) });
  return {
    inline_keyboard: [
      [b('pub', 'newevent.button.publish'), b('drf', 'newevent.button.saveDraft')],
      [b('ed', 'newevent.button.edit'), b('x', 'newevent.button.cancel')],
    ],
  };
}

/** Every field, three to a row, then Back to the preview. */
export function editMenuKeyboard(t: Translate): InlineKeyboardMarkup {
  const fields = STEPS.map((s) => ({ text: t(`newevent.field.${s}`), callback_data: newEventCallback.encode({ s: 'editmenu', a: 'ef', v: s }) }));
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < fields.length; i += 3) rows.push(fields.slice(i, i + 3));
  rows.push([{ text: t('newevent.button.backToPreview'), callback_data: newEventCallback.encode({ s: 'editmenu', a: 'bk', v: '-' }) }]);
  return { inline_keyboard: rows };
}

/** One button per reading of a date (labels already localized), then Cancel. */
export function dateChoiceKeyboard(t: Translate, screen: Step, labels: readonly string[]): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = labels.map((text, i) => [{ text, callback_data: newEventCallback.encode({ s: screen, a: 'dc', v: i }) }]);
  rows.push([{ text: t('newevent.button.cancel'), callback_data: newEventCallback.encode({ s: screen, a: 'x', v: '-' }) }]);
  return { inline_keyboard: rows };
}

/** How a question's buttons say what was pressed, and which of Back and Skip it offers. */
export interface QuestionControls {
  /** Callback data for an action on this question. */
  data(action: string, value?: string): string;
  back: boolean;
  skip: boolean;
  /** Label key of the skip button ('newevent.button.skip' or 'newevent.button.clear'). */
  skipLabel?: string;
}

/** What a question can offer to pick from (read by the caller for the asking organizer). */
export interface QuestionChoices {
  venues?: ReadonlyArray<{ id: string; name: string }>;
  organizers?: ReadonlyArray<{ id: string; name: string }>;
  /** Active categories, with their names in the reader's language. */
  categories?: ReadonlyArray<{ slug: string; name: string }>;
}

const label = (s: string, max = 40) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * A question's buttons: saved venues or organizers (one a row), or the categories two a row (✅ on
 * the chosen, Done once any is), then Back, Skip and Cancel.
 */
export function questionKeyboard(t: Translate, step: Step, chosenCategories: readonly string[], choices: QuestionChoices, controls: QuestionControls): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  if (step === 'venue') for (const v of choices.venues ?? []) rows.push([{ text: `📍 ${label(v.name)}`, callback_data: controls.data('vn', v.id) }]);
  if (step === 'organizer') for (const o of choices.organizers ?? []) rows.push([{ text: `👤 ${label(o.name)}`, callback_data: controls.data('og', o.id) }]);
  if (step === 'categories') {
    const buttons = (choices.categories ?? []).map((c) => ({
      text: `${chosenCategories.includes(c.slug) ? '✅ ' : ''}${label(c.name, 24)}`,
      callback_data: controls.data('ct', c.slug),
    }));
    for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
    if (chosenCategories.length) rows.push([{ text: t('newevent.button.done'), callback_data: controls.data('dn') }]);
  }
  const last: InlineKeyboardButton[] = [];
  if (controls.back) last.push({ text: t('newevent.button.back'), callback_data: controls.data('bk') });
  if (controls.skip) last.push({ text: t(controls.skipLabel ?? 'newevent.button.skip'), callback_data: controls.data('sk') });
  last.push({ text: t('newevent.button.cancel'), callback_data: controls.data('x') });
  rows.push(last);
  return { inline_keyboard: rows };
}
