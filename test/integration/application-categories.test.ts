/** The category operations without telegraf: super-admins only, names validated, an existing slug refused. */
import { openTestDb, type TestDb } from '../support/db';
import { CategoryOperations } from '../../src/application/categories';
import { systemActor, userActor } from '../../src/application';

const ADMIN = 7001;
const ORGANIZER = 7002;

describe('category operations (no telegraf)', () => {
  let db: TestDb;
  let ops: CategoryOperations;
  beforeAll(async () => {
    db = await openTestDb('appcategories');
    ops = new CategoryOperations({ dal: db.dal, botAdmins: [ADMIN] });
    await db.dal.users.upsertFromTelegram({ id: ORGANIZER, first_name: 'Organizer' }, { privateChat: true });
    await db.dal.users.update(ORGANIZER, { isOrganizer: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('adds, renames, archives and restores, for a super-admin or the system only', async () => {
    expect(await ops.add(userActor(ORGANIZER), 'poetry | Poetry | شعر')).toEqual({ ok: false, reason: 'not_admin' });
    expect(await db.dal.categories.findBySlug('poetry')).toBeNull();
    const added = await ops.add(userActor(ADMIN), 'poetry | Poetry | شعر | شعر | شاعری');
    expect(added.ok && added.value).toMatchObject({ slug: 'poetry', names: { en: 'Poetry', fa: 'شعر', ur: 'شاعری' } });
    expect(await ops.add(userActor(ADMIN), '#poetry | Again')).toMatchObject({ ok: false, reason: 'invalid', error: { key: 'categories.error.exists' } });
    expect(await ops.add(userActor(ADMIN), '')).toMatchObject({ ok: false, reason: 'invalid', error: { key: expect.stringMatching(/^categories\.error\./) } });
    const renamed = await ops.rename(systemActor('ical-import'), 'poetry', 'Poems | شعر و ادب');
    expect(renamed.ok && renamed.value.names).toMatchObject({ en: 'Poems', fa: 'شعر و ادب' });
    expect(await ops.rename(userActor(ADMIN), 'nothing', 'X')).toEqual({ ok: false, reason: 'gone' });
    expect(await ops.setArchived(userActor(ORGANIZER), 'poetry', true)).toEqual({ ok: false, reason: 'not_admin' });
    expect((await ops.setArchived(userActor(ADMIN), 'poetry', true)).ok).toBe(true);
    expect(await db.dal.categories.listActive()).toEqual([]);
    expect((await ops.setArchived(userActor(ADMIN), 'poetry', false)).ok).toBe(true);
    expect((await db.dal.categories.listActive()).map((c) => c.slug)).toEqual(['poetry']);
  });
});
