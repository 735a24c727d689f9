import { canAdminister, canCreateEvents, canManageEvent, canUseChat, isSuperAdmin } from '../../src/domain/permissions';

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

  it('lets any admin of a chat look at its settings, and only one with the matching right change them', () => {
    const plain = { status: 'administrator' as const, canPostMessages: false, canChangeInfo: false };
    const poster = { ...plain, canPostMessages: true };
    const editor = { ...plain, canChangeInfo: true };
    const creator = { status: 'creator' as const, canPostMessages: false, canChangeInfo: false };
    expect(canUseChat('channel', undefined, 'view')).toEqual({ ok: false, reason: 'not_chat_admin' });
    expect(canUseChat('channel', plain, 'view')).toEqual({ ok: true });
    expect(canUseChat('channel', plain, 'change')).toEqual({ ok: false, reason: 'no_chat_right' });
    // A channel's right is posting; a group's is changing its info, and the other right does not stand in.
    expect(canUseChat('channel', poster, 'change')).toEqual({ ok: true });
    expect(canUseChat('channel', editor, 'change')).toEqual({ ok: false, reason: 'no_chat_right' });
    expect(canUseChat('supergroup', editor, 'change')).toEqual({ ok: true });
    expect(canUseChat('group', poster, 'change')).toEqual({ ok: false, reason: 'no_chat_right' });
    expect(canUseChat('group', creator, 'change')).toEqual({ ok: true });
  });
});
