import { Composer } from 'telegraf';
import type { ObjectId } from '../../dal/types';
import type { BotContext } from '../context';
import { renderStats, type StatusCounts, type StatsView } from '../render/stats';

/** /stats (super-admins): delivery counts per event and per linked chat, with the reasons. */
export const statsFeature = new Composer<BotContext>();

const empty = (): StatusCounts => ({ sent: 0, pending: 0, failed: 0, skipped: 0 });

function add(c: StatusCounts, status: string, n: number): void {
  if (status === 'sent') c.sent += n;
  else if (status === 'failed') c.failed += n;
  else if (status === 'skipped') c.skipped += n;
  else c.pending += n;
}

statsFeature.command('stats', async (ctx) => {
  // BOT_ADMINS is the source of truth for super-admins; checked on every use.
  if (!ctx.deps.config.botAdmins.includes(ctx.from.id)) {
    await ctx.reply(ctx.t('stats.notAllowed'));
    return;
  }
  const events = new Map<string, { id: ObjectId; counts: StatusCounts }>();
  for (const row of await ctx.deps.dal.deliveries.countsByEvent()) {
    const key = row.eventId.toHexString();
    const entry = events.get(key) ?? { id: row.eventId, counts: empty() };
    add(entry.counts, row.status, row.count);
    events.set(key, entry);
  }
  const latest = [...events.values()].sort((a, b) => b.id.getTimestamp().getTime() - a.id.getTimestamp().getTime()).slice(0, 10);
  const titles = new Map((await ctx.deps.dal.events.titles(latest.map((e) => e.id))).map((e) => [e._id.toHexString(), e.title]));
  const chats = new Map<number, StatusCounts>();
  for (const row of await ctx.deps.dal.deliveries.countsByChat()) {
    const c = chats.get(row.chatId) ?? empty();
    add(c, row.status, row.count);
    chats.set(row.chatId, c);
  }
  const busiest = [...chats.entries()].sort((a, b) => b[1].sent + b[1].pending - (a[1].sent + a[1].pending)).slice(0, 10);
  const chatTitles = new Map((await ctx.deps.dal.chats.titles(busiest.map(([id]) => id))).map((c) => [c._id, c.title]));
  const reasons = await ctx.deps.dal.deliveries.topReasons(10);
  const jobReasons = await ctx.deps.dal.jobs.topReasons(10);
  const view: StatsView = {
    events: latest.map((e) => ({ title: titles.get(e.id.toHexString()), counts: e.counts })),
    chats: busiest.map(([id, counts]) => ({ title: chatTitles.get(id) || String(id), counts })),
    reasons: [...reasons, ...jobReasons],
    sender: await ctx.deps.dal.leases.holderOf('sender', ctx.deps.now()),
  };
  await ctx.reply(renderStats(view, ctx.t, ctx.locale), { parse_mode: 'HTML' });
});
