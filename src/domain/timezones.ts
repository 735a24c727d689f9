/**
 * Finding a member's time zone from what they type or share:
 * - a city: the IANA zone whose city part matches (Intl.supportedValuesOf('timeZone')), or a small
 *   alias table for cities that are not zone names (Mashhad → Asia/Tehran, Lahore → Asia/Karachi,
 *   Najaf → Asia/Baghdad), in English, Persian, Arabic and Urdu spellings;
 * - an IANA name typed as is ("Europe/London"), or "UTC+3" / "GMT-5";
 * - a UTC offset in whole hours, stored as Etc/GMT∓N: the Etc names have the POSIX sign, inverted
 *   (UTC+3 is Etc/GMT-3).
 */
import { isValidTimeZone } from './time';
import { normalizeDigits } from './typed-text';

const ALIASES: Record<string, string> = {
  // Iran
  mashhad: 'Asia/Tehran', isfahan: 'Asia/Tehran', esfahan: 'Asia/Tehran', shiraz: 'Asia/Tehran', tabriz: 'Asia/Tehran',
  karaj: 'Asia/Tehran', qom: 'Asia/Tehran', ahvaz: 'Asia/Tehran', kerman: 'Asia/Tehran', rasht: 'Asia/Tehran', yazd: 'Asia/Tehran',
  'تهران': 'Asia/Tehran', 'مشهد': 'Asia/Tehran', 'اصفهان': 'Asia/Tehran', 'شیراز': 'Asia/Tehran', 'تبریز': 'Asia/Tehran',
  'کرج': 'Asia/Tehran', 'قم': 'Asia/Tehran', 'اهواز': 'Asia/Tehran', 'کرمان': 'Asia/Tehran', 'رشت': 'Asia/Tehran', 'یزد': 'Asia/Tehran',
  'طهران': 'Asia/Tehran', iran: 'Asia/Tehran', 'ایران': 'Asia/Tehran',
  // Afghanistan
  herat: 'Asia/Kabul', mazar: 'Asia/Kabul', 'mazar-i-sharif': 'Asia/Kabul', 'کابل': 'Asia/Kabul', 'هرات': 'Asia/Kabul',
  // Iraq
  najaf: 'Asia/Baghdad', karbala: 'Asia/Baghdad', basra: 'Asia/Baghdad', mosul: 'Asia/Baghdad', erbil: 'Asia/Baghdad',
  'بغداد': 'Asia/Baghdad', 'النجف': 'Asia/Baghdad', 'نجف': 'Asia/Baghdad', 'كربلاء': 'Asia/Baghdad', 'کربلا': 'Asia/Baghdad', 'البصرة': 'Asia/Baghdad',
  // Gulf and Levant
  mecca: 'Asia/Riyadh', makkah: 'Asia/Riyadh', medina: 'Asia/Riyadh', jeddah: 'Asia/Riyadh', dammam: 'Asia/Riyadh',
  'الرياض': 'Asia/Riyadh', 'جدة': 'Asia/Riyadh', 'مكة': 'Asia/Riyadh', 'المدينة': 'Asia/Riyadh',
  'abu dhabi': 'Asia/Dubai', sharjah: 'Asia/Dubai', 'دبي': 'Asia/Dubai', 'أبوظبي': 'Asia/Dubai', 'دبی': 'Asia/Dubai',
  doha: 'Asia/Qatar', 'الدوحة': 'Asia/Qatar', manama: 'Asia/Bahrain', 'المنامة': 'Asia/Bahrain', 'الكويت': 'Asia/Kuwait',
  'مسقط': 'Asia/Muscat', 'عمّان': 'Asia/Amman', 'عمان': 'Asia/Amman', 'بيروت': 'Asia/Beirut', 'دمشق': 'Asia/Damascus',
  'القاهرة': 'Africa/Cairo', alexandria: 'Africa/Cairo', 'الإسكندرية': 'Africa/Cairo', 'إسطنبول': 'Europe/Istanbul', ankara: 'Europe/Istanbul',
  // Pakistan and India
  lahore: 'Asia/Karachi', islamabad: 'Asia/Karachi', rawalpindi: 'Asia/Karachi', peshawar: 'Asia/Karachi', quetta: 'Asia/Karachi',
  faisalabad: 'Asia/Karachi', multan: 'Asia/Karachi', 'لاہور': 'Asia/Karachi', 'کراچی': 'Asia/Karachi', 'اسلام آباد': 'Asia/Karachi',
  'پشاور': 'Asia/Karachi', 'کوئٹہ': 'Asia/Karachi', 'ملتان': 'Asia/Karachi', 'راولپنڈی': 'Asia/Karachi', 'فیصل آباد': 'Asia/Karachi',
  mumbai: 'Asia/Kolkata', delhi: 'Asia/Kolkata', 'new delhi': 'Asia/Kolkata', bangalore: 'Asia/Kolkata', hyderabad: 'Asia/Kolkata',
  chennai: 'Asia/Kolkata', lucknow: 'Asia/Kolkata', 'دہلی': 'Asia/Kolkata', 'ممبئی': 'Asia/Kolkata',
  // Elsewhere
  'new york city': 'America/New_York', washington: 'America/New_York', boston: 'America/New_York', 'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles', houston: 'America/Chicago', dallas: 'America/Chicago', montreal: 'America/Toronto', ottawa: 'America/Toronto',
  beijing: 'Asia/Shanghai', 'لندن': 'Europe/London', manchester: 'Europe/London', 'پاریس': 'Europe/Paris', 'باريس': 'Europe/Paris',
  munich: 'Europe/Berlin', frankfurt: 'Europe/Berlin', hamburg: 'Europe/Berlin', 'برلین': 'Europe/Berlin', 'تورنتو': 'America/Toronto',
  melbourne: 'Australia/Melbourne', 'sydney': 'Australia/Sydney', gothenburg: 'Europe/Stockholm', 'استکهلم': 'Europe/Stockholm',
};

let cityIndex: Map<string, string> | undefined;

const normalize = (s: string) =>
  normalizeDigits(s)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .replace(/[\u064B-\u065F\u0670\u200c\u200f\u200e]/g, '')
    .trim();

function index(): Map<string, string> {
  if (cityIndex) return cityIndex;
  cityIndex = new Map();
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const city = zone.split('/').pop();
    if (city && zone.includes('/') && !zone.startsWith('Etc/')) cityIndex.set(normalize(city), zone);
  }
  for (const [name, zone] of Object.entries(ALIASES)) cityIndex.set(normalize(name), zone);
  return cityIndex;
}

/** The Etc/GMT zone for a whole-hour UTC offset (-12 … +14); undefined outside that range. */
export function etcZoneForOffset(hours: number): string | undefined {
  if (!Number.isInteger(hours) || hours < -12 || hours > 14) return undefined;
  if (hours === 0) return 'Etc/UTC';
  return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}

/** A zone from typed text: a city, an IANA name, or UTC±N; undefined when nothing matches. */
export function zoneFromText(input: string): string | undefined {
  const text = normalize(input).slice(0, 100);
  if (text === '') return undefined;
  const offset = /^(?:utc|gmt)?\s*([+-−])\s*(\d{1,2})(?::?00)?$/.exec(text.replace('−', '-'));
  if (offset) return etcZoneForOffset(Number(offset[2]) * (offset[1] === '-' ? -1 : 1));
  if (text === 'utc' || text === 'gmt') return 'Etc/UTC';
  if (input.includes('/')) {
    const exact = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === input.trim().toLowerCase());
    if (exact && isValidTimeZone(exact)) return exact;
  }
  const found = index().get(text) ?? index().get(text.replace(/,.*$/, '').trim());
  return found && isValidTimeZone(found) ? found : undefined;
}

/** "Tehran" for Asia/Tehran, "UTC+3" for Etc/GMT-3. */
export function zoneLabel(zone: string): string {
  const etc = /^Etc\/GMT([+-])(\d+)$/.exec(zone);
  if (etc) return `UTC${etc[1] === '+' ? '-' : '+'}${etc[2]}`;
  if (zone === 'Etc/UTC' || zone === 'UTC') return 'UTC';
  return zone;
}
