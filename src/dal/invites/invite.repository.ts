import crypto from 'node:crypto';
import type { InviteModel, InviteRecord } from './invite.model';

export type ConsumeResult = { ok: true; invite: InviteRecord } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Codes are base64url (the start payload allows A-Z a-z 0-9 _ -), 16 characters = 96 random bits. */
export function newInviteCode(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export class InviteRepository {
  constructor(readonly model: InviteModel) {}

  async create(createdBy: number, expiresAt: Date): Promise<InviteRecord> {
    const doc = await this.model.create({ code: newInviteCode(), createdBy, expiresAt, usedBy: null });
    return doc.toObject();
  }

  /**
   * Uses the invite for `userId` in one atomic update, so two people opening the same link at once
   * cannot both become organizers. On failure, says why.
   */
  async consume(code: string, userId: number, now: Date): Promise<ConsumeResult> {
    const used = await this.model
      .findOneAndUpdate(
        { code, usedBy: null, expiresAt: { $gt: now } },
        { $set: { usedBy: userId, usedAt: now } },
        { new: true },
      )
      .lean<InviteRecord>()
      .exec();
    if (used) return { ok: true, invite: used };
    const existing = await this.model.findOne({ code }).lean<InviteRecord>().exec();
    if (!existing) return { ok: false, reason: 'unknown' };
    if (existing.usedBy !== null) return { ok: false, reason: 'used' };
    return { ok: false, reason: 'expired' };
  }
}
