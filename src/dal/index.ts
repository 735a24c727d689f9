/**
 * The data-access layer: one folder per collection (model + repository), bound to one mongoose
 * connection so that several bot instances can share a process in tests. Record types for the rest
 * of the app are in types.ts.
 */
import type { Connection } from 'mongoose';
import { createModels } from './models';
import { UserRepository } from './users/user.repository';
import { MongoSessionStore } from './sessions/session.store';
import { RsvpRepository } from './rsvps/rsvp.repository';
import { ChatRepository } from './chats/chat.repository';
import { SubscriptionRepository } from './subscriptions/subscription.repository';
import { JobRepository } from './jobs/job.repository';
import { DeliveryRepository } from './deliveries/delivery.repository';
import { PostRepository } from './posts/post.repository';
import { LeaseRepository } from './leases/lease.repository';
import { ReceiptRepository } from './receipts/receipt.repository';
import { ChunkRepository } from './chunks/chunk.repository';
import { EventRepository } from './events/event.repository';
import { VenueRepository } from './venues/venue.repository';
import { OrganizerProfileRepository } from './organizers/organizer.repository';
import { CategoryRepository } from './categories/category.repository';
import { InviteRepository } from './invites/invite.repository';
import { OrganizerRequestRepository } from './organizer-requests/organizer-request.repository';
import { AgendaRepository } from './agenda/agenda.repository';
import { ClaimRepository } from './claims/claim.repository';
import { ChatAdminRepository } from './chat-admins/chat-admin.repository';
import { FeedRepository } from './feeds/feed.repository';
import { forgetMember, type ForgetPass } from './privacy';
import { Retention } from './retention';
import { calendarWriteCount } from './write-watch';

/**
 * The repositories, bound to one connection. Models stay inside: every collection is reached through
 * intent-named methods (models.ts lists the collections; privacy.ts and retention.ts say what each holds).
 */
export function createDal(conn: Connection) {
  const models = createModels(conn);
  const claims = new ClaimRepository(models.claims);
  const agenda = new AgendaRepository(models.agenda, models.agendaLater);
  return {
    connection: conn,
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
    /** Calendar feeds kept in sync and what each imported (src/application/feeds.ts). */
    feeds: new FeedRepository(models.feeds, models.feedEntries),
    /** Deleting records that are only history once past their period (retention.ts). */
    retention: new Retention(conn, models),
    /**
     * How many writes this process has made to what the public calendar reads (events, categories):
     * a reader's answers stay good while it is unchanged (write-watch.ts).
     */
    calendarWrites: calendarWriteCount,
    /** Removes or anonymizes every record keyed by a member (/forgetme); see privacy.ts for what, per collection. */
    forgetMember: (userId: number, pass?: ForgetPass) => forgetMember(models, userId, pass),
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
