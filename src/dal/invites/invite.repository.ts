import crypto from 'node:crypto';
import type { InviteModel, InviteRecord } from './invite.model';
import type { ClaimRepository } from '../claims/claim.repository';

export type ConsumeResult = { ok: true; invite: InviteRecord } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Codes are base64url (the start payload allows A-Z a-z 0-9 _ -), 16 characters = 96 random bits. */
export function newInviteCode(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export class InviteRepository {
  constructor(
    private readonly model: InviteModel,
    private readonly claims: ClaimRepository,
  ) {}

  async create(createdBy: number, expiresAt: Date): Promise<InviteRecord> {
    const doc = await this.model.create({ code: newInviteCode(), createdBy, expiresAt, usedBy: null });
    return doc.toObject();
  }

  /**
   * Uses the invite for `userId`. Two people opening the same link at once cannot both become
   * organizers: the use is decided by inserting the claim "invite:<code>" (unique _id, exactly one
   * insert wins), then recorded on the invite with the conditional update {code, usedBy: null,
   * expiresAt > now}. On failure, says why.
   */
  async consume(code: string, userId: number, now: Date): Promise<ConsumeResult> {
    const existing = await this.model.findOne({ code }).lean<InviteRecord>().exec();
    if (!existing) return { ok: false, reason: 'unknown' };
    if (existing.usedBy !== null) return { ok: false, reason: 'used' };
    if (existing.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    if (!(await this.claims.take(`invite:${code}`, userId, now))) return { ok: false, reason: 'used' };
    const used = await this.model
      .findOneAndUpdate(
        { code, usedBy: null, expiresAt: { $gt: now } },
        { $set: { usedBy: userId, usedAt: now } },
        { new: true },
      )
      .lean<InviteRecord>()
      .exec();
    return used ? { ok: true, invite: used } : { ok: false, reason: 'used' };
  }
}
