/**
 * Permission checks for the event features, always against the database: ctx.user is re-read for
 * every update by the user middleware, and events are loaded fresh for every press.
 */
import type { BotContext } from '../context';
import type { EventRecord } from '../../dal/events/event.model';
import { canAdminister, canCreateEvents, canManageEvent, type Actor, type Decision, type Denial } from '../../domain/permissions';

export function actorOf(ctx: BotContext): Actor {
  return { id: ctx.from?.id ?? 0, isOrganizer: ctx.user?.isOrganizer ?? false };
}

export function denialText(ctx: BotContext, reason: Denial): string {
  return ctx.t(`events.denied.${reason}`);
}

/** Tells the user why (as a callback answer for a press, else a reply); true when allowed. */
async function enforce(ctx: BotContext, decision: Decision): Promise<boolean> {
  if (decision.ok) return true;
  ctx.log.info({ reason: decision.reason }, 'refused: not permitted');
  const text = denialText(ctx, decision.reason);
  if (ctx.callbackQuery) await ctx.answerCbQuery(text, { show_alert: true });
  else await ctx.reply(text);
  return false;
}

export const requireAdmin = (ctx: BotContext) => enforce(ctx, canAdminister(actorOf(ctx), ctx.deps.config.botAdmins));
export const requireOrganizer = (ctx: BotContext) => enforce(ctx, canCreateEvents(actorOf(ctx), ctx.deps.config.botAdmins));

/** Loads the event named by (untrusted) callback data and checks the sender may change it. */
export async function loadManagedEvent(ctx: BotContext, id: string): Promise<EventRecord | undefined> {
  const event = await ctx.deps.dal.events.findById(id);
  if (!event) {
    const text = ctx.t('events.gone');
    if (ctx.callbackQuery) await ctx.answerCbQuery(text, { show_alert: true });
    else await ctx.reply(text);
    return undefined;
  }
  return (await enforce(ctx, canManageEvent(actorOf(ctx), event, ctx.deps.config.botAdmins))) ? event : undefined;
}

/** Answers a press whose data is malformed or forged. */
export async function refuseBadButton(ctx: BotContext): Promise<void> {
  ctx.log.warn({ data: ctx.callbackQuery && 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined }, 'refused: malformed callback data');
  await ctx.answerCbQuery(ctx.t('events.badButton'), { show_alert: true });
}

/** Private chats only (dialogues and management show people's drafts). */
export async function requirePrivate(ctx: BotContext): Promise<boolean> {
  if (ctx.chat?.type === 'private') return true;
  if (ctx.callbackQuery) await ctx.answerCbQuery(ctx.t('events.privateOnly'), { show_alert: true });
  else await ctx.reply(ctx.t('events.privateOnly'));
  return false;
}
