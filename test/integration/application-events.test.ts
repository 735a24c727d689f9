/**
 * The event operations (src/application/events.ts) called directly, as the web calendar and the
 * calendar importer will call them: no telegraf, the real database, the real Planner as the
 * scheduler (what it was told is read back as planned jobs through the jobs repository).
 */
import { Types } from 'mongoose';
import pino from 'pino';
import { openTestDb, type TestDb } from '../support/db';
import { makeOrganizer } from '../support/events';
import { Planner } from '../../src/delivery/planner';
import { createApplication, systemActor, userActor, type Application } from '../../src/application';
import type { EventDraft } from '../../src/domain/event-draft';

const NOW = new Date('2026-11-27T10:00:00Z');
const DEC_5_1830_TEHRAN = new Date('2026-12-05T15:00:00Z');
const ADMIN_ID = 9001;
const SARA = { id: 3101, is_bot: false, first_name: 'سارا' };
const OMAR = { id: 3102, is_bot: false, first_name: 'عمر' };
const AYESHA = { id: 3103, is_bot: false, first_name: 'عائشہ' };
const MEMBER = { id: 3104, is_bot: false, first_name: 'Member' };

describe('event operations (no telegraf)', () => {
  let db: TestDb;
  let app: Application;
  const sara = userActor(SARA.id);
  const omar = userActor(OMAR.id);

  beforeAll(async () => {
    db = await openTestDb('appevents');
    app = createApplication({ dal: db.dal, scheduler: new Planner({ dal: db.dal, now: () => NOW }), now: () => NOW, botAdmins: [ADMIN_ID], logger: pino({ level: 'silent' }) });
    await makeOrganizer(db.dal, SARA);
    await makeOrganizer(db.dal, OMAR);
    await makeOrganizer(db.dal, AYESHA);
    await db.dal.users.upsertFromTelegram(MEMBER, { privateChat: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  const job = (key: string) => db.dal.jobs.findById(key);
  const draft = (over: Partial<EventDraft> = {}): EventDraft => ({
    title: 'شب شعر حافظ',
    start: DEC_5_1830_TEHRAN.toISOString(),
    timezone: 'Asia/Tehran',
    categories: [],
    ...over,
  });
  async function published(title: string, createdBy = SARA.id) {
    const res = await app.events.create(userActor(createdBy), { id: new Types.ObjectId().toHexString(), draft: draft({ title }), publish: true });
    if (!res.ok || res.value.alreadySaved) throw new Error('not created');
    const first = res.value.published[0];
    if (!first) throw new Error('not published');
    return first;
  }

  it('creates and publishes once per id, tells the scheduler, and refuses a member who is not an organizer', async () => {
    const id = new Types.ObjectId();
    const refused = await app.events.create(userActor(MEMBER.id), { id: id.toHexString(), draft: draft(), publish: true });
    expect(refused).toEqual({ ok: false, reason: 'not_organizer' });
    expect(await db.dal.events.findById(id)).toBeNull();

    const res = await app.events.create(sara, { id: id.toHexString(), draft: draft({ venue: { name: 'کتابخانه مرکزی' } }), publish: true });
    expect(res.ok && !res.value.alreadySaved && res.value.published.map((e) => e._id.toHexString())).toEqual([id.toHexString()]);
    expect(await db.dal.events.findById(id)).toMatchObject({ status: 'published', title: 'شب شعر حافظ', createdBy: SARA.id });
    expect(await job(`announce:${id.toHexString()}`)).toMatchObject({ kind: 'announce' });
    // The venue is kept for the organizer's next event.
    expect((await db.dal.venues.listForCreator(SARA.id)).map((v) => v.name)).toContain('کتابخانه مرکزی');

    const again = await app.events.create(sara, { id: id.toHexString(), draft: draft({ title: 'Second press' }), publish: true });
    expect(again).toEqual({ ok: true, value: { alreadySaved: true } });
    expect((await db.dal.events.findById(id))?.title).toBe('شب شعر حافظ');
  });

  it('an incomplete draft is invalid, and nothing is written', async () => {
    const id = new Types.ObjectId();
    const res = await app.events.create(sara, { id: id.toHexString(), draft: { timezone: 'Asia/Tehran', categories: [], title: 'بدون تاریخ' }, publish: false });
    expect(res).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await db.dal.events.findById(id)).toBeNull();
  });

  it('only the creator while still an organizer, or a super-admin, or the system importer, may change an event', async () => {
    const e = await published('Urdu mushaira');
    expect(await app.events.editField(omar, e._id, 'title', { kind: 'text', text: 'Hijacked', locale: 'en' })).toEqual({ ok: false, reason: 'not_creator' });
    expect(await app.events.cancel(userActor(MEMBER.id), e._id, undefined)).toEqual({ ok: false, reason: 'not_organizer' });
    expect(await app.events.forManagement(sara, new Types.ObjectId())).toEqual({ ok: false, reason: 'gone' });
    expect(await app.events.forManagement(sara, 'not-an-id')).toEqual({ ok: false, reason: 'gone' });
    expect((await db.dal.events.findById(e._id))).toMatchObject({ title: 'Urdu mushaira', status: 'published', sequence: 0 });

    const byAdmin = await app.events.editField(userActor(ADMIN_ID), e._id, 'title', { kind: 'text', text: 'مشاعرہ', locale: 'ur' });
    expect(byAdmin.ok && byAdmin.value.event.title).toBe('مشاعرہ');
    const byImporter = await app.events.editField(systemActor('ical-import'), e._id, 'description', { kind: 'text', text: 'From the feed', locale: 'en' });
    expect(byImporter.ok && byImporter.value.event.description).toBe('From the feed');
  });

  it('a revoked organizer loses every right with the next call (rights are read from the database)', async () => {
    const e = await published('Revocation test', AYESHA.id);
    const before = await db.dal.users.findById(AYESHA.id);
    await db.dal.users.update(AYESHA.id, { isOrganizer: false });
    for (const res of [
      await app.events.editField(userActor(AYESHA.id), e._id, 'title', { kind: 'text', text: 'x', locale: 'en' }),
      await app.events.cancel(userActor(AYESHA.id), e._id, 'reason'),
      await app.events.postpone(userActor(AYESHA.id), e._id, { text: '2026-12-20 18:00', locale: 'en' }),
      await app.events.duplicate(userActor(AYESHA.id), e._id),
      await app.events.create(userActor(AYESHA.id), { id: new Types.ObjectId().toHexString(), draft: draft(), publish: true }),
    ]) expect(res).toEqual({ ok: false, reason: 'not_organizer' });
    // A record of someone else, passed as this request's read, is never taken as this actor's.
    expect(before?.isOrganizer).toBe(true);
    expect(await app.events.cancel({ kind: 'user', id: MEMBER.id, storedThisRequest: before }, e._id, undefined)).toEqual({ ok: false, reason: 'not_organizer' });
    expect(await db.dal.events.findById(e._id)).toMatchObject({ title: 'Revocation test', status: 'published' });
  });

  it('validates: a too-long reason, a time that does not read, a title over the limit; nothing changes', async () => {
    const e = await published('Validation');
    const reason = await app.events.cancel(sara, e._id, 'د'.repeat(600));
    expect(reason).toMatchObject({ ok: false, reason: 'invalid', error: { key: 'validation.too_long' } });
    const when = await app.events.postpone(sara, e._id, { text: 'دیروز ساعت ۱۸', locale: 'fa' });
    expect(when).toMatchObject({ ok: false, reason: 'invalid' });
    const title = await app.events.editField(sara, e._id, 'title', { kind: 'text', text: 'T'.repeat(201), locale: 'en' });
    expect(title).toMatchObject({ ok: false, reason: 'invalid', error: { key: 'validation.too_long' } });
    const venue = await app.events.editField(sara, e._id, 'venue', { kind: 'savedVenue', venueId: new Types.ObjectId().toHexString() });
    expect(venue).toMatchObject({ ok: false, reason: 'invalid', error: { key: 'newevent.error.savedGone' } });
    expect(await db.dal.events.findById(e._id)).toMatchObject({ title: 'Validation', status: 'published', sequence: 0 });
  });

  it('postpones and cancels with a reason: sequence raised, notices planned; a cancelled event cannot be cancelled again', async () => {
    const e = await published('Postponed then cancelled');
    const moved = await app.events.postpone(sara, e._id, { text: '2026-12-12 18:30', locale: 'en' });
    expect(moved.ok && moved.value).toMatchObject({ status: 'postponed', sequence: 1, startAt: new Date('2026-12-12T15:00:00Z') });
    expect(await job(`notice:${e._id.toHexString()}:1:postponed`)).toMatchObject({ kind: 'notice' });

    const cancelled = await app.events.cancel(sara, e._id, 'باران شدید');
    expect(cancelled.ok && cancelled.value).toMatchObject({ status: 'cancelled', cancelReason: 'باران شدید', sequence: 2 });
    expect(await job(`notice:${e._id.toHexString()}:2:cancelled`)).toMatchObject({ kind: 'notice' });
    expect(await app.events.cancel(sara, e._id, undefined)).toEqual({ ok: false, reason: 'not_changeable' });
    expect(await app.events.editField(sara, e._id, 'title', { kind: 'text', text: 'x', locale: 'en' })).toEqual({ ok: false, reason: 'not_changeable' });
  });

  it('more places move the waitlist up and tell the promoted member', async () => {
    const e = await published('Small room');
    await app.events.editField(sara, e._id, 'capacity', { kind: 'text', text: '1', locale: 'en' });
    await db.dal.rsvps.answer(e._id, OMAR.id, { answer: 'going' }, NOW);
    const waiting = await db.dal.rsvps.answer(e._id, MEMBER.id, { answer: 'going' }, NOW);
    expect(waiting.kind === 'ok' && waiting.state.status).toBe('waitlist');
    const res = await app.events.editField(sara, e._id, 'capacity', { kind: 'text', text: '۲', locale: 'fa' });
    expect(res.ok && res.value.event.capacity).toBe(2);
    expect((await db.dal.rsvps.find(e._id, MEMBER.id))?.status).toBe('going');
    const promoted = (await db.dal.jobs.overdue(new Date(NOW.getTime() + 1), 100)).filter((j) => j.kind === 'promotion' && j.chatId === MEMBER.id);
    expect(promoted).toHaveLength(1);
  });

  it('a series: a detail changes this occurrence and the later ones, a time only this one; cancelSeries cancels what is left', async () => {
    const res = await app.events.create(sara, {
      id: new Types.ObjectId().toHexString(),
      draft: draft({ title: 'حلقه قرآن', repeat: { rrule: 'FREQ=WEEKLY;COUNT=4', text: 'weekly' } }),
      publish: true,
    });
    if (!res.ok || res.value.alreadySaved) throw new Error('not created');
    const [o0, o1, o2, o3] = res.value.published;
    if (!o0 || !o1 || !o2 || !o3) throw new Error('expected four occurrences');

    const renamed = await app.events.editField(sara, o1._id, 'title', { kind: 'text', text: 'حلقه تفسیر', locale: 'fa' });
    expect(renamed.ok && renamed.value.alsoChanged).toBe(2);
    const titles = (await db.dal.events.listSeries(o0.series!.seriesId)).map((o) => o.title);
    expect(titles).toEqual(['حلقه قرآن', 'حلقه تفسیر', 'حلقه تفسیر', 'حلقه تفسیر']);

    const moved = await app.events.postpone(sara, o2._id, { text: '2026-12-20 18:30', locale: 'en' });
    expect(moved.ok && moved.value.series).toMatchObject({ detached: true, index: 2 });
    expect((await db.dal.events.findById(o3._id))?.startAt).toEqual(o3.startAt);

    const upcoming = await app.events.upcomingInSeries(sara, o0._id);
    expect(upcoming.ok && upcoming.value.upcoming).toHaveLength(4);
    expect(await app.events.cancelSeries(omar, o0._id)).toEqual({ ok: false, reason: 'not_creator' });
    const cancelled = await app.events.cancelSeries(sara, o0._id);
    expect(cancelled).toEqual({ ok: true, value: { cancelled: 4 } });
    for (const o of [o0, o1, o2, o3]) {
      expect((await db.dal.events.findById(o._id))?.status).toBe('cancelled');
      expect(await job(`notice:${o._id.toHexString()}:${(await db.dal.events.findById(o._id))?.sequence}:cancelled`)).not.toBeNull();
    }
  });

  it('publishes a draft series at once; deletes drafts only; duplicates as the actor\'s draft', async () => {
    const res = await app.events.create(sara, { id: new Types.ObjectId().toHexString(), draft: draft({ repeat: { rrule: 'FREQ=WEEKLY;COUNT=2', text: 'weekly' } }), publish: false });
    if (!res.ok || res.value.alreadySaved) throw new Error('not created');
    const [d0, d1] = res.value.created;
    expect(await app.events.deleteDraft(omar, d0!._id)).toEqual({ ok: false, reason: 'not_creator' });
    const pub = await app.events.publishDraft(sara, d1!._id);
    expect(pub.ok && pub.value.targets).toBe(2);
    expect(await job(`announce:${d0!._id.toHexString()}`)).not.toBeNull();
    expect(await app.events.publishDraft(sara, d0!._id)).toEqual({ ok: false, reason: 'not_changeable' });
    expect(await app.events.deleteDraft(sara, d0!._id)).toEqual({ ok: false, reason: 'only_drafts' });

    const copy = await app.events.duplicate(userActor(ADMIN_ID), d0!._id);
    expect(copy.ok && copy.value).toMatchObject({ status: 'draft', createdBy: ADMIN_ID, title: 'شب شعر حافظ' });
    expect(copy.ok && copy.value.series).toBeUndefined();
    if (!copy.ok) throw new Error('no copy');
    expect(await app.events.deleteDraft(userActor(ADMIN_ID), copy.value._id)).toEqual({ ok: true, value: true });
    expect(await db.dal.events.findById(copy.value._id)).toBeNull();
  });
});
