import type { ClaimModel } from './claim.model';

export class ClaimRepository {
  constructor(readonly model: ClaimModel) {}

  /** Takes claim `id` for `holder`; true for exactly one caller, however many race. */
  async take(id: string, holder: number | string, now: Date): Promise<boolean> {
    try {
      await this.model.create({ _id: id, holder, at: now });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }
}
