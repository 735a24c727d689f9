/**
 * The /newevent dialogue's keyboards: the preview (Publish, Save draft, Edit, Cancel), the field
 * picker of Edit, and one button per reading of an ambiguous date.
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
