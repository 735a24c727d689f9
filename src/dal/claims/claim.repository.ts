import type { ClaimModel } from './claim.model';
import { isDuplicateKey } from '../write-errors';

export class ClaimRepository {
  constructor(private readonly model: ClaimModel) {}

  /** Takes claim `id` for `holder`; true for exactly one caller, however many race. */
  async take(id: string, holder: number | string, now: Date): Promise<boolean> {
    try {
      await this.model.create({ _id: id, holder, at: now });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
