/**
 * The data-access layer: one folder per collection (model + repository), bound to one mongoose
 * connection so that several bot instances can share a process in tests.
 */
import type { Connection } from 'mongoose';
import { userModel } from './users/user.model';
import { UserRepository } from './users/user.repository';
import { sessionModel } from './sessions/session.model';
import { eventModel } from './events/event.model';
import { chatModel } from './chats/chat.model';
import { subscriptionModel } from './subscriptions/subscription.model';
import { rsvpModel } from './rsvps/rsvp.model';

export function createDal(conn: Connection) {
  const models = {
    users: userModel(conn),
    sessions: sessionModel(conn),
    events: eventModel(conn),
    chats: chatModel(conn),
    subscriptions: subscriptionModel(conn),
    rsvps: rsvpModel(conn),
  };
  return {
    connection: conn,
    models,
    users: new UserRepository(models.users),
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
