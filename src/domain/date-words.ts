/**
 * The words organizers type in dates, in Persian, Arabic, Urdu and English (with the English
 * transliterations of the Solar Hijri and Hijri months), each mapped to one meaning. The tables live
 * in code, not in the locale files: they are grammar, not interface text, and the parser stays pure.
 *
 * Every phrase is written as people type it; `foldScript` (applied to the tables and the input alike)
 * makes Arabic and Persian letter variants, hamza forms, diacritics, ZWNJ and tatweel irrelevant, so one
 * entry matches "ربيع الأول", "ربیع‌الاول" and "ربيع الاول".
 */
import { normalizeDigits } from './typed-text';
import type { Locale } from '../i18n/locales';

/** What a word means to the date reader. */
export type Meaning =
  | { k: 'rel'; days: number } // today, tomorrow, the day after
  | { k: 'tonight' }
  | { k: 'weekday'; day: number } // 0 = Sunday
  | { k: 'month'; cal: 'g' | 'p' | 'h'; month: number }
  | { k: 'period'; p: Period }
  | { k: 'at' } // ساعت / الساعة / at: a clock time follows
  | { k: 'saat' } // ساعت / ساعة: "at" before a number, "hour" after one
  | { k: 'to' } // تا / إلى / حتى / سے / to / until / -
  | { k: 'from' }
  | { k: 'till' } // Urdu تک, closing a range ("سے … تک")
  | { k: 'next' }
  | { k: 'this' }
  | { k: 'week' }
  | { k: 'unit'; minutes: number }
  | { k: 'dayword' } // روز / يوم / دن: a filler before a weekday, a unit after a number
  | { k: 'dual'; minutes: number } // ساعتين, يومين
  | { k: 'num'; n: number } // number words
  | { k: 'half' } // و نیم / والنصف / half
  | { k: 'quarter' } // و ربع / والربع
  | { k: 'lessQuarter' } // إلا ربع
  | { k: 'urduFrac'; add: number } // ساڑھے (+½), سوا (+¼), پونے (−¼) before a number
  | { k: 'urduNum'; n: number } // ڈیڑھ (1½), ڈھائی (2½)
  | { k: 'for' } // به مدت / لمدة / for
  | { k: 'oclock' } // بجے
  | { k: 'yearMark'; cal: 'g' | 'p' | 'h' } // ه‍.ش / هـ / ء / AD
  | { k: 'every' } // هر / كل / ہر / every (recurrence)
  | { k: 'times' } // بار / مرات / دفعہ / times (recurrence counts)
  | { k: 'and' }
  | { k: 'freq'; freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' } // روزانه / أسبوعياً / ماہانہ / weekly
  | { k: 'monthword' } // ماه / شهر / مہینہ: "هر ماه"
  | { k: 'filler' };

export type Period = 'morning' | 'dawn' | 'noon' | 'afternoon' | 'evening' | 'night' | 'midnight' | 'am' | 'pm';

/**
 * Letters folded to one form: Arabic yeh/alef-maksura → Persian yeh, Arabic kaf → keheh, hamza-carrying
 * alefs → alef, teh marbuta/heh goal/heh doachashmee → heh, Urdu yeh barree → yeh; harakat, tatweel and
 * bidi marks removed; ZWNJ to a space; digits to ASCII; Latin lower-cased.
 */
export function foldScript(input: string): string {
  return normalizeDigits(input)
    .replace(/[\u064b-\u065f\u0670\u06e1]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[يىۍ]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/[ةۃہۀھ]/g, 'ه')
    .replace(/ۓ/g, 'ی')
    .replace(/ے/g, 'ی')
    .replace(/ؤ/g, 'و')
    .replace(/[\u200c\u200d]/g, ' ')
    .toLowerCase();
}

type Entry = [Meaning, string[], Locale[]?];

const w = (day: number): Meaning => ({ k: 'weekday', day });
const m = (cal: 'g' | 'p' | 'h', month: number): Meaning => ({ k: 'month', cal, month });
const p = (period: Period): Meaning => ({ k: 'period', p: period });
const n = (value: number): Meaning => ({ k: 'num', n: value });
const unit = (minutes: number): Meaning => ({ k: 'unit', minutes });

const ENTRIES: Entry[] = [
  // Relative days.
  [{ k: 'rel', days: 0 }, ['امروز', 'اليوم', 'آج', 'today']],
  [{ k: 'rel', days: 1 }, ['فردا', 'غدا', 'الغد', 'بكرة', 'بکره', 'tomorrow', 'tmrw']],
  [{ k: 'rel', days: 1 }, ['کل'], ['ur', 'en']],
  [{ k: 'rel', days: -1 }, ['دیروز', 'امس', 'الامس', 'yesterday']],
  [{ k: 'rel', days: 2 }, ['پس فردا', 'پسفردا', 'بعد غد', 'بعد الغد', 'بعد بكرة', 'پرسوں', 'پرسو', 'day after tomorrow', 'the day after tomorrow']],
  [{ k: 'tonight' }, ['امشب', 'الليلة', 'الليله', 'هذه الليلة', 'آج رات', 'tonight']],
  // Weekdays (Persian, Arabic, Urdu, English).
  [w(0), ['یکشنبه', 'یک شنبه', 'الاحد', 'احد', 'اتوار', 'sunday', 'sun']],
  [w(1), ['دوشنبه', 'دو شنبه', 'الاثنین', 'الاثنين', 'اثنین', 'پیر', 'monday', 'mon']],
  [w(2), ['سه شنبه', 'سهشنبه', 'الثلاثاء', 'ثلاثاء', 'منگل', 'tuesday', 'tue', 'tues']],
  [w(3), ['چهارشنبه', 'چهار شنبه', 'الاربعاء', 'اربعاء', 'بدھ', 'بدھوار', 'wednesday', 'wed']],
  [w(4), ['پنجشنبه', 'پنج شنبه', 'الخمیس', 'خمیس', 'جمعرات', 'thursday', 'thu', 'thur', 'thurs']],
  [w(5), ['جمعه', 'الجمعه', 'جمعہ', 'friday', 'fri']],
  [w(6), ['شنبه', 'السبت', 'سبت', 'saturday', 'sat']],
  [w(6), ['ہفتہ'], ['ur']],
  [{ k: 'week' }, ['هفته'], ['fa', 'ar', 'en']],
  [{ k: 'week' }, ['الاسبوع', 'اسبوع', 'week', 'ہفتے']],
  // Solar Hijri months (Persian, Arabic spelling of the Persian names, transliteration).
  [m('p', 1), ['فروردین', 'farvardin']],
  [m('p', 2), ['اردیبهشت', 'ordibehesht']],
  [m('p', 3), ['خرداد', 'khordad']],
  [m('p', 4), ['تیر', 'tir']],
  [m('p', 5), ['مرداد', 'امرداد', 'mordad', 'amordad']],
  [m('p', 6), ['شهریور', 'shahrivar']],
  [m('p', 7), ['مهر', 'mehr']],
  [m('p', 8), ['آبان', 'aban']],
  [m('p', 9), ['آذر', 'azar']],
  [m('p', 10), ['دی', 'dey', 'dei']],
  [m('p', 11), ['بهمن', 'bahman']],
  [m('p', 12), ['اسفند', 'esfand']],
  // Hijri (lunar) months: Arabic, Persian and Urdu spellings, transliterations.
  [m('h', 1), ['محرم', 'المحرم', 'محرم الحرام', 'muharram', 'moharram']],
  [m('h', 2), ['صفر', 'safar']],
  [m('h', 3), ['ربیع الاول', 'ربیع الاول', 'ربیع الاوّل', 'ربیع اول', 'rabi al-awwal', 'rabi al awwal', 'rabi ul awwal', 'rabi i', 'rabi 1']],
  [m('h', 4), ['ربیع الثانی', 'ربیع الاخر', 'ربیع الآخر', 'ربیع ثانی', 'rabi al-thani', 'rabi al thani', 'rabi ul sani', 'rabi al-akhir', 'rabi ii', 'rabi 2']],
  [m('h', 5), ['جمادی الاولی', 'جمادی الاول', 'جمادی الاولی', 'جمادی اول', 'jumada al-ula', 'jumada al-awwal', 'jumada i', 'jumada 1']],
  [m('h', 6), ['جمادی الثانیه', 'جمادی الاخره', 'جمادی الثانی', 'جمادی الآخرة', 'جمادی ثانی', 'jumada al-akhirah', 'jumada al-thani', 'jumada ii', 'jumada 2']],
  [m('h', 7), ['رجب', 'rajab']],
  [m('h', 8), ['شعبان', 'shaban', "sha'ban", 'shaaban']],
  [m('h', 9), ['رمضان', 'رمضان المبارک', 'ramadan', 'ramazan', 'ramzan']],
  [m('h', 10), ['شوال', 'shawwal']],
  [m('h', 11), ['ذی القعده', 'ذو القعده', 'ذوالقعده', 'ذی قعده', 'ذیقعده', 'dhu al-qadah', "dhu al-qa'dah", 'dhul qadah', 'zulqada', 'zul qada']],
  [m('h', 12), ['ذی الحجه', 'ذو الحجه', 'ذوالحجه', 'ذیحجه', 'ذی حجه', 'dhu al-hijjah', 'dhul hijjah', 'zulhijja', 'zul hijja']],
  // Gregorian months: Persian, Arabic (Egyptian/Gulf and Levantine names), Urdu.
  [m('g', 1), ['ژانویه', 'ژانویه', 'يناير', 'ینایر', 'کانون الثانی', 'جنوری']],
  [m('g', 2), ['فوریه', 'فبرایر', 'شباط', 'فروری']],
  [m('g', 3), ['مارس', 'آذار', 'مارچ']],
  [m('g', 4), ['آوریل', 'آپریل', 'ابریل', 'نیسان', 'اپریل']],
  [m('g', 5), ['مه', 'می', 'مایو', 'ایار', 'مئی']],
  [m('g', 6), ['ژوئن', 'یونیو', 'یونیه', 'حزیران', 'جون']],
  [m('g', 7), ['ژوئیه', 'جولای', 'یولیو', 'یولیه', 'تموز', 'جولائی']],
  [m('g', 8), ['اوت', 'آگوست', 'اغسطس', 'آب', 'اگست']],
  [m('g', 9), ['سپتامبر', 'سبتمبر', 'ایلول', 'ستمبر']],
  [m('g', 10), ['اکتبر', 'اکتوبر', 'تشرین الاول']],
  [m('g', 11), ['نوامبر', 'نوفمبر', 'تشرین الثانی', 'نومبر']],
  [m('g', 12), ['دسامبر', 'دیسمبر', 'کانون الاول', 'دسمبر']],
  [m('g', 1), ['january', 'jan']],
  [m('g', 2), ['february', 'feb']],
  [m('g', 3), ['march', 'mar']],
  [m('g', 4), ['april', 'apr']],
  [m('g', 5), ['may']],
  [m('g', 6), ['june', 'jun']],
  [m('g', 7), ['july', 'jul']],
  [m('g', 8), ['august', 'aug']],
  [m('g', 9), ['september', 'sep', 'sept']],
  [m('g', 10), ['october', 'oct']],
  [m('g', 11), ['november', 'nov']],
  [m('g', 12), ['december', 'dec']],
  // Parts of the day.
  [p('morning'), ['صبح', 'بامداد', 'صباحا', 'صباح', 'الصباح', 'صبح کو', 'صبح کے', 'morning', 'in the morning']],
  [p('dawn'), ['فجرا', 'الفجر', 'سحر', 'سحری', 'dawn']],
  [p('noon'), ['ظهر', 'ظهرا', 'الظهر', 'دوپهر', 'دوپهر کو', 'noon', 'midday']],
  [p('afternoon'), ['بعد از ظهر', 'بعدازظهر', 'بعد ازظهر', 'بعدظهر', 'عصر', 'عصرا', 'العصر', 'بعد الظهر', 'سه پهر', 'سهپهر', 'afternoon', 'in the afternoon']],
  [p('evening'), ['مساء', 'مساءا', 'المساء', 'شام', 'شام کو', 'شام کی', 'غروب', 'evening', 'in the evening']],
  [p('night'), ['شب', 'ليلا', 'لیلا', 'الليل', 'باللیل', 'رات', 'رات کو', 'رات کی', 'night', 'at night']],
  [p('midnight'), ['نیمه شب', 'نصف شب', 'نصفه شب', 'منتصف اللیل', 'آدھی رات', 'midnight']],
  [p('am'), ['am', 'a.m.', 'ق.ظ', 'ق ظ']],
  [p('pm'), ['pm', 'p.m.', 'ب.ظ', 'ب ظ']],
  // Markers.
  [{ k: 'at' }, ['الساعه', 'at', '@', 'در ساعت', 'ساعت کو']],
  [{ k: 'saat' }, ['ساعت', 'ساعه']],
  [{ k: 'to' }, ['تا', 'الی', 'الى', 'حتی', 'لغایه', 'سے', 'to', 'until', 'till', 'til', '-', '–', '—']],
  [{ k: 'from' }, ['از', 'من', 'from']],
  [{ k: 'till' }, ['تک']],
  [{ k: 'next' }, ['آینده', 'بعد', 'بعدی', 'دیگر', 'القادم', 'القادمه', 'المقبل', 'المقبله', 'اگلی', 'اگلا', 'اگلی', 'اگلے', 'اگلی', 'next', 'coming']],
  [{ k: 'this' }, ['این', 'همین', 'هذا', 'هذه', 'اس', 'this']],
  [unit(60), ['hours', 'hour', 'hrs', 'hr', 'h', 'ساعات', 'گھنٹے', 'گھنٹه', 'گھنٹا', 'گهنتی', 'گهنته', 'گهنتا']],
  [unit(1), ['دقیقه', 'دقیقه', 'دقائق', 'منٹ', 'minutes', 'minute', 'mins', 'min', 'm']],
  [unit(7 * 24 * 60), ['هفته ها', 'اسابیع', 'weeks']],
  [{ k: 'dayword' }, ['روز', 'یوم', 'ایام', 'دن', 'days', 'day']],
  [{ k: 'dual', minutes: 120 }, ['ساعتین', 'ساعتان']],
  [{ k: 'dual', minutes: 2 * 24 * 60 }, ['یومین', 'یومان']],
  [{ k: 'dual', minutes: 2 }, ['دقیقتین']],
  [{ k: 'half' }, ['و نیم', 'ونیم', 'نیم', 'والنصف', 'ونصف', 'و نصف', 'نصف', 'half', 'and a half']],
  [{ k: 'quarter' }, ['و ربع', 'والربع', 'وربع', 'quarter']],
  [{ k: 'lessQuarter' }, ['الا ربع', 'الا ربعا', 'کم ربع']],
  [{ k: 'urduFrac', add: 0.5 }, ['ساڑھے', 'ساڑهی']],
  [{ k: 'urduFrac', add: 0.25 }, ['سوا']],
  [{ k: 'urduFrac', add: -0.25 }, ['پونے', 'پونی']],
  [{ k: 'urduNum', n: 1.5 }, ['ڈیڑھ', 'ڈیڑه', 'یک و نیم', 'واحده ونصف']],
  [{ k: 'urduNum', n: 2.5 }, ['ڈھائی', 'ڈهائی']],
  [{ k: 'for' }, ['به مدت', 'بمدت', 'مدت', 'لمده', 'مده', 'لمدة', 'for', 'کے لیے', 'کے لئے', 'کیلئے', 'تک کے لیے']],
  [{ k: 'oclock' }, ['بجی', 'بجے', 'بجا', "o'clock", 'oclock']],
  [{ k: 'yearMark', cal: 'p' }, ['ه.ش', 'ه ش', 'هش', 'شمسی', 'ش', 'ap', 'sh']],
  [{ k: 'yearMark', cal: 'h' }, ['ه.ق', 'ه ق', 'هجری', 'هجری قمری', 'قمری', 'ه', 'هـ', 'ah']],
  [{ k: 'yearMark', cal: 'g' }, ['میلادی', 'م', 'ء', 'عیسوی', 'ad', 'ce']],
  [{ k: 'every' }, ['هر', 'كل', 'ہر', 'every', 'each']],
  [{ k: 'every' }, ['کل'], ['ar', 'fa']],
  [{ k: 'times' }, ['بار', 'جلسه', 'نوبت', 'مرات', 'مره', 'جلسات', 'دفعه', 'مرتبه', 'times', 'sessions', 'occurrences', 'x']],
  [{ k: 'and' }, ['و', 'اور', 'and']],
  [{ k: 'freq', freq: 'DAILY' }, ['روزانه', 'هر روزه', 'یومیا', 'daily']],
  [{ k: 'freq', freq: 'WEEKLY' }, ['هفتگی', 'هفته ای', 'اسبوعیا', 'هفته وار', 'weekly']],
  [{ k: 'freq', freq: 'MONTHLY' }, ['ماهانه', 'شهریا', 'monthly']],
  [{ k: 'monthword' }, ['ماه', 'شهر', 'مهینه', 'مهینی', 'month']],
  // Hours and counts in words (durations "دو ساعت", Arabic clock hours "السابعة").
  [n(1), ['یک', 'یه', 'واحد', 'واحده', 'الواحده', 'ایک', 'one', 'an', 'a']],
  [n(2), ['دو', 'اثنین', 'اثنتین', 'الثانیه', 'two']],
  [n(3), ['سه', 'ثلاث', 'ثلاثه', 'الثالثه', 'تین', 'three']],
  [n(4), ['چهار', 'اربع', 'اربعه', 'الرابعه', 'چار', 'four']],
  [n(5), ['پنج', 'خمس', 'خمسه', 'الخامسه', 'پانچ', 'five']],
  [n(6), ['شش', 'ست', 'سته', 'السادسه', 'چه', 'six']],
  [n(7), ['هفت', 'سبع', 'سبعه', 'السابعه', 'سات', 'seven']],
  [n(8), ['هشت', 'ثمان', 'ثمانی', 'ثمانیه', 'الثامنه', 'آٹه', 'اٹه', 'eight']],
  [n(9), ['نه', 'تسع', 'تسعه', 'التاسعه', 'نو', 'nine']],
  [n(10), ['ده', 'عشر', 'عشره', 'العاشره', 'دس', 'ten']],
  [n(11), ['یازده', 'الحادیه عشره', 'احدی عشره', 'گیاره', 'eleven']],
  [n(12), ['دوازده', 'الثانیه عشره', 'اثنتا عشره', 'باره', 'twelve']],
  // Words that add nothing: "روزِ", "في", "on", "کو", "تاریخ", "ماه"/"شهر" before a month name…
  [{ k: 'filler' }, [
    'در', 'روز', 'تاریخ', 'به تاریخ', 'مورخ', 'ماه', 'سال', 'وقت', 'حدود', 'برای', 'ساعتِ', 'به وقت',
    'فی', 'یوم', 'بتاریخ', 'تاریخ', 'شهر', 'عام', 'سنه', 'موعد', 'علی', 'ب', 'عند',
    'کو', 'کی', 'کا', 'کے', 'بروز', 'مورخه', 'سن',
    'on', 'the', 'of', 'in', 'starting', 'starts', 'start', ',', '،', '.', 'is', 'st', 'nd', 'rd', 'th',
  ]],
];

export interface PhraseTable {
  /** Longest phrases first, each as its folded tokens. */
  byFirst: Map<string, { tokens: string[]; meaning: Meaning }[]>;
}

const tables = new Map<string, PhraseTable>();

/**
 * The phrase table for a locale (only "کل" and "ہفتہ" differ: Urdu "tomorrow" and "Saturday", Arabic
 * "every" and Persian "week").
 */
export function phraseTable(locale: Locale | undefined): PhraseTable {
  const key = locale ?? 'any';
  const cached = tables.get(key);
  if (cached) return cached;
  const byFirst = new Map<string, { tokens: string[]; meaning: Meaning }[]>();
  for (const [meaning, phrases, locales] of ENTRIES) {
    if (locales && !locales.includes(locale ?? 'en')) continue;
    for (const phrase of phrases) {
      const tokens = foldScript(phrase).split(/\s+/).filter(Boolean);
      const first = tokens[0];
      if (!first) continue;
      const list = byFirst.get(first) ?? [];
      if (!list.some((e) => e.tokens.join(' ') === tokens.join(' '))) list.push({ tokens, meaning });
      byFirst.set(first, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  const table = { byFirst };
  tables.set(key, table);
  return table;
}
