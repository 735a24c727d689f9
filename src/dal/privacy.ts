/**
 * What the bot keeps about a member, and how /forgetme removes it: one entry per registered
 * collection (the type makes every collection of `createModels` appear here, and a test compares
 * this list with the collections the database actually holds), each either erasing or anonymizing
 * the member's records or saying why the collection holds nothing about anyone.
 *
 * Entries run in the order written: receipts and chunks are found through the member's
 * deliveries and jobs, so they come before those.
 */
import type { Models } from './models';
import type { AgendaModel } from './agenda/agenda.model';
import { ChunkRepository } from './chunks/chunk.repository';

export type ForgetOutcome = { erased: number; anonymized: number };
type Step = (m: Models, userId: number, pass: ForgetPass) => Promise<ForgetOutcome>;
/**
 * What one pass knows beyond the member's id. A receipt names a delivery, not a person: a send in
 * flight during the first pass can write the receipt of a delivery that pass already deleted, so the
 * first pass reports the deliveries it found and the second pass is given them (random ids, no person).
 */
export interface ForgetPass {
  /** Deliveries of this member found by an earlier pass: their receipts go too. */
  receiptsOf?: string[];
  /** Told the ids of the member's deliveries this pass found (before deleting them). */
  onDeliveries?: (ids: string[]) => void;
}
/** A collection that holds nothing keyed by a person; the reason is the documentation. */
type NoMemberData = { none: string };
export type ForgetPlan = { [K in keyof Models]: Step | NoMemberData };

const erased = (n: number): ForgetOutcome => ({ erased: n, anonymized: 0 });
const anonymized = (n: number): ForgetOutcome => ({ erased: 0, anonymized: n });
const sum = (a: ForgetOutcome, b: ForgetOutcome): ForgetOutcome => ({ erased: a.erased + b.erased, anonymized: a.anonymized + b.anonymized });

/** Direct messages are keyed "direct:<user>:…"; their chunks "<job key>:<run>:<n>". */
export const directKeyPattern = (userId: number) => new RegExp(`^direct:${userId}:`);
/** Jobs that name the member in their key: direct messages, and /forgetme's own second pass ("forget:<user>:…"). */
const memberJobPattern = (userId: number) => new RegExp(`^(direct|forget):${userId}:`);
/** Sessions are keyed "<chat>:<user>"; claims "<kind>:<user>:…" where they name a person. */
const sessionKeyPattern = (userId: number) => new RegExp(`:${userId}$`);
const claimKeyPattern = (userId: number) => new RegExp(`^[a-z_-]+:${userId}(:|$)`);

/** Someone who is no longer anyone: where a record must stay (an event, a linked channel) but not its author. */
export const FORGOTTEN = 0;

async function dropAgendaEntries(model: AgendaModel, job: RegExp): Promise<number> {
  let n = 0;
  for (const page of await model.find({ 'entries.job': job }).lean().exec()) {
    const entries = (page.entries ?? []).filter((e) => !job.test(e.job));
    await model.updateOne({ _id: page._id }, { $set: { entries } }).exec();
    n += 1;
  }
  return n;
}

export const FORGET_PLAN: ForgetPlan = {
  // The sender's ledger knows deliveries by _id and chunk: read the member's before they go.
  receipts: async (m, id, pass) => {
    const found = (await m.deliveries.find({ chatId: id }).select({ _id: 1 }).lean().exec()).map((d) => String(d._id));
    pass.onDeliveries?.(found);
    const mine = [...new Set([...found, ...(pass.receiptsOf ?? [])])];
    let n = 0;
    for (let i = 0; i < mine.length; i += 500) {
      n += (await m.receipts.deleteMany({ _id: { $in: mine.slice(i, i + 500) } }).exec()).deletedCount;
    }
    n += (await m.receipts.deleteMany({ batch: directKeyPattern(id) }).exec()).deletedCount;
    return erased(n);
  },
  deliveries: async (m, id) => erased((await m.deliveries.deleteMany({ chatId: id }).exec()).deletedCount),
  // A chunk of their direct messages is named after the job; other chunks name no one, but the
  // copies of deliveries they carry (chunk_items) do.
  chunks: async (m, id) => erased((await m.chunks.deleteMany({ _id: directKeyPattern(id) }).exec()).deletedCount),
  chunkItems: async (m, id) => {
    const n = (await m.chunkItems.deleteMany({ _id: directKeyPattern(id) }).exec()).deletedCount;
    return erased(n + (await new ChunkRepository(m.chunks, m.chunkItems).dropRecipient(id)));
  },
  jobs: async (m, id) => erased((await m.jobs.deleteMany({ $or: [{ chatId: id }, { _id: memberJobPattern(id) }] }).exec()).deletedCount),
  // Timetable pages list job keys, which for direct messages (and the second pass) carry the member's id. A page is
  // rewritten without them, never deleted: the tick reads a minute's pages until one is missing.
  agenda: async (m, id) => erased(await dropAgendaEntries(m.agenda, memberJobPattern(id))),
  agendaLater: async (m, id) => erased(await dropAgendaEntries(m.agendaLater, memberJobPattern(id))),
  // Cards in their private chat: with the record gone, no later change edits them.
  posts: async (m, id) => erased((await m.posts.deleteMany({ chatId: id }).exec()).deletedCount),
  rsvps: async (m, id) => erased((await m.rsvps.deleteMany({ userId: id }).exec()).deletedCount),
  subscriptions: async (m, id) => erased((await m.subscriptions.deleteMany({ userId: id }).exec()).deletedCount),
  sessions: async (m, id) => erased((await m.sessions.deleteMany({ _id: sessionKeyPattern(id) }).exec()).deletedCount),
  organizerRequests: async (m, id) => {
    const own = (await m.organizerRequests.deleteMany({ _id: id }).exec()).deletedCount;
    const decided = (await m.organizerRequests.updateMany({ decidedBy: id }, { $unset: { decidedBy: 1 } }).exec()).modifiedCount;
    return { erased: own, anonymized: decided };
  },
  // A used invite stays used (usedBy is not null) but no longer says by whom; unused invites the
  // member made stop working; used ones they made no longer say who made them.
  invites: async (m, id) => {
    const used = (await m.invites.updateMany({ usedBy: id }, { $set: { usedBy: FORGOTTEN } }).exec()).modifiedCount;
    const unused = (await m.invites.deleteMany({ createdBy: id, usedBy: null }).exec()).deletedCount;
    const made = (await m.invites.updateMany({ createdBy: id }, { $set: { createdBy: FORGOTTEN } }).exec()).modifiedCount;
    return { erased: unused, anonymized: used + made };
  },
  claims: async (m, id) => erased((await m.claims.deleteMany({ $or: [{ holder: id }, { _id: claimKeyPattern(id) }] }).exec()).deletedCount),
  // The bot's record of which linked chats they administer (for /channels).
  chatAdmins: async (m, id) => erased((await m.chatAdmins.deleteMany({ userId: id }).exec()).deletedCount),
  // A channel they linked stays linked (its admins chose it), credited to no one.
  chats: async (m, id) => anonymized((await m.chats.updateMany({ linkedBy: id }, { $set: { linkedBy: FORGOTTEN } }).exec()).modifiedCount),
  // Published events belong to the community and stay, credited to no one (super-admins manage
  // them); unpublished drafts were the member's alone.
  events: async (m, id) => {
    const drafts = (await m.events.deleteMany({ createdBy: id, status: 'draft' }).exec()).deletedCount;
    const kept = (await m.events.updateMany({ createdBy: id }, { $set: { createdBy: FORGOTTEN } }).exec()).modifiedCount;
    return { erased: drafts, anonymized: kept };
  },
  // Feeds they added: removed with what each imported entry by entry (the events stay, as above).
  // Entries name no one, but belong to the feed, so they go first, found through it.
  feedEntries: async (m, id) => {
    const feeds = (await m.feeds.find({ ownerId: id }).select({ _id: 1 }).lean().exec()).map((f) => String(f._id));
    return erased(feeds.length ? (await m.feedEntries.deleteMany({ feedId: { $in: feeds } }).exec()).deletedCount : 0);
  },
  feeds: async (m, id) => erased((await m.feeds.deleteMany({ ownerId: id }).exec()).deletedCount),
  venues: async (m, id) => erased((await m.venues.deleteMany({ createdBy: id }).exec()).deletedCount),
  organizerProfiles: async (m, id) => erased((await m.organizerProfiles.deleteMany({ createdBy: id }).exec()).deletedCount),
  // Last: while it exists, the fan-out may still address them.
  users: async (m, id) => erased((await m.users.deleteOne({ _id: id }).exec()).deletedCount),
  rsvpLocks: { none: 'a per-event lock (event id, instance id), held for milliseconds' },
  leases: { none: 'which instance sends (instance ids)' },
  categories: { none: 'the managed list of categories' },
};

/**
 * Removes or anonymizes every record keyed by the member, collection by collection, and returns
 * what was done per collection. RSVPs should be withdrawn first through the RSVP repository (so
 * counts and waitlists stay right); anything left is deleted here.
 */
export async function forgetMember(models: Models, userId: number, pass: ForgetPass = {}): Promise<Record<string, ForgetOutcome>> {
  const done: Record<string, ForgetOutcome> = {};
  for (const [name, step] of Object.entries(FORGET_PLAN) as Array<[keyof Models, Step | NoMemberData]>) {
    if (typeof step !== 'function') continue;
    done[name] = sum(done[name] ?? { erased: 0, anonymized: 0 }, await step(models, userId, pass));
  }
  return done;
}
