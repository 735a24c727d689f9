/**
 * The keyboards of /channels and a chat's settings, /subscribe, /mysubs, /attendees, /organizers,
 * onboarding and /settings as pure functions: paging, toggles' marks, what is left out when it would
 * not fit in Telegram's 64 bytes of callback data, and that every button's data decodes with its codec.
 */
import { Types } from 'mongoose';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { createI18n, type Translate } from '../../src/i18n/i18n';
import { chatCategoriesKeyboard, chatListKeyboard, chatSettingsKeyboard, digestPickerKeyboard } from '../../src/bot/keyboards/chats';
import { mySubscriptionsKeyboard, subscribeKeyboard } from '../../src/bot/keyboards/subscriptions';
import { attendeesPageKeyboard } from '../../src/bot/keyboards/attendees';
import { organizerListKeyboard, organizerRequestKeyboard } from '../../src/bot/keyboards/organizers';
import { utcOffsetKeyboard } from '../../src/bot/keyboards/onboarding';
import { settingsCalendarsKeyboard } from '../../src/bot/keyboards/settings';
import { googleCalendarKeyboard } from '../../src/bot/keyboards/calendar-file';
import { attendeesCallback, attendeesCsvCallback, chatCallback, onboardingCallback, settingsCallback, subscriptionCallback } from '../../src/bot/callback-data/members';
import { organizerCallback } from '../../src/bot/callback-data/events';

let fa: Translate;
let ur: Translate;
beforeAll(async () => {
  const i18n = await createI18n();
  fa = i18n.forLocale('fa');
  ur = i18n.forLocale('ur');
});

const datas = (k: InlineKeyboardMarkup) => k.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
const texts = (k: InlineKeyboardMarkup) => k.inline_keyboard.map((row) => row.map((b) => b.text));
const chat = (d: string) => chatCallback.decode(d);

describe('/channels and chat settings', () => {
  const chats = [
    { _id: -1001, title: 'کانال رویدادهای حوزه علمیه قم برای طلاب بین‌المللی', inactiveReason: undefined },
    { _id: -1002, title: 'اردو گروپ', inactiveReason: 'unlinked' },
  ];

  it('offers settings and Unlink per chat, Link again for an unlinked one, and the pages that exist', () => {
    const first = chatListKeyboard(fa, chats, 0, 3);
    expect(datas(first).map((d) => chat(d)?.action)).toEqual(['set', 'unl', 'set', 'rel', 'list']);
    expect(chat(datas(first).at(-1)!)).toEqual({ action: 'list', chat: '0', value: '1' });
    expect(texts(first)[0]![0]).toBe(`⚙️ ${chats[0]!.title.slice(0, 30)}`);
    const middle = chatListKeyboard(fa, chats, 1, 3);
    expect(datas(middle).slice(-2).map((d) => chat(d)?.value)).toEqual(['0', '2']);
    expect(chatListKeyboard(fa, chats, 0, 1).inline_keyboard).toHaveLength(2);
  });

  it('says what each toggle will do from the chat as it is', () => {
    const on = texts(chatSettingsKeyboard(fa, { _id: -1001, startingNow: true, digest: { enabled: true, weekday: 5, hour: 18 } })).flat();
    const off = texts(chatSettingsKeyboard(fa, { _id: -1001, startingNow: false, digest: { enabled: false, weekday: 5, hour: 18 } })).flat();
    expect(on).toContain(fa('chats.button.startingNowOff'));
    expect(on).toContain(fa('chats.button.digestOff'));
    expect(off).toContain(fa('chats.button.startingNowOn'));
    expect(off).toContain(fa('chats.button.digestOn'));
  });

  it('marks the chosen categories, "all" when none is, and leaves out a slug too long for the button', () => {
    const cats = [
      { slug: 'lecture', name: 'سخنرانی' },
      { slug: 'x'.repeat(60), name: 'بلند' },
      { slug: 'quran', name: 'قرآن' },
    ];
    const some = chatCategoriesKeyboard(fa, -1001234567890, ['quran'], cats);
    expect(texts(some).flat()).toEqual([`⬜ ${fa('chats.allCategories')}`, '⬜ سخنرانی', '✅ قرآن', fa('chats.button.back')]);
    expect(datas(some).every((d) => Buffer.byteLength(d) <= 64)).toBe(true);
    expect(texts(chatCategoriesKeyboard(fa, -1001234567890, [], cats))[0]![0]).toBe(`✅ ${fa('chats.allCategories')}`);
  });

  it('offers seven days two a row and 24 hours six a row, in the reader\'s digits', () => {
    const days = digestPickerKeyboard(fa, 'fa', -1001, 'dgd');
    expect(days.inline_keyboard.map((r) => r.length)).toEqual([2, 2, 2, 1, 1]);
    expect(datas(days).slice(0, 7).map((d) => chat(d)?.value)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    const hours = digestPickerKeyboard(fa, 'fa', -1001, 'dgh');
    expect(hours.inline_keyboard.map((r) => r.length)).toEqual([6, 6, 6, 6, 1]);
    expect(texts(hours)[3]![0]).toBe('۱۸:۰۰');
    expect(chat(datas(hours)[18]!)).toEqual({ action: 'dgh', chat: '-1001', value: '18' });
  });
});

describe('/subscribe and /mysubs', () => {
  it('marks what the member has, and leaves out a slug that would not fit', () => {
    const k = subscribeKeyboard(fa, { everything: true, categories: [{ slug: 'lecture', name: 'سخنرانی', on: false }, { slug: 'y'.repeat(60), name: 'بلند', on: true }] });
    expect(texts(k).flat()).toEqual([`✅ ${fa('subscriptions.everything')}`, '⬜ سخنرانی']);
    expect(datas(k).map((d) => subscriptionCallback.decode(d))).toEqual([{ action: 'all', value: '_' }, { action: 'cat', value: 'lecture' }]);
  });

  it('one Remove per subscription, its label cut to fit', () => {
    const id = new Types.ObjectId().toHexString();
    const k = mySubscriptionsKeyboard(ur, [{ id, label: 'تقریب: ' + 'ا'.repeat(80) }]);
    expect(subscriptionCallback.decode(datas(k)[0])).toEqual({ action: 'rm', value: id });
    expect(texts(k)[0]![0]!.length).toBeLessThan(80);
  });
});

describe('/attendees, /organizers, onboarding, /settings, the calendar file', () => {
  it('pages attendees only where there is a page, the CSV always', () => {
    const id = new Types.ObjectId().toHexString();
    expect(datas(attendeesPageKeyboard(fa, id, 0, 1))).toEqual([attendeesCsvCallback.encode({ event: id })]);
    expect(datas(attendeesPageKeyboard(fa, id, 1, 3)).slice(0, 2).map((d) => attendeesCallback.decode(d)?.page)).toEqual(['0', '2']);
    expect(datas(attendeesPageKeyboard(fa, id, 2, 3)).map((d) => attendeesCallback.decode(d)?.page)).toEqual(['1', undefined]);
  });

  it('numbers organizers as the list does, and asks an admin to approve or deny one member', () => {
    const k = organizerListKeyboard(fa, [{ _id: 11, firstName: 'زهرا' }, { _id: 12, firstName: 'عبدالله' }]);
    expect(datas(k).map((d) => organizerCallback.decode(d))).toEqual([{ a: 'rv', u: '11' }, { a: 'rv', u: '12' }]);
    expect(texts(k)[1]![0]).toBe(fa('organizers.button.revoke', { n: 2, name: 'عبدالله' }));
    expect(organizerListKeyboard(fa, []).inline_keyboard).toEqual([]);
    expect(datas(organizerRequestKeyboard(ur, 99)).map((d) => organizerCallback.decode(d)?.a)).toEqual(['ap', 'dn']);
  });

  it('offers every UTC offset from −12 to +14, five a row', () => {
    const k = utcOffsetKeyboard();
    expect(datas(k).map((d) => onboardingCallback.decode(d)?.value)).toEqual(Array.from({ length: 27 }, (_, i) => String(i - 12)));
    expect(texts(k)[0]![0]).toBe('UTC−12');
    expect(texts(k).at(-1)!.at(-1)).toBe('UTC+14');
  });

  it('offers the language default and each calendar, then Back; the calendar file links to Google', () => {
    expect(datas(settingsCalendarsKeyboard(fa)).map((d) => settingsCallback.decode(d))).toEqual([
      { action: 'cal', value: 'auto' }, { action: 'cal', value: 'gregorian' }, { action: 'cal', value: 'islamic' }, { action: 'cal', value: 'persian' }, { action: 'menu', value: '_' },
    ]);
    const g = googleCalendarKeyboard(fa, 'https://calendar.google.com/x');
    expect(g.inline_keyboard[0]![0]).toEqual({ text: fa('ics.googleButton'), url: 'https://calendar.google.com/x' });
  });
});
