/**
 * Stored ids for the layers above the data layer, which do not import mongoose: a new one (the
 * caller chooses an event's or a series' id up front, so creating is idempotent), and reading one
 * from its hex form (undefined when it is not 24 hex digits).
 */
import { Types } from 'mongoose';

export type StoredId = Types.ObjectId;

export function newStoredId(): Types.ObjectId {
  return new Types.ObjectId();
}

export function storedIdFromHex(hex: string): Types.ObjectId | undefined {
  return /^[0-9a-f]{24}$/i.test(hex) ? new Types.ObjectId(hex) : undefined;
}
