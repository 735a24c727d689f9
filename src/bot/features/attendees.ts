import { Composer } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { toCsv } from '../../domain/csv';
import { renderAttendeesPage } from '../render/attendees';
import { OBJECT_ID_HEX } from '../callback-data/event-card';
import { attendeesCallback, attendeesCsvCallback } from '../callback-data/members';
import { answer, showInPlace } from '../member-support';
import { attendeesEventsKeyboard, attendeesPageKeyboard } from '../keyboards/attendees';
import { loadManagedEvent, requireOrganizer } from '../events-ui/access';
import type { EventRecord, Rsvp, User } from '../../dal/types';

/**
 * /attendees for an event's creator and the super-admins: a paged list (names, not just counts)
 * and a CSV file. Who may see it is checked against the database on every page and download.
 */
export const attendeesFeature = new Composer<BotContext>();

export const PAGE_SIZE = 20;

/** The event named by an argument or a button, if the sender may read its attendees now (see access.ts). */
async function eventForOrganizer(ctx: BotContext, hex: string): Promise<EventRecord | undefined> {
  if (!OBJECT_ID_HEX.test(hex)) {
    if (ctx.callbackQuery) await answer(ctx, ctx.t('attendees.notFound'), { show_alert: true });
    else await ctx.reply(ctx.t('attendees.notFound'));
    return undefined;
  }
  return loadManagedEvent(ctx, hex, 'attendees');
}

async function namesOf(ctx: BotContext, rsvps: readonly Rsvp[]): Promise<Map<number, Pick<User, '_id' | 'firstName' | 'username'>>> {
  const ids = [...new Set(rsvps.map((r) => r.userId))];
  const users = await ctx.deps.dal.users.names(ids);
  return new Map(users.map((u) => [u._id, u]));
}

export async function attendeesPage(ctx: BotContext, event: EventRecord, page: number): Promise<{ text: string; keyboard: InlineKeyboardMarkup }> {
  const t = ctx.t;
  const { items, total } = await ctx.deps.dal.rsvps.page(event._id, { skip: page * PAGE_SIZE, limit: PAGE_SIZE });
  const names = await namesOf(ctx, items);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const text = renderAttendeesPage(t, ctx.locale, { event, items, names, page, pageSize: PAGE_SIZE, pages, total });
  return { text, keyboard: attendeesPageKeyboard(t, event._id.toHexString(), page, pages) };
}

/** The CSV rows of an event's RSVPs (header first). */
export function attendeeRows(rsvps: readonly Rsvp[], names: Map<number, Pick<User, 'firstName' | 'username'>>): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = [['name', 'username', 'telegram_id', 'status', 'guests', 'answered_at_utc']];
  for (const r of rsvps) {
    const u = names.get(r.userId);
    rows.push([u?.firstName ?? '', u?.username ? `@${u.username}` : '', r.userId, r.status, r.guests, r.updatedAt.toISOString()]);
  }
  return rows;
}

attendeesFeature.command('attendees', async (ctx) => {
  // Names are personal data: only ever shown in the organizer's private chat.
  if (ctx.chat.type !== 'private') {
    await ctx.reply(ctx.t('subscriptions.privateOnly'));
    return;
  }
  const arg = ctx.payload.trim();
  if (arg) {
    const event = await eventForOrganizer(ctx, arg);
    if (!event) return;
    const screen = await attendeesPage(ctx, event, 0);
    await ctx.reply(screen.text, { parse_mode: 'HTML', reply_markup: screen.keyboard });
    return;
  }
  if (!(await requireOrganizer(ctx, 'attendees'))) return;
  const own = await ctx.deps.dal.events.listByCreator(ctx.from.id, { skip: 0, limit: 10 });
  const events = own.items.filter((e) => e.status !== 'draft');
  if (ctx.isSuperAdmin && events.length < 10) {
    const upcoming = await ctx.deps.dal.events.listUpcoming({ now: ctx.deps.now(), skip: 0, limit: 10 });
    for (const e of upcoming.items) if (!events.some((x) => x._id.equals(e._id)) && events.length < 10) events.push(e);
  }
  if (events.length === 0) {
    await ctx.reply(ctx.t('attendees.noEvents'));
    return;
  }
  await ctx.reply(ctx.t('attendees.chooseEvent'), {
    parse_mode: 'HTML',
    reply_markup: attendeesEventsKeyboard(events),
  });
});

attendeesFeature.action(attendeesCallback.pattern, async (ctx) => {
  const data = attendeesCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  const page = data && /^\d{1,5}$/.test(data.page) ? Number(data.page) : undefined;
  if (!data || page === undefined) return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
  if (ctx.chat?.type !== 'private') return answer(ctx, ctx.t('subscriptions.privateOnly'), { show_alert: true });
  const event = await eventForOrganizer(ctx, data.event);
  if (!event) return;
  await answer(ctx);
  const screen = await attendeesPage(ctx, event, page);
  await showInPlace(ctx, screen.text, screen.keyboard);
});

attendeesFeature.action(attendeesCsvCallback.pattern, async (ctx) => {
  const data = attendeesCsvCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data) return answer(ctx, ctx.t('rsvp.toast.invalid'), { show_alert: true });
  const event = await eventForOrganizer(ctx, data.event);
  if (!event) return;
  await answer(ctx, ctx.t('attendees.csvSending'));
  const rsvps = await ctx.deps.dal.rsvps.listAll(event._id);
  const csv = toCsv(attendeeRows(rsvps, await namesOf(ctx, rsvps)));
  await ctx.telegram.sendDocument(
    ctx.from.id,
    { source: Buffer.from(csv, 'utf8'), filename: `attendees-${event._id.toHexString()}.csv` },
    { caption: ctx.t('attendees.csvCaption', { title: event.title.slice(0, 100), count: rsvps.length }), parse_mode: 'HTML' },
  );
});
