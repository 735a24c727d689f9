/**
 * The event keyboards as pure functions: which management buttons each state offers (the rule is
 * `eventActions` in the application layer), and that every button's data decodes with its codec.
 */
import { Types } from 'mongoose';
import { createI18n, type Translate } from '../../src/i18n/i18n';
import { eventActions } from '../../src/application/events';
import { confirmCancelSeriesKeyboard, editFieldsKeyboard, manageKeyboard, myEventsListKeyboard } from '../../src/bot/keyboards/my-events';
import { dateChoiceKeyboard, editMenuKeyboard, previewKeyboard, questionKeyboard, type QuestionControls } from '../../src/bot/keyboards/new-event';
import { memberCardKeyboard } from '../../src/bot/keyboards/event-card';
import { forgetMeKeyboard, rsvpConfirmKeyboard } from '../../src/bot/keyboards/members';
import { editFieldCallback, myEventsCallback, newEventCallback } from '../../src/bot/callback-data/events';
import type { InlineKeyboardMarkup } from 'telegraf/types';

let fa: Translate;
beforeAll(async () => {
  fa = (await createI18n()).forLocale('fa');
});

const data = (k: InlineKeyboardMarkup) => k.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
const actions = (k: InlineKeyboardMarkup) => data(k).map((d) => myEventsCallback.decode(d)?.a);
const id = new Types.ObjectId();
const series = { seriesId: new Types.ObjectId(), rrule: 'FREQ=WEEKLY;COUNT=3', index: 1, detached: false };

describe('management keyboard by state', () => {
  it('a draft: edit, publish, duplicate, delete', () => {
    expect(actions(manageKeyboard(fa, { _id: id, status: 'draft' }))).toEqual(['ed', 'pb', 'du', 'dl', 'pg']);
    expect([...eventActions({ status: 'draft' })].sort()).toEqual(['delete', 'duplicate', 'edit', 'publish']);
  });
  it('published or postponed: edit, postpone, cancel, duplicate; a series also "cancel series"', () => {
    expect(actions(manageKeyboard(fa, { _id: id, status: 'published' }))).toEqual(['ed', 'pp', 'cn', 'du', 'pg']);
    expect(actions(manageKeyboard(fa, { _id: id, status: 'postponed', series }))).toEqual(['ed', 'pp', 'cn', 'du', 'cs', 'pg']);
  });
  it('cancelled: only duplicate', () => {
    expect(actions(manageKeyboard(fa, { _id: id, status: 'cancelled', series }))).toEqual(['du', 'pg']);
    expect([...eventActions({ status: 'cancelled' })]).toEqual(['duplicate']);
  });
  it('labels come from the reader\'s language', () => {
    expect(manageKeyboard(fa, { _id: id, status: 'draft' }).inline_keyboard[0]?.[0]?.text).toBe(fa('myevents.button.edit'));
  });
});

describe('every button decodes with its codec, within 64 bytes', () => {
  it('my events, edit fields, series confirmation', () => {
    const list = myEventsListKeyboard(fa, [{ _id: id, status: 'published', title: 'شب شعر '.repeat(10) }], 1, true);
    expect(list.inline_keyboard[0]?.[0]?.text.length).toBeLessThanOrEqual(42);
    expect(actions(list)).toEqual(['op', 'pg', 'pg']);
    expect(data(editFieldsKeyboard(fa, id.toHexString())).map((d) => editFieldCallback.decode(d)?.f)).toContain('capacity');
    expect(actions(confirmCancelSeriesKeyboard(fa, id.toHexString()))).toEqual(['cy', 'op']);
  });
  it('/newevent preview, edit menu, date readings; confirmations', () => {
    expect(data(previewKeyboard(fa)).map((d) => newEventCallback.decode(d)?.a)).toEqual(['pub', 'drf', 'ed', 'x']);
    expect(data(editMenuKeyboard(fa)).map((d) => newEventCallback.decode(d)?.a).filter((a) => a === 'ef')).toHaveLength(13);
    expect(data(dateChoiceKeyboard(fa, 'when', ['الف', 'ب'])).map((d) => newEventCallback.decode(d))).toEqual([
      { s: 'when', a: 'dc', v: '0' },
      { s: 'when', a: 'dc', v: '1' },
      { s: 'when', a: 'x', v: '-' },
    ]);
    for (const k of [rsvpConfirmKeyboard(fa, id.toHexString(), '2'), forgetMeKeyboard(fa)]) {
      for (const d of data(k)) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(64);
    }
  });
});

describe("a question's buttons", () => {
  const controls = (over: Partial<QuestionControls> = {}): QuestionControls => ({ data: (a, v) => newEventCallback.encode({ s: 'categories', a, v: v ?? '-' }), back: true, skip: true, ...over });
  const cats = [{ slug: 'lecture', name: 'سخنرانی' }, { slug: 'quran', name: 'جلسات قرآن و تفسیر برای خواهران و برادران' }, { slug: 'sport', name: 'ورزش' }];
  const decoded = (k: InlineKeyboardMarkup) => k.inline_keyboard.map((row) => row.map((b) => ('callback_data' in b ? newEventCallback.decode(b.callback_data)?.a : '')));

  it('lays categories two a row, marks the chosen, and offers Done only once one is chosen', () => {
    const none = questionKeyboard(fa, 'categories', [], { categories: cats }, controls());
    expect(decoded(none)).toEqual([['ct', 'ct'], ['ct'], ['bk', 'sk', 'x']]);
    const some = questionKeyboard(fa, 'categories', ['quran'], { categories: cats }, controls());
    expect(decoded(some)).toEqual([['ct', 'ct'], ['ct'], ['dn'], ['bk', 'sk', 'x']]);
    expect(some.inline_keyboard[0]![1]!.text.startsWith('✅ ')).toBe(true);
    expect(some.inline_keyboard[0]![1]!.text.endsWith('…')).toBe(true);
    expect(some.inline_keyboard[0]![0]!.text).toBe('سخنرانی');
  });

  it('offers saved venues one a row, and only the Back and Skip the question allows', () => {
    const k = questionKeyboard(fa, 'venue', [], { venues: [{ id: id.toHexString(), name: 'مسجد اعظم' }] }, controls({ back: false, skip: false }));
    expect(decoded(k)).toEqual([['vn'], ['x']]);
    expect(k.inline_keyboard[0]![0]!.text).toBe('📍 مسجد اعظم');
    const clear = questionKeyboard(fa, 'photo', [], {}, controls({ skipLabel: 'newevent.button.clear' }));
    expect(clear.inline_keyboard.at(-1)!.map((b) => b.text)).toEqual([fa('newevent.button.back'), fa('newevent.button.clear'), fa('newevent.button.cancel')]);
  });
});

describe("a member's card in private", () => {
  const start = new Date('2030-01-01T10:00:00Z');
  const event = { _id: id, status: 'published' as const, startAt: start, endAt: new Date(start.getTime() + 3_600_000) };
  const back = [{ text: '«', callback_data: 'ev:b:0:-:-' }];
  it("puts the screen's own rows under the members' buttons, and only those on a draft", () => {
    const k = memberCardKeyboard(event, fa, { botUsername: 'bot', context: 'private', now: new Date('2029-12-01T00:00:00Z') }, [back]);
    expect(k.inline_keyboard.length).toBeGreaterThan(1);
    expect(k.inline_keyboard.at(-1)).toEqual(back);
    expect(memberCardKeyboard({ ...event, status: 'draft' }, fa, { botUsername: 'bot', context: 'private' }, [back]).inline_keyboard).toEqual([back]);
  });
});
