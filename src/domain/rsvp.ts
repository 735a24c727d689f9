/**
 * RSVP rules as pure functions: what an answer turns a member's RSVP into, whether it fits the
 * capacity, how it moves the counts on the event, and who is promoted from the waitlist. The DAL
 * (src/dal/rsvps/rsvp.repository.ts) applies the results atomically.
 *
 * Seats: a member who is going takes 1 + guests seats. The waitlist is first come, first served
 * and strict: when the first waiting member needs more seats than are free, nobody behind them
 * jumps the queue.
 */
import type { RsvpCounts, RsvpStatus } from './event';

export const MAX_GUESTS = 2;

export interface RsvpState {
  status: RsvpStatus;
  guests: number;
}

/** What the member pressed: an answer, or a number of guests (pressing the same number again clears it). */
export type RsvpRequest = { answer: 'going' | 'maybe' | 'not_going' } | { guests: 1 | 2 };

export function seatsOf(state: RsvpState | undefined): number {
  return state?.status === 'going' ? 1 + state.guests : 0;
}

export function seatsTaken(counts: Pick<RsvpCounts, 'going' | 'guests'>): number {
  return counts.going + counts.guests;
}

/** The state the member asks for, before capacity is considered. */
export function requestedState(current: RsvpState | undefined, request: RsvpRequest): RsvpState {
  if ('answer' in request) {
    if (request.answer === 'going') {
      return { status: 'going', guests: current && (current.status === 'going' || current.status === 'waitlist') ? current.guests : 0 };
    }
    return { status: request.answer, guests: 0 };
  }
  const guests = current && current.status !== 'maybe' && current.status !== 'not_going' && current.guests === request.guests ? 0 : request.guests;
  return { status: current?.status === 'waitlist' ? 'waitlist' : 'going', guests };
}

export type Placement =
  | { kind: 'placed'; state: RsvpState }
  /** A member already going asked for more guests than there are free seats: nothing changes. */
  | { kind: 'no_room_for_guests'; free: number };

/**
 * Fits the requested state into the event's capacity. Going with room (and nobody else waiting)
 * stays going; otherwise the member joins the waitlist, except someone already going who only
 * asked for more guests: they keep their seat and are told there is no room.
 */
export function place(
  requested: RsvpState,
  current: RsvpState | undefined,
  counts: Pick<RsvpCounts, 'going' | 'guests' | 'waitlist'>,
  capacity: number | undefined,
): Placement {
  if (requested.status !== 'going' && requested.status !== 'waitlist') return { kind: 'placed', state: requested };
  if (capacity === undefined) return { kind: 'placed', state: { status: 'going', guests: requested.guests } };
  if (requested.status === 'waitlist') return { kind: 'placed', state: requested };
  const free = capacity - (seatsTaken(counts) - seatsOf(current));
  const othersWaiting = counts.waitlist - (current?.status === 'waitlist' ? 1 : 0) > 0;
  const need = 1 + requested.guests;
  if (current?.status === 'going') {
    return need <= free ? { kind: 'placed', state: requested } : { kind: 'no_room_for_guests', free: Math.max(0, free - 1) };
  }
  if (need <= free && !othersWaiting) return { kind: 'placed', state: requested };
  return { kind: 'placed', state: { status: 'waitlist', guests: requested.guests } };
}

/** How the event's counts move when a member's RSVP goes from `before` to `after` (either may be absent). */
export function countsDelta(before: RsvpState | undefined, after: RsvpState | undefined): Partial<RsvpCounts> {
  const delta: Partial<RsvpCounts> = {};
  const add = (key: keyof RsvpCounts, n: number) => {
    if (n !== 0) delta[key] = (delta[key] ?? 0) + n;
  };
  const apply = (s: RsvpState | undefined, sign: 1 | -1) => {
    if (!s) return;
    if (s.status === 'going') {
      add('going', sign);
      add('guests', sign * s.guests);
    } else if (s.status === 'maybe') add('maybe', sign);
    else if (s.status === 'not_going') add('notGoing', sign);
    else add('waitlist', sign);
  };
  apply(before, -1);
  apply(after, 1);
  for (const k of Object.keys(delta) as Array<keyof RsvpCounts>) if (delta[k] === 0) delete delta[k];
  return delta;
}

/** The counts an event should show for a list of RSVPs (used to check and repair the stored ones). */
export function countsOf(states: readonly RsvpState[]): RsvpCounts {
  const counts: RsvpCounts = { going: 0, maybe: 0, notGoing: 0, waitlist: 0, guests: 0 };
  for (const s of states) {
    const d = countsDelta(undefined, s);
    for (const [k, v] of Object.entries(d) as Array<[keyof RsvpCounts, number]>) counts[k] += v;
  }
  return counts;
}

/**
 * Who moves up from the waitlist, given the free seats and the waiting members in arrival order:
 * the longest prefix that fits. Strict first come, first served.
 */
export function promotionOrder<T extends { guests: number }>(freeSeats: number, waiting: readonly T[]): T[] {
  const out: T[] = [];
  let free = freeSeats;
  for (const w of waiting) {
    const need = 1 + w.guests;
    if (need > free) break;
    out.push(w);
    free -= need;
  }
  return out;
}

/** Whether people may still answer: published or postponed, and not yet over. */
export function isOpenForRsvp(event: { status: string; endAt: Date }, now: Date): boolean {
  return (event.status === 'published' || event.status === 'postponed') && event.endAt.getTime() > now.getTime();
}
