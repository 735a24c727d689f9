/** The words of /channels and a linked chat's settings screen, as pure functions of the stored chat. */
import type { Translate } from '../../i18n/i18n';
import { LOCALE_NATIVE_NAMES, isLocale, type Locale } from '../../i18n/locales';
import { buildMessage } from '../../i18n/bidi';
import { localizeDigits } from '../../i18n/digits';
import { zoneWithId } from '../../domain/date-format';
import { formatOffsets } from '../../domain/dates';
import type { CategoryRecord, LinkedChat } from '../../dal/types';
import { categoryName } from '../../dal/categories/category.repository';
import { calendarSummary } from './calendar-choice';

const KNOWN_REASONS = new Set(['removed', 'no_post_right', 'unlinked', 'migrated']);

/** The chat's state in words; reasons written by the delivery engine (Telegram's refusals) read as "paused". */
export function chatStatusText(t: (key: string) => string, chat: Pick<LinkedChat, 'active' | 'inactiveReason'>): string {
  if (chat.active) return t('chats.status.active');
  return t(`chats.status.${chat.inactiveReason && KNOWN_REASONS.has(chat.inactiveReason) ? chat.inactiveReason : 'failed'}`);
}

/** "18:00" in the language's digits ("۱۸:۰۰"). */
export function hourLabel(hour: number, locale: Locale): string {
  return localizeDigits(`${String(hour).padStart(2, '0')}:00`, locale);
}

export function weekdayName(locale: string, weekday: number): string {
  const tag = { en: 'en-GB', fa: 'fa-IR', ar: 'ar', ur: 'ur-PK' }[locale] ?? 'en-GB';
  return new Intl.DateTimeFormat(`${tag}-u-ca-gregory`, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + weekday)));
}

const languageName = (locale: string) => (isLocale(locale) ? LOCALE_NATIVE_NAMES[locale] : locale);

/** What the person who linked a chat is told: its title and the defaults it starts with. */
export function renderLinked(t: Translate, locale: Locale, chat: Pick<LinkedChat, 'title' | 'locale' | 'reminderOffsets' | 'timezone'>): string {
  return t('chats.linked', { title: chat.title, language: languageName(chat.locale), offsets: formatOffsets(chat.reminderOffsets, t), zone: zoneWithId(chat.timezone, locale) });
}

/** The settings screen's text; `categories` are all the categories (archived ones too, by name). */
export function renderChatSettings(t: Translate, locale: Locale, chat: LinkedChat, categories: readonly CategoryRecord[], now: Date): string {
  const catNames = chat.categories.map((slug) => {
    const c = categories.find((x) => x.slug === slug);
    return c ? categoryName(c, locale) : slug;
  });
  const digest = chat.digest.enabled
    ? t('chats.digestOn', { day: weekdayName(locale, chat.digest.weekday), hour: hourLabel(chat.digest.hour, locale) })
    : t('chats.off');
  // A chat without its own calendar shows its post language's default, not the admin's.
  const chatLocale = isLocale(chat.locale) ? chat.locale : locale;
  const calendar = calendarSummary(t, locale, chat.calendar, now, chat.timezone, chatLocale);
  return buildMessage([
    t('chats.settingsTitle', { title: chat.title }),
    '',
    t('chats.line.status', { value: chatStatusText(t, chat) }),
    t('chats.line.categories', { value: catNames.length ? catNames.join(', ') : t('chats.allCategories') }),
    t('chats.line.language', { value: languageName(chat.locale) }),
    t('chats.line.zone', { value: zoneWithId(chat.timezone, locale) }),
    t('chats.line.calendar', calendar),
    t('chats.line.reminders', { value: chat.reminderOffsets.length ? formatOffsets(chat.reminderOffsets, t) : t('chats.off') }),
    t('chats.line.startingNow', { value: chat.startingNow ? t('chats.on') : t('chats.off') }),
    t('chats.line.digest', { value: digest }),
  ], locale);
}

/** The /channels list's text: one line per chat, and the page when there are several. */
export function renderChatList(t: Translate, locale: Locale, chats: ReadonlyArray<Pick<LinkedChat, 'title' | 'active' | 'inactiveReason'>>, page: number, pages: number): string {
  const lines = [t('chats.listTitle'), ''];
  for (const c of chats) lines.push(t('chats.listLine', { title: c.title, status: chatStatusText(t, c) }));
  if (pages > 1) lines.push('', t('chats.page', { page: page + 1, pages }));
  return buildMessage(lines, locale);
}
