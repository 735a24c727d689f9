/**
 * The mongoose models of every collection, bound to one connection. Internal to the data layer:
 * repositories receive the models they own, and nothing outside src/dal sees a model
 * (test/unit/architecture.test.ts). Tests that arrange or inspect raw collections build their own
 * set with test/support/models.ts.
 */
import type { Connection } from 'mongoose';
import { userModel } from './users/user.model';
import { sessionModel } from './sessions/session.model';
import { eventModel } from './events/event.model';
import { chatModel } from './chats/chat.model';
import { subscriptionModel } from './subscriptions/subscription.model';
import { rsvpModel } from './rsvps/rsvp.model';
import { rsvpLockModel } from './rsvps/rsvp-lock.model';
import { jobModel } from './jobs/job.model';
import { deliveryModel } from './deliveries/delivery.model';
import { postModel } from './posts/post.model';
import { leaseModel } from './leases/lease.model';
import { receiptModel } from './receipts/receipt.model';
import { chunkModel } from './chunks/chunk.model';
import { chunkItemsModel } from './chunk-items/chunk-items.model';
import { venueModel } from './venues/venue.model';
import { organizerProfileModel } from './organizers/organizer.model';
import { categoryModel } from './categories/category.model';
import { inviteModel } from './invites/invite.model';
import { organizerRequestModel } from './organizer-requests/organizer-request.model';
import { claimModel } from './claims/claim.model';
import { agendaLaterModel, agendaModel } from './agenda/agenda.model';
import { chatAdminModel } from './chat-admins/chat-admin.model';
import { feedModel } from './feeds/feed.model';
import { feedEntryModel } from './feeds/feed-entry.model';

/** Every collection the bot keeps, by name. /forgetme and retention (src/dal/privacy.ts) must say what each holds. */
export function createModels(conn: Connection) {
  return {
    users: userModel(conn),
    sessions: sessionModel(conn),
    events: eventModel(conn),
    chats: chatModel(conn),
    subscriptions: subscriptionModel(conn),
    rsvps: rsvpModel(conn),
    rsvpLocks: rsvpLockModel(conn),
    jobs: jobModel(conn),
    deliveries: deliveryModel(conn),
    posts: postModel(conn),
    leases: leaseModel(conn),
    receipts: receiptModel(conn),
    chunks: chunkModel(conn),
    chunkItems: chunkItemsModel(conn),
    venues: venueModel(conn),
    organizerProfiles: organizerProfileModel(conn),
    categories: categoryModel(conn),
    invites: inviteModel(conn),
    organizerRequests: organizerRequestModel(conn),
    claims: claimModel(conn),
    agenda: agendaModel(conn),
    agendaLater: agendaLaterModel(conn),
    chatAdmins: chatAdminModel(conn),
    feeds: feedModel(conn),
    feedEntries: feedEntryModel(conn),
  };
}

export type Models = ReturnType<typeof createModels>;
