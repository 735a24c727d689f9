import { Composer } from 'telegraf';
import { googleCalendarKeyboard } from '../keyboards/calendar-file';
import type { BotContext } from '../context';
import { icsCallback, OBJECT_ID_HEX } from '../callback-data/event-card';
import { buildIcs, googleCalendarLink } from '../../domain/ics';
import { toObjectId } from '../../dal/events/event.repository';
import { answer } from '../member-support';
import { telegramFailure } from '../errors';
import { viewerOf } from '../events-ui/card';
import { icsDescription } from '../render/ics-text';
import type { EventRecord } from '../../dal/types';

/** 📅 Add to calendar: the event as an .ics file, and a Google Calendar link, in private. */
export const calendarFileFeature = new Composer<BotContext>();

/** A file name from the title: letters and digits of any script, at most 40 characters. */
export function icsFileName(event: Pick<EventRecord, 'title'>): string {
  const base = event.title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'event'}.ics`;
}

export async function sendCalendarFile(ctx: BotContext, event: EventRecord): Promise<void> {
  const botUsername = ctx.botInfo.username;
  const ics = buildIcs(event, { botUsername, now: ctx.deps.now(), description: icsDescription(event, viewerOf(ctx), ctx.t) });
  await ctx.telegram.sendDocument(
    ctx.from!.id,
    { source: Buffer.from(ics, 'utf8'), filename: icsFileName(event) },
    { caption: ctx.t(event.status === 'cancelled' ? 'ics.captionCancelled' : 'ics.caption', { title: event.title }), parse_mode: 'HTML' },
  );
  await ctx.telegram.sendMessage(ctx.from!.id, ctx.t('ics.google'), {
    parse_mode: 'HTML',
    reply_markup: googleCalendarKeyboard(ctx.t, googleCalendarLink(event)),
  });
}

calendarFileFeature.action(icsCallback.pattern, async (ctx) => {
  const data = icsCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  const id = data && OBJECT_ID_HEX.test(data.event) ? toObjectId(data.event) : undefined;
  const event = id ? await ctx.deps.dal.events.findById(id) : null;
  if (!event || event.status === 'draft') return answer(ctx, ctx.t('rsvp.toast.notFound'), { show_alert: true });
  if (ctx.chat?.type !== 'private') {
    // Old cards in chats may still carry the callback: send the member to private.
    return answer(ctx, undefined, { url: `https://t.me/${ctx.botInfo.username}?start=ics_${event._id.toHexString()}` });
  }
  try {
    await sendCalendarFile(ctx, event);
  } catch (err) {
    // Blocked the bot (403): a toast cannot carry a file; the deep link restarts the chat and sends it.
    if (telegramFailure(err)?.code !== 403) throw err;
    await ctx.deps.dal.users.markUnreachable(ctx.from.id);
    return answer(ctx, undefined, { url: `https://t.me/${ctx.botInfo.username}?start=ics_${event._id.toHexString()}` });
  }
  await answer(ctx, ctx.t('ics.sending'));
});
