/**
 * Dates typed in Persian, Arabic and Urdu, through the real bot: night hours read right and echoed
 * before publishing, ambiguous input asked about with one button per reading (each leading to its own
 * instant), refusals explained in the organizer's language, one-message-form keys in their language.
 */
import { zoneName } from '../../src/domain/date-format';
import { REZA, startHarness, type Harness } from '../support/harness';
import type { FakeUser } from '../support/fake-telegram/server';
import { buttons, lastAnswer, makeEvent, makeOrganizer } from '../support/events';
import { createI18n, type Translate } from '../../src/i18n/i18n';
import { formatDate, formatTime } from '../../src/domain/date-format';
import { formatDayMonthYear } from '../../src/domain/date-format';
import { modelsOf } from '../support/models';

// Friday 27 Nov 2026, 13:30 in Tehran (the organizers' zone).
const NOW = new Date('2026-11-27T10:00:00Z');
const TEHRAN = 'Asia/Tehran';
const HASAN: FakeUser = { id: 2101, first_name: 'حسن', username: 'hasan', language_code: 'ar' };
const AYESHA: FakeUser = { id: 2102, first_name: 'عائشہ', username: 'ayesha', language_code: 'ur' };

describe('dates typed in Persian, Arabic and Urdu, through the real bot', () => {
  let h: Harness;
  let fa: Translate;
  let ar: Translate;
  let ur: Translate;
  beforeAll(async () => {
    h = await startHarness({ now: () => NOW });
    const i18n = await createI18n();
    fa = i18n.forLocale('fa');
    ar = i18n.forLocale('ar');
    ur = i18n.forLocale('ur');
    for (const u of [REZA, HASAN, AYESHA]) await makeOrganizer(h.db.dal, u);
  });
  afterAll(async () => {
    await h.stop();
  });

  const choiceData = (m: { reply_markup?: unknown } | undefined) => buttons(m as never).map((b) => b.callback_data).filter((d) => d?.includes(':dc:'));

  it('a Persian organizer types «فردا ساعت ۱۲ شب»: midnight after tomorrow evening is echoed (both calendars) and published', async () => {
    await h.fake.say(REZA, '/newevent');
    await h.fake.say(REZA, 'شب شعر');
    const [echo] = await h.fake.say(REZA, 'فردا ساعت ۱۲ شب');
    const midnight = new Date('2026-11-28T20:30:00Z'); // Sunday 29 Nov 00:00 in Tehran
    expect(echo?.text).toContain(formatTime(midnight, TEHRAN, 'fa')); // ۰۰:۰۰
    expect(echo?.text).toContain(formatDate(midnight, TEHRAN, 'fa', true, 'persian')); // weekday and Solar Hijri date first
    expect(echo?.text).toContain(formatDayMonthYear(midnight, TEHRAN, 'fa', 'gregorian')); // the Gregorian date beside it
    expect(echo?.text).toContain(formatDayMonthYear(midnight, TEHRAN, 'fa', 'persian')); // ۸ آذر ۱۴۰۵
    expect(echo?.text).toContain(zoneName(TEHRAN, 'fa')); // وقت ایران: the zone by its name
    expect(echo?.raw).toContain(fa('newevent.ask.end'));
    expect(echo?.text).not.toContain('۱۲:۰۰');
    // Through to publishing: the stored instant is midnight, not noon.
    let m = echo;
    for (let i = 0; i < 12 && !m?.raw.includes(fa('newevent.preview.title')); i++) {
      const skip = buttons(m).find((b) => b.text === fa('newevent.button.skip'));
      if (!skip) break;
      const next = await h.fake.press(REZA, m!, fa('newevent.button.skip'));
      m = next[0];
    }
    expect(m?.raw).toContain(fa('newevent.preview.title'));
    expect(m?.text).toContain(formatDayMonthYear(midnight, TEHRAN, 'fa', 'persian'));
    const card = h.fake.lastBotMessage(REZA.id)!;
    await h.fake.press(REZA, card, fa('newevent.button.publish'));
    const e = await modelsOf(h.db.dal).events.findOne({ title: 'شب شعر' }).lean();
    expect(e?.startAt.toISOString()).toBe(midnight.toISOString());
    expect(e?.status).toBe('published');
  });

  it('«فردا ساعت ۱ شب» is asked about with both readings as buttons, and each button leads to its own instant', async () => {
    await h.fake.say(REZA, '/newevent');
    await h.fake.say(REZA, 'دورهمی شبانه');
    const [question] = await h.fake.say(REZA, 'فردا ساعت ۱ شب');
    expect(question?.raw).toContain(fa('dates.ask.which', { zone: zoneName(TEHRAN, 'fa') }));
    const data = choiceData(question);
    expect(data).toHaveLength(2);
    const labels = buttons(question).map((b) => b.text);
    const nightAfter = new Date('2026-11-28T21:30:00Z'); // Sunday 01:00, after Saturday evening
    const smallHours = new Date('2026-11-27T21:30:00Z'); // Saturday 01:00
    expect(labels[0]).toContain(formatDate(nightAfter, TEHRAN, 'fa', true, 'persian'));
    expect(labels[1]).toContain(formatDate(smallHours, TEHRAN, 'fa', true, 'persian'));
    expect(labels[0]).toContain(formatTime(nightAfter, TEHRAN, 'fa'));

    // The second reading: echoed, then the next question.
    const [echo] = await h.fake.press(REZA, question!, labels[1]!);
    expect(echo?.text).toContain(formatDate(smallHours, TEHRAN, 'fa', true, 'persian'));
    expect(echo?.raw).toContain(fa('newevent.ask.end'));
    // The old buttons are now stale.
    await h.fake.processed(h.fake.pressButton(REZA, question!, data[0]!));
    expect(lastAnswer(h.fake.calls)).toBe(fa('newevent.staleStep'));
    await h.fake.say(REZA, '/cancel');

    // The one-message form asks the same question; the first reading is published at its instant.
    const [formQ] = await h.fake.say(REZA, '/newevent مهمانی | فردا ساعت ۱ شب | کافه نادری\nپایان: دو ساعت\nتوضیحات: با دوستان');
    expect(formQ?.raw).toContain(fa('dates.ask.which', { zone: zoneName(TEHRAN, 'fa') }));
    const preview = await h.fake.press(REZA, formQ!, buttons(formQ)[0]!.text);
    // Solar Hijri first for a Persian organizer (weekday and date), the Gregorian date beside it.
    expect(preview[0]?.text).toContain(formatDate(nightAfter, TEHRAN, 'fa', true, 'persian'));
    expect(preview[0]?.text).toContain(formatDayMonthYear(nightAfter, TEHRAN, 'fa', 'gregorian'));
    const card = preview[preview.length - 1]!;
    await h.fake.press(REZA, card, fa('newevent.button.publish'));
    const e = await modelsOf(h.db.dal).events.findOne({ title: 'مهمانی' }).lean();
    expect(e?.startAt.toISOString()).toBe(nightAfter.toISOString());
    expect(e?.endAt.toISOString()).toBe(new Date(nightAfter.getTime() + 2 * 3_600_000).toISOString());
    expect(e?.description).toBe('با دوستان');
    expect(e?.venue?.name).toBe('کافه نادری');
  });

  it('a refused date gets the reason with examples in Persian', async () => {
    await h.fake.say(REZA, '/newevent');
    await h.fake.say(REZA, 'بی‌تاریخ');
    const [m] = await h.fake.say(REZA, 'فردا شب');
    expect(m?.raw).toContain(fa('dates.error.unrecognized'));
    expect(m?.raw).toContain('فردا ساعت ۱۹');
    await h.fake.say(REZA, '/cancel');
  });

  it('an Arabic organizer uses the one-message form with Arabic keys', async () => {
    const [m, card] = await h.fake.say(
      HASAN,
      ['/newevent أمسية شعرية | الخميس القادم الساعة 7 مساءً | مقهى الشعراء', 'النهاية: ساعتين', 'الوصف: أمسية مفتوحة', 'السعة: ٤٠'].join('\n'),
    );
    const start = new Date('2026-12-03T15:30:00Z'); // Thursday 3 Dec 19:00 in Tehran
    expect(m?.raw).toContain(ar('newevent.preview.title'));
    expect(m?.text).toContain(formatTime(start, TEHRAN, 'ar'));
    expect(m?.text).toContain(formatDayMonthYear(start, TEHRAN, 'ar', 'islamic'));
    await h.fake.press(HASAN, card!, ar('newevent.button.saveDraft'));
    const e = await modelsOf(h.db.dal).events.findOne({ title: 'أمسية شعرية' }).lean();
    expect(e).toMatchObject({ description: 'أمسية مفتوحة', capacity: 40, venue: { name: 'مقهى الشعراء' } });
    expect(e?.startAt.toISOString()).toBe(start.toISOString());
    expect(e?.endAt.toISOString()).toBe('2026-12-03T17:30:00.000Z');
  });

  it('an Urdu organizer: «کل 7 بجے» asks morning or evening; «آج رات 12 بجے» is midnight', async () => {
    await h.fake.say(AYESHA, '/newevent');
    await h.fake.say(AYESHA, 'محفل');
    const [q] = await h.fake.say(AYESHA, 'کل 7 بجے');
    expect(q?.raw).toContain(ur('dates.ask.which', { zone: zoneName(TEHRAN, 'ur') }));
    expect(choiceData(q)).toHaveLength(2);
    const evening = new Date('2026-11-28T15:30:00Z'); // Saturday 19:00
    const [echo] = await h.fake.press(AYESHA, q!, buttons(q)[1]!.text);
    expect(echo?.text).toContain(formatTime(evening, TEHRAN, 'ur'));
    expect(echo?.raw).toContain(ur('newevent.ask.end'));
    await h.fake.say(AYESHA, '/cancel');

    await h.fake.say(AYESHA, '/newevent');
    await h.fake.say(AYESHA, 'رات کی محفل');
    const [m] = await h.fake.say(AYESHA, 'آج رات 12 بجے');
    const midnight = new Date('2026-11-27T20:30:00Z'); // Saturday 00:00
    expect(m?.text).toContain(formatDate(midnight, TEHRAN, 'ur'));
    expect(m?.text).toContain(formatTime(midnight, TEHRAN, 'ur'));
    expect(m?.raw).toContain(ur('newevent.ask.end'));
    await h.fake.say(AYESHA, '/cancel');
  });

  it('postponing to an ambiguous time lists both readings and changes nothing until the organizer is exact', async () => {
    const e = await makeEvent(h.db.dal, { title: 'جلسهٔ کتاب', startAt: new Date('2026-12-05T15:00:00Z'), createdBy: REZA.id, status: 'draft' });
    await h.db.dal.events.publish(e._id, NOW);
    const [list] = await h.fake.say(REZA, '/myevents');
    const opened = await h.fake.press(REZA, list!, /جلسهٔ کتاب/);
    const [q] = await h.fake.press(REZA, opened[opened.length - 1]!, fa('myevents.button.postpone'));
    expect(q?.raw).toContain(TEHRAN);
    const [m] = await h.fake.say(REZA, 'پنجشنبه آینده ساعت ۸');
    expect(m?.raw).toContain(fa('dates.error.ambiguous'));
    const morning = new Date('2026-12-03T04:30:00Z');
    const evening = new Date('2026-12-03T16:30:00Z');
    expect(m?.text).toContain(`• ${formatDate(morning, TEHRAN, 'fa', true, 'persian')}`);
    expect(m?.text).toContain(formatTime(morning, TEHRAN, 'fa'));
    expect(m?.text).toContain(formatTime(evening, TEHRAN, 'fa'));
    expect((await h.db.dal.events.findById(e._id))?.startAt.toISOString()).toBe('2026-12-05T15:00:00.000Z');
    await h.fake.say(REZA, 'پنجشنبه آینده ساعت ۸ شب');
    const after = await h.db.dal.events.findById(e._id);
    expect(after?.startAt.toISOString()).toBe(evening.toISOString());
    expect(after?.status).toBe('postponed');
  });

  it('a repeat rule whose hour reads two ways is asked about too; the pick makes the whole series', async () => {
    const [q] = await h.fake.say(REZA, '/newevent حلقهٔ مطالعه | فردا ساعت ۱۹ | کتابخانه\nتکرار: هر پنجشنبه ساعت ۷ تا خرداد');
    expect(q?.raw).toContain(fa('dates.ask.which', { zone: zoneName(TEHRAN, 'fa') }));
    expect(choiceData(q)).toHaveLength(2);
    const evening = new Date('2026-12-03T15:30:00Z'); // Thursday 3 Dec, 19:00 in Tehran
    expect(buttons(q)[1]?.text).toContain(formatTime(evening, TEHRAN, 'fa'));
    const preview = await h.fake.press(REZA, q!, buttons(q)[1]!.text);
    const card = preview[preview.length - 1]!;
    await h.fake.press(REZA, card, fa('newevent.button.publish'));
    const events = await modelsOf(h.db.dal).events.find({ title: 'حلقهٔ مطالعه' }).sort({ startAt: 1 }).lean();
    // Every Thursday from 3 Dec 2026 through 1 Khordad 1406 (22 May 2027): 25 evenings, all at 19:00.
    expect(events).toHaveLength(25);
    expect(events[0]?.startAt.toISOString()).toBe(evening.toISOString());
    expect(events.every((e) => formatTime(e.startAt, TEHRAN, 'en') === '19:00')).toBe(true);
    expect(events[24]?.startAt.toISOString()).toBe('2027-05-20T15:30:00.000Z');
  });
});
