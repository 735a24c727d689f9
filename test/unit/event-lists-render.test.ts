import { Types } from 'mongoose';
import { createI18n, type Translate } from '../../src/i18n/i18n';
import { personLabel, renderBrowseList, renderCategoryList, renderMyEventsList, renderOrganizerList } from '../../src/bot/render/event-lists';
import type { EventRecord } from '../../src/dal/events/event.model';
import type { CategoryRecord } from '../../src/dal/categories/category.model';
import { parseTelegramHtml } from '../support/fake-telegram/html';

const event = (title: string, status: EventRecord['status'] = 'published'): EventRecord => ({
  _id: new Types.ObjectId(),
  title,
  startAt: new Date('2026-12-05T15:00:00Z'),
  endAt: new Date('2026-12-05T17:00:00Z'),
  allDay: false,
  timezone: 'Asia/Tehran',
  categories: [],
  status,
  createdBy: 1,
  sequence: 0,
  rsvpCounts: { going: 0, maybe: 0, notGoing: 0, waitlist: 0, guests: 0 },
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('event list texts', () => {
  let en: Translate;
  let fa: Translate;
  beforeAll(async () => {
    const i18n = await createI18n();
    en = i18n.forLocale('en');
    fa = i18n.forLocale('fa');
  });
  const valid = (html: string) => expect(parseTelegramHtml(html).ok).toBe(true);

  it('numbers the browse list from the page\'s first number, escapes titles, and names the view', () => {
    const text = renderBrowseList(en, { locale: 'en', timezone: 'Asia/Tehran', calendar: 'gregorian' }, {
      view: 'upcoming',
      events: [event('<b>One</b>'), event('Two & more')],
      firstNumber: 6,
    });
    valid(text);
    expect(text.startsWith(en('events.title'))).toBe(true);
    expect(text).toContain('6. ');
    expect(text).toContain('7. ');
    expect(text).toContain('&lt;b&gt;One&lt;/b&gt;');
    expect(text).toContain('Two &amp; more');
    expect(renderBrowseList(en, { locale: 'en', timezone: 'UTC', calendar: 'gregorian' }, { view: 'past', events: [], firstNumber: 1 })).toBe(
      `${en('events.pastTitle')}\n\n${en('events.noPast')}`,
    );
    // The category as its hashtag, '#' inside the isolate so it stays in front of the name.
    expect(renderBrowseList(fa, { locale: 'fa', timezone: 'UTC', calendar: 'gregorian' }, { view: 'upcoming', events: [], firstNumber: 1, categoryName: 'موسیقی <x>' })).toContain(
      '\u2068#موسیقی_x\u2069',
    );
    // A name that makes no hashtag is shown as it is, escaped.
    expect(renderBrowseList(fa, { locale: 'fa', timezone: 'UTC', calendar: 'gregorian' }, { view: 'upcoming', events: [], firstNumber: 1, categoryName: '<>' })).toContain('&lt;&gt;');
  });

  it('shows each of my events with its status and unambiguous time', () => {
    const text = renderMyEventsList(en, 'en', [event('<script>', 'draft'), event('Live', 'cancelled')], 1);
    valid(text);
    expect(text).toContain(en('myevents.title', { page: 2 }));
    expect(text).toContain('📝 <b>&lt;script&gt;</b> — Sat 5 Dec 2026, 18:30–20:30 (Iran Time) · draft');
    expect(text).toContain('❌ <b>Live</b>');
    expect(text).toContain('cancelled');
  });

  it('lists categories with every language\'s name, escaped, archived ones marked', () => {
    const c = (slug: string, archived: boolean, names: CategoryRecord['names']): CategoryRecord => ({
      _id: new Types.ObjectId(), slug, names, archived, createdAt: new Date(0), updatedAt: new Date(0),
    });
    const text = renderCategoryList(en, [c('music', false, { en: 'Music', fa: 'موسیقی' }), c('old', true, { en: '<Old>' })]);
    valid(text);
    // Names in four scripts share a line: each is isolated, in every language.
    expect(text).toContain('🏷 <code>#music</code> — \u2068Music\u2069 · \u2068موسیقی\u2069');
    expect(text).toContain('🗄 <code>#old</code> — \u2068&lt;Old&gt;\u2069');
    expect(renderCategoryList(en, [])).toBe(`${en('categories.title')}\n${en('categories.none')}`);
  });

  it('labels people safely', () => {
    expect(personLabel({ _id: 7, firstName: 'Mallory <b>', username: 'mal' })).toBe('Mallory &lt;b&gt; (@mal) · <code>7</code>');
    const text = renderOrganizerList(en, [{ _id: 7, firstName: 'A&B' }]);
    valid(text);
    expect(text).toBe(`${en('organizers.title')}\n1. A&amp;B · <code>7</code>`);
    expect(renderOrganizerList(en, [])).toBe(en('organizers.none'));
  });
});
