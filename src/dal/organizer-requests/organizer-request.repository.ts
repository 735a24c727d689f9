import type { User, UserModel } from '../users/user.model';
import type { OrganizerRequestModel, OrganizerRequestRecord } from './organizer-request.model';
import type { ClaimRepository } from '../claims/claim.repository';
import { isDuplicateKey } from '../write-errors';

export type OpenOutcome = { kind: 'opened' } | { kind: 'wait'; pending: boolean; until: Date };

/** Organizer requests (/organize) and the organizer role itself (users.isOrganizer). */
export class OrganizerRequestRepository {
  constructor(
    private readonly model: OrganizerRequestModel,
    private readonly users: UserModel,
    private readonly claims: ClaimRepository,
  ) {}

  /** Grants or revokes the organizer role; returns the user, or null when unknown. */
  setOrganizer(userId: number, isOrganizer: boolean): Promise<User | null> {
    return this.users.findOneAndUpdate({ _id: userId }, { $set: { isOrganizer } }, { new: true }).lean<User>().exec();
  }

  listOrganizers(limit = 50): Promise<User[]> {
    return this.users.find({ isOrganizer: true }).sort({ firstName: 1, _id: 1 }).limit(limit).lean<User[]>().exec();
  }

  /**
   * Opens a request, or reopens one after a denial or one nobody answered, but not within
   * `cooldownMs` of the last time the member asked (or of the answer they got): then says until
   * when they must wait, and the admins are not asked again. Two racing reopens of the same round
   * are told apart by the claim "orgask:<user>:<requested at>" (an insert under a unique `_id`), so
   * the admins are asked once however the member taps.
   */
  async open(userId: number, now: Date, locale: string, cooldownMs: number): Promise<OpenOutcome> {
    const existing = await this.find(userId);
    if (!existing) {
      try {
        await this.model.create({ _id: userId, status: 'pending', requestedAt: now, locale });
        return { kind: 'opened' };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return { kind: 'wait', pending: true, until: new Date(now.getTime() + cooldownMs) };
      }
    }
    const pending = existing.status === 'pending';
    const since = pending ? existing.requestedAt : (existing.decidedAt ?? existing.requestedAt);
    const until = new Date(since.getTime() + cooldownMs);
    if (until.getTime() > now.getTime()) return { kind: 'wait', pending, until };
    if (!(await this.claims.take(`orgask:${userId}:${existing.requestedAt.getTime()}`, userId, now))) {
      return { kind: 'wait', pending: true, until: new Date(now.getTime() + cooldownMs) };
    }
    await this.model
      .updateOne({ _id: userId }, { $set: { status: 'pending', requestedAt: now, locale }, $unset: { decidedBy: 1, decidedAt: 1 } })
      .exec();
    return { kind: 'opened' };
  }

  /**
   * Decides a pending request: only the first admin's press wins (decided by the claim
   * "orgreq:<user>:<requested at>", one per round of asking), then recorded on the request.
   */
  async decide(userId: number, status: 'approved' | 'denied', adminId: number, now: Date): Promise<OrganizerRequestRecord | null> {
    const request = await this.find(userId);
    if (!request || request.status !== 'pending') return null;
    if (!(await this.claims.take(`orgreq:${userId}:${request.requestedAt.getTime()}`, adminId, now))) return null;
    return this.model
      .findOneAndUpdate(
        { _id: userId, status: 'pending' },
        { $set: { status, decidedBy: adminId, decidedAt: now } },
        { new: true },
      )
      .lean<OrganizerRequestRecord>()
      .exec();
  }

  find(userId: number): Promise<OrganizerRequestRecord | null> {
    return this.model.findById(userId).lean<OrganizerRequestRecord>().exec();
  }
}
