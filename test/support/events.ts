/**
 * Helpers for the event-feature tests: making organizers, categories and events directly in the
 * database, and finding buttons on the bot's messages.
 */
import { Types } from 'mongoose';
import type { Dal } from '../../src/dal';
import type { EventRecord } from '../../src/dal/events/event.model';
import type { NewEvent } from '../../src/dal/events/event.repository';
import type { FakeMessage, FakeUser, RecordedCall } from './fake-telegram/server';

export async function makeOrganizer(dal: Dal, user: FakeUser, isOrganizer = true): Promise<void> {
  await dal.users.upsertFromTelegram(user, { privateChat: true });
  await dal.users.update(user.id, { isOrganizer });
}

export async function makeEvent(dal: Dal, fields: Partial<NewEvent> & { title: string; startAt: Date }): Promise<EventRecord> {
  const e = await dal.events.create({
    endAt: new Date(fields.startAt.getTime() + 2 * 3600_000),
    allDay: false,
    timezone: 'Asia/Tehran',
    categories: [],
    createdBy: 2001,
    status: 'published',
    ...fields,
  });
  return e;
}

export function buttons(m: FakeMessage | undefined): Array<{ text: string; callback_data?: string; url?: string }> {
  return (m?.reply_markup?.inline_keyboard ?? []).flat();
}

export function buttonData(m: FakeMessage | undefined, label: string | RegExp): string {
  const b = buttons(m).find((x) => (typeof label === 'string' ? x.text === label : label.test(x.text)));
  if (!b?.callback_data) throw new Error(`no button ${String(label)} among ${buttons(m).map((x) => x.text).join(' | ')}`);
  return b.callback_data;
}

/** The text of the last answerCallbackQuery the bot made (what a user sees as a toast or alert). */
export function lastAnswer(calls: RecordedCall[]): string | undefined {
  const answers = calls.filter((c) => c.method === 'answerCallbackQuery');
  const last = answers[answers.length - 1];
  return typeof last?.params.text === 'string' ? last.params.text : undefined;
}

export const oid = (hex: string) => new Types.ObjectId(hex);
