/**
 * The buttons under an event card (in private, in linked channels and in groups). The event id is
 * its 24-hex ObjectId; everything else is a one-letter code, so each fits well inside 64 bytes.
 */
import { callbackCodec } from './codec';

/** RSVP: answer g (going), m (maybe), n (can't go); guests 1 / 2 (+1, +2; pressing the same again clears). */
export const rsvpCallback = callbackCodec('rv', ['event', 'answer'] as const);
/** 🔔 Remind me about this one event (toggles a subscription of kind 'event'). */
export const remindCallback = callbackCodec('rm', ['event'] as const);
/** 📅 Add to calendar: sends the .ics file and a Google Calendar link in private. */
export const icsCallback = callbackCodec('ics', ['event'] as const);

export const OBJECT_ID_HEX = /^[0-9a-f]{24}$/;

// The deep links that stand for these buttons where a member has not started the bot yet; shared
// with the web calendar's links, so they live in the domain.
export { RSVP_ANSWERS, isRsvpAnswerCode, parseStartPayload, startPayload, type RsvpAnswerCode, type StartAction } from '../../domain/deep-links';
