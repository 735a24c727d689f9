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

export const RSVP_ANSWERS = ['g', 'm', 'n', '1', '2'] as const;
export type RsvpAnswerCode = (typeof RSVP_ANSWERS)[number];

export function isRsvpAnswerCode(value: string): value is RsvpAnswerCode {
  return (RSVP_ANSWERS as readonly string[]).includes(value);
}

export const OBJECT_ID_HEX = /^[0-9a-f]{24}$/;

/**
 * Deep-link payloads (t.me/<bot>?start=<payload>) for a member who pressed a button on a channel or
 * group post before ever starting the bot: same meaning as the callbacks, `_` instead of `:`
 * (start payloads allow only A-Z a-z 0-9 _ -, at most 64 characters).
 */
export const startPayload = {
  rsvp: (eventId: string, answer: RsvpAnswerCode) => `rv_${eventId}_${answer}`,
  remind: (eventId: string) => `rm_${eventId}`,
  ics: (eventId: string) => `ics_${eventId}`,
};

export type StartAction =
  | { kind: 'rsvp'; eventId: string; answer: RsvpAnswerCode }
  | { kind: 'remind'; eventId: string }
  | { kind: 'ics'; eventId: string };

/** Parses one of the payloads above; undefined for anything else (another feature's, or forged). */
export function parseStartPayload(payload: string): StartAction | undefined {
  let m = /^rv_([0-9a-f]{24})_([gmn12])$/.exec(payload);
  if (m && isRsvpAnswerCode(m[2]!)) return { kind: 'rsvp', eventId: m[1]!, answer: m[2] };
  m = /^rm_([0-9a-f]{24})$/.exec(payload);
  if (m) return { kind: 'remind', eventId: m[1]! };
  m = /^ics_([0-9a-f]{24})$/.exec(payload);
  if (m) return { kind: 'ics', eventId: m[1]! };
  return undefined;
}
