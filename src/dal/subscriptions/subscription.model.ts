import { Schema, Types, type Connection, type Model } from 'mongoose';

export type SubscriptionKind = 'all' | 'category' | 'event';

/** A member's wish to hear about everything, one category, or one event. */
export interface Subscription {
  _id: Types.ObjectId;
  userId: number;
  kind: SubscriptionKind;
  /** '*' for all, the category slug, or the event id as hex. */
  target: string;
  createdAt: Date;
}

const schema = new Schema<Subscription>(
  {
    userId: { type: Number, required: true },
    kind: { type: String, enum: ['all', 'category', 'event'], required: true },
    target: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// One subscription per (user, kind, target), whatever races: a double tap subscribes once. Also /mysubs.
schema.index({ userId: 1, kind: 1, target: 1 }, { unique: true });
// Fan-out of reminders: everyone subscribed to a target (an event id, a category, or '*').
schema.index({ kind: 1, target: 1, userId: 1 });

export type SubscriptionModel = Model<Subscription>;
export const subscriptionModel = (conn: Connection): SubscriptionModel =>
  conn.model<Subscription>('Subscription', schema, 'subscriptions');
