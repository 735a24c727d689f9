/**
 * The codes that stand for a member's answer to an event, and the deep links (t.me/<bot>?start=<payload>)
 * that carry them: the bot's buttons on channel and group posts and the web calendar's "RSVP on
 * Telegram" / "Get reminders" links both write them, and the bot's /start reads them. Pure strings.
 */

export const RSVP_ANSWERS = ['g', 'm', 'n', '1', '2'] as const;
export type RsvpAnswerCode = (typeof RSVP_ANSWERS)[number];

export function isRsvpAnswerCode(value: string): value is RsvpAnswerCode {
  return (RSVP_ANSWERS as readonly string[]).includes(value);
}

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
