/** Callback data of the members' and linked chats' screens (onboarding, settings, subscriptions, chats, attendees, /forgetme). */
import { callbackCodec } from './codec';

/** Onboarding: ob:lang:<locale>, ob:off:<hours> (a UTC offset), ob:offs:_ (show the offset picker). */
export const onboardingCallback = callbackCodec('ob', ['step', 'value'] as const);
/** /settings: st:<action>:<value>. */
export const settingsCallback = callbackCodec('st', ['action', 'value'] as const);
/** /subscribe and /mysubs: sb:all:_, sb:cat:<slug>, sb:rm:<subscription id>. */
export const subscriptionCallback = callbackCodec('sb', ['action', 'value'] as const);
/** Linked chats: ch:<action>:<chat id>:<value>. */
export const chatCallback = callbackCodec('ch', ['action', 'chat', 'value'] as const);
/** /attendees: at:<event id>:<page>; atcsv:<event id>. */
export const attendeesCallback = callbackCodec('at', ['event', 'page'] as const);
export const attendeesCsvCallback = callbackCodec('atcsv', ['event'] as const);
/** /forgetme: fm:yes / fm:no. */
export const forgetCallback = callbackCodec('fm', ['answer'] as const);
/** A deep-link RSVP's confirmation: rvc:<event id>:<answer code> records it, rvc:<event id>:0 declines. */
export const rsvpConfirmCallback = callbackCodec('rvc', ['event', 'answer'] as const);
