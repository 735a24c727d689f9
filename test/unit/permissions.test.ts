import { canAdminister, canCreateEvents, canManageEvent, isSuperAdmin } from '../../src/domain/permissions';

describe('permissions policy', () => {
  const admins = [1000];
  const admin = { id: 1000, isOrganizer: false };
  const organizer = { id: 2001, isOrganizer: true };
  const otherOrganizer = { id: 2003, isOrganizer: true };
  const member = { id: 2002, isOrganizer: false };
  const revoked = { id: 2001, isOrganizer: false };
  const event = { createdBy: 2001 };

  it('knows super-admins only from BOT_ADMINS', () => {
    expect(isSuperAdmin(1000, admins)).toBe(true);
    expect(isSuperAdmin(2001, admins)).toBe(false);
    expect(canAdminister(organizer, admins)).toEqual({ ok: false, reason: 'not_admin' });
    expect(canAdminister(admin, admins)).toEqual({ ok: true });
  });

  it('lets organizers and super-admins create events, not members', () => {
    expect(canCreateEvents(organizer, admins).ok).toBe(true);
    expect(canCreateEvents(admin, admins).ok).toBe(true);
    expect(canCreateEvents(member, admins)).toEqual({ ok: false, reason: 'not_organizer' });
  });

  it('lets only the creator (still an organizer) and super-admins change an event', () => {
    expect(canManageEvent(organizer, event, admins).ok).toBe(true);
    expect(canManageEvent(admin, event, admins).ok).toBe(true);
    expect(canManageEvent(otherOrganizer, event, admins)).toEqual({ ok: false, reason: 'not_creator' });
    expect(canManageEvent(member, event, admins)).toEqual({ ok: false, reason: 'not_organizer' });
    expect(canManageEvent(revoked, event, admins)).toEqual({ ok: false, reason: 'not_organizer' });
  });
});
