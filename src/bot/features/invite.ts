/**
 * Who organizes: super-admins make organizers with /invite (a single-use, expiring deep link
 * t.me/<bot>?start=inv_<code>), list and revoke them with /organizers, and approve or deny the
 * requests anyone can send with /organize. The rules are the organizer operations'
 * (`ctx.deps.app.organizers`); this file reads the command or press, calls one, and tells the
 * people concerned.
 *
 * `/start inv_<code>` is handled here, before the generic /start; other payloads pass on.
 */
import { Composer } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { calendarOrder } from '../../domain/date-format';
import { chosenCalendar } from '../../dal/types';
import type { OrganizerRefusal } from '../../application/organizers';
import type { BotContext } from '../context';
import { organizerCallback, anyWithPrefix } from '../callback-data/events';
import { actorOf, refuseBadButton, renderRefusal } from '../events-ui/access';
import { telegramFailure } from '../errors';
import { formatDate, formatTime, formatWhen } from '../../domain/date-format';
import { personLabel, renderOrganizerList } from '../render/event-lists';
import { isLocale, type Locale } from '../../i18n/locales';
import { setPersonalMenu } from '../commands';
import { editInPlace } from '../events-ui/edit';
import { organizerListKeyboard, organizerRequestKeyboard } from '../keyboards/organizers';
import { tellUser } from '../member-support';

export const inviteFeature = new Composer<BotContext>();

const INVITE_PREFIX = 'inv_';

/** Tells the sender why an organizer operation refused (an alert for a press, else a reply). */
async function renderOrganizerRefusal(ctx: BotContext, res: OrganizerRefusal): Promise<void> {
  switch (res.reason) {
    case 'not_admin':
    case 'gone':
      return renderRefusal(ctx, res);
    case 'already_organizer':
      await ctx.reply(ctx.t('organizers.alreadyOrganizer'));
      return;
    case 'already_decided':
      await ctx.answerCbQuery(ctx.t('organizers.alreadyDecided'), { show_alert: true });
      return;
    case 'invite':
      ctx.log.info({ reason: res.problem }, 'invite refused');
      await ctx.reply(ctx.t(`organizers.invite.${res.problem}`));
      return;
    case 'wait': {
      const zone = ctx.user?.timezone ?? ctx.deps.config.defaultTimezone;
      const when = `${formatDate(res.until, zone, ctx.locale, false)} ${formatTime(res.until, zone, ctx.locale)}`;
      await ctx.reply(ctx.t(res.pending ? 'organizers.requestPending' : 'organizers.requestDeniedWait', { when }));
      return;
    }
    case 'not_a_member':
      await ctx.reply(ctx.t('events.badButton'));
      return;
  }
}

inviteFeature.command('invite', async (ctx) => {
  const res = await ctx.deps.app.organizers.invite(actorOf(ctx));
  if (!res.ok) return renderRefusal(ctx, res);
  const link = `https://t.me/${ctx.botInfo.username}?start=${INVITE_PREFIX}${res.value.code}`;
  const zone = ctx.user?.timezone ?? ctx.deps.config.defaultTimezone;
  await ctx.reply(
    ctx.t('organizers.inviteCreated', { link, expires: formatWhen(res.value.expiresAt, undefined, zone, ctx.locale, false, ctx.t, calendarOrder(chosenCalendar(ctx.user), ctx.locale).primary) }),
    { parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
  );
});

inviteFeature.start(async (ctx, next) => {
  const payload = ctx.payload;
  if (!payload.startsWith(INVITE_PREFIX)) return next();
  const res = await ctx.deps.app.organizers.acceptInvite(actorOf(ctx), payload.slice(INVITE_PREFIX.length));
  if (!res.ok) return renderOrganizerRefusal(ctx, res);
  await updateMenu(ctx, ctx.from.id, true);
  await ctx.reply(ctx.t('organizers.welcome', { name: ctx.from.first_name }), { parse_mode: 'HTML' });
  await tell(ctx, res.value.invitedBy, 'organizers.inviteUsed', { name: personLabel({ _id: ctx.from.id, firstName: ctx.from.first_name, username: ctx.from.username }) });
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

/** The language someone else reads in: theirs as stored, else the hint (a request's), else the default. */
async function localeOf(ctx: BotContext, userId: number, hint?: string): Promise<Locale> {
  const other = await ctx.deps.dal.users.findById(userId);
  return isLocale(other?.locale) ? other.locale : isLocale(hint) ? hint : ctx.deps.config.defaultLocale;
}

/** A message to someone else (an admin, a requester), in their language; a failure is logged, not fatal. */
async function tell(ctx: BotContext, userId: number, key: string, vars: Record<string, string>, opts: { keyboard?: InlineKeyboardMarkup; localeHint?: string; locale?: Locale } = {}): Promise<void> {
  const locale = opts.locale ?? (await localeOf(ctx, userId, opts.localeHint));
  await tellUser(ctx, userId, ctx.deps.i18n.t(locale, key, vars), opts.keyboard ? { reply_markup: opts.keyboard } : {});
}

async function organizerList(ctx: BotContext): Promise<{ text: string; keyboard: InlineKeyboardMarkup } | undefined> {
  const res = await ctx.deps.app.organizers.list(actorOf(ctx));
  if (!res.ok) return void (await renderRefusal(ctx, res));
  if (res.value.length === 0) return { text: ctx.t('organizers.none'), keyboard: organizerListKeyboard(ctx.t, []) };
  return { text: renderOrganizerList(ctx.t, res.value, ctx.locale), keyboard: organizerListKeyboard(ctx.t, res.value) };
}

inviteFeature.command('organizers', async (ctx) => {
  const list = await organizerList(ctx);
  if (list) await ctx.reply(list.text, { parse_mode: 'HTML', reply_markup: list.keyboard });
});

inviteFeature.command('organize', async (ctx) => {
  const res = await ctx.deps.app.organizers.request(actorOf(ctx), ctx.locale);
  if (!res.ok) return renderOrganizerRefusal(ctx, res);
  const who = personLabel({ _id: ctx.from.id, firstName: ctx.from.first_name, username: ctx.from.username });
  for (const adminId of res.value.admins) {
    const locale = await localeOf(ctx, adminId);
    const keyboard = organizerRequestKeyboard(ctx.deps.i18n.forLocale(locale), ctx.from.id);
    await tell(ctx, adminId, 'organizers.requestForAdmin', { name: who }, { keyboard, locale });
  }
  await ctx.reply(ctx.t('organizers.requestSent'));
});

inviteFeature.action(anyWithPrefix(organizerCallback), async (ctx) => {
  const data = organizerCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !/^\d{1,15}$/.test(data.u) || !['ap', 'dn', 'rv'].includes(data.a)) return refuseBadButton(ctx);
  const userId = Number(data.u);
  if (data.a === 'rv') {
    const res = await ctx.deps.app.organizers.revoke(actorOf(ctx), userId);
    if (!res.ok && res.reason === 'not_admin') return renderRefusal(ctx, res);
    await ctx.answerCbQuery(res.ok ? ctx.t('organizers.revoked', { name: res.value.firstName }) : ctx.t('events.gone'));
    const list = await organizerList(ctx);
    if (list) await editInPlace(ctx, () => ctx.editMessageText(list.text, { parse_mode: 'HTML', reply_markup: list.keyboard }));
    if (res.ok) {
      await updateMenu(ctx, userId, false);
      await tell(ctx, userId, 'organizers.revokedNotice', {});
    }
    return;
  }
  const approve = data.a === 'ap';
  const res = await ctx.deps.app.organizers.decide(actorOf(ctx), userId, approve);
  if (!res.ok) return renderOrganizerRefusal(ctx, res);
  if (approve) await updateMenu(ctx, userId, true);
  await ctx.answerCbQuery();
  const who = res.value.user ? personLabel(res.value.user) : `<code>${userId}</code>`;
  await editInPlace(ctx, () =>
    ctx.editMessageText(ctx.t(approve ? 'organizers.approvedByYou' : 'organizers.deniedByYou', { name: who }), { parse_mode: 'HTML' }),
  );
  await tell(ctx, userId, approve ? 'organizers.approvedNotice' : 'organizers.deniedNotice', {}, { localeHint: res.value.request.locale });
});
