/**
 * The event operations every front door calls (the chat's /newevent and /myevents today; the web
 * calendar and calendar import next): create from a draft, publish a draft, edit one field, postpone,
 * cancel with a reason, cancel what is left of a series, duplicate, delete a draft. Each one reads the
 * event and the actor's rights from the database, validates, writes through the repositories and
 * tells the scheduler; refusals come back as values (see outcome.ts).
 *
 * Series: a change of time (edit of when/end, postponement) or a cancellation acts on one occurrence,
 * which is then detached; a change of any other detail acts on that occurrence and the live ones after
 * it; `cancelSeries` cancels every occurrence still to come.
 */
import { storedIdFromHex } from '../dal/ids';
import type { Dal } from '../dal';
import { isDuplicateKey, LIVE_STATUSES } from '../dal/events/event.repository';
import { venueSnapshot } from '../dal/venues/venue.repository';
import { organizerSnapshot } from '../dal/organizers/organizer.repository';
import type { EventChangeKind, Scheduler } from '../delivery/ports';
import {
  clearField, draftFromEvent, isComplete, isStep, readField, readVenue, readWhen, type DraftResult, type EventDraft, type Step,
} from '../domain/event-draft';
import { LIMITS, validateCancelReason, validationMessage } from '../domain/validate';
import type { Locale } from '../i18n/locales';
import type { ImportSource } from '../domain/event';
import { newEventsFromDraft } from './event-records';
import { creatorId, mayCreateEvents, mayManageEvent, type Actor } from './actor';
import { done, invalid, refuse, type Outcome, type Refusal } from './outcome';
import type { EventRecord, EventStatus, ObjectId } from '../dal/types';

export interface EventOperationsDeps {
  dal: Pick<Dal, 'events' | 'users' | 'venues' | 'organizerProfiles' | 'categories' | 'rsvps'>;
  scheduler: Scheduler;
  now: () => Date;
  botAdmins: readonly number[];
}

/** Fields an organizer may edit once the event exists (the series rule is fixed once created). */
export const EDITABLE_FIELDS: readonly Step[] = ['title', 'when', 'end', 'venue', 'address', 'online', 'description', 'categories', 'organizer', 'links', 'capacity', 'photo'];

/** Statuses members see, in which a change raises the sequence and is announced. */
const ACTIVE: readonly EventStatus[] = ['published', 'postponed'];

export type EventAction = 'edit' | 'postpone' | 'cancel' | 'cancelSeries' | 'duplicate' | 'delete' | 'publish';

/** What can be done with an event in its current state (the management keyboard shows these). */
export function eventActions(e: Pick<EventRecord, 'status' | 'series'>): ReadonlySet<EventAction> {
  if (e.status === 'draft') return new Set<EventAction>(['edit', 'publish', 'duplicate', 'delete']);
  if (ACTIVE.includes(e.status)) {
    const actions: EventAction[] = ['edit', 'postpone', 'cancel', 'duplicate'];
    if (e.series) actions.push('cancelSeries');
    return new Set(actions);
  }
  return new Set<EventAction>(['duplicate']);
}

/** An answer to one field: typed text, a photo, a saved venue or organizer, chosen categories, or "clear it". */
export type FieldInput =
  | { kind: 'text'; text: string; locale: Locale }
  | { kind: 'photo'; fileId: string }
  | { kind: 'savedVenue'; venueId: string }
  | { kind: 'savedOrganizer'; profileId: string }
  | { kind: 'categories'; slugs: string[] }
  | { kind: 'clear' };

/** What changed, for the delivery engine: time, place or other details. */
function kindOf(step: Step): EventChangeKind {
  if (step === 'when' || step === 'end') return 'time';
  if (step === 'venue' || step === 'address') return 'place';
  return 'details';
}

/** The record fields each field changes. */
const FIELDS_OF: Record<Step, readonly (keyof EventRecord)[]> = {
  title: ['title'],
  when: ['startAt', 'endAt', 'allDay'],
  end: ['endAt', 'allDay'],
  venue: ['venue', 'venueId'],
  address: ['venue', 'venueId'],
  online: ['onlineUrl'],
  description: ['description'],
  categories: ['categories'],
  organizer: ['organizer', 'organizerId'],
  links: ['organizer', 'organizerId'],
  capacity: ['capacity'],
  photo: ['photoFileId'],
  repeat: [],
};

interface Change {
  set: Partial<EventRecord>;
  unset: (keyof EventRecord)[];
}

/** The fields one answer changes: set when the draft has them, unset when it no longer does. */
function changeFromDraft(e: EventRecord, draft: EventDraft, step: Step): Change {
  const single: EventDraft & { title: string; start: string } = { ...draft, title: draft.title ?? e.title, start: draft.start ?? e.startAt.toISOString() };
  delete single.repeat;
  const base: Partial<EventRecord> = newEventsFromDraft(single, e.createdBy)[0] ?? {};
  const set: Partial<EventRecord> = {};
  const unset: (keyof EventRecord)[] = [];
  const take = <K extends keyof EventRecord>(k: K) => {
    if (base[k] !== undefined) set[k] = base[k];
    else if (e[k] !== undefined) unset.push(k);
  };
  FIELDS_OF[step].forEach(take);
  return { set, unset };
}

/** The import source with `step` (and the step sharing its fields) recorded as edited here. */
function markEdited(source: ImportSource, step: Step): ImportSource {
  const also: Partial<Record<Step, Step>> = { address: 'venue', venue: 'address', links: 'organizer', organizer: 'links' };
  const edited = new Set([...source.edited, step, ...(also[step] ? [also[step]] : [])]);
  return { ...source, edited: [...edited] };
}

/** The fields a calendar feed keeps up to date (each a dialogue step, so "edited here" names the same thing). */
export const IMPORTED_FIELDS: readonly Step[] = ['title', 'when', 'end', 'venue', 'online', 'description', 'categories', 'organizer'];

/** A value in a canonical form: dates as instants, no nulls or undefined, object keys sorted. */
function canonical(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object' && typeof (v as { toHexString?: unknown }).toHexString === 'function') return (v as { toHexString(): string }).toHexString();
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null && x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, canonical(x)]),
    );
  }
  return v === null ? undefined : v;
}

/** Stored values compared as members see them (whatever order a sub-document's keys come back in). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

export class EventOperations {
  constructor(private readonly deps: EventOperationsDeps) {}

  /** The event, when the actor may manage it (a super-admin, or its creator while still an organizer). */
  async forManagement(actor: Actor, eventId: string | ObjectId): Promise<Outcome<EventRecord>> {
    const event = await this.deps.dal.events.findById(eventId);
    if (!event) return refuse('gone');
    const decision = await mayManageEvent(this.deps, actor, event);
    return decision.ok ? done(event) : refuse(decision.reason);
  }

  /** Whether the actor may create events at all (the chat asks before opening the dialogue). */
  async mayCreate(actor: Actor): Promise<Outcome<true>> {
    const decision = await mayCreateEvents(this.deps, actor);
    return decision.ok ? done(true) : refuse(decision.reason);
  }

  /**
   * Creates the event (or every occurrence of its series) from a complete draft, saving its venue and
   * organizer for the creator's next event, and publishes it when asked. `id` (24 hex digits, chosen
   * by the caller) becomes the first event's `_id`, so a second call with the same id (a double press) creates nothing: `alreadySaved`.
   */
  async create(
    actor: Actor,
    input: { id: string; draft: EventDraft; publish: boolean },
  ): Promise<Outcome<{ alreadySaved: true } | { alreadySaved: false; created: EventRecord[]; published: EventRecord[] }>> {
    const allowed = await this.mayCreate(actor);
    if (!allowed.ok) return allowed;
    const createdBy = creatorId(actor);
    if (createdBy === undefined) return refuse('not_organizer');
    const firstId = storedIdFromHex(input.id);
    if (!firstId) return invalid({ key: 'events.badButton' });
    const draft: EventDraft = { ...input.draft };
    if (!isComplete(draft)) return invalid({ key: draft.title ? 'newevent.ask.when' : 'newevent.ask.title' });
    const { dal } = this.deps;
    const now = this.deps.now();
    if (draft.venue) draft.venueId = (await dal.venues.save(createdBy, draft.venue, now))._id.toHexString();
    if (draft.organizer) draft.organizerId = (await dal.organizerProfiles.save(createdBy, draft.organizer, now))._id.toHexString();
    const inputs = newEventsFromDraft(draft, createdBy).map((e, i) => (i === 0 ? { ...e, _id: firstId } : e));
    let created: EventRecord[];
    try {
      created = inputs.length === 1 && inputs[0] ? [await dal.events.create(inputs[0])] : await dal.events.createMany(inputs);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return done({ alreadySaved: true });
    }
    const published = input.publish ? await this.publishEach(created) : [];
    return done({ alreadySaved: false, created, published });
  }

  /** Publishes a draft, and with it every other draft occurrence of its series. */
  async publishDraft(actor: Actor, eventId: string | ObjectId): Promise<Outcome<{ targets: number; first: EventRecord | undefined }>> {
    const found = await this.forManagement(actor, eventId);
    if (!found.ok) return found;
    const e = found.value;
    if (e.status !== 'draft') return refuse('not_changeable');
    const targets = e.series ? (await this.deps.dal.events.listSeries(e.series.seriesId)).filter((o) => o.status === 'draft') : [e];
    const published = await this.publishEach(targets);
    return done({ targets: targets.length, first: published[0] });
  }

  private async publishEach(events: EventRecord[]): Promise<EventRecord[]> {
    const now = this.deps.now();
    const published: EventRecord[] = [];
    for (const t of events) {
      const p = await this.deps.dal.events.publish(t._id, now);
      if (p) {
        published.push(p);
        await this.deps.scheduler.eventPublished(p._id);
      }
    }
    return published;
  }

  /** Reads an answer to one field into the event's draft (validation, saved venues owned by the actor). */
  private async readAnswer(actor: Actor, e: EventRecord, step: Step, input: FieldInput): Promise<DraftResult | Refusal> {
    const draft = draftFromEvent(e);
    const owner = creatorId(actor) ?? e.createdBy;
    switch (input.kind) {
      case 'clear':
        return { ok: true, draft: clearField(step, draft) };
      case 'text':
        if (step === 'venue') return readVenue(draft, input.text);
        return readField(step, draft, input.text, { now: this.deps.now(), categories: await this.deps.dal.categories.listActive(), locale: input.locale });
      case 'photo':
        return step === 'photo' ? { ok: true, draft: { ...draft, photoFileId: input.fileId } } : { ok: false, error: { key: 'newevent.error.textExpected' } };
      case 'savedVenue': {
        const venue = step === 'venue' ? await this.deps.dal.venues.findOwned(input.venueId, owner) : null;
        return venue ? { ok: true, draft: { ...draft, venue: venueSnapshot(venue), venueId: venue._id.toHexString() } } : { ok: false, error: { key: 'newevent.error.savedGone' } };
      }
      case 'savedOrganizer': {
        const profile = step === 'organizer' ? await this.deps.dal.organizerProfiles.findOwned(input.profileId, owner) : null;
        return profile
          ? { ok: true, draft: { ...draft, organizer: organizerSnapshot(profile), organizerId: profile._id.toHexString() } }
          : { ok: false, error: { key: 'newevent.error.savedGone' } };
      }
      case 'categories':
        return step === 'categories' ? { ok: true, draft: { ...draft, categories: [...input.slugs] } } : { ok: false, error: { key: 'newevent.error.textExpected' } };
    }
  }

  /**
   * Changes one field. On a series, a detail (not the time) also changes the live occurrences after
   * this one that have not ended; `alsoChanged` counts them.
   */
  async editField(actor: Actor, eventId: string | ObjectId, step: Step, input: FieldInput): Promise<Outcome<{ event: EventRecord; alsoChanged: number }>> {
    const found = await this.forManagement(actor, eventId);
    if (!found.ok) return found;
    const e = found.value;
    if (!EDITABLE_FIELDS.includes(step)) return refuse('not_changeable');
    if (input.kind === 'clear' && (step === 'title' || step === 'when')) return refuse('not_changeable');
    const res = await this.readAnswer(actor, e, step, input);
    if ('reason' in res) return res;
    if (!res.ok) return invalid(res.error, res.choices);
    const change = changeFromDraft(e, res.draft, step);
    // Who wins: a field edited in chat is the organizer's from now on; the feed keeps the rest up to date.
    if (e.source) change.set.source = markEdited(e.source, step);
    const updated = await this.applyChange(e, change, kindOf(step));
    if (!updated) return refuse('not_changeable');
    let alsoChanged = 0;
    if (e.series && kindOf(step) !== 'time') {
      const now = this.deps.now();
      const following = (await this.deps.dal.events.listSeries(e.series.seriesId)).filter(
        (o) => !o._id.equals(e._id) && (o.series?.index ?? 0) > (e.series?.index ?? 0) && LIVE_STATUSES.includes(o.status) && o.endAt > now,
      );
      for (const o of following) {
        const visible = ACTIVE.includes(o.status);
        const u = await this.deps.dal.events.update(o._id, change, { allowed: LIVE_STATUSES, bump: visible });
        if (!u) continue;
        alsoChanged += 1;
        if (visible) await this.deps.scheduler.eventChanged(u._id, kindOf(step));
      }
    }
    return done({ event: updated, alsoChanged });
  }

  /** Moves a published event (one occurrence of a series) to a new time read from `text`, marked postponed. */
  async postpone(actor: Actor, eventId: string | ObjectId, input: { text: string; locale: Locale }): Promise<Outcome<EventRecord>> {
    const found = await this.forManagement(actor, eventId);
    if (!found.ok) return found;
    const e = found.value;
    if (!ACTIVE.includes(e.status)) return refuse('not_changeable');
    const res = readWhen(draftFromEvent(e), input.text, { now: this.deps.now(), locale: input.locale });
    if (!res.ok) return invalid(res.error, res.choices);
    const change = changeFromDraft(e, res.draft, 'when');
    if (e.source) change.set.source = markEdited(e.source, 'when');
    const updated = await this.applyChange(e, { set: { ...change.set, status: 'postponed' }, unset: [] }, 'postponed', ACTIVE);
    return updated ? done(updated) : refuse('not_changeable');
  }

  /** Cancels a published event (one occurrence of a series), with an optional reason members are told. */
  async cancel(actor: Actor, eventId: string | ObjectId, reasonText: string | undefined): Promise<Outcome<EventRecord>> {
    const found = await this.forManagement(actor, eventId);
    if (!found.ok) return found;
    const e = found.value;
    let reason: string | undefined;
    if (reasonText !== undefined) {
      const checked = validateCancelReason(reasonText);
      if (!checked.ok) {
        const m = validationMessage(checked);
        return invalid({ key: m.key, vars: { ...m.vars, max: LIMITS.cancelReason } });
      }
      reason = checked.value;
    }
    if (!ACTIVE.includes(e.status)) return refuse('not_changeable');
    const change: Change = reason ? { set: { status: 'cancelled', cancelReason: reason }, unset: [] } : { set: { status: 'cancelled' }, unset: ['cancelReason'] };
    const updated = await this.applyChange(e, change, 'cancelled', ACTIVE);
    return updated ? done(updated) : refuse('not_changeable');
  }

  /** The occurrences of the event's series still to come (what `cancelSeries` would cancel). */
  async upcomingInSeries(actor: Actor, eventId: string | ObjectId): Promise<Outcome<{ event: EventRecord; upcoming: EventRecord[] }>> {
    const found = await this.forManagement(actor, eventId);
    if (!found.ok) return found;
    const e = found.value;
    if (!e.series) return refuse('not_changeable');
    const now = this.deps.now().getTime();
    const upcoming = (await this.deps.dal.events.listSeries(e.series.seriesId)).filter((o) => ACTIVE.includes(o.status) && o.endAt.getTime() > now);
    return done({ event: e, upcoming });
  }

  /** Cancels every occurrence of the series still to come; returns how many it cancelled. */
  async cancelSeries(actor: Actor, eventId: string | ObjectId): Promise<Outcome<{ cancelled: number }>> {
    const found = await this.upcomingInSeries(actor, eventId);
    if (!found.ok) return found;
    let cancelled = 0;
    for (const o of found.value.upcoming) {
      const u = await this.deps.dal.events.update(o._id, { set: { status: 'cancelled' } }, { allowed: ACTIVE, bump: true });
      if (u) {
        cancelled += 1;
        await this.deps.scheduler.eventChanged(u._id, 'cancelled');
      }
    }
    return done({ cancelled });
  }

  /** A copy of the event as a new draft of the actor's (one event, not a series). */
  async duplicate(actor: Actor, eventId: string | ObjectId): Promise<Outcome<EventRecord>> {
    const found = await this.forManagement(actor, eventId);
    if (!found.ok) return found;
    const e = found.value;
    const copy = newEventsFromDraft({ ...draftFromEvent(e), title: e.title, start: e.startAt.toISOString() }, creatorId(actor) ?? e.createdBy)[0];
    if (!copy) return refuse('not_changeable');
    return done(await this.deps.dal.events.create({ ...copy, status: 'draft' }));
  }

  /** Deletes a draft (only a draft: published events are cancelled, never deleted). */
  async deleteDraft(actor: Actor, eventId: string | ObjectId): Promise<Outcome<true>> {
    const found = await this.forManagement(actor, eventId);
    if (!found.ok) return found;
    if (found.value.status !== 'draft') return refuse('only_drafts');
    return (await this.deps.dal.events.deleteDraft(found.value._id)) ? done(true) : refuse('not_changeable');
  }

  /**
   * Creates and publishes one event a calendar feed brought in, as the feed's owner (`actor`): the
   * same rights check as /newevent, no saved venue or organizer profile (those are the organizer's
   * own picks), announced or not as the feed says (reminders either way). `id` is derived from the
   * feed and the entry, so an entry seen again (a later poll, a restart, a crash half-way) creates
   * nothing: `alreadySaved`, with the event — published now if the crash came before that.
   */
  async importNew(
    actor: Actor,
    input: { id: string; draft: EventDraft; source: ImportSource; announce: boolean },
  ): Promise<Outcome<{ alreadySaved: boolean; event: EventRecord }>> {
    const allowed = await this.mayCreate(actor);
    if (!allowed.ok) return allowed;
    const createdBy = creatorId(actor);
    const id = storedIdFromHex(input.id);
    if (createdBy === undefined) return refuse('not_organizer');
    if (!id) return invalid({ key: 'events.badButton' });
    if (!isComplete(input.draft)) return invalid({ key: 'newevent.ask.when' });
    const [fields] = newEventsFromDraft({ ...input.draft, repeat: undefined }, createdBy);
    if (!fields) return invalid({ key: 'newevent.ask.when' });
    let event: EventRecord | null;
    try {
      event = await this.deps.dal.events.createPublished({ ...fields, _id: id, source: input.source }, this.deps.now());
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      event = await this.deps.dal.events.findById(id);
      if (!event) return refuse('gone');
      // Seen before. Telling the scheduler again is harmless (its jobs are keyed) and covers a crash
      // between the insert and the first telling.
      if (event.status === 'published') await this.deps.scheduler.eventPublished(event._id, { announce: input.announce });
      return done({ alreadySaved: true, event });
    }
    await this.deps.scheduler.eventPublished(event._id, { announce: input.announce });
    return done({ alreadySaved: false, event });
  }

  /**
   * Brings an imported event up to date with its source: every field of IMPORTED_FIELDS the
   * organizer has not edited in chat (`source.edited`) takes the source's value. Nothing differs,
   * nothing is written (so a poll repeated after a crash sends no second notice); otherwise one
   * change, told to members like any edit (a new time or place also as a notice).
   */
  async importChanges(actor: Actor, eventId: string | ObjectId, draft: EventDraft): Promise<Outcome<{ changed: boolean; event: EventRecord }>> {
    const found = await this.forManagement(actor, eventId);
    if (!found.ok) return found;
    const e = found.value;
    if (!LIVE_STATUSES.includes(e.status)) return done({ changed: false, event: e });
    if (!isComplete(draft)) return invalid({ key: 'newevent.ask.when' });
    const [fresh] = newEventsFromDraft({ ...draft, repeat: undefined }, e.createdBy);
    if (!fresh) return invalid({ key: 'newevent.ask.when' });
    const keysOf = (step: Step): (keyof EventRecord)[] => (step === 'when' ? [...FIELDS_OF.when, 'timezone'] : [...FIELDS_OF[step]]);
    // A record field any edited step wrote stays as edited (a new start in chat keeps its end too).
    const kept = new Set((e.source?.edited ?? []).filter(isStep).flatMap(keysOf));
    const change: Change = { set: {}, unset: [] };
    const changedSteps = new Set<Step>();
    for (const step of IMPORTED_FIELDS) {
      for (const k of keysOf(step)) {
        if (kept.has(k)) continue;
        const want = fresh[k as keyof typeof fresh];
        if (sameValue(want, e[k])) continue;
        if (want === undefined) change.unset.push(k);
        else Object.assign(change.set, { [k]: want });
        changedSteps.add(step);
      }
    }
    if (changedSteps.size === 0) return done({ changed: false, event: e });
    const kind: EventChangeKind = changedSteps.has('when') || changedSteps.has('end') ? 'time' : changedSteps.has('venue') ? 'place' : 'details';
    const updated = await this.applyChange(e, change, kind);
    return updated ? done({ changed: true, event: updated }) : refuse('not_changeable');
  }

  /**
   * Applies a change to one event (only while it is in one of `allowed`), raises its sequence when
   * members can see it, promotes the waitlist when places were added, and tells the scheduler.
   */
  private async applyChange(e: EventRecord, change: Change, kind: EventChangeKind, allowed: readonly EventStatus[] = LIVE_STATUSES): Promise<EventRecord | null> {
    const visible = ACTIVE.includes(e.status);
    const set = { ...change.set };
    // Moving or cancelling one occurrence detaches it from its series.
    if (e.series && (kind === 'time' || kind === 'postponed' || kind === 'cancelled')) set.series = { ...e.series, detached: true };
    const updated = await this.deps.dal.events.update(e._id, { set, unset: change.unset }, { allowed, bump: visible });
    if (!updated) return null;
    if (visible && ('capacity' in change.set || change.unset.includes('capacity'))) {
      // More places (or no limit any more): waiting members move up, first come first served, and are told.
      const promoted = await this.deps.dal.rsvps.promoteWaitlist(updated._id, this.deps.now());
      for (const p of promoted) {
        await this.deps.scheduler.notifyUser(p.userId, 'rsvp.promoted', { title: updated.title }, updated._id);
      }
    }
    if (visible) await this.deps.scheduler.eventChanged(updated._id, kind);
    return updated;
  }
}
