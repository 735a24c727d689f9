/**
 * Between the domain's events (plain content, ids as hex strings) and the data layer's records
 * (ObjectIds, status, counts, timestamps).
 */
import type { NewEvent } from '../dal/events/event.repository';
import { newStoredId, storedIdFromHex } from '../dal/ids';
import { draftToEvents, type EventDraft } from '../domain/event-draft';
import type { EventContent } from '../domain/event';
import type { EventRecord } from '../dal/types';

/** What the data layer stores for the domain's event content (hex ids read back as ObjectIds). */
export function toNewEvent(fields: EventContent<string>): NewEvent {
  const { venueId, organizerId, series, ...rest } = fields;
  const venue = venueId ? storedIdFromHex(venueId) : undefined;
  const organizer = organizerId ? storedIdFromHex(organizerId) : undefined;
  const seriesId = series ? storedIdFromHex(series.seriesId) : undefined;
  return {
    ...rest,
    ...(venue ? { venueId: venue } : {}),
    ...(organizer ? { organizerId: organizer } : {}),
    ...(series && seriesId ? { series: { ...series, seriesId } } : {}),
  };
}

/** The records a complete draft becomes (a new series id when it repeats). */
export function newEventsFromDraft(draft: EventDraft & { title: string; start: string }, createdBy: number): NewEvent[] {
  return draftToEvents(draft, createdBy, newStoredId().toHexString()).map(toNewEvent);
}

/** An unsaved record of a draft (its first occurrence), for previewing it with the real card renderer. */
export function previewRecord(draft: EventDraft & { title: string; start: string }, createdBy: number, now: Date): EventRecord {
  const [first] = newEventsFromDraft(draft, createdBy);
  if (!first) throw new Error('draft produced no event');
  return {
    ...first,
    _id: newStoredId(),
    status: 'draft',
    sequence: 0,
    rsvpCounts: { going: 0, maybe: 0, notGoing: 0, waitlist: 0, guests: 0 },
    createdAt: now,
    updatedAt: now,
  };
}
