/**
 * Who may do what, as pure functions of facts read from the database on every command and button
 * press (never of anything a callback carries). Super-admins are BOT_ADMINS; organizers are users
 * with isOrganizer; an event is changed only by its creator (while still an organizer) or a
 * super-admin.
 */
export interface Actor {
  id: number;
  /** users.isOrganizer as stored now; false for an unknown user. */
  isOrganizer: boolean;
}

export type Denial = 'not_admin' | 'not_organizer' | 'not_creator';
export type Decision = { ok: true } | { ok: false; reason: Denial };

const allow: Decision = { ok: true };
const deny = (reason: Denial): Decision => ({ ok: false, reason });

export function isSuperAdmin(userId: number, botAdmins: readonly number[]): boolean {
  return botAdmins.includes(userId);
}

/** /invite, /organizers, /categories and deciding organizer requests. */
export function canAdminister(actor: Actor, botAdmins: readonly number[]): Decision {
  return isSuperAdmin(actor.id, botAdmins) ? allow : deny('not_admin');
}

/** /newevent and /myevents. */
export function canCreateEvents(actor: Actor, botAdmins: readonly number[]): Decision {
  return isSuperAdmin(actor.id, botAdmins) || actor.isOrganizer ? allow : deny('not_organizer');
}

/** Editing, postponing, cancelling, duplicating, deleting or publishing one event. */
export function canManageEvent(actor: Actor, event: { createdBy: number }, botAdmins: readonly number[]): Decision {
  if (isSuperAdmin(actor.id, botAdmins)) return allow;
  if (!actor.isOrganizer) return deny('not_organizer');
  return event.createdBy === actor.id ? allow : deny('not_creator');
}

/**
 * A person's standing in a Telegram channel or group, as Telegram last said it (the bot records
 * it in chat_admins). The creator has every right.
 */
export interface ChatRole {
  status: 'creator' | 'administrator';
  /** Channels: may post messages. */
  canPostMessages: boolean;
  /** Groups: may change the chat's info. */
  canChangeInfo: boolean;
}

export type ChatDecision = { ok: true } | { ok: false; reason: 'not_chat_admin' | 'no_chat_right' };

/**
 * What a person may do about a linked chat. Looking at its settings needs being one of its admins;
 * changing what the bot does there (its settings, unlinking, linking again) needs the matching right
 * too: the creator; in a channel an admin who may post messages (what the bot posts is the channel's
 * output); in a group an admin who may change the group's info.
 */
export function canUseChat(chatType: string, role: ChatRole | undefined, need: 'view' | 'change'): ChatDecision {
  if (!role) return { ok: false, reason: 'not_chat_admin' };
  if (need === 'view' || role.status === 'creator') return { ok: true };
  const right = chatType === 'channel' ? role.canPostMessages : role.canChangeInfo;
  return right ? { ok: true } : { ok: false, reason: 'no_chat_right' };
}
