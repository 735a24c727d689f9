import type { Aggregate, PipelineStage } from 'mongoose';

/** A reason recorded on failed or skipped documents, and how many carry it. */
export interface ReasonCount {
  reason: string;
  count: number;
}

/**
 * The most frequent reasons among a collection's failed and skipped documents (deliveries, jobs):
 * one aggregation, for /stats (rare, off every hot path). Documents without a reason are left out.
 */
export async function topReasons(model: { aggregate<T>(pipeline: PipelineStage[]): Aggregate<T[]> }, limit: number): Promise<ReasonCount[]> {
  const rows = await model
    .aggregate<{ _id: string | null; n: number }>([
      { $match: { status: { $in: ['failed', 'skipped'] } } },
      { $group: { _id: '$reason', n: { $sum: 1 } } },
      { $sort: { n: -1 } },
      { $limit: limit },
    ])
    .exec();
  return rows.flatMap((r) => (r._id ? [{ reason: r._id, count: r.n }] : []));
}
