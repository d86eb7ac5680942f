/**
 * How far alert evaluation trails the events: for every input applied, the time from when pilewatch
 * received the event (our clock) to when its evaluation was stored. Exposed as a Prometheus histogram
 * (`pilewatch_worker_alert_evaluation_lag_seconds`, rendered by the API's /metrics when the worker runs
 * in the same process: `metrics.families`) and as percentiles over the latest inputs, for benchmarks.
 */
import type { MetricFamily } from '@pilewatch/api';

export const lagBucketsS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

export class AlertMetrics {
  private readonly buckets = lagBucketsS.map(() => 0);
  private count = 0;
  private sumS = 0;
  private readonly recent: number[] = [];
  private next = 0;
  inputs = 0;
  duplicates = 0;
  transitions = 0;

  constructor(private readonly keep = 10_000) {}

  /** One input applied (or found to be a repeat), `lagMs` after it was received. */
  observe(lagMs: number, outcome: { duplicate: boolean; transitions: number }): void {
    this.inputs += 1;
    if (outcome.duplicate) this.duplicates += 1;
    this.transitions += outcome.transitions;
    const s = Math.max(0, lagMs) / 1000;
    this.count += 1;
    this.sumS += s;
    lagBucketsS.forEach((le, i) => {
      if (s <= le) this.buckets[i]! += 1;
    });
    if (this.recent.length < this.keep) this.recent.push(s);
    else this.recent[this.next] = s;
    this.next = (this.next + 1) % this.keep;
  }

  /** Starts counting afresh (a benchmark's measuring window). */
  reset(): void {
    this.buckets.fill(0);
    this.count = 0;
    this.sumS = 0;
    this.recent.length = 0;
    this.next = 0;
    this.inputs = 0;
    this.duplicates = 0;
    this.transitions = 0;
  }

  /** Lag percentiles (seconds) over the latest inputs kept. */
  percentiles(ps: readonly number[] = [50, 90, 99, 100]): Record<string, number | null> {
    const sorted = [...this.recent].sort((a, b) => a - b);
    return Object.fromEntries(
      ps.map((p) => [`p${p}`, sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : null]),
    );
  }

  families(): MetricFamily[] {
    return [
      {
        name: 'pilewatch_worker_alert_evaluation_lag_seconds',
        help: 'Time from receiving an event to storing its alert evaluation (per input applied).',
        type: 'histogram',
        samples: [
          ...lagBucketsS.map((le, i) => ({ suffix: '_bucket', labels: { le: String(le) }, value: this.buckets[i]! })),
          { suffix: '_bucket', labels: { le: '+Inf' }, value: this.count },
          { suffix: '_sum', value: this.sumS },
          { suffix: '_count', value: this.count },
        ],
      },
      {
        name: 'pilewatch_worker_alert_inputs_total',
        help: 'Events evaluated by the alert rules, repeats included.',
        type: 'counter',
        samples: [{ value: this.inputs }],
      },
      {
        name: 'pilewatch_worker_alert_duplicate_inputs_total',
        help: 'Events found already applied (a retried job) and skipped.',
        type: 'counter',
        samples: [{ value: this.duplicates }],
      },
      {
        name: 'pilewatch_worker_alert_transitions_total',
        help: 'Alert transitions stored (opened, reopened, acknowledged, resolved).',
        type: 'counter',
        samples: [{ value: this.transitions }],
      },
    ];
  }
}

/** The process's alert metrics (one per process, like a Prometheus default registry). */
export const alertMetrics = new AlertMetrics();
