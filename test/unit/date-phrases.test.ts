/**
 * How organizers really write dates, in Persian, Arabic, Urdu and English: each phrase with the exact
 * instant(s) it must mean in Asia/Tehran and in a second zone (Europe/Berlin or America/New_York, some
 * rows across their spring DST change), from an injected "now". Ambiguous phrases must return every
 * reading ("ASK"), never one of them.
 *
 * Expected instants are written as local wall times and turned into instants with the offsets below,
 * written out by hand (not computed by the code under test): Tehran is +03:30 all year (Iran dropped
 * DST in 2022); Berlin is +01:00 until 28 March 2027 02:00, then +02:00; New York is -05:00 until
 * 14 March 2027 02:00, then -04:00. This file runs under TZ=UTC, America/New_York and Asia/Tehran.
 */
import { parseWhen, type ParsedWhen } from '../../src/domain/dates';
import { parseRecurrence } from '../../src/domain/recurrence';
import type { Locale } from '../../src/i18n/locales';

type Zone = 'Asia/Tehran' | 'Europe/Berlin' | 'America/New_York';
/** Friday 27 November 2026: 13:30 in Tehran, 11:00 in Berlin, 05:00 in New York. */
const NOW = '2026-11-27T10:00:00Z';

function offset(zone: Zone, wall: string): string {
  if (zone === 'Asia/Tehran') return '+03:30';
  if (zone === 'Europe/Berlin') return wall >= '2027-03-28 02:00' ? '+02:00' : '+01:00';
  return wall >= '2027-03-14 02:00' ? '-04:00' : '-05:00';
}
const at = (zone: Zone, wall: string) => new Date(`${wall.replace(' ', 'T')}:00${offset(zone, wall)}`);
const nextDate = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** 'YYYY-MM-DD HH:MM', '… → YYYY-MM-DD HH:MM', 'allday D[..D2]' → what parseWhen must return. */
function reading(zone: Zone, text: string): ParsedWhen {
  const allDay = /^allday (\S+?)(?:\.\.(\S+))?$/.exec(text);
  if (allDay) {
    const first = allDay[1]!;
    const last = allDay[2] ?? first;
    return { start: at(zone, `${first} 00:00`), end: at(zone, `${nextDate(last)} 00:00`), allDay: true };
  }
  const [start, end] = text.split(' → ');
  return { start: at(zone, start!), end: end ? at(zone, end) : undefined, allDay: false };
}

function expected(zone: Zone, text: string): unknown {
  if (text.startsWith('!')) return { ok: false, error: text.slice(1) };
  if (text.startsWith('ASK ')) return { ok: false, error: 'ambiguous', readings: text.slice(4).split(' | ').map((r) => reading(zone, r)) };
  return { ok: true, value: reading(zone, text) };
}

interface Other {
  zone?: Zone;
  /** The other zone's expectation when its wall time differs (its own "now", a DST gap). */
  expect?: string;
  now?: string;
}
type Row = [input: string, locale: Locale, expect: string, other?: Other];

const DEFAULT_OTHER: Record<Locale, Zone> = { fa: 'Europe/Berlin', ar: 'America/New_York', ur: 'Europe/Berlin', en: 'America/New_York' };

const PERSIAN: Row[] = [
  ['فردا ساعت ۱۲ شب', 'fa', '2026-11-29 00:00'],
  ['فردا ساعت ۱۲ شب', 'fa', '2026-11-29 00:00', { zone: 'America/New_York' }],
  ['ساعت ۱ شب', 'fa', '2026-11-28 01:00'],
  ['فردا ساعت ۱ شب', 'fa', 'ASK 2026-11-29 01:00 | 2026-11-28 01:00'],
  ['فردا ساعت ۹ شب', 'fa', '2026-11-28 21:00'],
  ['فردا ساعت ۱۹', 'fa', '2026-11-28 19:00'],
  ['فردا ساعت ۷ عصر', 'fa', '2026-11-28 19:00'],
  ['فردا صبح ساعت ۹', 'fa', '2026-11-28 09:00'],
  ['فردا ساعت ۷', 'fa', 'ASK 2026-11-28 07:00 | 2026-11-28 19:00'],
  ['فردا ساعت ۱۲', 'fa', 'ASK 2026-11-28 12:00 | 2026-11-29 00:00'],
  ['فردا ظهر', 'fa', '2026-11-28 12:00'],
  ['فردا ساعت ۱ ظهر', 'fa', '2026-11-28 13:00'],
  ['فردا ساعت ۴ بعد از ظهر', 'fa', '2026-11-28 16:00'],
  ['فردا ساعت ۴ بعدازظهر', 'fa', '2026-11-28 16:00'],
  ['پس‌فردا ساعت ۱۰ صبح', 'fa', '2026-11-29 10:00'],
  ['پس فردا ساعت ۱۸:۳۰', 'fa', '2026-11-29 18:30'],
  ['امشب ساعت ۱۱', 'fa', '2026-11-27 23:00'],
  ['امشب ساعت ۱۲', 'fa', '2026-11-28 00:00'],
  ['امروز ساعت ۲۰:۳۰', 'fa', '2026-11-27 20:30'],
  ['نیمه‌شب', 'fa', '2026-11-28 00:00'],
  ['فردا نیمه‌شب', 'fa', '2026-11-29 00:00'],
  ['پنجشنبه آینده ساعت ۱۹', 'fa', '2026-12-03 19:00'],
  ['پنجشنبه ساعت ۱۸:۳۰', 'fa', '2026-12-03 18:30'],
  ['پنج‌شنبه ساعت ۶ عصر', 'fa', '2026-12-03 18:00'],
  ['شنبه ساعت ۱۰ صبح', 'fa', '2026-11-28 10:00'],
  // Today is Friday: 10:00 has passed in Tehran, not yet in New York (05:00), where both Fridays remain.
  ['جمعه ساعت ۱۰ صبح', 'fa', '2026-12-04 10:00', { zone: 'America/New_York', expect: 'ASK 2026-11-27 10:00 | 2026-12-04 10:00' }],
  ['دوشنبه هفته بعد ساعت ۵ عصر', 'fa', '2026-11-30 17:00'],
  ['سه‌شنبه هفته آینده ساعت ۱۸', 'fa', '2026-12-01 18:00'],
  ['۱۴ آذر ساعت ۱۸', 'fa', '2026-12-05 18:00'],
  ['۱۴ آذر ۱۴۰۵ ساعت ۱۸:۳۰', 'fa', '2026-12-05 18:30'],
  ['۱۴۰۵/۰۹/۱۴ ساعت ۱۸:۳۰', 'fa', '2026-12-05 18:30'],
  ['۱۴۰۵/۰۹/۱۴', 'fa', 'allday 2026-12-05'],
  ['۳۰ آذر ساعت ۲۰', 'fa', '2026-12-21 20:00'],
  ['۱ دی ساعت ۱۰ صبح', 'fa', '2026-12-22 10:00'],
  ['۲۲ بهمن ساعت ۹ صبح', 'fa', '2027-02-11 09:00'],
  ['۱۵ اسفند ۱۴۰۵ ساعت ۱۷', 'fa', '2027-03-06 17:00'],
  ['۱ فروردین ساعت ۱۰ صبح', 'fa', '2027-03-21 10:00', { zone: 'America/New_York' }],
  ['۱۳ فروردین ۱۴۰۶ ساعت ۱۰ صبح', 'fa', '2027-04-02 10:00'],
  // Berlin springs forward at 02:00 that night: 02:30 does not exist there and moves to 03:30.
  ['۸ فروردین ۱۴۰۶ ساعت ۲:۳۰', 'fa', '2027-03-28 02:30', { expect: '2027-03-28 03:30' }],
  ['۱ رجب ساعت ۱۸', 'fa', '2026-12-10 18:00'],
  ['۱۵ شعبان ساعت ۲۰', 'fa', '2027-01-23 20:00'],
  ['۵ دسامبر ساعت ۱۸', 'fa', '2026-12-05 18:00'],
  ['فردا از ساعت ۱۸ تا ۲۰', 'fa', '2026-11-28 18:00 → 2026-11-28 20:00'],
  ['فردا از ۷ تا ۹ شب', 'fa', '2026-11-28 19:00 → 2026-11-28 21:00'],
  ['فردا ساعت ۲۲ تا ۲', 'fa', '2026-11-28 22:00 → 2026-11-29 02:00'],
  ['فردا ساعت ۱۸ به مدت دو ساعت', 'fa', '2026-11-28 18:00 → 2026-11-28 20:00'],
  ['فردا ساعت ۱۸ به مدت یک ساعت و نیم', 'fa', '2026-11-28 18:00 → 2026-11-28 19:30'],
  ['فردا ساعت ۷ و نیم عصر', 'fa', '2026-11-28 19:30'],
  ['۱۴ تا ۱۶ آذر', 'fa', 'allday 2026-12-05..2026-12-07'],
  ['ساعت ۸:۳۰ صبح پس فردا', 'fa', '2026-11-29 08:30'],
  // No day: the next noon — tomorrow in Tehran (13:30 now), today in Berlin (11:00 now).
  ['ساعت ۱۲ ظهر', 'fa', '2026-11-28 12:00', { expect: '2026-11-27 12:00' }],
  ['فردا', 'fa', 'allday 2026-11-28'],
  // A weekday beside the date must agree with it: 14 Azar 1405 is a Saturday.
  ['شنبه ۱۴ آذر ساعت ۱۸', 'fa', '2026-12-05 18:00'],
  ['پنجشنبه ۱۴ آذر ساعت ۱۸', 'fa', '!unrecognized'],
  ['جمعه ۱۳ آذرماه ساعت ۱۸', 'fa', '2026-12-04 18:00'],
  ['ساعت ۱۸ الی ۲۰ روز پنجشنبه', 'fa', '2026-12-03 18:00 → 2026-12-03 20:00'],
  // Elapsed time: the same instant everywhere. Whole days name a day.
  ['دو ساعت دیگر', 'fa', '2026-11-27 15:30', { expect: '2026-11-27 13:00' }],
  ['۳ روز دیگر ساعت ۱۸', 'fa', '2026-11-30 18:00'],
  ['یک هفته دیگر ساعت ۱۹', 'fa', '2026-12-04 19:00'],
  ['فردا شب', 'fa', '!unrecognized'],
  ['ساعت ۲۵', 'fa', '!unrecognized'],
  ['۳۱ مهر ساعت ۱۰ صبح', 'fa', '!unrecognized'],
  ['۱ آبان ۱۴۰۵ ساعت ۱۰ صبح', 'fa', '!in_past'],
  ['دیروز ساعت ۱۸', 'fa', '!in_past'],
];

const ARABIC: Row[] = [
  ['غداً الساعة 7 مساءً', 'ar', '2026-11-28 19:00'],
  ['غدا الساعة السابعة مساء', 'ar', '2026-11-28 19:00'],
  ['غدًا الساعة ١٢ ليلًا', 'ar', '2026-11-29 00:00'],
  ['غداً الساعة 1 ليلاً', 'ar', 'ASK 2026-11-29 01:00 | 2026-11-28 01:00'],
  ['الليلة الساعة 11', 'ar', '2026-11-27 23:00'],
  ['الليلة الساعة 12', 'ar', '2026-11-28 00:00'],
  ['اليوم الساعة 8 مساءً', 'ar', '2026-11-27 20:00'],
  ['بعد غد الساعة 10 صباحاً', 'ar', '2026-11-29 10:00'],
  ['بعد الغد الساعة ١٨:٣٠', 'ar', '2026-11-29 18:30'],
  ['الخميس القادم الساعة 7 مساءً', 'ar', '2026-12-03 19:00'],
  ['الخميس الساعة 18:30', 'ar', '2026-12-03 18:30'],
  ['يوم الخميس المقبل الساعة السابعة والنصف مساءً', 'ar', '2026-12-03 19:30'],
  ['السبت الساعة 10 صباحاً', 'ar', '2026-11-28 10:00'],
  ['الأحد الساعة ٥ عصراً', 'ar', '2026-11-29 17:00'],
  ['الاثنين الساعة 12 ظهراً', 'ar', '2026-11-30 12:00'],
  ['الثلاثاء الساعة 1 ظهراً', 'ar', '2026-12-01 13:00'],
  ['الأربعاء الساعة التاسعة مساءً', 'ar', '2026-12-02 21:00'],
  ['غداً الساعة 7', 'ar', 'ASK 2026-11-28 07:00 | 2026-11-28 19:00'],
  ['غداً الساعة 12', 'ar', 'ASK 2026-11-28 12:00 | 2026-11-29 00:00'],
  ['غداً منتصف الليل', 'ar', '2026-11-29 00:00'],
  ['غداً ظهراً', 'ar', '2026-11-28 12:00'],
  ['25 ربيع الأول الساعة 8 مساءً', 'ar', '2027-08-27 20:00'],
  ['١ رمضان الساعة 9 مساءً', 'ar', '2027-02-08 21:00'],
  ['1 رمضان 1448 الساعة 21:00', 'ar', '2027-02-08 21:00'],
  ['١ شوال ١٤٤٨ الساعة ٧ صباحاً', 'ar', '2027-03-09 07:00'],
  ['10 ذو الحجة الساعة 6 صباحاً', 'ar', '2027-05-16 06:00'],
  ['10 ذو الحجة الساعة 6 صباحاً', 'ar', '2027-05-16 06:00', { zone: 'Europe/Berlin' }],
  ['1 محرم 1449 الساعة 18:00', 'ar', '2027-06-06 18:00'],
  ['1448/09/01 الساعة 21:00', 'ar', '2027-02-08 21:00'],
  ['27 رجب', 'ar', 'allday 2027-01-05'],
  ['5 ديسمبر الساعة 18:00', 'ar', '2026-12-05 18:00'],
  ['السبت 5 ديسمبر الساعة 6 مساءً', 'ar', '2026-12-05 18:00'],
  ['5 ديسمبر 2026 الساعة 6 مساءً', 'ar', '2026-12-05 18:00'],
  ['٥ كانون الأول الساعة ٦ مساءً', 'ar', '2026-12-05 18:00'],
  // New York springs forward at 02:00 on 14 March 2027: 10:00 that day is already -04:00.
  ['14 آذار 2027 الساعة 10 صباحاً', 'ar', '2027-03-14 10:00'],
  ['13 آذار 2027 الساعة 10 صباحاً', 'ar', '2027-03-13 10:00'],
  ['غداً من 6 إلى 8 مساءً', 'ar', '2026-11-28 18:00 → 2026-11-28 20:00'],
  ['غداً من الساعة 18:00 حتى 20:00', 'ar', '2026-11-28 18:00 → 2026-11-28 20:00'],
  ['غداً الساعة 6 مساءً لمدة ساعتين', 'ar', '2026-11-28 18:00 → 2026-11-28 20:00'],
  ['غداً الساعة 6 مساءً لمدة ساعة ونصف', 'ar', '2026-11-28 18:00 → 2026-11-28 19:30'],
  ['غداً الساعة 6 مساءً لمدة ٣ ساعات', 'ar', '2026-11-28 18:00 → 2026-11-28 21:00'],
  ['الخميس القادم الساعة ٧ مساءً إلى ٩ مساءً', 'ar', '2026-12-03 19:00 → 2026-12-03 21:00'],
  ['غداً الساعة 10 مساءً إلى 2 صباحاً', 'ar', '2026-11-28 22:00 → 2026-11-29 02:00'],
  ['الساعة 7 مساءً', 'ar', '2026-11-27 19:00'],
  ['غداً الساعة 11 صباحاً', 'ar', '2026-11-28 11:00'],
  ['غداً الساعة الحادية عشرة ليلاً', 'ar', '2026-11-28 23:00'],
  ['بعد غد الساعة 3 فجراً', 'ar', '2026-11-29 03:00'],
  ['الخميس القادم', 'ar', 'allday 2026-12-03'],
  ['3/12/2026 الساعة 18:00', 'ar', '2026-12-03 18:00'],
  ['غداً صباحاً', 'ar', '!unrecognized'],
  ['أمس الساعة 6 مساءً', 'ar', '!in_past'],
  ['بعد 3 أيام الساعة 7 مساءً', 'ar', '2026-11-30 19:00'],
  ['بعد ساعتين', 'ar', '2026-11-27 15:30', { expect: '2026-11-27 07:00' }],
];

const URDU: Row[] = [
  ['آج رات 12 بجے', 'ur', '2026-11-28 00:00'],
  ['آج رات 11 بجے', 'ur', '2026-11-27 23:00'],
  ['کل رات 12 بجے', 'ur', '2026-11-29 00:00'],
  ['کل رات 1 بجے', 'ur', 'ASK 2026-11-29 01:00 | 2026-11-28 01:00'],
  ['کل شام 7 بجے', 'ur', '2026-11-28 19:00'],
  ['کل صبح 9 بجے', 'ur', '2026-11-28 09:00'],
  ['کل 7 بجے', 'ur', 'ASK 2026-11-28 07:00 | 2026-11-28 19:00'],
  ['کل دوپہر 12 بجے', 'ur', '2026-11-28 12:00'],
  ['کل دوپہر 2 بجے', 'ur', '2026-11-28 14:00'],
  ['کل سہ پہر 4 بجے', 'ur', '2026-11-28 16:00'],
  ['پرسوں صبح 10 بجے', 'ur', '2026-11-29 10:00'],
  ['پرسوں شام ساڑھے 6 بجے', 'ur', '2026-11-29 18:30'],
  ['کل شام سوا 7 بجے', 'ur', '2026-11-28 19:15'],
  ['کل شام پونے 8 بجے', 'ur', '2026-11-28 19:45'],
  ['کل دوپہر ڈیڑھ بجے', 'ur', '2026-11-28 13:30'],
  ['کل دوپہر ڈھائی بجے', 'ur', '2026-11-28 14:30'],
  ['اگلے جمعہ شام 7 بجے', 'ur', '2026-12-04 19:00'],
  ['اگلی جمعرات شام 7 بجے', 'ur', '2026-12-03 19:00'],
  ['اگلے جمعرات شام 7 بجے', 'ur', '2026-12-03 19:00', { zone: 'America/New_York' }],
  ['جمعرات کو شام 7 بجے', 'ur', '2026-12-03 19:00'],
  ['ہفتہ کو صبح 10 بجے', 'ur', '2026-11-28 10:00'],
  ['اتوار کو شام 5 بجے', 'ur', '2026-11-29 17:00'],
  ['پیر کو رات 9 بجے', 'ur', '2026-11-30 21:00'],
  ['منگل کو 18:30', 'ur', '2026-12-01 18:30'],
  ['بدھ کو شام 6 بجے', 'ur', '2026-12-02 18:00'],
  ['5 دسمبر شام 6 بجے', 'ur', '2026-12-05 18:00'],
  ['5 دسمبر 2026ء شام 6 بجے', 'ur', '2026-12-05 18:00'],
  ['12 ربیع الاول صبح 10 بجے', 'ur', '2027-08-14 10:00'],
  ['1 رمضان رات 9 بجے', 'ur', '2027-02-08 21:00'],
  ['27 رجب', 'ur', 'allday 2027-01-05'],
  ['14 جنوری شام 7 بجے', 'ur', '2027-01-14 19:00'],
  ['1 اپریل 2027 صبح 10 بجے', 'ur', '2027-04-01 10:00'],
  ['1 اپریل 2027 صبح 10 بجے', 'ur', '2027-04-01 10:00', { zone: 'America/New_York' }],
  ['کل شام 6 سے 8 بجے تک', 'ur', '2026-11-28 18:00 → 2026-11-28 20:00'],
  ['کل شام 6 بجے سے رات 9 بجے تک', 'ur', '2026-11-28 18:00 → 2026-11-28 21:00'],
  ['کل صبح 7 بجے سے 9 بجے تک', 'ur', '2026-11-28 07:00 → 2026-11-28 09:00'],
  ['کل شام 6 بجے دو گھنٹے کے لیے', 'ur', '2026-11-28 18:00 → 2026-11-28 20:00'],
  ['کل شام 6 بجے ڈیڑھ گھنٹہ', 'ur', '2026-11-28 18:00 → 2026-11-28 19:30'],
  ['کل شام 6 بجے 3 گھنٹے', 'ur', '2026-11-28 18:00 → 2026-11-28 21:00'],
  ['آج شام 7 بجے', 'ur', '2026-11-27 19:00'],
  ['کل', 'ur', 'allday 2026-11-28'],
  ['پرسوں', 'ur', 'allday 2026-11-29'],
  ['رات 12 بجے', 'ur', '2026-11-28 00:00'],
  ['رات 2 بجے', 'ur', '2026-11-28 02:00'],
  ['کل صبح 12 بجے', 'ur', 'ASK 2026-11-28 12:00 | 2026-11-28 00:00'],
  ['کل 18:00 بجے', 'ur', '2026-11-28 18:00'],
  // Urdu letters decide "کل" even for an organizer whose bot speaks Persian.
  ['کل شام 7 بجے', 'fa', '2026-11-28 19:00'],
  ['کل شام', 'ur', '!unrecognized'],
  ['3 دن بعد شام 7 بجے', 'ur', '2026-11-30 19:00'],
];

const ENGLISH: Row[] = [
  ['tomorrow 7pm', 'en', '2026-11-28 19:00'],
  ['tomorrow at 7', 'en', 'ASK 2026-11-28 07:00 | 2026-11-28 19:00'],
  ['tomorrow at 7 in the evening', 'en', '2026-11-28 19:00'],
  ['tomorrow at 7 am', 'en', '2026-11-28 07:00'],
  ['tomorrow at 1 at night', 'en', 'ASK 2026-11-29 01:00 | 2026-11-28 01:00'],
  ['tomorrow 12 midnight', 'en', '2026-11-29 00:00'],
  ['tomorrow midnight', 'en', '2026-11-29 00:00'],
  ['tonight at 12', 'en', '2026-11-28 00:00'],
  ['tonight at 9', 'en', '2026-11-27 21:00'],
  ['tomorrow noon', 'en', '2026-11-28 12:00'],
  ['next friday 18:00', 'en', '2026-12-04 18:00'],
  ['next monday 9am', 'en', '2026-11-30 09:00'],
  ['next thursday 7pm for 2 hours', 'en', '2026-12-03 19:00 → 2026-12-03 21:00'],
  ['tomorrow 18:30-20:00', 'en', '2026-11-28 18:30 → 2026-11-28 20:00'],
  ['tomorrow 6pm to 9pm', 'en', '2026-11-28 18:00 → 2026-11-28 21:00'],
  ['tomorrow 21:00 for 90m', 'en', '2026-11-28 21:00 → 2026-11-28 22:30'],
  ['tomorrow 6pm for 1.5h', 'en', '2026-11-28 18:00 → 2026-11-28 19:30'],
  ['tomorrow 9:30', 'en', '2026-11-28 09:30'],
  ['the day after tomorrow 10am', 'en', '2026-11-29 10:00'],
  ['Dec 5 6:30pm', 'en', '2026-12-05 18:30'],
  ['5 Dec 2026 at 18:30', 'en', '2026-12-05 18:30'],
  ['Dec 24 7pm', 'en', '2026-12-24 19:00'],
  ['2026-12-05 18:30', 'en', '2026-12-05 18:30'],
  ['05.12.2026 18:30', 'en', '2026-12-05 18:30'],
  ['2026-12-05', 'en', 'allday 2026-12-05'],
  // Slashes with both parts ≤ 12: 3 April or March 4, asked; across New York's and Berlin's DST change.
  ['3/4/2027 18:00', 'en', 'ASK 2027-04-03 18:00 | 2027-03-04 18:00'],
  ['3/4/2027 18:00', 'en', 'ASK 2027-04-03 18:00 | 2027-03-04 18:00', { zone: 'Europe/Berlin' }],
  ['13/4/2027 18:00', 'en', '2027-04-13 18:00'],
  ['3/4/2027 18:00', 'fa', '2027-04-03 18:00'],
  ['14 Azar 1405 18:30', 'en', '2026-12-05 18:30'],
  ['14 Azar 18:30', 'en', '2026-12-05 18:30'],
  ['Dey 1 10am', 'en', '2026-12-22 10:00'],
  ['1 Farvardin 1406 10:00', 'en', '2027-03-21 10:00'],
  ['Ramadan 1 at 8pm', 'en', '2027-02-08 20:00'],
  ['1 Ramadan 1448 20:00', 'en', '2027-02-08 20:00'],
  ['Rajab 1 18:00', 'en', '2026-12-10 18:00'],
  ['10 Dhul Hijjah 6am', 'en', '2027-05-16 06:00'],
  ['tomorrow', 'en', 'allday 2026-11-28'],
  // Elapsed time: the same instant in every zone, so different wall clocks.
  ['in 3 hours', 'en', '2026-11-27 16:30', { expect: '2026-11-27 08:00' }],
  // New York's spring-forward night: 02:30 does not exist and moves to 03:30.
  ['2027-03-14 02:30', 'en', '2027-03-14 02:30', { expect: '2027-03-14 03:30' }],
  ['2027-03-28 02:30', 'en', '2027-03-28 02:30', { zone: 'Europe/Berlin', expect: '2027-03-28 03:30' }],
  // "Tomorrow" from Saturday 13 March 2027 is the Sunday New York springs forward.
  ['tomorrow 7pm', 'en', '2027-03-14 19:00', { now: '2027-03-13T15:00:00Z' }],
  ['پس‌فردا ساعت ۱۰ صبح', 'fa', '2027-03-14 10:00', { zone: 'America/New_York', now: '2027-03-12T15:00:00Z' }],
  ['yesterday 18:00', 'en', '!in_past'],
  ['2032-01-01 10:00', 'en', '!too_far'],
  ['banana', 'en', '!unrecognized'],
  ['next week', 'en', '!unrecognized'],
];

const ROWS = [...PERSIAN, ...ARABIC, ...URDU, ...ENGLISH];

describe('parseWhen: real phrasings, exact instants in Tehran and a second zone', () => {
  it('has at least 200 phrasings, at least 40 per language', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(200);
    for (const list of [PERSIAN, ARABIC, URDU, ENGLISH]) expect(list.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(ROWS.map((r, i) => [i + 1, ...r] as const))('%i. %s (%s)', (_n, input, locale, expect_, other) => {
    const now = new Date(other?.now ?? NOW);
    it(`Asia/Tehran: ${expect_}`, () => {
      expect(parseWhen(input, { zone: 'Asia/Tehran', now, locale })).toEqual(expected('Asia/Tehran', expect_));
    });
    const zone = other?.zone ?? DEFAULT_OTHER[locale];
    it(`${zone}: ${other?.expect ?? expect_}`, () => {
      expect(parseWhen(input, { zone, now, locale })).toEqual(expected(zone, other?.expect ?? expect_));
    });
  });
});

/** [phrase, locale, RRULE, first start (wall), other zone]. */
type RecurrenceRow = [input: string, locale: Locale, rrule: string, first: string, zone: Zone];

const RECURRENCES: RecurrenceRow[] = [
  // "تا خرداد": through 1 Khordad 1406 (22 May 2027), as "until June" is through 1 June.
  ['هر پنجشنبه ساعت ۱۹ تا خرداد', 'fa', 'FREQ=WEEKLY;BYDAY=TH;UNTIL=@2027-05-22 23:59:59', '2026-12-03 19:00', 'Europe/Berlin'],
  ['هر پنجشنبه ساعت ۷ عصر تا ۱۴۰۶/۰۳/۰۱', 'fa', 'FREQ=WEEKLY;BYDAY=TH;UNTIL=@2027-05-22 23:59:59', '2026-12-03 19:00', 'America/New_York'],
  ['هر دوشنبه و چهارشنبه ساعت ۱۸:۳۰ تا ۱۵ اسفند', 'fa', 'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=@2027-03-06 23:59:59', '2026-11-30 18:30', 'Europe/Berlin'],
  ['هر روز ساعت ۶ صبح، ۱۰ بار', 'fa', 'FREQ=DAILY;COUNT=10', '2026-11-28 06:00', 'Europe/Berlin'],
  ['هر ماه روز ۱۵ ساعت ۱۰ صبح ۶ بار', 'fa', 'FREQ=MONTHLY;BYMONTHDAY=15;COUNT=6', '2026-12-15 10:00', 'Europe/Berlin'],
  ['هر دو هفته شنبه ساعت ۱۷ تا ۱۴۰۶/۰۳/۱۵', 'fa', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;UNTIL=@2027-06-05 23:59:59', '2026-11-28 17:00', 'Europe/Berlin'],
  ['كل خميس الساعة 7 مساءً حتى يونيو', 'ar', 'FREQ=WEEKLY;BYDAY=TH;UNTIL=@2027-06-01 23:59:59', '2026-12-03 19:00', 'America/New_York'],
  // In New York (05:00 now) the first 06:00 is still today; Berlin (11:00) has passed it.
  ['كل يوم الساعة 6 صباحاً لمدة 10 مرات', 'ar', 'FREQ=DAILY;COUNT=10', '2026-11-28 06:00', 'Europe/Berlin'],
  ['كل يوم خميس الساعة 19:00 حتى 1 رمضان', 'ar', 'FREQ=WEEKLY;BYDAY=TH;UNTIL=@2027-02-08 23:59:59', '2026-12-03 19:00', 'America/New_York'],
  ['كل سبت الساعة 5 عصراً لمدة 8 مرات', 'ar', 'FREQ=WEEKLY;BYDAY=SA;COUNT=8', '2026-11-28 17:00', 'America/New_York'],
  ['ہر جمعرات شام 7 بجے جون تک', 'ur', 'FREQ=WEEKLY;BYDAY=TH;UNTIL=@2027-06-01 23:59:59', '2026-12-03 19:00', 'Europe/Berlin'],
  ['ہر روز صبح 6 بجے 10 بار', 'ur', 'FREQ=DAILY;COUNT=10', '2026-11-28 06:00', 'Europe/Berlin'],
  ['ہر ہفتہ شام 5 بجے 8 بار', 'ur', 'FREQ=WEEKLY;BYDAY=SA;COUNT=8', '2026-11-28 17:00', 'Europe/Berlin'],
  ['ہر اتوار صبح 10 بجے 31 مارچ 2027 تک', 'ur', 'FREQ=WEEKLY;BYDAY=SU;UNTIL=@2027-03-31 23:59:59', '2026-11-29 10:00', 'Europe/Berlin'],
  ['every Thursday 19:00 until June', 'en', 'FREQ=WEEKLY;BYDAY=TH;UNTIL=@2027-06-01 23:59:59', '2026-12-03 19:00', 'America/New_York'],
];

describe('parseRecurrence: series in four languages', () => {
  describe.each(RECURRENCES)('%s (%s)', (input, locale, rrule, first, other) => {
    it.each(['Asia/Tehran', other] as const)('in %s', (zone) => {
      const res = parseRecurrence(input, { zone, now: new Date(NOW), locale });
      // UNTIL is the end of that local day in the zone, written in UTC.
      const until = /UNTIL=@(\S+) (\S+)$/.exec(rrule);
      const want = until
        ? rrule.replace(/UNTIL=@.*$/, `UNTIL=${new Date(Date.parse(`${until[1]}T${until[2]}${offset(zone, `${until[1]} 23:59`)}`)).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`)
        : rrule;
      expect(res).toEqual({ ok: true, rrule: want, first: at(zone, first) });
    });
  });

  it.each([
    ['هر پنجشنبه ساعت ۷ تا خرداد', 'fa', '2027-05-22'],
    ['كل خميس الساعة 7 حتى يونيو', 'ar', '2027-06-01'],
    ['ہر جمعرات 7 بجے جون تک', 'ur', '2027-06-01'],
  ] as const)('asks about %s: 07:00 or 19:00 every Thursday', (input, locale, last) => {
    const res = parseRecurrence(input, { zone: 'Asia/Tehran', now: new Date(NOW), locale });
    const until = `UNTIL=${new Date(`${last}T23:59:59+03:30`).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`;
    expect(res).toEqual({
      ok: false,
      error: 'ambiguous',
      readings: [
        { rrule: `FREQ=WEEKLY;BYDAY=TH;${until}`, first: at('Asia/Tehran', '2026-12-03 07:00') },
        { rrule: `FREQ=WEEKLY;BYDAY=TH;${until}`, first: at('Asia/Tehran', '2026-12-03 19:00') },
      ],
    });
  });

  it.each([
    ['هر پنجشنبه ساعت ۱۹', 'no_end'],
    ['هر گاهی ساعت ۱۹ تا خرداد', 'unrecognized'],
  ])('refuses %s: %s', (input, error) => {
    expect(parseRecurrence(input, { zone: 'Asia/Tehran', now: new Date(NOW) })).toEqual({ ok: false, error });
  });

  it('gives the length of a series from its time range', () => {
    const res = parseRecurrence('هر پنجشنبه ساعت ۱۹ تا ۲۱ تا خرداد', { zone: 'Asia/Tehran', now: new Date(NOW) });
    expect(res).toEqual(expect.objectContaining({ ok: true, durationMinutes: 120 }));
  });
});
