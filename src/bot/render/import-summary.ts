/**
 * What an import read, said before the preview: which fields the page or file filled, which the
 * organizer is still asked for, and anything to know (several events, a series taken as its first
 * date, categories left out, a past date, a cancelled event, a picture that could not be used).
 * Field names are the dialogue's own (`newevent.field.*`); values from the source appear only in
 * notes, through interpolation, so they are escaped.
 */
import type { Step } from '../../domain/event-draft';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import type { Message } from '../../import/messages';
import { buildMessage } from '../../i18n/bidi';

export interface ImportSummary {
  source: 'page' | 'file';
  filled: readonly Step[];
  /** Required fields the source did not give: the dialogue asks for them next. */
  missing: readonly Step[];
  notes: readonly Message[];
}

function fieldList(t: Translate, steps: readonly Step[], locale: Locale): string {
  const names = steps.map((s) => t(`newevent.field.${s}`));
  const separator = locale === 'en' ? ', ' : '، ';
  return names.join(separator);
}

export function renderImportSummary(s: ImportSummary, t: Translate, locale: Locale): string {
  const lines = [
    s.filled.length > 0
      ? t(s.source === 'page' ? 'import.chat.readFromPage' : 'import.chat.readFromFile', { fields: fieldList(t, s.filled, locale) })
      : t('import.chat.readNothing'),
  ];
  if (s.missing.length > 0) lines.push(t('import.chat.stillNeeded', { fields: fieldList(t, s.missing, locale) }));
  for (const note of s.notes) lines.push(`• ${t(note.key, note.vars)}`);
  return buildMessage(lines, locale);
}
