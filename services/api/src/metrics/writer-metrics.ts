/** The store writer's group commit (`Writer.stats()`) as Prometheus families: batch sizes and commit time. */
import type { CumulativeHistogram, WriterStats } from '@pilewatch/store';
import type { Family } from './exposition.js';

function histogramSamples(h: CumulativeHistogram, scale = 1): Family['samples'] {
  return [
    ...h.bounds.map((le, i) => ({ suffix: '_bucket', labels: { le: String(le * scale) }, value: h.counts[i]! })),
    { suffix: '_bucket', labels: { le: '+Inf' }, value: h.count },
    { suffix: '_sum', value: h.sum * scale },
    { suffix: '_count', value: h.count },
  ];
}

export function writerFamilies(stats: WriterStats): Family[] {
  return [
    {
      name: 'pilewatch_store_batches_total',
      help: 'Transactions the write path committed (group commit: many OCPP messages each).',
      type: 'counter',
      samples: [{ value: stats.batches }],
    },
    {
      name: 'pilewatch_store_failed_batches_total',
      help: 'Batches the database refused as a whole (then retried item by item, or refused while unreachable).',
      type: 'counter',
      samples: [{ value: stats.failedBatches }],
    },
    {
      name: 'pilewatch_store_batch_size',
      help: 'OCPP messages and connectivity changes per committed batch.',
      type: 'histogram',
      samples: histogramSamples(stats.batchSize),
    },
    {
      name: 'pilewatch_store_commit_seconds',
      help: 'Time to write and commit one batch.',
      type: 'histogram',
      samples: histogramSamples(stats.commitMs, 1 / 1000),
    },
  ];
}
