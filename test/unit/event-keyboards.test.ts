/**
 * The event keyboards as pure functions: which management buttons each state offers (the rule is
 * `eventActions` in the application layer), and that every button's data decodes with its codec.
 */
import { Types } from 'mongoose';
import { createI18n, type Translate } from '../../src/i18n/i18n';
import { eventActions } from '../../src/application/events';
import { confirmCancelSeriesKeyboard, editFieldsKeyboard, manageKeyboard, myEventsListKeyboard } from '../../src/bot/keyboards/my-events';
import { dateChoiceKeyboard, editMenuKeyboard, previewKeyboard } from '../../src/bot/keyboards/new-event';
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
