import { Composer } from 'telegraf';
import { message } from 'telegraf/filters';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { formatOffsets, parseOffsets } from '../../domain/dates';
import { zoneWithId } from '../../domain/date-format';
import { buildMessage } from '../../i18n/bidi';
import { calendarSummary, isCalendarChoice, storedCalendar } from '../render/calendar-choice';
import { LOCALE_NATIVE_NAMES, isLocale } from '../../i18n/locales';
import { settingsCallback } from '../callback-data/members';
import { answer, showInPlace } from '../member-support';
import { actorOf } from '../events-ui/access';
import { askZone } from './onboarding';
import { settingsCalendarsKeyboard, settingsLanguagesKeyboard, settingsMenuKeyboard } from '../keyboards/settings';
import { type User, DEFAULT_REMINDER_OFFSETS, chosenCalendar } from '../../dal/types';

/** /settings: language, time zone, reminder times and calendar (Gregorian, Hijri, Solar Hijri). */
export const settingsFeature = new Composer<BotContext>();

const OFFSETS_DIALOG = 'members.offsets';

export function settingsScreen(ctx: BotContext, user: User | undefined): { text: string; keyboard: InlineKeyboardMarkup } {
  const t = ctx.t;
  const zone = user?.timezone ?? ctx.deps.config.defaultTimezone;
  const offsets = user?.reminderOffsets?.length ? user.reminderOffsets : DEFAULT_REMINDER_OFFSETS;
  const calendar = calendarSummary(t, ctx.locale, chosenCalendar(user), ctx.deps.now(), zone);
  const lines = [
    t('settings.title'),
    '',
    t('settings.line.language', { value: LOCALE_NATIVE_NAMES[ctx.locale] }),
    t('settings.line.zone', { value: zoneWithId(zone, ctx.locale) }),
    t('settings.line.reminders', { value: formatOffsets(offsets, t) }),
    t('settings.line.calendar', calendar),
  ];
  return {
    text: buildMessage(lines, ctx.locale),
    keyboard: settingsMenuKeyboard(t),
  };
}

settingsFeature.command('settings', async (ctx) => {
  if (ctx.chat.type !== 'private') {
    await ctx.reply(ctx.t('settings.privateOnly'));
    return;
  }
  const screen = settingsScreen(ctx, ctx.user);
  await ctx.reply(screen.text, { parse_mode: 'HTML', reply_markup: screen.keyboard });
});

settingsFeature.action(settingsCallback.pattern, async (ctx) => {
  const data = settingsCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || ctx.chat?.type !== 'private') return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
  const t = ctx.t;
  switch (data.action) {
    case 'langs':
      await answer(ctx);
      return showInPlace(ctx, t('settings.chooseLanguage'), settingsLanguagesKeyboard(t));
    case 'lang': {
      const res = isLocale(data.value) ? await ctx.deps.app.members.setLanguage(actorOf(ctx), data.value) : undefined;
      if (!res?.ok || !isLocale(data.value)) return answer(ctx, t('rsvp.toast.invalid'), { show_alert: true });
      ctx.user = res.value ?? ctx.user;
      ctx.locale = data.value;
      ctx.t = ctx.deps.i18n.forLocale(data.value);
      await answer(ctx, ctx.t('settings.saved'));
      break;
    }
    case 'zone':
      await answer(ctx);
      return askZone(ctx, 'settings');
    case 'rem': {
      await answer(ctx);
      ctx.session.dialog = { name: OFFSETS_DIALOG, step: 'offsets', data: {}, startedAt: ctx.deps.now().toISOString() };
      const current = formatOffsets(ctx.user?.reminderOffsets?.length ? ctx.user.reminderOffsets : DEFAULT_REMINDER_OFFSETS, t);
      await ctx.reply(t('settings.askReminders', { current }), { parse_mode: 'HTML' });
      return;
    }
    case 'cals':
      await answer(ctx);
      return showInPlace(ctx, t('settings.chooseCalendar'), settingsCalendarsKeyboard(t));
    case 'cal': {
      if (!isCalendarChoice(data.value)) return answer(ctx, t('rsvp.toast.invalid'), { show_alert: true });
      const res = await ctx.deps.app.members.setCalendar(actorOf(ctx), storedCalendar(data.value));
      if (res.ok) ctx.user = res.value ?? ctx.user;
      await answer(ctx, t('settings.saved'));
      break;
    }
    case 'menu':
      await answer(ctx);
      break;
    default:
      return answer(ctx, t('rsvp.toast.invalid'), { show_alert: true });
  }
  const screen = settingsScreen(ctx, ctx.user);
  return showInPlace(ctx, screen.text, screen.keyboard);
});

settingsFeature.on(message('text'), async (ctx, next) => {
  if (ctx.chat.type !== 'private' || ctx.session.dialog?.name !== OFFSETS_DIALOG) return next();
  const text = ctx.message.text.trim();
  if (text.startsWith('/')) {
    delete ctx.session.dialog;
    return next();
  }
  const offsets = parseOffsets(text);
  if (!offsets) {
    await ctx.reply(ctx.t('settings.badOffsets'), { parse_mode: 'HTML' });
    return;
  }
  delete ctx.session.dialog;
  const res = await ctx.deps.app.members.setReminderTimes(actorOf(ctx), offsets);
  if (res.ok && res.value) ctx.user = res.value;
  const screen = settingsScreen(ctx, ctx.user);
  await ctx.reply(`${ctx.t('settings.saved')}\n\n${screen.text}`, { parse_mode: 'HTML', reply_markup: screen.keyboard });
});
