/**
 * What the write path has done, for /metrics: batches committed, messages per batch and commit time,
 * as cumulative histograms with fixed bucket bounds (Prometheus style: each count includes smaller ones).
 */

export interface CumulativeHistogram {
  /** Upper bounds; the last bucket (+Inf) is `count`. */
  bounds: readonly number[];
  /** counts[i] = observations ≤ bounds[i]. */
  counts: number[];
  count: number;
  sum: number;
}

export interface WriterStats {
  batches: number;
  /** Batches the database refused as a whole (retried item by item, or refused while unreachable). */
  failedBatches: number;
  /** Messages and connectivity changes committed. */
  items: number;
  batchSize: CumulativeHistogram;
  commitMs: CumulativeHistogram;
}

export const batchSizeBounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;
export const commitMsBounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] as const;

export function emptyHistogram(bounds: readonly number[]): CumulativeHistogram {
  return { bounds, counts: bounds.map(() => 0), count: 0, sum: 0 };
}

export function observe(h: CumulativeHistogram, value: number): void {
  h.count += 1;
  h.sum += value;
  for (let i = 0; i < h.bounds.length; i++) if (value <= h.bounds[i]!) h.counts[i]! += 1;
}

export function emptyWriterStats(): WriterStats {
  return { batches: 0, failedBatches: 0, items: 0, batchSize: emptyHistogram(batchSizeBounds), commitMs: emptyHistogram(commitMsBounds) };
}
