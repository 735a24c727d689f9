import { Composer } from 'telegraf';
import { actorOf } from '../events-ui/access';
import { message } from 'telegraf/filters';
import tzLookup from '@photostructure/tz-lookup';
import type { BotContext } from '../context';
import { LOCALE_NATIVE_NAMES, isLocale } from '../../i18n/locales';
import { etcZoneForOffset, zoneFromText, zoneLabel } from '../../domain/timezones';
import { formatTime } from '../../domain/date-format';
import { isValidTimeZone } from '../../domain/time';
import { zoneWithId } from '../../domain/date-format';
import { buildMessage } from '../../i18n/bidi';
import { renderEventLine } from '../render/event-card';
import { renderWelcome } from '../render/welcome';
import { onboardingCallback } from '../callback-data/members';
import { answer, showInPlace } from '../member-support';
import { onboardingLanguageKeyboard, pickOffsetKeyboard, shareLocationKeyboard, utcOffsetKeyboard } from '../keyboards/onboarding';
import { chosenCalendar } from '../../dal/types';

/**
 * /start for a new member, in private: the welcome and a language picker → the time zone (type a
 * city, share a location, or pick a UTC offset) → the upcoming events. Returning members (and
 * /start with a payload, handled earlier by its feature) pass on to the normal welcome.
 *
 * The time-zone step is also what /settings → Time zone uses (origin 'settings').
 */
export const onboardingFeature = new Composer<BotContext>();

export const ZONE_DIALOG = 'members.zone';
type Origin = 'onboarding' | 'settings';

onboardingFeature.start(async (ctx, next) => {
  if (ctx.chat.type !== 'private' || ctx.payload || !ctx.user || ctx.user.onboardedAt) return next();
  const welcome = renderWelcome(ctx.t, { firstName: ctx.from.first_name, isPrivate: false }, ctx.locale);
  await ctx.reply(`${welcome}\n\n${ctx.t('onboarding.chooseLanguage')}`, {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    reply_markup: onboardingLanguageKeyboard(),
  });
});

/** Asks for the time zone: an inline "pick a UTC offset" button, and a reply keyboard that shares the location. */
export async function askZone(ctx: BotContext, origin: Origin): Promise<void> {
  ctx.session.dialog = { name: ZONE_DIALOG, step: 'zone', data: { origin }, startedAt: ctx.deps.now().toISOString() };
  await showInPlace(ctx, ctx.t('onboarding.askZone'), pickOffsetKeyboard(ctx.t));
  await ctx.reply(ctx.t('onboarding.orShareLocation'), { reply_markup: shareLocationKeyboard(ctx.t) });
}

/** Saves the zone and finishes: onboarding goes on to the upcoming events, settings confirms. */
async function zoneChosen(ctx: BotContext, zone: string): Promise<void> {
  const origin = (ctx.session.dialog?.name === ZONE_DIALOG ? ctx.session.dialog.data.origin : undefined) === 'settings' ? 'settings' : 'onboarding';
  delete ctx.session.dialog;
  const now = ctx.deps.now();
  const res = await ctx.deps.app.members.setTimeZone(actorOf(ctx), zone, { finishesOnboarding: origin === 'onboarding' });
  if (res.ok) ctx.user = res.value ?? ctx.user;
  const saved = ctx.t('onboarding.zoneSaved', { zone: zoneWithId(zone, ctx.locale), time: formatTime(now, zone, ctx.locale) });
  await ctx.reply(saved, { parse_mode: 'HTML', reply_markup: { remove_keyboard: true } });
  if (origin === 'settings') return;
  const viewer = { locale: ctx.locale, timezone: zone, calendar: chosenCalendar(ctx.user) };
  const upcoming = await ctx.deps.dal.events.listUpcoming({ now, skip: 0, limit: 5 });
  const lines = upcoming.items.length
    ? [ctx.t('onboarding.upcoming'), '', ...upcoming.items.map((e) => renderEventLine(e, viewer, ctx.t)), '', ctx.t('onboarding.seeAll')]
    : [ctx.t('onboarding.noEvents')];
  lines.push('', ctx.t('onboarding.done'));
  await ctx.reply(buildMessage(lines, ctx.locale), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
}

onboardingFeature.action(onboardingCallback.pattern, async (ctx) => {
  const data = onboardingCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || ctx.chat?.type !== 'private') return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
  if (data.step === 'lang') {
    const res = isLocale(data.value) ? await ctx.deps.app.members.setLanguage(actorOf(ctx), data.value) : undefined;
    if (!res?.ok || !isLocale(data.value)) return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
    ctx.user = res.value ?? ctx.user;
    ctx.locale = data.value;
    ctx.t = ctx.deps.i18n.forLocale(data.value);
    await answer(ctx, LOCALE_NATIVE_NAMES[data.value]);
    return askZone(ctx, ctx.session.dialog?.name === ZONE_DIALOG && ctx.session.dialog.data.origin === 'settings' ? 'settings' : 'onboarding');
  }
  if (data.step === 'offs') {
    await answer(ctx);
    if (ctx.session.dialog?.name !== ZONE_DIALOG) ctx.session.dialog = { name: ZONE_DIALOG, step: 'zone', data: { origin: 'settings' }, startedAt: ctx.deps.now().toISOString() };
    return showInPlace(ctx, ctx.t('onboarding.pickOffsetTitle'), utcOffsetKeyboard());
  }
  if (data.step === 'off') {
    const zone = /^-?\d{1,2}$/.test(data.value) ? etcZoneForOffset(Number(data.value)) : undefined;
    if (!zone) return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
    if (ctx.session.dialog?.name !== ZONE_DIALOG) ctx.session.dialog = { name: ZONE_DIALOG, step: 'zone', data: { origin: 'settings' }, startedAt: ctx.deps.now().toISOString() };
    await answer(ctx, zoneLabel(zone));
    return zoneChosen(ctx, zone);
  }
  return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
});

onboardingFeature.on(message('location'), async (ctx, next) => {
  if (ctx.chat.type !== 'private' || ctx.session.dialog?.name !== ZONE_DIALOG) return next();
  const { latitude, longitude } = ctx.message.location;
  let zone: string | undefined;
  try {
    zone = tzLookup(latitude, longitude);
  } catch {
    zone = undefined;
  }
  if (!zone || !isValidTimeZone(zone)) {
    await ctx.reply(ctx.t('onboarding.zoneNotFound'), { parse_mode: 'HTML' });
    return;
  }
  await zoneChosen(ctx, zone);
});

onboardingFeature.on(message('text'), async (ctx, next) => {
  if (ctx.chat.type !== 'private' || ctx.session.dialog?.name !== ZONE_DIALOG) return next();
  const text = ctx.message.text.trim();
  if (text.startsWith('/')) {
    delete ctx.session.dialog;
    return next();
  }
  const zone = zoneFromText(text);
  if (!zone) {
    await ctx.reply(ctx.t('onboarding.zoneNotFound'), { parse_mode: 'HTML' });
    return;
  }
  await zoneChosen(ctx, zone);
});
