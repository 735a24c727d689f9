/**
 * Callback data of the event-management features. Ids are 24-hex ObjectIds or numeric user ids;
 * actions are two-letter codes. Everything decoded is still checked against the database.
 */
import { callbackCodec } from './codec';

/** The /newevent dialogue: s = the question the button belongs to (a stale press is refused), a = action, v = value. */
export const newEventCallback = callbackCodec('ne', ['s', 'a', 'v'] as const);
/** /myevents: a = action, id = event id. */
export const myEventsCallback = callbackCodec('me', ['a', 'id'] as const);
/** /myevents → Edit → which field: id = event id, f = field. */
export const editFieldCallback = callbackCodec('mf', ['id', 'f'] as const);
/** A question asked while changing an existing event (edit / postpone / cancel): a = action. */
export const manageQuestionCallback = callbackCodec('mq', ['a', 'v'] as const);
/** /events: a = l (upcoming list) | p (past) | o (open card); p = page; c = category slug or '-'; id = event or '-'. */
export const browseCallback = callbackCodec('ev', ['a', 'p', 'c', 'id'] as const);
/** Organizer requests and the organizer list: a = ap (approve) | dn (deny) | rv (revoke); u = user id. */
export const organizerCallback = callbackCodec('org', ['a', 'u'] as const);
/** /categories: a = action, s = slug or '-'. */
export const categoryCallback = callbackCodec('cat', ['a', 's'] as const);

export const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * Matches every press carrying `prefix` — also malformed ones — so that forged data of the wrong
 * shape reaches our handler and is refused with a reason instead of going unanswered.
 */
export function anyWithPrefix(codec: { prefix: string }): RegExp {
  return new RegExp(`^${codec.prefix}(?::|$)`);
}
