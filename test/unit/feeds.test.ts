/**
 * The pure parts of calendar feeds: backoff, what a link is, category matching, an entry's draft and
 * stable id, and the /feeds list as rendered in each language (escaped, right to left, valid HTML).
 */
import { backoffDelay, draftFromImported, guessFeedKind, importedEventId, matchCategories } from '../../src/application/feeds';
import { feedFailureText, renderFeedList, renderFeedOptions } from '../../src/bot/render/feeds';
import { feedOptionsKeyboard } from '../../src/bot/keyboards/feeds';
import { feedOptionsCallback } from '../../src/bot/callback-data/feeds';
import { Types } from 'mongoose';
import type { Feed } from '../../src/dal/types';
import type { ImportedEvent } from '../../src/import/model';
import { createI18n, type I18n } from '../../src/i18n/i18n';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { parseTelegramHtml } from '../support/fake-telegram/html';

const MIN = 60_000;

describe('backoffDelay', () => {
  it('doubles from a quarter of the poll interval and stops at the cap', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, 60 * MIN, 4 * 60 * MIN));
    expect(waits).toEqual([15, 30, 60, 120, 240, 240, 240].map((m) => m * MIN));
    // Never under a minute, never past the cap even after absurd counts.
    expect(backoffDelay(1, 5 * MIN, 60 * MIN)).toBe(1.25 * MIN);
    expect(backoffDelay(1, 1000, 60 * MIN)).toBe(MIN);
    expect(backoffDelay(10_000, 60 * MIN, 24 * 60 * MIN)).toBe(24 * 60 * MIN);
  });
});

describe('guessFeedKind', () => {
  it.each([
    ['https://calendar.google.com/calendar/ical/abc%40group.calendar.google.com/public/basic.ics', 'ical'],
    ['webcal://example.org/events/', 'ical'],
    ['https://example.org/events/?ical=1', 'ical'],
    ['https://example.org/feed.ICS?x=1', 'ical'],
    ['https://qomstudents.example.org/wp-json/tribe/events/v1/events', 'tribe'],
    ['https://qomstudents.example.org/', undefined],
  ])('%s → %s', (url, kind) => {
    expect(guessFeedKind(url)).toBe(kind);
  });
});

describe('matchCategories', () => {
  const known = [
    { slug: 'rally', names: { en: 'Rally', fa: 'گردهمایی', ar: 'تجمّع' } },
    { slug: 'live-music', names: { en: 'Live music' } },
  ];
  it('matches source names to slugs or names in any language, keeps the feed defaults, adds nothing unknown', () => {
    expect(matchCategories(['گردهمایی', 'Students'], known, ['students-club'])).toEqual(['students-club', 'rally']);
    expect(matchCategories(['LIVE MUSIC', 'live_music', 'تجمّع'], known, [])).toEqual(['live-music', 'rally']);
    expect(matchCategories([], known, [])).toEqual([]);
  });
});

describe('importedEventId', () => {
  it('is 24 hex digits, the same for the same owner, address and entry, different otherwise', () => {
    const feed = { ownerId: 7, url: 'https://example.org/a.ics' };
    const id = importedEventId(feed, 'uid-1');
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(importedEventId({ ...feed }, 'uid-1')).toBe(id);
    expect(importedEventId(feed, 'uid-2')).not.toBe(id);
    expect(importedEventId({ ...feed, ownerId: 8 }, 'uid-1')).not.toBe(id);
  });
});

describe('draftFromImported', () => {
  const base: ImportedEvent = {
    sourceUid: 'x', title: 'Rally', start: new Date('2026-12-18T05:30:00Z'), end: new Date('2026-12-18T08:00:00Z'), allDay: false,
    timezone: 'Asia/Tehran', zoneFromSource: true, categories: [], status: 'confirmed', hash: 'h',
  };
  it('takes the source\'s organizer, else the feed\'s default', () => {
    const fallback = { name: 'انجمن', links: { telegram: 'https://t.me/anjoman' } };
    const options = { categories: [], announce: true, horizonDays: 90, organizer: fallback };
    expect(draftFromImported(base, options, ['rally'])).toMatchObject({ title: 'Rally', start: '2026-12-18T05:30:00.000Z', end: '2026-12-18T08:00:00.000Z', timezone: 'Asia/Tehran', categories: ['rally'], organizer: fallback });
    const own = { name: 'Own', website: 'https://own.example', links: { eitaa: 'https://eitaa.com/own' } };
    expect(draftFromImported({ ...base, organizer: own }, options, []).organizer).toEqual(own);
  });
});

describe('renderFeedList', () => {
  let i18n: I18n;
  beforeAll(async () => {
    i18n = await createI18n();
  });
  const feed = (over: Partial<Feed> = {}): Feed => ({
    _id: 'a'.repeat(24), url: 'https://example.org/cal.ics?<b>x</b>&y=1', kind: 'ical', ownerId: 1,
    options: { categories: [], announce: true, horizonDays: 90 }, failures: 0, nextPollAt: new Date('2026-12-01T10:30:00Z'), paused: false,
    createdAt: new Date(), updatedAt: new Date(), ...over,
  });
  const viewer = { locale: 'en' as const, timezone: 'Asia/Tehran', calendar: 'gregorian' as const, maxMegabytes: 5 };

  it.each(SUPPORTED_LOCALES)('is valid Telegram HTML showing the address literally (%s)', (locale) => {
    const t = i18n.forLocale(locale);
    const html = renderFeedList(t, [feed(), feed({ paused: true, pausedReason: 'failures', failures: 8 }), feed({ failures: 2, lastFailure: 'http_error:503' })], { ...viewer, locale });
    const parsed = parseTelegramHtml(html);
    if (!parsed.ok) throw new Error(parsed.description);
    expect(parsed.text).toContain('https://example.org/cal.ics?<b>x</b>&y=1');
  });

  it('says when the next check is, why a feed is paused, the last failure and the last changes', () => {
    const t = i18n.forLocale('en');
    const text = renderFeedList(t, [
      feed({ lastCounts: { created: 3, updated: 1, cancelled: 2, unchanged: 0, problems: 0 } }),
      feed({ paused: true, pausedReason: 'rights', options: { categories: [], announce: false, horizonDays: 90 } }),
      feed({ failures: 2, lastFailure: 'http_error:503' }),
    ], viewer);
    expect(text).toContain('✅ Next check: Tue 1 Dec 14:00');
    expect(text).toContain('Last change — new: 3, updated: 1, cancelled: 2');
    expect(text).toContain('⏸ Paused: its owner can no longer create events');
    expect(text).toContain('🔕 New events are not announced');
    expect(text).toContain('⚠️ Failed checks in a row: 2 — The site answered with an error (HTTP 503).');
    expect(renderFeedList(t, [], viewer)).toContain('/addfeed');
  });

  it('offers the owner\'s saved organizers as the default, ticks the chosen one, and a way back to none', () => {
    const t = i18n.forLocale('fa');
    const saved = [{ _id: new Types.ObjectId(), name: 'انجمن دانشجویان' }, { _id: new Types.ObjectId(), name: 'Qom <Writers>' }];
    const none = feed();
    const rows = (f: Feed) => feedOptionsKeyboard(t, f, [], 'fa', saved).inline_keyboard.flat();
    const offered = rows(none).filter((b) => 'callback_data' in b && feedOptionsCallback.decode(b.callback_data)?.a === 'o');
    expect(offered.map((b) => b.text)).toEqual(['👤 انجمن دانشجویان', '👤 Qom <Writers>']);
    expect(offered.map((b) => ('callback_data' in b ? feedOptionsCallback.decode(b.callback_data)?.v : undefined))).toEqual(saved.map((o) => o._id.toHexString()));
    const chosen = feed({ options: { categories: [], announce: true, horizonDays: 90, organizer: { name: 'انجمن دانشجویان', links: {} } } });
    const texts = rows(chosen).map((b) => b.text);
    expect(texts).toContain('✓ 👤 انجمن دانشجویان');
    expect(texts).toContain(t('feeds.options.noOrganizer'));
    expect(rows(none).map((b) => b.text)).not.toContain(t('feeds.options.noOrganizer'));
    // The options text names the default organizer, escaped for Telegram's HTML.
    const html = renderFeedOptions(i18n.forLocale('en'), feed({ options: { categories: [], announce: true, horizonDays: 90, organizer: { name: 'Qom <Writers> & co', links: {} } } }), 'en');
    const parsed = parseTelegramHtml(html);
    if (!parsed.ok) throw new Error(parsed.description);
    expect(parsed.text).toContain('Qom <Writers> & co');
  });

  it('words every stored failure, unknown ones as "could not be reached"', () => {
    const t = i18n.forLocale('fa');
    expect(feedFailureText(t, 'too_large', 5)).toContain('۵');
    expect(feedFailureText(t, 'blocked_address', 5)).toBe(t('import.fetch.blocked_address'));
    expect(feedFailureText(t, 'something_new', 5)).toBe(t('import.fetch.connect_failed'));
  });
});
