/**
 * Calendars kept in sync (issue 14): an organizer or super-admin adds an iCalendar address or a The
 * Events Calendar site; the bot polls it on a schedule that lives in the database (one `feed` job at
 * a time per feed, run by the delivery engine's tick), with conditional requests (ETag /
 * If-Modified-Since: an unchanged feed costs one request and no parse), and applies what changed
 * through the event operations, acting as the feed's owner with the owner's rights as stored now:
 * new entries are created and published (announced or not, per feed), changed ones edited (cards
 * edited in place, change notices as for any edit), those cancelled or gone at the source cancelled.
 *
 * Exactly once without transactions: an entry's event id is derived from the feed and the entry's
 * source UID, so creating it again (a later poll, a restart, a crash half-way) is a duplicate key,
 * not a second event; the entry record (feed_entries) is keyed the same way. Updates compare the
 * stored values first, so applying the same change twice writes (and tells members) once.
 *
 * Failures back off (the wait doubles from a quarter of the poll interval up to a cap); after
 * `pauseAfterFailures` in a row the feed is paused and its owner told in a private message sent by
 * the delivery engine. Once a day a poll asks without validators, so occurrences of a series that
 * come into the horizon are imported even from a feed that never changes.
 */
import { createHash } from 'node:crypto';
import type { Dal } from '../dal';
import type { Feed, FeedEntry, FeedKind, FeedOptions, FeedPauseReason, FeedPollCounts, Job } from '../dal/types';
import type { Scheduler } from '../delivery/ports';
import type { JobOutcome } from '../delivery/fan-out';
import type { EventDraft } from '../domain/event-draft';
import type { ImportSource } from '../domain/event';
import { canAdminister } from '../domain/permissions';
import { diffImport } from '../import/changes';
import { decodeBody } from '../import/decode';
import { checkFetchUrl, safeFetch, type FetchResult, type SafeFetchOptions, type Validators } from '../import/fetch';
import { parseICalendar } from '../import/ical';
import type { ImportedEvent, ImportResult } from '../import/model';
import { importTribeSite } from '../import/tribe';
import type { Logger } from '../logger';
import { mayCreateEvents, mayManageEvent, userActor, type Actor } from './actor';
import type { EventOperations } from './events';
import { fetchOptionsFor, type ImportNetwork } from './imports';
import { done, invalid, refuse, type Outcome } from './outcome';
import { organizerSnapshot } from '../dal/organizers/organizer.repository';

export interface FeedSettings {
  pollMs: number;
  maxBackoffMs: number;
  pauseAfterFailures: number;
  /** How far ahead a new feed imports. */
  horizonDays: number;
  /**
   * Most event writes (creations, edits, cancellations) one run makes; past it the run stops and the
   * next goes on, so a feed's first import of 1,000 events does not hold up the engine's tick.
   */
  writesPerRun?: number;
  defaultTimezone: string;
  /** How feeds reach the network: the IMPORT_* settings, and the same resolver and address check as one-event imports. */
  fetch: ImportNetwork;
}

export interface FeedOperationsDeps {
  dal: Pick<Dal, 'feeds' | 'users' | 'categories' | 'events' | 'organizerProfiles'>;
  scheduler: Scheduler;
  events: EventOperations;
  now: () => Date;
  botAdmins: readonly number[];
  logger: Logger;
  settings: FeedSettings;
  /** The fetcher (safeFetch by default; the bench counts requests through it). */
  fetch?: (url: string, options: SafeFetchOptions) => Promise<FetchResult>;
}

/** How one poll ended. */
export type PollOutcome =
  | { kind: 'not_modified' }
  /** `more`: the write budget ran out; the next run (a second later) goes on. */
  | { kind: 'synced'; counts: FeedPollCounts; more?: true }
  | { kind: 'failed'; failure: string; failures: number; paused: boolean }
  | { kind: 'skipped'; reason: 'gone' | 'paused' | 'superseded' };

/** A full (unconditional) fetch at least this often, so the horizon moves on over an unchanged feed. */
export const FULL_FETCH_MS = 24 * 3_600_000;
const MIN_RETRY_MS = 60_000;
export const DEFAULT_WRITES_PER_RUN = 50;
/** How far ahead a feed may import, in days, as /feeds offers it. */
export const HORIZON_CHOICES: readonly number[] = [30, 90, 180, 365];

/** The wait after the `failures`-th failure in a row: doubling from a quarter of the poll interval, capped. */
export function backoffDelay(failures: number, pollMs: number, maxMs: number): number {
  const base = Math.max(MIN_RETRY_MS, Math.floor(pollMs / 4));
  return Math.min(maxMs, base * 2 ** Math.max(0, Math.min(30, failures - 1)));
}

/** What a link most likely is: a The Events Calendar REST address, an iCalendar feed, or either. */
export function guessFeedKind(url: string): FeedKind | undefined {
  if (/\/wp-json\/tribe\/events\//i.test(url)) return 'tribe';
  if (/^webcals?:/i.test(url) || /\.ics(?:$|[?#])/i.test(url) || /[?&](?:ical|outlook-ical)=1/i.test(url) || /calendar\.google\.com\/calendar\/ical\//i.test(url)) return 'ical';
  return undefined;
}

/**
 * The event id an entry becomes: the same for the same owner, feed address and source UID, on every
 * poll and instance — and after the feed is removed and added again, so that finds its events
 * rather than making second copies.
 */
export function importedEventId(feed: Pick<Feed, 'ownerId' | 'url'>, sourceUid: string): string {
  return createHash('sha256').update(`${feed.ownerId}\n${feed.url}\n${sourceUid}`).digest('hex').slice(0, 24);
}

/** Category slugs for an entry: the feed's defaults, and the source's names matched to the bot's categories. */
export function matchCategories(names: readonly string[], known: ReadonlyArray<{ slug: string; names: Record<string, string | undefined> }>, defaults: readonly string[]): string[] {
  const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase().replace(/[\s_-]+/g, '');
  const out = new Set(defaults);
  for (const name of names) {
    const n = fold(name);
    const hit = known.find((c) => fold(c.slug) === n || Object.values(c.names).some((v) => typeof v === 'string' && fold(v) === n));
    if (hit) out.add(hit.slug);
  }
  return [...out];
}

/** The draft of an imported entry, as the event operations take it. */
export function draftFromImported(e: ImportedEvent, options: FeedOptions, categories: string[]): EventDraft & { title: string; start: string } {
  const draft: EventDraft & { title: string; start: string } = {
    title: e.title,
    start: e.start.toISOString(),
    end: e.end.toISOString(),
    allDay: e.allDay,
    timezone: e.timezone,
    categories,
  };
  if (e.description) draft.description = e.description;
  if (e.venue) draft.venue = { ...e.venue };
  if (e.onlineUrl) draft.onlineUrl = e.onlineUrl;
  const organizer = e.organizer ?? options.organizer;
  if (organizer) {
    const links = Object.fromEntries(Object.entries(organizer.links).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
    draft.organizer = { name: organizer.name, links, ...(organizer.website ? { website: organizer.website } : {}) };
  }
  return draft;
}

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

export class FeedOperations {
  constructor(private readonly deps: FeedOperationsDeps) {}

  private get settings(): FeedSettings {
    return this.deps.settings;
  }

  /** The feed, when the actor may manage it: its owner (while they may create events) or a super-admin. */
  private async managed(actor: Actor, feedId: string): Promise<Outcome<Feed>> {
    const feed = await this.deps.dal.feeds.findById(feedId);
    if (!feed) return refuse('gone');
    const decision = await mayManageEvent(this.deps, actor, { createdBy: feed.ownerId });
    return decision.ok ? done(feed) : refuse(decision.reason);
  }

  private isAdmin(actor: Actor): boolean {
    return actor.kind === 'system' || canAdminister({ id: actor.id, isOrganizer: false }, this.deps.botAdmins).ok;
  }

  /**
   * Adds a feed owned by the actor (an organizer or super-admin) and plans its first poll now. The
   * same URL twice is `invalid` (feeds.error.exists); a link that cannot be fetched is `invalid`
   * with the fetcher's localized reason.
   */
  async add(actor: Actor, input: { url: string; kind: FeedKind; options?: Partial<FeedOptions> }): Promise<Outcome<Feed>> {
    const allowed = await mayCreateEvents(this.deps, actor);
    if (!allowed.ok) return refuse(allowed.reason);
    if (actor.kind !== 'user') return refuse('not_organizer');
    const checked = checkFetchUrl(input.url);
    if (!checked.ok) return invalid({ key: `import.fetch.${checked.kind}` });
    const url = checked.url.href;
    if (url.length > 2048) return invalid({ key: 'import.fetch.bad_url' });
    const now = this.deps.now();
    const options: FeedOptions = {
      categories: input.options?.categories ?? [],
      announce: input.options?.announce ?? true,
      horizonDays: Math.max(1, Math.min(730, Math.floor(input.options?.horizonDays ?? this.settings.horizonDays))),
      ...(input.options?.organizer ? { organizer: input.options.organizer } : {}),
    };
    const added = await this.deps.dal.feeds.add({ url, kind: input.kind, ownerId: actor.id, options, nextPollAt: now }, now);
    if (!added.ok) return invalid({ key: 'feeds.error.exists' });
    await this.deps.scheduler.feedPollDue(added.feed._id, now);
    return done(added.feed);
  }

  /** The actor's feeds; a super-admin sees everyone's. */
  async list(actor: Actor): Promise<Outcome<Feed[]>> {
    if (this.isAdmin(actor)) return done(await this.deps.dal.feeds.listAll());
    const allowed = await mayCreateEvents(this.deps, actor);
    if (!allowed.ok) return refuse(allowed.reason);
    return done(actor.kind === 'user' ? await this.deps.dal.feeds.listOwnedBy(actor.id) : []);
  }

  async get(actor: Actor, feedId: string): Promise<Outcome<Feed>> {
    return this.managed(actor, feedId);
  }

  /** Stops polling a feed (the events it made stay, as they are). */
  async remove(actor: Actor, feedId: string): Promise<Outcome<Feed>> {
    const found = await this.managed(actor, feedId);
    if (!found.ok) return found;
    await this.deps.dal.feeds.remove(feedId);
    return done(found.value);
  }

  async pause(actor: Actor, feedId: string): Promise<Outcome<Feed>> {
    const found = await this.managed(actor, feedId);
    if (!found.ok) return found;
    const feed = await this.deps.dal.feeds.setPaused(feedId, { paused: true, reason: 'owner' });
    return feed ? done(feed) : refuse('gone');
  }

  /** Polls again from now on (failures forgotten); the first poll is due at once. */
  async resume(actor: Actor, feedId: string): Promise<Outcome<Feed>> {
    const found = await this.managed(actor, feedId);
    if (!found.ok) return found;
    const now = this.deps.now();
    const feed = await this.deps.dal.feeds.setPaused(feedId, { paused: false, nextPollAt: now });
    if (!feed) return refuse('gone');
    await this.deps.scheduler.feedPollDue(feedId, now);
    return done(feed);
  }

  /** Whether new events from this feed are announced in linked chats. */
  async setAnnounce(actor: Actor, feedId: string, announce: boolean): Promise<Outcome<Feed>> {
    const found = await this.managed(actor, feedId);
    if (!found.ok) return found;
    const feed = await this.deps.dal.feeds.setOptions(feedId, { ...found.value.options, announce }, { readInFull: false });
    return feed ? done(feed) : refuse('gone');
  }

  /**
   * The feed's default categories (slugs of active categories, at most 10), how far ahead it
   * imports (one of HORIZON_CHOICES), and its default organizer: one of the organizers the feed's
   * owner saved in /newevent (`organizerProfileId`), or none (`null`). They apply to entries created
   * or changed from now on; a new horizon makes the next poll read the feed in full.
   */
  async setOptions(actor: Actor, feedId: string, change: { categories?: string[]; horizonDays?: number; organizerProfileId?: string | null }): Promise<Outcome<Feed>> {
    const found = await this.managed(actor, feedId);
    if (!found.ok) return found;
    const options: FeedOptions = { ...found.value.options };
    if (change.categories) {
      const active = new Set((await this.deps.dal.categories.listActive()).map((c) => c.slug));
      const slugs = [...new Set(change.categories)];
      if (slugs.length > 10 || slugs.some((slug) => !active.has(slug))) return invalid({ key: 'subscriptions.unknownCategory' });
      options.categories = slugs;
    }
    if (change.horizonDays !== undefined) {
      if (!HORIZON_CHOICES.includes(change.horizonDays)) return invalid({ key: 'events.badButton' });
      options.horizonDays = change.horizonDays;
    }
    if (change.organizerProfileId === null) delete options.organizer;
    else if (change.organizerProfileId !== undefined) {
      const profile = await this.deps.dal.organizerProfiles.findOwned(change.organizerProfileId, found.value.ownerId);
      if (!profile) return invalid({ key: 'events.badButton' });
      options.organizer = organizerSnapshot(profile);
    }
    const feed = await this.deps.dal.feeds.setOptions(feedId, options, { readInFull: change.horizonDays !== undefined && change.horizonDays !== found.value.options.horizonDays });
    return feed ? done(feed) : refuse('gone');
  }

  /**
   * A `feed` job came due (the engine's tick): polls when the job is the feed's current slot, and
   * tells the engine the job is done (or skipped: the feed is gone, paused, or was rescheduled).
   */
  async runScheduledPoll(job: Pick<Job, 'payload'>): Promise<JobOutcome> {
    const feedId = String(job.payload.feedId ?? '');
    const slot = Number(job.payload.slot);
    const feed = await this.deps.dal.feeds.findById(feedId);
    if (!feed) return { type: 'skip', reason: 'feed removed' };
    if (feed.paused) return { type: 'skip', reason: 'feed paused' };
    if (feed.nextPollAt.getTime() !== slot) return { type: 'skip', reason: 'feed rescheduled' };
    let outcome: PollOutcome;
    try {
      outcome = await this.pollFeed(feedId);
    } catch (err) {
      // Something of ours failed (not the source): counted and backed off like a failure, so the
      // feed's chain of polls goes on. If even that cannot be written, the engine retries the job.
      this.deps.logger.error({ err, feed: feedId }, 'calendar feed poll failed unexpectedly');
      await this.failed(feed, 'internal_error');
      return { type: 'done', recipients: 0 };
    }
    if (outcome.kind === 'skipped') return { type: 'skip', reason: `feed ${outcome.reason}` };
    return { type: 'done', recipients: 0 };
  }

  /**
   * One poll: fetch (conditionally), parse, diff by source UID and content hash, apply through the
   * event operations as the owner, record validators and hashes, plan the next poll. A failure is
   * counted, backed off and, past the limit, pauses the feed and tells the owner.
   */
  async pollFeed(feedId: string): Promise<PollOutcome> {
    const feed = await this.deps.dal.feeds.findById(feedId);
    if (!feed) return { kind: 'skipped', reason: 'gone' };
    if (feed.paused) return { kind: 'skipped', reason: 'paused' };
    const now = this.deps.now();
    const owner = userActor(feed.ownerId);
    const rights = await mayCreateEvents(this.deps, owner);
    if (!rights.ok) return this.failed(feed, 'owner_rights', 'rights');

    const conditional = feed.lastPolledAt !== undefined && now.getTime() - (feed.lastFullAt ?? feed.lastPolledAt).getTime() < FULL_FETCH_MS;
    const validators: Validators = conditional ? { ...(feed.etag ? { etag: feed.etag } : {}), ...(feed.lastModified ? { lastModified: feed.lastModified } : {}) } : {};
    const fetched = await this.fetchAndParse(feed, validators, now);
    if (fetched.kind === 'failed') return this.failed(feed, fetched.failure);
    const next = new Date(now.getTime() + this.settings.pollMs);
    if (fetched.kind === 'not_modified' || (conditional && fetched.bodyHash !== undefined && fetched.bodyHash === feed.bodyHash)) {
      await this.deps.dal.feeds.recordPolled(feed._id, now, next, {});
      await this.deps.scheduler.feedPollDue(feed._id, next);
      return { kind: 'not_modified' };
    }
    // An unreadable file or page fails the poll: applying a partial list would cancel what it left out.
    if (fetched.result.problems.some((p) => p.kind === 'unreadable')) return this.failed(feed, 'unreadable');

    const { counts, finished } = await this.apply(feed, fetched.result, now);
    if (!finished) {
      // The write budget ran out (a big first import): the rest comes in the next run, a second from
      // now, so the engine's tick runs other due work in between. No validators are kept, so that
      // run reads the feed in full and finds what is still to do.
      const soon = new Date(now.getTime() + 1000);
      await this.deps.dal.feeds.recordPolled(feed._id, now, soon, { counts, validators: {} });
      await this.deps.scheduler.feedPollDue(feed._id, soon);
      this.deps.logger.info({ feed: feed._id, ...counts }, 'polled part of a calendar feed; continuing');
      return { kind: 'synced', counts, more: true };
    }
    await this.deps.dal.feeds.recordPolled(feed._id, now, next, {
      counts,
      parsedAt: now,
      validators: { ...fetched.validators, ...(fetched.bodyHash ? { bodyHash: fetched.bodyHash } : {}) },
    });
    await this.deps.scheduler.feedPollDue(feed._id, next);
    this.deps.logger.info({ feed: feed._id, ...counts }, 'polled a calendar feed');
    return { kind: 'synced', counts };
  }

  private async failed(feed: Feed, failure: string, pauseNow?: FeedPauseReason): Promise<PollOutcome> {
    const now = this.deps.now();
    const failures = feed.failures + 1;
    const pause: FeedPauseReason | undefined = pauseNow ?? (failures >= this.settings.pauseAfterFailures ? 'failures' : undefined);
    const next = new Date(now.getTime() + backoffDelay(failures, this.settings.pollMs, this.settings.maxBackoffMs));
    await this.deps.dal.feeds.recordFailure(feed._id, now, { kind: failure, failures, next, ...(pause ? { pause } : {}) });
    this.deps.logger.warn({ feed: feed._id, failure, failures, paused: Boolean(pause) }, 'calendar feed poll failed');
    if (pause) {
      const host = new URL(feed.url).host;
      await this.deps.scheduler.notifyUser(feed.ownerId, pause === 'rights' ? 'feeds.notice.pausedRights' : 'feeds.notice.pausedFailures', { host, n: failures });
    } else {
      await this.deps.scheduler.feedPollDue(feed._id, next);
    }
    return { kind: 'failed', failure, failures, paused: Boolean(pause) };
  }

  private fetchOptions(extra: Validators & { accept?: string }): SafeFetchOptions {
    return fetchOptionsFor(this.settings.fetch, extra);
  }


  private async fetchAndParse(
    feed: Feed,
    validators: Validators,
    now: Date,
  ): Promise<
    | { kind: 'failed'; failure: string }
    | { kind: 'not_modified' }
    | { kind: 'parsed'; result: ImportResult; validators: Validators; bodyHash?: string }
  > {
    const fetcher = this.deps.fetch ?? safeFetch;
    const parse = { now, defaultZone: this.settings.defaultTimezone, horizonDays: feed.options.horizonDays };
    if (feed.kind === 'ical') {
      const res = await fetcher(feed.url, this.fetchOptions({ ...validators, accept: 'text/calendar, */*;q=0.5' }));
      if (!res.ok) return { kind: 'failed', failure: res.kind === 'http_error' && res.status ? `http_error:${res.status}` : res.kind };
      if (res.notModified) return { kind: 'not_modified' };
      const bodyHash = sha256(res.body);
      const found: Validators = { ...(res.etag ? { etag: res.etag } : {}), ...(res.lastModified ? { lastModified: res.lastModified } : {}) };
      return { kind: 'parsed', result: parseICalendar(decodeBody(res.body, res.contentType), parse), validators: found, bodyHash };
    }
    // The Events Calendar: validators go with the first page only; a 304 there means nothing changed.
    let first = true;
    let firstValidators: Validators = {};
    let notModified = false;
    const res = await importTribeSite(
      feed.url,
      async (url) => {
        const r = await fetcher(url, this.fetchOptions({ ...(first ? validators : {}), accept: 'application/json' }));
        if (first && r.ok) {
          firstValidators = { ...(r.etag ? { etag: r.etag } : {}), ...(r.lastModified ? { lastModified: r.lastModified } : {}) };
          notModified = r.notModified;
        }
        first = false;
        return r;
      },
      parse,
    );
    if (!res.ok) return { kind: 'failed', failure: res.failure.kind === 'http_error' && res.failure.status ? `http_error:${res.failure.status}` : res.failure.kind };
    if (notModified) return { kind: 'not_modified' };
    return { kind: 'parsed', result: res.result, validators: firstValidators };
  }

  /** Applies a parse to the feed's events; returns what was done. */
  private async apply(feed: Feed, result: ImportResult, now: Date): Promise<{ counts: FeedPollCounts; finished: boolean }> {
    const { dal, events } = this.deps;
    const owner = userActor(feed.ownerId);
    const entries = await dal.feeds.entriesOf(feed._id);
    const previous = new Map([...entries].map(([uid, e]) => [uid, e.hash]));
    const diff = diffImport(previous, result.events);
    const counts: FeedPollCounts = { created: 0, updated: 0, cancelled: 0, unchanged: diff.unchanged, problems: result.problems.length };
    const known = await dal.categories.listActive();
    const host = new URL(feed.url).hostname;
    const source: ImportSource = { feedId: feed._id, host, edited: [] };
    const draftOf = (e: ImportedEvent) => draftFromImported(e, feed.options, matchCategories(e.categories, known, feed.options.categories));
    let budget = this.settings.writesPerRun ?? DEFAULT_WRITES_PER_RUN;
    const spend = () => budget-- > 0;

    for (const e of diff.created) {
      if (e.status === 'cancelled') continue; // never shown here: nothing to cancel
      if (!spend()) return { counts, finished: false };
      const id = importedEventId(feed, e.sourceUid);
      const made = await events.importNew(owner, { id, draft: draftOf(e), source, announce: feed.options.announce });
      if (!made.ok) {
        this.deps.logger.warn({ feed: feed._id, reason: made.reason }, 'an imported entry was refused');
        continue;
      }
      await dal.feeds.recordEntry({ feedId: feed._id, sourceUid: e.sourceUid, eventId: made.value.event._id, hash: e.hash }, now);
      if (!made.value.alreadySaved) counts.created += 1;
    }
    for (const e of diff.changed) {
      const entry = entries.get(e.sourceUid)!;
      if (entry.cancelled) {
        counts.unchanged += 1;
        continue;
      }
      if (!spend()) return { counts, finished: false };
      if (e.status === 'cancelled') {
        if (await this.cancel(feed, entry, now)) counts.cancelled += 1;
        continue;
      }
      const res = await events.importChanges(owner, entry.eventId, draftOf(e));
      if (!res.ok) {
        if (res.reason === 'gone') await dal.feeds.dropEntry(feed._id, e.sourceUid);
        continue;
      }
      await dal.feeds.recordEntry({ feedId: feed._id, sourceUid: e.sourceUid, eventId: entry.eventId, hash: e.hash }, now);
      if (res.value.changed) counts.updated += 1;
      else counts.unchanged += 1;
    }
    // Past the event limit the list is cut short: what it left out is not gone from the source.
    const complete = !result.problems.some((p) => p.kind === 'too_many_events');
    for (const uid of complete ? diff.removed : []) {
      const entry = entries.get(uid)!;
      const event = await dal.events.findById(entry.eventId);
      // Gone from the source because it is over (it left the window): nothing to tell anyone.
      if (!event || event.endAt.getTime() <= now.getTime()) {
        await dal.feeds.dropEntry(feed._id, uid);
        continue;
      }
      // Past a horizon made shorter: out of the window, not cancelled at the source. Left as it is.
      if (event.startAt.getTime() > now.getTime() + feed.options.horizonDays * 86_400_000) continue;
      if (entry.cancelled) continue;
      if (!spend()) return { counts, finished: false };
      if (await this.cancel(feed, entry, now)) counts.cancelled += 1;
    }
    return { counts, finished: true };
  }

  /** Cancels an entry's event (as its owner); the entry stays, marked, so it is not touched again. */
  private async cancel(feed: Feed, entry: FeedEntry, now: Date): Promise<boolean> {
    const res = await this.deps.events.cancel(userActor(feed.ownerId), entry.eventId, undefined);
    await this.deps.dal.feeds.recordEntry({ feedId: feed._id, sourceUid: entry.sourceUid, eventId: entry.eventId, hash: entry.hash, cancelled: true }, now);
    return res.ok;
  }
}
