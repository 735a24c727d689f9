/**
 * The data-access layer: one folder per collection (model + repository), bound to one mongoose
 * connection so that several bot instances can share a process in tests.
 */
import type { Connection } from 'mongoose';
import { userModel } from './users/user.model';
import { UserRepository } from './users/user.repository';
import { sessionModel } from './sessions/session.model';
import { MongoSessionStore } from './sessions/session.store';
import { eventModel } from './events/event.model';
import { chatModel } from './chats/chat.model';
import { subscriptionModel } from './subscriptions/subscription.model';
import { rsvpModel } from './rsvps/rsvp.model';
import { RsvpRepository } from './rsvps/rsvp.repository';
import { rsvpLockModel } from './rsvps/rsvp-lock.model';
import { ChatRepository } from './chats/chat.repository';
import { SubscriptionRepository } from './subscriptions/subscription.repository';
import { jobModel } from './jobs/job.model';
import { JobRepository } from './jobs/job.repository';
import { deliveryModel } from './deliveries/delivery.model';
import { DeliveryRepository } from './deliveries/delivery.repository';
import { postModel } from './posts/post.model';
import { PostRepository } from './posts/post.repository';
import { leaseModel } from './leases/lease.model';
import { LeaseRepository } from './leases/lease.repository';
import { receiptModel } from './receipts/receipt.model';
import { ReceiptRepository } from './receipts/receipt.repository';
import { chunkModel } from './chunks/chunk.model';
import { ChunkRepository } from './chunks/chunk.repository';
import { chunkItemsModel } from './chunk-items/chunk-items.model';
import { EventRepository } from './events/event.repository';
import { venueModel } from './venues/venue.model';
import { VenueRepository } from './venues/venue.repository';
import { organizerProfileModel } from './organizers/organizer.model';
import { OrganizerProfileRepository } from './organizers/organizer.repository';
import { categoryModel } from './categories/category.model';
import { CategoryRepository } from './categories/category.repository';
import { inviteModel } from './invites/invite.model';
import { InviteRepository } from './invites/invite.repository';
import { organizerRequestModel } from './organizer-requests/organizer-request.model';
import { OrganizerRequestRepository } from './organizer-requests/organizer-request.repository';
import { claimModel } from './claims/claim.model';
import { agendaLaterModel, agendaModel } from './agenda/agenda.model';
import { AgendaRepository } from './agenda/agenda.repository';
import { ClaimRepository } from './claims/claim.repository';
import { chatAdminModel } from './chat-admins/chat-admin.model';
import { ChatAdminRepository } from './chat-admins/chat-admin.repository';
import { forgetMember } from './privacy';
import { Retention } from './retention';

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
  };
}

export type Models = ReturnType<typeof createModels>;

export function createDal(conn: Connection) {
  const models = createModels(conn);
  const claims = new ClaimRepository(models.claims);
  const agenda = new AgendaRepository(models.agenda, models.agendaLater);
  return {
    connection: conn,
    models,
    users: new UserRepository(models.users),
    chats: new ChatRepository(models.chats),
    chatAdmins: new ChatAdminRepository(models.chatAdmins),
    subscriptions: new SubscriptionRepository(models.subscriptions),
    rsvps: new RsvpRepository(models.rsvps, models.events, models.rsvpLocks),
    agenda,
    jobs: new JobRepository(models.jobs, agenda),
    chunks: new ChunkRepository(models.chunks, models.chunkItems),
    deliveries: new DeliveryRepository(models.deliveries),
    receipts: new ReceiptRepository(models.receipts),
    /** telegraf's session store for dialogues in progress (`sessions`), typed by the caller's session data. */
    sessionStore: <T extends object>() => new MongoSessionStore<T>(models.sessions),
    posts: new PostRepository(models.posts),
    leases: new LeaseRepository(models.leases, claims),
    events: new EventRepository(models.events),
    venues: new VenueRepository(models.venues),
    organizerProfiles: new OrganizerProfileRepository(models.organizerProfiles),
    categories: new CategoryRepository(models.categories),
    invites: new InviteRepository(models.invites, claims),
    organizerRequests: new OrganizerRequestRepository(models.organizerRequests, models.users, claims),
    /** Deleting records that are only history once past their period (retention.ts). */
    retention: new Retention(conn, models),
    /** Removes or anonymizes every record keyed by a member (/forgetme); see privacy.ts for what, per collection. */
    forgetMember: (userId: number) => forgetMember(models, userId),
    /** Creates every collection's indexes (idempotent); run once at start. */
    async ensureIndexes(): Promise<void> {
      for (const model of Object.values(models)) {
        await model.createCollection().catch((err: { code?: number }) => {
          if (err.code !== 48) throw err; // 48 NamespaceExists
        });
        await model.createIndexes();
      }
    },
  };
}

export type Dal = ReturnType<typeof createDal>;
