/**
 * Every kind of message the bot writes, in Persian, Arabic and Urdu, for an event with a Latin title
 * ("Movie Night!"), a venue in two scripts and numbers everywhere. For each message:
 * - it is valid Telegram HTML;
 * - every line's first strong directional character (isolated runs skipped, as the bidi algorithm
 *   does) is right-to-left, so Telegram lays every line out right to left;
 * - every user-supplied run appears only inside an isolate (FSI … PDI);
 * - outside the user's own text, numbers use the language's digits only (fa ۰-۹, ar ٠-٩, ur 0-9).
 */
import { Types } from 'mongoose';
import type { EventRecord } from '../../src/dal/events/event.model';
import type { CategoryRecord } from '../../src/dal/categories/category.model';
import { createI18n, type I18n } from '../../src/i18n/i18n';
import type { Locale } from '../../src/i18n/locales';
import { renderEventCard, renderEventLine } from '../../src/bot/render/event-card';
import { renderBrowseList, renderCategoryList, renderMyEventsList, renderOrganizerList } from '../../src/bot/render/event-lists';
import { renderAttendeesPage } from '../../src/bot/render/attendees';
import { renderStats } from '../../src/bot/render/stats';
import { icsDescription } from '../../src/bot/render/ics-text';
import { renderDigest, renderNotice, renderReminder, renderStartingNow } from '../../src/delivery/render';
import type { EventChangeKind } from '../../src/delivery/ports';
import { formatNumber } from '../../src/i18n/digits';
import { parseTelegramHtml } from '../support/fake-telegram/html';

const FSI = '\u2068';
const LRI = '\u2066';
const RLI = '\u2067';
const PDI = '\u2069';
const RLM = '\u200f';
const LRM = '\u200e';

const NOW = new Date('2026-11-27T10:00:00Z');
const TITLE = 'Movie Night!';
const VENUE = 'Café Lumen کافه';
const ADDRESS = '12 Safa St';
const CITY = 'قم';
const ORGANIZER = 'Qom Film Club';
const REASON = 'Projector broke :(';
const NAME = 'John (Hamid) 2nd';
const USER_RUNS = [TITLE, VENUE, ADDRESS, CITY, ORGANIZER, REASON, NAME];

function event(overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    _id: new Types.ObjectId(),
    title: TITLE,
    description: 'Bring snacks!\nفیلم با زیرنویس',
    startAt: new Date('2026-12-05T15:00:00Z'),
    endAt: new Date('2026-12-05T17:00:00Z'),
    allDay: false,
    timezone: 'Asia/Tehran',
    venue: { name: VENUE, address: ADDRESS, city: CITY },
    organizer: { name: ORGANIZER, links: {} },
    categories: ['film'],
    status: 'published',
    capacity: 40,
    createdBy: 1,
    sequence: 0,
    rsvpCounts: { going: 12, maybe: 3, notGoing: 1, waitlist: 0, guests: 2 },
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

/** Hebrew, Arabic, Syriac, Thaana, NKo… and their presentation forms: strong right-to-left letters. */
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const LETTER = /\p{L}/u;

/**
 * The first strong direction of a line as the bidi algorithm finds it (rule P2): letters and the
 * marks count, text inside isolates (up to the matching PDI) is skipped.
 */
export function firstStrong(line: string): 'rtl' | 'ltr' | undefined {
  let depth = 0;
  for (const ch of line) {
    if (ch === FSI || ch === LRI || ch === RLI) depth += 1;
    else if (ch === PDI) depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (ch === RLM) return 'rtl';
    else if (ch === LRM) return 'ltr';
    else if (RTL_LETTER.test(ch)) return 'rtl';
    else if (LETTER.test(ch)) return 'ltr';
  }
  return undefined;
}

/** The visible text of a message, checked as Telegram would parse it. */
function visible(html: string): string {
  const parsed = parseTelegramHtml(html);
  if (!parsed.ok) throw new Error(`${parsed.description}\n${html}`);
  return parsed.text;
}

/** Removes every isolate with its content (the user's own text, with whatever digits it has). */
function withoutIsolates(text: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === FSI || ch === LRI || ch === RLI) depth += 1;
    else if (ch === PDI) depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

const FOREIGN_DIGITS: Record<'fa' | 'ar' | 'ur', RegExp> = {
  fa: /[0-9\u0660-\u0669]/,
  ar: /[0-9\u06f0-\u06f9]/,
  ur: /[\u0660-\u0669\u06f0-\u06f9]/,
};

function checkMessage(html: string, locale: 'fa' | 'ar' | 'ur', label: string): string {
  const text = visible(html);
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    expect({ label, line, dir: firstStrong(line) }).toEqual({ label, line, dir: 'rtl' });
  }
  for (const run of USER_RUNS) {
    const plain = text.split(run).length - 1;
    const isolated = text.split(`${FSI}${run}${PDI}`).length - 1;
    expect({ label, run, isolated }).toEqual({ label, run, isolated: plain });
  }
  // Hashtags are Telegram entities made from category names; they are the organizer's words.
  const bare = withoutIsolates(text).replace(/#[\p{L}\p{N}_\u200c]+/gu, '');
  expect({ label, foreignDigits: bare.match(new RegExp(FOREIGN_DIGITS[locale].source, 'g')) ?? [] }).toEqual({ label, foreignDigits: [] });
  return text;
}

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

describe.each(['fa', 'ar', 'ur'] as const)('every message in %s', (locale: 'fa' | 'ar' | 'ur') => {
  const t = () => i18n.forLocale(locale);
  const viewer = { locale: locale as Locale, timezone: 'Europe/London', calendar: undefined };
  const n = (x: number) => formatNumber(x, locale);

  it('the event card, as text and as a photo caption with follow-ups', () => {
    const text = checkMessage(renderEventCard(event(), viewer, t(), NOW).text, locale, 'card');
    expect(text).toContain(n(12));
    expect(text).toContain(n(26)); // places left: 40 − 12 going − 2 guests
    const withPhoto = renderEventCard(event({ photoFileId: 'photo' }), viewer, t(), NOW);
    checkMessage(withPhoto.caption!, locale, 'caption');
    for (const more of withPhoto.followUps ?? []) checkMessage(more, locale, 'follow-up');
    const cancelled = renderEventCard(event({ status: 'cancelled', cancelReason: REASON }), viewer, t(), NOW).text;
    expect(checkMessage(cancelled, locale, 'cancelled card')).toContain(`${FSI}${REASON}${PDI}`);
  });

  it('lists: /events, the onboarding list line, /myevents, categories, organizers', () => {
    const events = [event(), event({ status: 'cancelled', allDay: true }), event({ status: 'postponed' })];
    const browse = checkMessage(renderBrowseList(t(), viewer, { view: 'upcoming', events, firstNumber: 11 }), locale, '/events');
    expect(browse).toContain(`${n(11)}. `);
    expect(browse).toContain(`${n(13)}. `);
    checkMessage(renderEventLine(event(), viewer, t()), locale, 'event line');
    checkMessage(renderMyEventsList(t(), locale, events, 1), locale, '/myevents');
    const category: CategoryRecord = { _id: new Types.ObjectId(), slug: 'film', names: { en: TITLE, fa: 'فیلم' }, archived: false, createdAt: NOW, updatedAt: NOW } as CategoryRecord;
    checkMessage(renderCategoryList(t(), [category], locale), locale, '/categories');
    checkMessage(renderOrganizerList(t(), [{ _id: 42, firstName: NAME, username: 'hamid' }], locale), locale, '/organizers');
  });

  it('/attendees with counts, guests and pages', () => {
    const text = checkMessage(
      renderAttendeesPage(t(), locale, {
        event: event(),
        items: [
          { userId: 1, status: 'going', guests: 2 },
          { userId: 2, status: 'maybe', guests: 0 },
        ],
        names: new Map([
          [1, { firstName: NAME, username: 'hamid_q' }],
          [2, { firstName: ORGANIZER }],
        ]),
        page: 1,
        pageSize: 20,
        pages: 3,
        total: 42,
      }),
      locale,
      '/attendees',
    );
    expect(text).toContain(`${n(21)}. `);
    expect(text).toContain(`+${n(2)}`);
  });

  it('reminders, "starting now", every change notice and the weekly digest', () => {
    const reminder = checkMessage(renderReminder(event(), 90, viewer, t()), locale, 'reminder');
    expect(reminder).toContain(n(30));
    checkMessage(renderStartingNow(event(), viewer, t()), locale, 'starting now');
    const changes: EventChangeKind[] = ['details', 'time', 'place', 'postponed', 'cancelled', 'restored'];
    for (const change of changes) {
      checkMessage(renderNotice(event({ cancelReason: REASON }), change, viewer, t()), locale, `notice ${change}`);
    }
    checkMessage(renderNotice(event({ venue: undefined, onlineUrl: 'https://example.com/live' }), 'place', viewer, t()), locale, 'notice online');
    const digest = checkMessage(renderDigest(Array.from({ length: 12 }, () => event()), viewer, t()), locale, 'digest');
    expect(digest).toContain(n(12));
  });

  it('/stats', () => {
    const counts = { sent: 1200, pending: 3, failed: 1, skipped: 17 };
    const text = checkMessage(
      renderStats({ events: [{ title: TITLE, counts }], chats: [{ title: ORGANIZER, counts }], reasons: [{ reason: 'blocked', count: 4 }], sender: 'host-1' }, t(), locale),
      locale,
      '/stats',
    );
    expect(text).toContain(n(1200));
  });
});

describe('the checks themselves', () => {
  it('find a line that a Latin title would turn left to right', () => {
    expect(firstStrong('Movie Night! یادآوری')).toBe('ltr');
    expect(firstStrong(`${FSI}Movie Night!${PDI} یادآوری`)).toBe('rtl');
    expect(firstStrong(`${FSI}Movie Night!${PDI}`)).toBeUndefined();
    expect(firstStrong(`${RLM}${FSI}Movie Night!${PDI}`)).toBe('rtl');
  });

  it('reject a message with a bare user run or a Latin digit in Persian', () => {
    expect(() => checkMessage(`${RLM}یادآوری: ${TITLE}`, 'fa', 'bare')).toThrow();
    expect(() => checkMessage(`${RLM}ساعت 18:30`, 'fa', 'digits')).toThrow();
    expect(() => checkMessage(`${RLM}ساعت ۱۸:۳۰ ${FSI}${TITLE}${PDI}`, 'fa', 'good')).not.toThrow();
  });
});

describe('.ics DESCRIPTION', () => {
  it('starts with the date as the reader reads it, in their calendars and digits, then the description', () => {
    const fa = icsDescription(event(), { locale: 'fa', timezone: 'Asia/Tehran', calendar: undefined }, i18n.forLocale('fa'));
    const [first, blank, ...rest] = fa.split('\n');
    expect(first).toBe('\u200fشنبه ۱۴ آذر ۱۴۰۵، ۱۸:۳۰–۲۰:۳۰ (وقت ایران) · ۵ دسامبر ۲۰۲۶');
    expect(blank).toBe('');
    expect(rest).toEqual(['\u200fBring snacks!', '\u200fفیلم با زیرنویس']);
    const en = icsDescription(event({ description: undefined }), { locale: 'en', timezone: 'Asia/Tehran', calendar: 'persian' }, i18n.forLocale('en'));
    expect(en).toBe('Sat 14 Azar 1405 AP, 18:30–20:30 (Iran Time) · 5 December 2026');
  });
});
