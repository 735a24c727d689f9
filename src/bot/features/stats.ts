import { Composer } from 'telegraf';
import type { Aggregate, PipelineStage, Types } from 'mongoose';
import type { BotContext } from '../context';
import { renderStats, type StatusCounts, type StatsView } from '../render/stats';

/** /stats (super-admins): delivery counts per event and per linked chat, with the reasons. */
export const statsFeature = new Composer<BotContext>();

const empty = (): StatusCounts => ({ sent: 0, pending: 0, failed: 0, skipped: 0 });

function add(c: StatusCounts, status: string, n: number): void {
  if (status === 'sent') c.sent += n;
  else if (status === 'failed') c.failed += n;
  else if (status === 'skipped') c.skipped += n;
  else c.pending += n; // pending and sending
}

statsFeature.command('stats', async (ctx) => {
  // BOT_ADMINS is the source of truth for super-admins; checked on every use.
  if (!ctx.deps.config.botAdmins.includes(ctx.from.id)) {
    await ctx.reply(ctx.t('stats.notAllowed'));
    return;
  }
  const m = ctx.deps.dal.models;
  const byEvent = await m.deliveries
    .aggregate<{ _id: { e: Types.ObjectId; s: string }; n: number }>([
      { $match: { eventId: { $exists: true } } },
      { $group: { _id: { e: '$eventId', s: '$status' }, n: { $sum: 1 } } },
    ])
    .exec();
  const events = new Map<string, { id: Types.ObjectId; counts: StatusCounts }>();
  for (const row of byEvent) {
    const key = row._id.e.toHexString();
    const entry = events.get(key) ?? { id: row._id.e, counts: empty() };
    add(entry.counts, row._id.s, row.n);
    events.set(key, entry);
  }
  const latest = [...events.values()].sort((a, b) => b.id.getTimestamp().getTime() - a.id.getTimestamp().getTime()).slice(0, 10);
  const titles = new Map(
    (await m.events.find({ _id: { $in: latest.map((e) => e.id) } }).select({ title: 1 }).lean().exec()).map((e) => [e._id.toHexString(), e.title]),
  );
  const byChat = await m.deliveries
    .aggregate<{ _id: { c: number; s: string }; n: number }>([
      { $match: { recipient: 'chat' } },
      { $group: { _id: { c: '$chatId', s: '$status' }, n: { $sum: 1 } } },
    ])
    .exec();
  const chats = new Map<number, StatusCounts>();
  for (const row of byChat) {
    const c = chats.get(row._id.c) ?? empty();
    add(c, row._id.s, row.n);
    chats.set(row._id.c, c);
  }
  const busiest = [...chats.entries()].sort((a, b) => b[1].sent + b[1].pending - (a[1].sent + a[1].pending)).slice(0, 10);
  const chatTitles = new Map(
    (await m.chats.find({ _id: { $in: busiest.map(([id]) => id) } }).select({ title: 1 }).lean().exec()).map((c) => [c._id, c.title]),
  );
  const reasons = await topReasons(m.deliveries);
  const jobReasons = await topReasons(m.jobs);
  const view: StatsView = {
    events: latest.map((e) => ({ title: titles.get(e.id.toHexString()), counts: e.counts })),
    chats: busiest.map(([id, counts]) => ({ title: chatTitles.get(id) || String(id), counts })),
    reasons: [...reasons, ...jobReasons].filter((r) => r._id).map((r) => ({ reason: r._id, count: r.n })),
    sender: await ctx.deps.dal.leases.holderOf('sender', ctx.deps.now()),
  };
  await ctx.reply(renderStats(view, ctx.t, ctx.locale), { parse_mode: 'HTML' });
});

/** The ten most frequent reasons among failed and skipped documents of a collection. */
function topReasons(model: { aggregate<T>(pipeline: PipelineStage[]): Aggregate<T[]> }): Promise<Array<{ _id: string; n: number }>> {
  return model
    .aggregate<{ _id: string; n: number }>([
      { $match: { status: { $in: ['failed', 'skipped'] } } },
      { $group: { _id: '$reason', n: { $sum: 1 } } },
      { $sort: { n: -1 } },
      { $limit: 10 },
    ])
    .exec();
}
