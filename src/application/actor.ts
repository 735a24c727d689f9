/**
 * Who is acting, as every front door names it: a Telegram user (the chat, later the web calendar's
 * signed-in member) or the system (a calendar importer an admin configured). Rights are never taken
 * from the actor value itself: they are read from the database by `rightsOf` on every operation.
 */
import type { Dal } from '../dal';
import { canCreateEvents, canManageEvent, type Actor as Rights, type Decision } from '../domain/permissions';
import type { User } from '../dal/types';

export type Actor =
  | {
      kind: 'user';
      id: number;
      /**
       * The user's record as the front door read it from the database for this very request (the
       * chat's user middleware does), so it is not read twice; absent, the operation reads it.
       * Never a record remembered from an earlier request.
       */
      storedThisRequest?: User | null;
    }
  | { kind: 'system'; name: string };

export const userActor = (id: number, storedThisRequest?: User | null): Actor =>
  storedThisRequest === undefined ? { kind: 'user', id } : { kind: 'user', id, storedThisRequest };

export const systemActor = (name: string): Actor => ({ kind: 'system', name });

/** What a permission check needs: the rights stored now, plus the super-admin list. */
export interface AccessDeps {
  dal: Pick<Dal, 'users'>;
  botAdmins: readonly number[];
}

/** The actor's rights as stored now (the system acts with an administrator's rights). */
async function rightsOf(deps: AccessDeps, actor: Actor): Promise<Rights | 'system'> {
  if (actor.kind === 'system') return 'system';
  const stored = actor.storedThisRequest !== undefined && actor.storedThisRequest?._id === actor.id
    ? actor.storedThisRequest
    : await deps.dal.users.findById(actor.id);
  return { id: actor.id, isOrganizer: stored?.isOrganizer ?? false };
}

export async function mayCreateEvents(deps: AccessDeps, actor: Actor): Promise<Decision> {
  const rights = await rightsOf(deps, actor);
  return rights === 'system' ? { ok: true } : canCreateEvents(rights, deps.botAdmins);
}

export async function mayManageEvent(deps: AccessDeps, actor: Actor, event: { createdBy: number }): Promise<Decision> {
  const rights = await rightsOf(deps, actor);
  return rights === 'system' ? { ok: true } : canManageEvent(rights, event, deps.botAdmins);
}

/** The Telegram user id recorded as an event's creator (a system actor creates nothing yet). */
export function creatorId(actor: Actor): number | undefined {
  return actor.kind === 'user' ? actor.id : undefined;
}
