/**
 * What the rest of the app may know of stored records: their types, and the few pure helpers that
 * read them. Models (schemas, indexes, mongoose) stay inside src/dal; everything outside imports
 * from here or from the repositories (test/unit/architecture.test.ts checks it).
 */
import { Types } from 'mongoose';

/** The id of an event, a series, a post… as stored (a MongoDB ObjectId). */
export type ObjectId = Types.ObjectId;

export type { EventRecord, EventStatus, OrganizerSnapshot, VenueSnapshot, RsvpCounts } from './events/event.model';
export type { Rsvp, RsvpStatus } from './rsvps/rsvp.model';
export type { User } from './users/user.model';
export { chosenCalendar, DEFAULT_REMINDER_OFFSETS } from './users/user.model';
export type { LinkedChat } from './chats/chat.model';
export type { CategoryRecord } from './categories/category.model';
export type { Job, JobKind } from './jobs/job.model';
export type { Delivery, DeliveryStatus } from './deliveries/delivery.model';
export type { Chunk } from './chunks/chunk.model';
export type { Post } from './posts/post.model';
export type { ChatAdmin } from './chat-admins/chat-admin.model';
export type { OrganizerRequestRecord } from './organizer-requests/organizer-request.model';
export type { OrganizerProfileRecord } from './organizers/organizer.model';
export type { Feed, FeedKind, FeedOptions, FeedPauseReason, FeedPollCounts } from './feeds/feed.model';
export type { FeedEntry } from './feeds/feed-entry.model';

/** A new delivery id: a string (an ObjectId's hex), which FerretDB finds by `_id` fastest (delivery.model.ts). */
export function newDeliveryId(): string {
  return new Types.ObjectId().toHexString();
}
