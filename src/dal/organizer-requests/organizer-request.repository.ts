import type { User, UserModel } from '../users/user.model';
import type { OrganizerRequestModel, OrganizerRequestRecord } from './organizer-request.model';
import type { ClaimRepository } from '../claims/claim.repository';

/** Organizer requests (/organize) and the organizer role itself (users.isOrganizer). */
export class OrganizerRequestRepository {
  constructor(
    readonly model: OrganizerRequestModel,
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
   * Opens (or reopens, after a denial) a request. 'pending' when one is already waiting, so admins
   * are not asked twice.
   */
  async open(userId: number, now: Date, locale: string): Promise<'opened' | 'pending'> {
    const res = await this.model
      .updateOne(
        { _id: userId, status: { $ne: 'pending' } },
        { $set: { status: 'pending', requestedAt: now, locale }, $unset: { decidedBy: 1, decidedAt: 1 } },
      )
      .exec();
    if (res.modifiedCount === 1) return 'opened';
    try {
      await this.model.create({ _id: userId, status: 'pending', requestedAt: now, locale });
      return 'opened';
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return 'pending';
      throw err;
    }
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
