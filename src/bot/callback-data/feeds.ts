/** Callback data of /feeds and /addfeed. */
import { callbackCodec } from './codec';

/**
 * /feeds: fd:<action>:<feed id> — p pause, r resume, a1 / a0 announce on / off, rm remove.
 * /addfeed when the link does not say what it is: fd:k:ical / fd:k:tribe (the link waits in the session).
 */
export const feedCallback = callbackCodec('fd', ['a', 'id'] as const);
export type FeedAction = 'p' | 'r' | 'a1' | 'a0' | 'rm' | 'k';

/** A feed's options: fo:<feed id>:<action>:<value> — v view, c toggle a default category (value: slug), h horizon (value: days), o default organizer (value: a saved organizer's id, or - for none), b back to the list. */
export const feedOptionsCallback = callbackCodec('fo', ['id', 'a', 'v'] as const);
