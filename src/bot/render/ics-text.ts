/**
 * The text the bot writes into an .ics file's DESCRIPTION: the date as the reader reads it (their
 * calendars and digits; the calendar app shows its own Gregorian date and converts the zone), then the
 * organizer's description. Plain text: in a right-to-left language each line starts with a
 * right-to-left mark.
 */
import type { EventRecord } from '../../dal/types';
import type { Translate } from '../../i18n/i18n';
import { RLM, isRtlLocale, stripBidiControls } from '../../i18n/bidi';
import { calendarOrder, describeWhen, whenOneLine } from '../../domain/date-format';
import type { CardViewer } from './event-card';

export function icsDescription(event: Pick<EventRecord, 'startAt' | 'endAt' | 'allDay' | 'description'>, viewer: CardViewer, t: Translate): string {
  const when = whenOneLine(describeWhen(event, viewer.timezone, viewer.locale, calendarOrder(viewer.calendar, viewer.locale), t));
  const lines = [stripBidiControls(when), ...(event.description ? ['', ...event.description.replace(/\r\n?/g, '\n').split('\n')] : [])];
  return isRtlLocale(viewer.locale) ? lines.map((l) => (l ? `${RLM}${l}` : l)).join('\n') : lines.join('\n');
}
