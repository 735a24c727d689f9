/**
 * Sending an event card in a private chat: as a photo with the caption (and the rest following) when
 * the event has a photo, else as text; with the given keyboard under the first message. Cards sent
 * to members are recorded with the delivery engine so later edits reach them.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { renderEventCard } from '../render/event-card';
import { memberCardKeyboard } from '../keyboards/event-card';
import type { CalendarSystem } from '../../domain/time';
import type { Locale } from '../../i18n/locales';
import { eventPageUrl } from '../../web/urls';
import { type EventRecord, chosenCalendar } from '../../dal/types';

export interface Viewer {
  locale: Locale;
  timezone: string;
  /** The member's chosen calendar; undefined means their language's default. */
  calendar: CalendarSystem | undefined;
}

export function viewerOf(ctx: BotContext): Viewer {
  return {
    locale: ctx.locale,
    timezone: ctx.user?.timezone ?? ctx.deps.config.defaultTimezone,
    calendar: chosenCalendar(ctx.user),
  };
}

/** Sends the card; returns the id of the message carrying the keyboard. */
export async function sendCard(
  ctx: BotContext,
  event: EventRecord,
  keyboard: InlineKeyboardMarkup | undefined,
  opts: { record: boolean },
): Promise<number> {
  const card = renderEventCard(event, viewerOf(ctx), ctx.t, ctx.deps.now());
  const markup = keyboard && keyboard.inline_keyboard.length ? { reply_markup: keyboard } : {};
  let messageId: number;
  if (event.photoFileId && card.caption !== undefined) {
    const sent = await ctx.replyWithPhoto(event.photoFileId, { caption: card.caption, parse_mode: 'HTML', ...markup });
    messageId = sent.message_id;
  } else {
    const sent = await ctx.reply(card.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...markup });
    messageId = sent.message_id;
  }
  if (event.photoFileId && card.caption !== undefined) {
    for (const more of card.followUps ?? []) {
      await ctx.reply(more, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    }
  }
  if (opts.record && ctx.chat) {
    await ctx.deps.scheduler.recordPostedCard(event._id, ctx.chat.id, messageId, ctx.locale);
  }
  return messageId;
}

/** The event's web page in the member's language, when the web calendar has a public address. */
export function pageUrlFor(ctx: BotContext, event: Pick<EventRecord, '_id'>): string | undefined {
  const base = ctx.deps.config.publicUrl;
  return base ? eventPageUrl(base, ctx.locale, event._id.toHexString()) : undefined;
}

/** The members' buttons (RSVP, remind, calendar) plus extra rows of our own. */
export function memberKeyboard(ctx: BotContext, event: EventRecord, extra: InlineKeyboardButton[][] = []): InlineKeyboardMarkup {
  return memberCardKeyboard(event, ctx.t, { botUsername: ctx.botInfo.username, context: 'private', now: ctx.deps.now(), pageUrl: pageUrlFor(ctx, event) }, extra);
}
