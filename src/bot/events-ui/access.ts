/**
 * Permission checks for the organizer actions, always against the database as it is now: every
 * organizer action (/newevent and its dialogue, /myevents and every button under it — edit,
 * postpone, cancel, duplicate, delete, publish — and /attendees with its pages and CSV) goes
 * through `requireOrganizer` or `loadManagedEvent`, which judge by the sender's record as read from
 * the database for this update, so a revoked organizer loses every right with the next press,
 * whatever messages they still have.
 */
import type { BotContext } from '../context';
import { canAdminister, type Actor, type Decision, type Denial } from '../../domain/permissions';
import { userActor, type Actor as AppActor } from '../../application/actor';
import type { Refusal } from '../../application/outcome';
import type { EventRecord, ObjectId } from '../../dal/types';

/**
 * The sender's rights as stored now: the record the user middleware read (and refreshed) from the
 * database for this very update, or, where it did not (a group message not meant for the bot), a
 * read here. Never anything carried by a button or remembered from an earlier update. (On FerretDB
 * a read by a number `_id` scans `users`, so the update's own read is not repeated.)
 */
export async function currentActor(ctx: BotContext): Promise<Actor> {
  const id = ctx.from?.id;
  if (id === undefined) return { id: 0, isOrganizer: false };
  const user = ctx.user?._id === id ? ctx.user : await ctx.deps.dal.users.findById(id);
  return { id, isOrganizer: user?.isOrganizer ?? false };
}

/**
 * The sender as the application layer's actor, carrying the user record the user middleware read
 * from the database for this very update (so operations do not read it again).
 */
export function actorOf(ctx: BotContext): AppActor {
  const id = ctx.from?.id ?? 0;
  return userActor(id, ctx.user?._id === id ? ctx.user : undefined);
}

export function denialText(ctx: BotContext, reason: Denial): string {
  return ctx.t(`events.denied.${reason}`);
}

/** What a refusal says; /attendees words it as "see who is coming" rather than "change". */
export type Purpose = 'manage' | 'attendees';

function refusalKey(purpose: Purpose, reason: Denial | 'gone'): string {
  if (purpose === 'attendees') {
    if (reason === 'gone') return 'attendees.notFound';
    return reason === 'not_creator' ? 'attendees.notYours' : 'attendees.organizersOnly';
  }
  return reason === 'gone' ? 'events.gone' : `events.denied.${reason}`;
}

async function refuse(ctx: BotContext, key: string): Promise<void> {
  const text = ctx.t(key);
  if (ctx.callbackQuery) {
    try {
      await ctx.answerCbQuery(text.slice(0, 200), { show_alert: true });
    } catch (err) {
      ctx.log.debug({ err }, 'answerCbQuery failed');
    }
  } else await ctx.reply(text);
}

/** Tells the user why (as a callback answer for a press, else a reply); true when allowed. */
async function enforce(ctx: BotContext, decision: Decision, purpose: Purpose = 'manage'): Promise<boolean> {
  if (decision.ok) return true;
  ctx.log.info({ reason: decision.reason }, 'refused: not permitted');
  await refuse(ctx, refusalKey(purpose, decision.reason));
  return false;
}

export const requireAdmin = async (ctx: BotContext) => enforce(ctx, canAdminister(await currentActor(ctx), ctx.deps.config.botAdmins));

/** The organizer check for actions not about one event (/newevent, /myevents, /attendees without an event). */
export async function requireOrganizer(ctx: BotContext, purpose: Purpose = 'manage'): Promise<boolean> {
  const allowed = await ctx.deps.app.events.mayCreate(actorOf(ctx));
  if (allowed.ok) return true;
  await renderRefusal(ctx, allowed, purpose);
  return false;
}

/**
 * Tells the sender why an operation refused (as a callback answer for a press, else a reply).
 * Invalid input is the feature's to render (it asks again), so it gets the generic bad-input text here.
 */
export async function renderRefusal(ctx: BotContext, refusal: Refusal, purpose: Purpose = 'manage'): Promise<void> {
  if (refusal.reason === 'not_admin' || refusal.reason === 'not_organizer' || refusal.reason === 'not_creator') {
    ctx.log.info({ reason: refusal.reason }, 'refused: not permitted');
  }
  return refuse(ctx, refusalTextKey(refusal, purpose));
}

/** The locale key saying why an operation refused (invalid input gets the generic bad-input text). */
export function refusalTextKey(refusal: Refusal, purpose: Purpose = 'manage'): string {
  switch (refusal.reason) {
    case 'gone':
    case 'not_admin':
    case 'not_organizer':
    case 'not_creator':
      return refusalKey(purpose, refusal.reason);
    case 'not_changeable':
      return 'myevents.notChangeable';
    case 'only_drafts':
      return 'myevents.onlyDrafts';
    case 'invalid':
    case 'not_a_member':
      return 'events.badButton';
  }
}

/**
 * Loads the event named by (untrusted) callback data or a command argument and checks the sender
 * may manage it (and so read its attendees): a super-admin, or its creator while still an organizer.
 */
export async function loadManagedEvent(ctx: BotContext, id: string | ObjectId, purpose: Purpose = 'manage'): Promise<EventRecord | undefined> {
  const found = await ctx.deps.app.events.forManagement(actorOf(ctx), id);
  if (found.ok) return found.value;
  await renderRefusal(ctx, found, purpose);
  return undefined;
}

/** Answers a press whose data is malformed or forged. */
export async function refuseBadButton(ctx: BotContext): Promise<void> {
  // Forged data is whatever the sender typed: log its codec prefix and size, not the rest.
  const data = ctx.callbackQuery && 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : '';
  ctx.log.warn({ prefix: data.split(':')[0]?.slice(0, 8), bytes: Buffer.byteLength(data) }, 'refused: malformed callback data');
  await ctx.answerCbQuery(ctx.t('events.badButton'), { show_alert: true });
}

/** Private chats only (dialogues and management show people's drafts). */
export async function requirePrivate(ctx: BotContext): Promise<boolean> {
  if (ctx.chat?.type === 'private') return true;
  if (ctx.callbackQuery) await ctx.answerCbQuery(ctx.t('events.privateOnly'), { show_alert: true });
  else await ctx.reply(ctx.t('events.privateOnly'));
  return false;
}
