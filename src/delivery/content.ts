/**
 * What a delivery says: the text (or card, or edit) for one recipient, rendered in their language,
 * zone and calendar when it is sent, from its job and event (both cached briefly: a broadcast renders
 * the same event for every recipient). Checks again that the message still makes sense.
 */
import crypto from 'node:crypto';
import type { ObjectId, Job, Delivery, EventRecord } from '../dal/types';
import type { Dal } from '../dal';
import type { I18n } from '../i18n/i18n';
import { isLocale, type Locale } from '../i18n/locales';
import { finishMessage } from '../i18n/bidi';
import { CALENDAR_SYSTEMS, type CalendarSystem } from '../domain/time';
import type { EventChangeKind } from './ports';
import type { InlineKeyboard } from './telegram-port';
import { stillMeaningful } from './policy';
import { detailsKeyboard, digestKeyboard, renderDigest, renderNotice, renderReminder, renderStartingNow, type CardRenderer, type Viewer, type WebLinks } from './render';

export type Rendered =
  | { type: 'send'; text: string; photo?: string; caption?: string; keyboard?: InlineKeyboard; followUps?: string[]; card?: boolean }
  | { type: 'edit'; text: string; photo: boolean; keyboard?: InlineKeyboard; hash: string }
  | { type: 'skip'; reason: string };
export type Sendable = Exclude<Rendered, { type: 'skip' }>;

const isCalendar = (c: unknown): c is CalendarSystem => (CALENDAR_SYSTEMS as readonly unknown[]).includes(c);

/** The event start a job was planned for (reminders and "starting now"), if it says. */
export function plannedStart(job: Job): Date | undefined {
  const s = job.payload.startAt;
  return s instanceof Date ? s : typeof s === 'string' ? new Date(s) : undefined;
}

export interface ContentOptions {
  dal: Dal;
  i18n: I18n;
  now: () => Date;
  renderCard: CardRenderer;
  defaultLocale: Locale;
  /** The web calendar's pages, for "Details" under reminders and notices and a link under digests (PUBLIC_URL set); none without it. */
  web?: WebLinks;
}

export class DeliveryContent {
  private readonly eventCache = new Map<string, { at: number; event: EventRecord | null }>();
  private readonly jobCache = new Map<string, Job | null>();

  constructor(private readonly o: ContentOptions) {}

  /** A job the fan-out has just read: its deliveries render from it without reading it again. */
  rememberJob(job: Job): void {
    if (this.jobCache.size > 1000) this.jobCache.clear();
    this.jobCache.set(job._id, job);
  }

  /** An event, from a cache of 2 s unless `fresh`. */
  async event(id: ObjectId | undefined, fresh = false): Promise<EventRecord | null> {
    if (!id) return null;
    const key = id.toHexString();
    const cached = this.eventCache.get(key);
    if (!fresh && cached && Date.now() - cached.at < 2000) return cached.event;
    const event = await this.o.dal.events.findById(id);
    if (this.eventCache.size > 1000) this.eventCache.clear();
    this.eventCache.set(key, { at: Date.now(), event });
    return event;
  }

  private async job(id: string): Promise<Job | null> {
    if (this.jobCache.has(id)) return this.jobCache.get(id) ?? null;
    const job = await this.o.dal.jobs.findById(id);
    if (this.jobCache.size > 1000) this.jobCache.clear();
    this.jobCache.set(id, job);
    return job;
  }

  async render(d: Delivery): Promise<Rendered> {
    // A message to one member is read afresh (one read by string `_id`): /forgetme deletes it, and a
    // copy remembered at fan-out must not outlive that.
    if (d.kind === 'direct' || d.kind === 'promotion') this.jobCache.delete(d.jobId);
    const job = await this.job(d.jobId);
    if (!job) return { type: 'skip', reason: 'job deleted' };
    const event = d.eventId ? await this.event(d.eventId) : null;
    const now = this.o.now();
    const meaningful = stillMeaningful(job.kind, event ?? undefined, now, plannedStart(job));
    if (!meaningful.ok) return { type: 'skip', reason: meaningful.reason };
    const locale: Locale = isLocale(d.locale) ? d.locale : this.o.defaultLocale;
    const viewer: Viewer = { locale, timezone: d.timezone, calendar: isCalendar(d.calendar) ? d.calendar : undefined };
    const t = this.o.i18n.forLocale(locale);
    const details = () => {
      const keyboard = event ? detailsKeyboard(this.o.web?.event(event._id.toHexString(), locale), t) : undefined;
      return keyboard ? { keyboard } : {};
    };
    switch (job.kind) {
      case 'announce': {
        const card = this.o.renderCard(event!, viewer, d.chatType, now);
        return { type: 'send', card: true, text: card.text, ...(card.photo ? { photo: card.photo, caption: card.caption ?? '' } : {}), ...(card.keyboard ? { keyboard: card.keyboard } : {}), ...(card.followUps ? { followUps: card.followUps } : {}) };
      }
      case 'card_edit': {
        const card = this.o.renderCard(event!, viewer, d.chatType, now);
        const post = await this.o.dal.posts.find(d.chatId, d.editMessageId);
        // A card in a private chat whose record is gone belongs to a member who asked to be forgotten.
        if (!post && d.chatType === 'private') return { type: 'skip', reason: 'card no longer recorded' };
        const photo = Boolean(post?.photo ?? card.photo);
        const text = photo ? (card.caption ?? card.text) : card.text;
        const hash = crypto.createHash('sha1').update(text).update(JSON.stringify(card.keyboard ?? null)).digest('hex');
        if (post?.renderedHash === hash) return { type: 'skip', reason: 'card unchanged' };
        return { type: 'edit', text, photo, hash, ...(card.keyboard ? { keyboard: card.keyboard } : {}) };
      }
      case 'reminder':
        return { type: 'send', text: renderReminder(event!, Number(job.payload.offsetMin), viewer, t), ...details() };
      case 'starting':
        return { type: 'send', text: renderStartingNow(event!, viewer, t), ...details() };
      case 'notice':
        return { type: 'send', text: renderNotice(event!, job.payload.change as EventChangeKind, viewer, t), ...details() };
      case 'replan':
        return { type: 'skip', reason: 'a re-plan has no recipients' };
      case 'forget':
        return { type: 'skip', reason: 'forgetting has no recipients' };
      case 'digest': {
        const chat = await this.o.dal.chats.findById(d.chatId);
        if (!chat?.active || !chat.digest.enabled) return { type: 'skip', reason: 'digest switched off' };
        const week = new Date(now.getTime() + 7 * 86_400_000);
        const events = await this.o.dal.events.forDigest(now, week, chat.categories);
        if (!events.length) return { type: 'skip', reason: 'no events this week' };
        const keyboard = digestKeyboard(this.o.web?.home(locale), t);
        return { type: 'send', text: renderDigest(events, viewer, t), ...(keyboard ? { keyboard } : {}) };
      }
      case 'retention':
        return { type: 'skip', reason: 'housekeeping sends nothing' };
      case 'feed':
        return { type: 'skip', reason: 'a feed poll sends nothing itself' };
      case 'direct':
      case 'promotion': {
        const key = String(job.payload.key ?? '');
        if (!this.o.i18n.has(key)) return { type: 'skip', reason: `unknown text ${key}` };
        const vars = (job.payload.vars ?? {}) as Record<string, string | number>;
        // Through the same right-to-left rule as every other text the engine sends.
        return { type: 'send', text: finishMessage(t(key, vars), locale) };
      }
    }
  }
}
