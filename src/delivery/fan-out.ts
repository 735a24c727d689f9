/**
 * The fan-out: one delivery per recipient of a due job, inserted under the deliveries' unique index
 * (so a re-run or a racing instance adds nobody twice), in chunks of up to 500 that are written to
 * `chunk_items` and `chunks` and handed to the sender. Single-recipient jobs due together run as one
 * group (one insert, one chunk). Each run returns a typed outcome; the tick records it.
 */
import crypto from 'node:crypto';
import { newDeliveryId, chosenCalendar, type ObjectId, type Job, type Delivery, type EventRecord, type User } from '../dal/types';
import type { Dal } from '../dal';
import type { CalendarSystem } from '../domain/time';
import { digestJob, retentionJob } from './planner';
import type { RetentionPeriods } from '../dal/retention';
import { isLocale, type Locale } from '../i18n/locales';
import type { Logger } from '../logger';
import { stillMeaningful } from './policy';
import { interestedMembers, matchingChats, recipientCalendar, userRecipient, type Recipient } from './audience';
import { plannedStart, type DeliveryContent } from './content';

/** What a job handler decided (Skyra-style): finished, try again later, move it, or skip it. */
export type JobOutcome =
  | { type: 'done'; recipients: number }
  | { type: 'retry'; at: Date; reason: string }
  | { type: 'reschedule'; at: Date }
  | { type: 'skip'; reason: string };

export interface FanOutOptions {
  dal: Dal;
  logger: Logger;
  now: () => Date;
  defaultLocale: Locale;
  defaultTimezone: string;
  content: DeliveryContent;
  /** Still the sender? A fan-out stops between chunks when not. */
  isLeader: () => boolean;
  /** A chunk is ready for the sender; `items` when this call wrote it (so the sender need not read it). */
  handOver: (batch: string, items: Delivery[] | undefined) => void;
  /** How long history is kept (the daily 'retention' job). */
  retention: RetentionPeriods;
  /** Runs a `replan` job (no recipients). */
  replan: (job: Job) => Promise<JobOutcome>;
  /** Runs a `feed` job: polls a calendar feed (the application's feed operations); absent, such jobs are skipped. */
  pollFeed?: (job: Job) => Promise<JobOutcome>;
}

export class FanOut {
  constructor(private readonly o: FanOutOptions) {}

  /** Fans one job out to its audience (streamed: chats by cursor, members in chunks of 500). */
  async run(job: Job): Promise<JobOutcome> {
    if (job.kind === 'replan') return this.o.replan(job);
    if (job.kind === 'feed') return this.o.pollFeed ? this.o.pollFeed(job) : { type: 'skip', reason: 'no feed poller in this process' };
    const now = this.o.now();
    if (job.kind === 'retention') return this.retain(now);
    if (job.kind === 'forget') {
      // The second pass of /forgetme: it also deletes this job (it carries the member's key).
      const receiptsOf = job.payload?.receiptsOf;
      if (job.chatId !== undefined) {
        await this.o.dal.forgetMember(job.chatId, { receiptsOf: Array.isArray(receiptsOf) ? receiptsOf.map(String) : [] });
      }
      return { type: 'done', recipients: 0 };
    }
    const event = job.eventId ? await this.o.content.event(job.eventId, true) : null;
    const meaningful = stillMeaningful(job.kind, event ?? undefined, now, plannedStart(job));
    if (!meaningful.ok) return { type: 'skip', reason: meaningful.reason };
    const defaults = { locale: this.o.defaultLocale, timezone: this.o.defaultTimezone };
    let sources: AsyncGenerator<Recipient[]>[] = [];
    switch (job.kind) {
      case 'announce':
        sources = [matchingChats(this.o.dal, event!, {}), interestedMembers(this.o.dal, event!, { subscriptions: true, rsvpStatuses: [], defaults })];
        break;
      case 'reminder': {
        const offsetMin = Number(job.payload.offsetMin);
        sources = [
          matchingChats(this.o.dal, event!, { reminderOffsets: offsetMin }),
          interestedMembers(this.o.dal, event!, { subscriptions: true, rsvpStatuses: ['going', 'maybe'], offsetMin, defaults }),
        ];
        break;
      }
      case 'starting':
        sources = [matchingChats(this.o.dal, event!, { startingNow: true })];
        break;
      case 'notice':
        sources = [interestedMembers(this.o.dal, event!, { subscriptions: false, rsvpStatuses: ['going', 'maybe', 'waitlist'], defaults }), this.eventSubscribers(event!)];
        break;
      case 'card_edit':
        sources = [this.postsOf(job.eventId!)];
        break;
      case 'direct':
      case 'promotion':
        sources = [this.singleUser(job.chatId)];
        break;
      case 'digest':
        sources = [this.singleChat(job.chatId)];
        break;
    }
    let n = 0;
    let chunkNo = 0;
    let duplicates = false;
    // Each run's chunks have ids of their own, and hold only what that run inserted.
    const run = crypto.randomBytes(4).toString('hex');
    for (const source of sources) {
      for await (const chunk of source) {
        const r = await this.insertDeliveries(job, chunk, `${job._id}:${run}:${chunkNo++}`, now);
        n += r.inserted;
        duplicates ||= r.duplicates;
        if (!this.o.isLeader()) return { type: 'retry', at: now, reason: 'lost the sender lease while fanning out' };
      }
    }
    // Recipients already there: an earlier run of this job was cut short, perhaps before it wrote a chunk.
    if (duplicates) await this.repairOrphans(job, now);
    if (job.kind === 'digest') await this.planNextDigest(job);
    return { type: 'done', recipients: n };
  }

  /** The retention sweep in progress, if any (the engine waits for it when stopping, and tests do). */
  housekeeping: Promise<void> | undefined;

  /**
   * Plans tomorrow's run, and deletes the history past its period in the background: on FerretDB the
   * deletes scan whole collections, which must not hold up the tick and the messages due meanwhile.
   * A failed sweep is logged; tomorrow's catches up.
   */
  private async retain(now: Date): Promise<JobOutcome> {
    await this.o.dal.jobs.plan(retentionJob(now), now);
    this.housekeeping ??= this.o.dal.retention
      .purge(now, this.o.retention)
      .then((purged) => this.o.logger.info({ purged }, 'deleted history past its retention period'))
      .catch((err: unknown) => this.o.logger.warn({ err }, 'retention sweep failed; tomorrow\'s catches up'))
      .finally(() => {
        this.housekeeping = undefined;
      });
    return { type: 'done', recipients: 0 };
  }

  /** After a digest goes out, the chat's following one is planned (if it still wants digests). */
  private async planNextDigest(job: Job): Promise<void> {
    const chat = job.chatId === undefined ? null : await this.o.dal.chats.findById(job.chatId);
    if (!chat?.active || !chat.digest.enabled) return;
    const slot = Number(job.payload.slot ?? job.dueAt.getTime());
    const after = new Date(Math.max(slot, job.dueAt.getTime(), this.o.now().getTime()));
    await this.o.dal.jobs.plan(digestJob(chat, after), this.o.now());
  }

  private async *singleChat(chatId: number | undefined): AsyncGenerator<Recipient[]> {
    if (chatId === undefined) return;
    const chat = await this.o.dal.chats.findById(chatId);
    if (!chat?.active) return;
    yield [
      {
        chatId: chat._id,
        recipient: 'chat',
        chatType: chat.type === 'channel' ? 'channel' : 'group',
        locale: isLocale(chat.locale) ? chat.locale : this.o.defaultLocale,
        timezone: chat.timezone,
        calendar: recipientCalendar(chat.calendar, isLocale(chat.locale) ? chat.locale : this.o.defaultLocale),
      },
    ];
  }

  private async *eventSubscribers(event: EventRecord): AsyncGenerator<Recipient[]> {
    yield* interestedMembers(this.o.dal, { _id: event._id, categories: [] }, {
      subscriptions: true,
      rsvpStatuses: [],
      defaults: { locale: this.o.defaultLocale, timezone: this.o.defaultTimezone },
    });
  }

  private async *postsOf(eventId: ObjectId): AsyncGenerator<Recipient[]> {
    const posts = await this.o.dal.posts.forEvent(eventId);
    if (!posts.length) return;
    const chats = new Map((await this.o.dal.chats.findByIds([...new Set(posts.map((p) => p.chatId))])).map((c) => [c._id, c]));
    const out: Recipient[] = [];
    for (const p of posts) {
      const chat = chats.get(p.chatId);
      if (chat && !chat.active) continue;
      let timezone = chat?.timezone ?? this.o.defaultTimezone;
      const locale = isLocale(p.locale) ? p.locale : this.o.defaultLocale;
      let choice: CalendarSystem | undefined = chat?.calendar;
      if (!chat) {
        // A private chat: only while its member exists and can be reached (after /forgetme there is
        // no record, and their cards are no one's to edit).
        const user = await this.o.dal.users.findById(p.chatId);
        if (!user || !user.reachable) continue;
        timezone = user?.timezone ?? timezone;
        choice = chosenCalendar(user);
      }
      out.push({
        chatId: p.chatId,
        recipient: chat ? 'chat' : 'user',
        chatType: chat ? (chat.type === 'channel' ? 'channel' : 'group') : 'private',
        locale,
        timezone,
        calendar: recipientCalendar(choice, locale),
        editMessageId: p.messageId,
      });
    }
    yield out;
  }

  private async *singleUser(userId: number | undefined): AsyncGenerator<Recipient[]> {
    if (userId === undefined) return;
    const r = this.userRecipient(await this.o.dal.users.findById(userId));
    if (r) yield [r];
  }

  /** A member who can be messaged, as a recipient. */
  private userRecipient(user: User | null | undefined): Recipient | undefined {
    if (!user || !user.reachable || !user.privateChatStarted) return undefined;
    return userRecipient(user, { locale: this.o.defaultLocale, timezone: this.o.defaultTimezone });
  }

  /**
   * insertMany({ordered:false}); duplicates (a re-run fan-out, a racing instance) are ignored. The
   * chunk is written after its deliveries, with a copy of those inserted, and handed to the sender.
   */
  private async insertDeliveries(job: Job, chunk: Recipient[], batch: string, now: Date): Promise<{ inserted: number; duplicates: boolean }> {
    if (!chunk.length) return { inserted: 0, duplicates: false };
    const docs = chunk.map((r) => this.deliveryDoc(job, r, batch, now));
    const inserted = await this.o.dal.deliveries.insertNew(docs);
    await this.readyChunk(batch, job._id, now, inserted);
    return { inserted: inserted.length, duplicates: inserted.length < docs.length };
  }

  private deliveryDoc(job: Job, r: Recipient, batch: string, now: Date): Delivery {
    return {
      _id: newDeliveryId(),
      jobId: job._id,
      kind: job.kind,
      ...(job.eventId ? { eventId: job.eventId } : {}),
      chatId: r.chatId,
      recipient: r.recipient,
      chatType: r.chatType,
      locale: r.locale,
      timezone: r.timezone,
      calendar: r.calendar,
      batch,
      editMessageId: r.editMessageId ?? 0,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    };
  }

  /**
   * Writes a chunk once (an insert: already there, it is left as it is) and hands it to the sender.
   * A chunk this call wrote goes over with its items, so the sender claims it without reading it.
   */
  async readyChunk(batch: string, jobId: string | undefined, now: Date, items: Delivery[]): Promise<void> {
    if (!items.length) return;
    const fresh = await this.o.dal.chunks.write(batch, jobId, now, items);
    this.o.handOver(batch, fresh ? items : undefined);
  }

  /**
   * A re-run fan-out (its previous sender died mid-way): deliveries inserted then but whose chunk was
   * never written get their chunk now. Reads by job and batch: a scan on FerretDB, but only here.
   */
  private async repairOrphans(job: Job, now: Date): Promise<void> {
    for (const batch of await this.o.dal.deliveries.pendingBatchesOfJob(job._id)) {
      if (await this.o.dal.chunks.exists(batch)) continue;
      const items = await this.o.dal.deliveries.pendingInBatch(batch);
      this.o.logger.warn({ batch, deliveries: items.length }, 'repairing a chunk a stopped fan-out did not write');
      await this.readyChunk(batch, job._id, now, items);
    }
  }

  /**
   * Fans out a group of single-recipient jobs due together (direct messages, waitlist promotions):
   * their users in one query, their deliveries in one insert and one chunk. An outcome per job.
   */
  async runGroup(jobs: Job[]): Promise<Map<string, JobOutcome>> {
    const now = this.o.now();
    const batch = `group:${crypto.randomBytes(6).toString('hex')}`;
    const outcomes = new Map<string, JobOutcome>();
    const userIds = [...new Set(jobs.flatMap((j) => (j.chatId === undefined ? [] : [j.chatId])))];
    const users = new Map((await this.o.dal.users.findMany(userIds)).map((u) => [u._id, u]));
    const events = new Map<string, EventRecord | null>();
    const docs: Delivery[] = [];
    for (const job of jobs) {
      let event: EventRecord | null = null;
      if (job.eventId) {
        const key = job.eventId.toHexString();
        if (!events.has(key)) events.set(key, await this.o.content.event(job.eventId, true));
        event = events.get(key) ?? null;
      }
      const meaningful = stillMeaningful(job.kind, event ?? undefined, now, plannedStart(job));
      if (!meaningful.ok) {
        outcomes.set(job._id, { type: 'skip', reason: meaningful.reason });
        continue;
      }
      const r = job.chatId === undefined ? undefined : this.userRecipient(users.get(job.chatId));
      if (r) docs.push(this.deliveryDoc(job, r, batch, now));
      outcomes.set(job._id, { type: 'done', recipients: r ? 1 : 0 });
      this.o.content.rememberJob(job); // the sender renders from it
    }
    const inserted = await this.o.dal.deliveries.insertNew(docs);
    await this.readyChunk(batch, undefined, now, inserted);
    if (inserted.length < docs.length) {
      // Some were there already: an earlier run of these jobs was cut short, perhaps before its chunk.
      const landed = new Set(inserted.map((d) => d.jobId));
      for (const d of docs) if (!landed.has(d.jobId)) await this.repairOrphans(jobs.find((j) => j._id === d.jobId)!, now);
    }
    return outcomes;
  }
}
