import { Schema, type Connection, type Model } from 'mongoose';

/** A named lease (e.g. "sender"): the instance `holder` may act alone until `until`. */
export interface Lease {
  _id: string;
  holder: string;
  until: Date;
  /** Raised on every change of holder; a takeover of generation N is decided by claim "lease:<name>:N". */
  generation: number;
  updatedAt: Date;
}

const schema = new Schema<Lease>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    until: { type: Date, required: true },
    generation: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// Only looked up by _id (the lease name): no other index.

export type LeaseModel = Model<Lease>;
export const leaseModel = (conn: Connection): LeaseModel => conn.model<Lease>('Lease', schema, 'leases');
