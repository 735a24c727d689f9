/**
 * Who organizes: super-admins make organizers with /invite (a single-use, expiring deep link
 * t.me/<bot>?start=inv_<code>), list and revoke them with /organizers, and approve or deny the
 * requests anyone can send with /organize.
 *
 * `/start inv_<code>` is handled here, before the generic /start; other payloads pass on.
 */
import { calendarOrder } from '../../domain/date-format';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { BotContext } from '../context';
import { organizerCallback, anyWithPrefix } from '../callback-data/events';
import { refuseBadButton, requireAdmin } from '../events-ui/access';
import { telegramFailure } from '../errors';
import { formatWhen } from '../../domain/dates';
import { isSuperAdmin } from '../../domain/permissions';
import { formatDate, formatTime } from '../../domain/dates';
import { personLabel, renderOrganizerList } from '../render/event-lists';
import { isLocale } from '../../i18n/locales';
import { setPersonalMenu } from '../commands';
import { editInPlace } from '../events-ui/edit';
import { chosenCalendar } from '../../dal/types';

export const inviteFeature = new Composer<BotContext>();

/** How long an invite link works. */
export const INVITE_TTL_MS = 72 * 60 * 60 * 1000;
const INVITE_PREFIX = 'inv_';

inviteFeature.command('invite', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const now = ctx.deps.now();
  const invite = await ctx.deps.dal.invites.create(ctx.from.id, new Date(now.getTime() + INVITE_TTL_MS));
  const link = `https://t.me/${ctx.botInfo.username}?start=${INVITE_PREFIX}${invite.code}`;
  const zone = ctx.user?.timezone ?? ctx.deps.config.defaultTimezone;
  await ctx.reply(
    ctx.t('organizers.inviteCreated', { link, expires: formatWhen(invite.expiresAt, undefined, zone, ctx.locale, false, ctx.t, calendarOrder(chosenCalendar(ctx.user), ctx.locale).primary) }),
    { parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
  );
});

inviteFeature.start(async (ctx, next) => {
  const payload = ctx.payload;
  if (!payload.startsWith(INVITE_PREFIX)) return next();
  const code = payload.slice(INVITE_PREFIX.length);
  if (ctx.user?.isOrganizer || isSuperAdmin(ctx.from.id, ctx.deps.config.botAdmins)) {
    await ctx.reply(ctx.t('organizers.alreadyOrganizer'));
    return;
  }
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(code)) {
    await ctx.reply(ctx.t('organizers.invite.unknown'));
    return;
  }
  const res = await ctx.deps.dal.invites.consume(code, ctx.from.id, ctx.deps.now());
  if (!res.ok) {
    ctx.log.info({ reason: res.reason }, 'invite refused');
    await ctx.reply(ctx.t(`organizers.invite.${res.reason}`));
    return;
  }
  await ctx.deps.dal.organizerRequests.setOrganizer(ctx.from.id, true);
  await updateMenu(ctx, ctx.from.id, true);
  await ctx.reply(ctx.t('organizers.welcome', { name: ctx.from.first_name }), { parse_mode: 'HTML' });
  await tell(ctx, res.invite.createdBy, 'organizers.inviteUsed', { name: personLabel({ _id: ctx.from.id, firstName: ctx.from.first_name, username: ctx.from.username }) });
});

/** Gives a new organizer the organizer commands in their menu (or takes them away); a failure is logged. */
async function updateMenu(ctx: BotContext, userId: number, organizer: boolean): Promise<void> {
  try {
    await setPersonalMenu(ctx.telegram, ctx.deps.i18n, userId, organizer ? ['everyone', 'organizer'] : ['everyone']);
  } catch (err) {
    const failure = telegramFailure(err);
    if (!failure) throw err;
    ctx.log.warn({ userId, code: failure.code }, 'could not set the personal command menu');
  }
}

/** A message to someone else (an admin, a requester), in their language; a failure is logged, not fatal. */
async function tell(
  ctx: BotContext,
  userId: number,
  key: string,
  vars: Record<string, string>,
  keyboard?: InlineKeyboardButton[][],
  localeHint?: string,
): Promise<void> {
  const other = await ctx.deps.dal.users.findById(userId);
  const locale = isLocale(other?.locale) ? other.locale : isLocale(localeHint) ? localeHint : ctx.deps.config.defaultLocale;
  try {
    await ctx.telegram.sendMessage(userId, ctx.deps.i18n.t(locale, key, vars), {
      parse_mode: 'HTML',
      ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
    });
  } catch (err) {
    const failure = telegramFailure(err);
    if (!failure) throw err;
    ctx.log.warn({ userId, code: failure.code }, 'could not message user');
    if (failure.code === 403) await ctx.deps.dal.users.markUnreachable(userId);
  }
}

async function organizerList(ctx: BotContext): Promise<{ text: string; rows: InlineKeyboardButton[][] }> {
  const organizers = await ctx.deps.dal.organizerRequests.listOrganizers();
  if (organizers.length === 0) return { text: ctx.t('organizers.none'), rows: [] };
  const rows = organizers.map((u, i) => [
    { text: ctx.t('organizers.button.revoke', { n: i + 1, name: u.firstName.slice(0, 30) }), callback_data: organizerCallback.encode({ a: 'rv', u: u._id }) },
  ]);
  return { text: renderOrganizerList(ctx.t, organizers, ctx.locale), rows };
}

inviteFeature.command('organizers', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const list = await organizerList(ctx);
  await ctx.reply(list.text, { parse_mode: 'HTML', reply_markup: { inline_keyboard: list.rows } });
});

inviteFeature.command('organize', async (ctx) => {
  const userId = ctx.from.id;
  if (ctx.user?.isOrganizer || isSuperAdmin(userId, ctx.deps.config.botAdmins)) {
    await ctx.reply(ctx.t('organizers.alreadyOrganizer'));
    return;
  }
  const { config } = ctx.deps;
  const opened = await ctx.deps.dal.organizerRequests.open(userId, ctx.deps.now(), ctx.locale, config.organizeCooldownHours * 3_600_000);
  if (opened.kind === 'wait') {
    const zone = ctx.user?.timezone ?? config.defaultTimezone;
    const when = `${formatDate(opened.until, zone, ctx.locale, false)} ${formatTime(opened.until, zone, ctx.locale)}`;
    await ctx.reply(ctx.t(opened.pending ? 'organizers.requestPending' : 'organizers.requestDeniedWait', { when }));
    return;
  }
  const who = personLabel({ _id: userId, firstName: ctx.from.first_name, username: ctx.from.username });
  for (const adminId of ctx.deps.config.botAdmins) {
    const admin = await ctx.deps.dal.users.findById(adminId);
    const locale = isLocale(admin?.locale) ? admin.locale : ctx.deps.config.defaultLocale;
    const t = ctx.deps.i18n.forLocale(locale);
    await tell(ctx, adminId, 'organizers.requestForAdmin', { name: who }, [
      [
        { text: t('organizers.button.approve'), callback_data: organizerCallback.encode({ a: 'ap', u: userId }) },
        { text: t('organizers.button.deny'), callback_data: organizerCallback.encode({ a: 'dn', u: userId }) },
      ],
    ]);
  }
  await ctx.reply(ctx.t('organizers.requestSent'));
});

inviteFeature.action(anyWithPrefix(organizerCallback), async (ctx) => {
  const data = organizerCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !/^\d{1,15}$/.test(data.u) || !['ap', 'dn', 'rv'].includes(data.a)) return refuseBadButton(ctx);
  if (!(await requireAdmin(ctx))) return;
  const userId = Number(data.u);
  const { organizerRequests } = ctx.deps.dal;
  if (data.a === 'rv') {
    const user = await organizerRequests.setOrganizer(userId, false);
    await ctx.answerCbQuery(user ? ctx.t('organizers.revoked', { name: user.firstName }) : ctx.t('events.gone'));
    const list = await organizerList(ctx);
    await editInPlace(ctx, () => ctx.editMessageText(list.text, { parse_mode: 'HTML', reply_markup: { inline_keyboard: list.rows } }));
    if (user) {
      await updateMenu(ctx, userId, false);
      await tell(ctx, userId, 'organizers.revokedNotice', {});
    }
    return;
  }
  const approve = data.a === 'ap';
  const decided = await organizerRequests.decide(userId, approve ? 'approved' : 'denied', ctx.from.id, ctx.deps.now());
  if (!decided) {
    await ctx.answerCbQuery(ctx.t('organizers.alreadyDecided'), { show_alert: true });
    return;
  }
  if (approve) {
    await organizerRequests.setOrganizer(userId, true);
    await updateMenu(ctx, userId, true);
  }
  await ctx.answerCbQuery();
  const user = await ctx.deps.dal.users.findById(userId);
  const who = user ? personLabel(user) : `<code>${userId}</code>`;
  await editInPlace(ctx, () =>
    ctx.editMessageText(ctx.t(approve ? 'organizers.approvedByYou' : 'organizers.deniedByYou', { name: who }), { parse_mode: 'HTML' }),
  );
  await tell(ctx, userId, approve ? 'organizers.approvedNotice' : 'organizers.deniedNotice', {}, undefined, decided.locale);
});
