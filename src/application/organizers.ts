/**
 * Who organizes: a super-admin (BOT_ADMINS) makes a single-use, expiring invitation; the member who
 * opens it becomes an organizer. Any member may ask to become one (/organize), at most once per
 * cooldown; the first super-admin to answer decides. Super-admins list organizers and revoke them.
 *
 * Rights are read from the database on every call (`rightsOf`): an organizer revoked a second ago
 * may ask again, and a member made organizer by someone else is not invited twice. Telling people
 * (the admins, the requester, the inviter) is the front door's: the outcomes say whom.
 */
import type { Dal } from '../dal';
import type { OrganizerRequestRecord, User } from '../dal/types';
import { canAdminister } from '../domain/permissions';
import { mayCreateEvents, type Actor } from './actor';
import { done, type Outcome } from './outcome';

/** How long an invitation works. */
export const INVITE_TTL_MS = 72 * 60 * 60 * 1000;

/** Invitation codes are base64url (what a /start payload allows); anything else is no code of ours. */
const CODE = /^[A-Za-z0-9_-]{1,40}$/;

export type OrganizerRefusal =
  | { ok: false; reason: 'not_admin' }
  /** A member's own request asked by the system. */
  | { ok: false; reason: 'not_a_member' }
  | { ok: false; reason: 'gone' }
  /** Already an organizer or a super-admin: nothing to ask or accept. */
  | { ok: false; reason: 'already_organizer' }
  /** The invitation cannot be used. */
  | { ok: false; reason: 'invite'; problem: 'unknown' | 'used' | 'expired' }
  /** Asked too recently: the admins are not asked again before `until`. */
  | { ok: false; reason: 'wait'; pending: boolean; until: Date }
  /** Another admin answered this request first. */
  | { ok: false; reason: 'already_decided' };

export type OrganizerOutcome<T> = { ok: true; value: T } | OrganizerRefusal;

const refuse = <R extends 'not_admin' | 'not_a_member' | 'gone' | 'already_organizer' | 'already_decided'>(reason: R) => ({ ok: false, reason }) as const;

export interface OrganizerOperationsDeps {
  dal: Pick<Dal, 'invites' | 'organizerRequests' | 'users'>;
  botAdmins: readonly number[];
  now: () => Date;
  /** ORGANIZE_COOLDOWN_HOURS, in milliseconds. */
  organizeCooldownMs: number;
}

export class OrganizerOperations {
  constructor(private readonly deps: OrganizerOperationsDeps) {}

  private isAdmin(actor: Actor): boolean {
    return actor.kind === 'system' || canAdminister({ id: actor.id, isOrganizer: false }, this.deps.botAdmins).ok;
  }

  /** A new invitation (super-admins only). */
  async invite(actor: Actor): Promise<Outcome<{ code: string; expiresAt: Date }>> {
    if (!this.isAdmin(actor) || actor.kind !== 'user') return refuse('not_admin');
    const invite = await this.deps.dal.invites.create(actor.id, new Date(this.deps.now().getTime() + INVITE_TTL_MS));
    return done({ code: invite.code, expiresAt: invite.expiresAt });
  }

  /** Uses an invitation: the actor becomes an organizer; `invitedBy` is who made it (to be told). */
  async acceptInvite(actor: Actor, code: string): Promise<OrganizerOutcome<{ invitedBy: number }>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    if ((await mayCreateEvents(this.deps, actor)).ok) return refuse('already_organizer');
    if (!CODE.test(code)) return { ok: false, reason: 'invite', problem: 'unknown' };
    const used = await this.deps.dal.invites.consume(code, actor.id, this.deps.now());
    if (!used.ok) return { ok: false, reason: 'invite', problem: used.reason };
    await this.deps.dal.organizerRequests.setOrganizer(actor.id, true);
    return done({ invitedBy: used.invite.createdBy });
  }

  /** The organizers (super-admins only). */
  async list(actor: Actor): Promise<Outcome<User[]>> {
    if (!this.isAdmin(actor)) return refuse('not_admin');
    return done(await this.deps.dal.organizerRequests.listOrganizers());
  }

  /** Takes the organizer role away (super-admins only); the member as stored now, to be told. */
  async revoke(actor: Actor, userId: number): Promise<OrganizerOutcome<User>> {
    if (!this.isAdmin(actor)) return refuse('not_admin');
    const user = await this.deps.dal.organizerRequests.setOrganizer(userId, false);
    return user ? done(user) : refuse('gone');
  }

  /**
   * A member asks to become an organizer, in `locale` (the admins' answer is sent in it). Opened: the
   * super-admins are to be asked (`admins`). Within the cooldown of their last request or its
   * answer: `wait`, and nobody is asked again.
   */
  async request(actor: Actor, locale: string): Promise<OrganizerOutcome<{ admins: readonly number[] }>> {
    if (actor.kind !== 'user') return refuse('not_a_member');
    if ((await mayCreateEvents(this.deps, actor)).ok) return refuse('already_organizer');
    const opened = await this.deps.dal.organizerRequests.open(actor.id, this.deps.now(), locale, this.deps.organizeCooldownMs);
    if (opened.kind === 'wait') return { ok: false, reason: 'wait', pending: opened.pending, until: opened.until };
    return done({ admins: this.deps.botAdmins });
  }

  /**
   * A super-admin's answer to a pending request; the first answer wins. Approved, the member is an
   * organizer. Returns the request (its language) and the member as stored.
   */
  async decide(actor: Actor, userId: number, approve: boolean): Promise<OrganizerOutcome<{ request: OrganizerRequestRecord; user: User | null }>> {
    if (!this.isAdmin(actor) || actor.kind !== 'user') return refuse('not_admin');
    const { organizerRequests, users } = this.deps.dal;
    const request = await organizerRequests.decide(userId, approve ? 'approved' : 'denied', actor.id, this.deps.now());
    if (!request) return refuse('already_decided');
    const user = approve ? await organizerRequests.setOrganizer(userId, true) : await users.findById(userId);
    return done({ request, user });
  }
}
