/**
 * The organizer operations (src/application/organizers.ts) without telegraf, against the real
 * database: invitations (super-admins only, single use, expiring), requests with their cooldown, the
 * first admin's answer winning, and revoking. Rights are read as stored at each call.
 */
import { openTestDb, type TestDb } from '../support/db';
import { INVITE_TTL_MS, OrganizerOperations } from '../../src/application/organizers';
import { systemActor, userActor } from '../../src/application';

const ADMIN = 6001;
const SECOND_ADMIN = 6002;
const people = [
  { id: 6101, is_bot: false, first_name: 'سمیه' },
  { id: 6102, is_bot: false, first_name: 'عبدالله' },
  { id: 6103, is_bot: false, first_name: 'نوید' },
];
const HOUR = 3_600_000;

describe('organizer operations (no telegraf)', () => {
  let db: TestDb;
  let ops: OrganizerOperations;
  let now = new Date('2026-11-27T10:00:00Z');
  const [somayeh, abdullah, navid] = people.map((p) => userActor(p.id));

  beforeAll(async () => {
    db = await openTestDb('apporganizers');
    ops = new OrganizerOperations({ dal: db.dal, botAdmins: [ADMIN, SECOND_ADMIN], now: () => now, organizeCooldownMs: 24 * HOUR });
    for (const p of people) await db.dal.users.upsertFromTelegram(p, { privateChat: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('invites: only a super-admin makes one; it works once, for 72 hours, and not for someone who already organizes', async () => {
    expect(await ops.invite(somayeh!)).toEqual({ ok: false, reason: 'not_admin' });
    const made = await ops.invite(userActor(ADMIN));
    if (!made.ok) throw new Error('no invite');
    expect(made.value.expiresAt.getTime() - now.getTime()).toBe(INVITE_TTL_MS);

    expect(await ops.acceptInvite(somayeh!, 'not a code!')).toEqual({ ok: false, reason: 'invite', problem: 'unknown' });
    expect(await ops.acceptInvite(somayeh!, 'AAAAAAAAAAAAAAAA')).toEqual({ ok: false, reason: 'invite', problem: 'unknown' });
    expect(await ops.acceptInvite(somayeh!, made.value.code)).toEqual({ ok: true, value: { invitedBy: ADMIN } });
    expect((await db.dal.users.findById(people[0]!.id))?.isOrganizer).toBe(true);
    expect(await ops.acceptInvite(abdullah!, made.value.code)).toEqual({ ok: false, reason: 'invite', problem: 'used' });
    expect(await ops.acceptInvite(somayeh!, made.value.code)).toEqual({ ok: false, reason: 'already_organizer' });
    expect(await ops.acceptInvite(userActor(ADMIN), made.value.code)).toEqual({ ok: false, reason: 'already_organizer' });
    expect(await ops.acceptInvite(systemActor('script'), made.value.code)).toEqual({ ok: false, reason: 'not_a_member' });

    const late = await ops.invite(userActor(ADMIN));
    if (!late.ok) throw new Error('no invite');
    now = new Date(now.getTime() + INVITE_TTL_MS);
    expect(await ops.acceptInvite(abdullah!, late.value.code)).toEqual({ ok: false, reason: 'invite', problem: 'expired' });
    expect((await db.dal.users.findById(people[1]!.id))?.isOrganizer).toBe(false);
  });

  it('requests: the admins are asked once per cooldown, the first answer wins, and an approval makes an organizer', async () => {
    expect(await ops.request(somayeh!, 'fa')).toEqual({ ok: false, reason: 'already_organizer' });
    expect(await ops.request(abdullah!, 'ar')).toEqual({ ok: true, value: { admins: [ADMIN, SECOND_ADMIN] } });
    const again = await ops.request(abdullah!, 'ar');
    expect(again).toMatchObject({ ok: false, reason: 'wait', pending: true });
    expect(!again.ok && again.reason === 'wait' && again.until.getTime() - now.getTime()).toBe(24 * HOUR);

    expect(await ops.decide(navid!, people[1]!.id, true)).toEqual({ ok: false, reason: 'not_admin' });
    const approved = await ops.decide(userActor(SECOND_ADMIN), people[1]!.id, true);
    expect(approved).toMatchObject({ ok: true, value: { request: { status: 'approved', locale: 'ar', decidedBy: SECOND_ADMIN }, user: { _id: people[1]!.id, isOrganizer: true } } });
    expect(await ops.decide(userActor(ADMIN), people[1]!.id, false)).toEqual({ ok: false, reason: 'already_decided' });
    expect((await db.dal.users.findById(people[1]!.id))?.isOrganizer).toBe(true);
  });

  it('a denial leaves the member as they were and holds a new request for the cooldown after it', async () => {
    expect((await ops.request(navid!, 'ur')).ok).toBe(true);
    expect(await ops.decide(userActor(ADMIN), people[2]!.id, false)).toMatchObject({ ok: true, value: { request: { status: 'denied' }, user: { isOrganizer: false } } });
    now = new Date(now.getTime() + HOUR);
    expect(await ops.request(navid!, 'ur')).toMatchObject({ ok: false, reason: 'wait', pending: false });
    now = new Date(now.getTime() + 24 * HOUR);
    expect((await ops.request(navid!, 'ur')).ok).toBe(true);
  });

  it('lists and revokes organizers for super-admins only; a revoked organizer may ask again', async () => {
    expect(await ops.list(somayeh!)).toEqual({ ok: false, reason: 'not_admin' });
    const list = await ops.list(userActor(ADMIN));
    expect(list.ok && list.value.map((u) => u.firstName).sort()).toEqual(['سمیه', 'عبدالله'].sort());
    expect(await ops.revoke(somayeh!, people[1]!.id)).toEqual({ ok: false, reason: 'not_admin' });
    expect(await ops.revoke(userActor(ADMIN), 999_999)).toEqual({ ok: false, reason: 'gone' });
    expect(await ops.revoke(userActor(ADMIN), people[0]!.id)).toMatchObject({ ok: true, value: { isOrganizer: false } });
    expect((await ops.request(somayeh!, 'fa')).ok).toBe(true);
  });
});
