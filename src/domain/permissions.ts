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
