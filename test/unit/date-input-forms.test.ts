/**
 * The pieces around the date reader: one-message-form keys in four languages, ambiguous dates turned
 * into one draft per reading, ends typed in words, and the echo shown before publishing.
 */
import { zoneName } from '../../src/domain/date-format';
import { parseOneMessageForm, readEnd, readWhen, emptyDraft } from '../../src/domain/event-draft';
import { echoWhen, choiceLabel, echoCalendar } from '../../src/bot/render/when-echo';
import { createI18n, type I18n } from '../../src/i18n/i18n';

const NOW = new Date('2026-11-27T10:00:00Z'); // Friday, 13:30 in Tehran
const TEHRAN = 'Asia/Tehran';
const opts = { now: NOW, categories: [{ slug: 'games', names: { en: 'Games', fa: 'بازی' } }] };

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

describe('one-message form keys in four languages', () => {
  it.each([
    ['fa', 'شب بازی | فردا ساعت ۱۹ | کافه\nپایان: دو ساعت\nتوضیحات: خط اول\nخط دوم\nدسته: games\nظرفیت: ۲۰\nبرگزارکننده: باشگاه\nاینستاگرام: @club_fa'],
    ['ar', 'ليلة ألعاب | غداً الساعة 7 مساءً | مقهى\nالنهاية: ساعتين\nالوصف: خط اول\nخط دوم\nالفئة: games\nالسعة: ٢٠\nالمنظم: باشگاه\nإنستغرام: @club_fa'],
    ['ur', 'کھیل کی شام | کل شام 7 بجے | کیفے\nاختتام: دو گھنٹے\nتفصیل: خط اول\nخط دوم\nزمرہ: games\nگنجائش: 20\nمنتظم: باشگاه\nانسٹاگرام: @club_fa'],
    ['en', 'Games | tomorrow 7pm | Café\nend: 2h\ndescription: خط اول\nخط دوم\ncategory: games\ncapacity: 20\norganizer: باشگاه\ninstagram: @club_fa'],
  ] as const)('%s', (locale, text) => {
    const res = parseOneMessageForm(text, TEHRAN, { ...opts, locale });
    expect(res).toEqual({ ok: true, draft: expect.objectContaining({
      start: '2026-11-28T15:30:00.000Z',
      end: '2026-11-28T17:30:00.000Z',
      description: 'خط اول\nخط دوم',
      categories: ['games'],
      capacity: 20,
      organizer: { name: 'باشگاه', links: { instagram: 'https://www.instagram.com/club_fa' } },
    }) });
  });

  it('takes the venue from a «مکان:» line, and refuses two venues', () => {
    const res = parseOneMessageForm('جلسه | فردا ساعت ۱۹\nمکان: کتابخانه، قم', TEHRAN, opts);
    expect(res.ok && res.draft.venue).toEqual({ name: 'کتابخانه', address: 'قم' });
    const two = parseOneMessageForm('جلسه | فردا ساعت ۱۹ | کافه\nمکان: کتابخانه', TEHRAN, opts);
    expect(two).toEqual({ ok: false, error: { key: 'newevent.form.twoVenues' }, line: 'مکان: کتابخانه' });
  });

  it('reads the rest of the form under each reading of an ambiguous date', () => {
    const res = parseOneMessageForm('جلسه | فردا ساعت ۷\nپایان: یک ساعت', TEHRAN, opts);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.key).toBe('dates.error.ambiguous');
    expect(res.choices?.map((c) => [c.start, c.end])).toEqual([
      ['2026-11-28T03:30:00.000Z', '2026-11-28T04:30:00.000Z'],
      ['2026-11-28T15:30:00.000Z', '2026-11-28T16:30:00.000Z'],
    ]);
  });

  it('an unknown key is still refused with its line', () => {
    const res = parseOneMessageForm('جلسه | فردا ساعت ۱۹\nطعم: وانیل', TEHRAN, opts);
    expect(res).toEqual({ ok: false, error: { key: 'newevent.form.unknownLine', vars: { line: 'طعم: وانیل' } }, line: 'طعم: وانیل' });
  });
});

describe('readWhen / readEnd in words', () => {
  const draft = { ...emptyDraft(TEHRAN), start: '2026-11-28T14:30:00.000Z' }; // Saturday 18:00

  it.each([
    ['دو ساعت', '2026-11-28T16:30:00.000Z'],
    ['ساعة ونصف', '2026-11-28T16:00:00.000Z'],
    ['ساعتين', '2026-11-28T16:30:00.000Z'],
    ['ڈیڑھ گھنٹہ', '2026-11-28T16:00:00.000Z'],
    ['دو گھنٹے کے لیے', '2026-11-28T16:30:00.000Z'],
    ['ساعت ۲۰:۳۰', '2026-11-28T17:00:00.000Z'],
    ['۱۱ شب', '2026-11-28T19:30:00.000Z'],
    ['۱ شب', '2026-11-28T21:30:00.000Z'],
    ['رات 9 بجے', '2026-11-28T17:30:00.000Z'],
    ['ساعت ۹', '2026-11-28T17:30:00.000Z'], // 09:00 the next morning is more than 12 hours away
    ['1.5h', '2026-11-28T16:00:00.000Z'],
  ])('end %s', (input, iso) => {
    expect(readEnd(draft, input)).toEqual({ ok: true, draft: { ...draft, end: iso, allDay: false } });
  });

  it('an end clock more than 12 hours on is refused as before the start; with a day it is taken', () => {
    expect(readEnd(draft, 'ساعت ۱۰ صبح')).toEqual({ ok: false, error: { key: 'dates.error.end_before_start' } });
    expect(readEnd(draft, 'فردا ساعت ۱۰ صبح')).toEqual({ ok: true, draft: { ...draft, end: '2026-11-29T06:30:00.000Z', allDay: false } });
  });

  it('an ambiguous start gives one draft per reading', () => {
    const res = readWhen(emptyDraft(TEHRAN), 'فردا ساعت ۱ شب', opts);
    expect(res).toEqual({
      ok: false,
      error: { key: 'dates.error.ambiguous' },
      choices: [
        { ...emptyDraft(TEHRAN), start: '2026-11-28T21:30:00.000Z', allDay: false },
        { ...emptyDraft(TEHRAN), start: '2026-11-27T21:30:00.000Z', allDay: false },
      ],
    });
  });
});

describe('the echo before publishing', () => {
  const start = new Date('2026-12-05T15:00:00Z'); // Saturday 5 Dec 2026 18:30 in Tehran = 14 Azar 1405
  const end = new Date('2026-12-05T17:00:00Z');

  it('Persian: weekday, Gregorian date, time, zone, and the Solar Hijri date', () => {
    const text = echoWhen({ start, end, allDay: false, zone: TEHRAN }, { locale: 'fa' }, i18n.forLocale('fa'));
    expect(text).toContain('۱۴ آذر ۱۴۰۵');
    expect(text).toContain('شنبه');
    expect(text).toContain('دسامبر');
    expect(text).toContain('۱۸:۳۰');
    expect(text).toContain('۲۰:۳۰');
    expect(text).toContain(zoneName(TEHRAN, 'fa')); // وقت ایران: the zone by its name
  });

  it('Arabic and Urdu add the Hijri date; English a setting asks for; English alone is Gregorian', () => {
    expect(echoWhen({ start, allDay: false, zone: TEHRAN }, { locale: 'ar' }, i18n.forLocale('ar'))).toMatch(/جمادى الآخرة (?:1448|١٤٤٨)/);
    expect(echoCalendar('ur', 'gregorian')).toBe('islamic');
    expect(echoCalendar('en', 'persian')).toBe('persian');
    const en = echoWhen({ start, allDay: false, zone: TEHRAN }, { locale: 'en' }, i18n.forLocale('en'));
    expect(en).toBe('Sat 5 Dec 2026, 18:30 (Iran Time)');
  });

  it('a choice button names the weekday, date and time', () => {
    expect(choiceLabel({ start, end, allDay: false, zone: TEHRAN }, 'en')).toBe('Sat 5 Dec 2026, 18:30–20:30');
    expect(choiceLabel({ start, allDay: false, zone: TEHRAN }, 'fa')).toContain('۱۴ آذر ۱۴۰۵');
  });
});
