/**
 * The application layer: the operations every front door calls (the chat today; the web calendar
 * and calendar import next), so each gets the same rules. Built once in src/app.ts.
 *
 * An operation takes plain inputs and an `Actor` (never a telegraf context), checks the actor's
 * rights as stored now, validates, writes through the repositories, tells the scheduler, and
 * returns an `Outcome` the front door renders.
 */
import type { Dal } from '../dal';
import type { Scheduler } from '../delivery/ports';
import type { Logger } from '../logger';
import { EventOperations } from './events';
import { MemberOperations } from './members';
import { CalendarReads } from './calendar';
import { CategoryOperations } from './categories';
import { ChatOperations } from './chats';
import { OrganizerOperations } from './organizers';
import { DEFAULT_IMPORT_NETWORK, ImportOperations, type ImportNetwork } from './imports';
import { FeedOperations, type FeedSettings } from './feeds';

export interface ApplicationDeps {
  dal: Dal;
  /** The delivery engine's intake (the Planner). */
  scheduler: Scheduler;
  now: () => Date;
  /** Super-admins (BOT_ADMINS). */
  botAdmins: readonly number[];
  logger: Logger;
  /** DEFAULT_TIMEZONE: where a newly linked chat starts (UTC when not given). */
  defaultTimezone?: string;
  /** ORGANIZE_COOLDOWN_HOURS: how often a member may ask to organize (24 when not given). */
  organizeCooldownHours?: number;
  /** How imports reach the network (the IMPORT_* settings); public addresses only, default limits, when not given. */
  importNetwork?: ImportNetwork;
  /** Calendar feeds: poll interval, backoff, pausing, horizon, fetch limits (from config). */
  feeds?: FeedSettings;
}

/** Feed settings when none are given (tests of other parts; config gives the real ones). */
export const DEFAULT_FEED_SETTINGS: FeedSettings = {
  pollMs: 60 * 60_000,
  maxBackoffMs: 24 * 3_600_000,
  pauseAfterFailures: 8,
  horizonDays: 90,
  defaultTimezone: 'UTC',
  fetch: { allowPrivateAddresses: false, maxBytes: 5 * 1024 * 1024, timeoutMs: 20_000 },
};

export interface Application {
  events: EventOperations;
  members: MemberOperations;
  /** The managed category list (super-admins). */
  categories: CategoryOperations;
  /** What the public web calendar reads (public events only). */
  calendar: CalendarReads;
  /** Linked channels and groups: linking, unlinking, their settings. */
  chats: ChatOperations;
  /** Organizer invitations and requests. */
  organizers: OrganizerOperations;
  /** One event from a link or an .ics file, as a draft for /newevent. */
  imports: ImportOperations;
  /** Calendar feeds kept in sync (add, list, pause, resume, remove; the engine's polls). */
  feeds: FeedOperations;
}

export function createApplication(deps: ApplicationDeps): Application {
  const events = new EventOperations(deps);
  return {
    events,
    feeds: new FeedOperations({ ...deps, events, settings: deps.feeds ?? DEFAULT_FEED_SETTINGS, logger: deps.logger.child({ part: 'feeds' }) }),
    calendar: new CalendarReads(deps),
    categories: new CategoryOperations(deps),
    imports: new ImportOperations({ dal: deps.dal, now: deps.now, botAdmins: deps.botAdmins, network: deps.importNetwork ?? DEFAULT_IMPORT_NETWORK }),
    members: new MemberOperations({ ...deps, logger: deps.logger.child({ part: 'application' }) }),
    chats: new ChatOperations({ ...deps, logger: deps.logger.child({ part: 'application' }), defaultTimezone: deps.defaultTimezone ?? 'UTC' }),
    organizers: new OrganizerOperations({ ...deps, organizeCooldownMs: (deps.organizeCooldownHours ?? 24) * 3_600_000 }),
  };
}

export type { Actor } from './actor';
export { userActor, systemActor } from './actor';
export type { Outcome, Refusal } from './outcome';
