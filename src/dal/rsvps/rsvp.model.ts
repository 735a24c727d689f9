import { Schema, Types, type Connection, type Model } from 'mongoose';

export type RsvpStatus = 'going' | 'maybe' | 'not_going' | 'waitlist';

export interface Rsvp {
  _id: Types.ObjectId;
  eventId: Types.ObjectId;
  userId: number;
  status: RsvpStatus;
  /** Extra people (0-2) coming with a "going" or waitlisted member. */
  guests: number;
  /** When the member joined the waitlist (promotion order); absent unless waitlisted. */
  waitlistedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<Rsvp>(
  {
    eventId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Number, required: true },
    status: { type: String, enum: ['going', 'maybe', 'not_going', 'waitlist'], required: true },
    guests: { type: Number, default: 0, min: 0, max: 2 },
    waitlistedAt: Date,
  },
  { timestamps: true, versionKey: false },
);

// One answer per member per event, whatever races.
schema.index({ eventId: 1, userId: 1 }, { unique: true });
// /attendees (paged) and the waitlist queue: by status, first come first served.
schema.index({ eventId: 1, status: 1, createdAt: 1 });
// Waitlist promotion: an event's waiting members in the order they joined the waitlist.
schema.index({ eventId: 1, status: 1, waitlistedAt: 1 });
// /forgetme and a member's own RSVPs.
schema.index({ userId: 1 });

export type RsvpModel = Model<Rsvp>;
export const rsvpModel = (conn: Connection): RsvpModel => conn.model<Rsvp>('Rsvp', schema, 'rsvps');
