/**
 * Fleet-wide counters: what the progress line shows and the summary reports. Chargers bump them as things
 * happen, so reading them costs nothing per charger. Latencies go into fixed-size log histograms (about 2%
 * resolution) so a long run at ten thousand chargers uses the same memory as a short one.
 */

const GROWTH = 1.02;
const MIN_MS = 0.05;
const BUCKETS = Math.ceil(Math.log(3_600_000 / MIN_MS) / Math.log(GROWTH)) + 2;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  sum = 0;
  max = 0;

  record(ms: number): void {
    const v = Math.max(0, ms);
    const i = v <= MIN_MS ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(v / MIN_MS) / Math.log(GROWTH)));
    this.counts[i]! += 1;
    this.count += 1;
    this.sum += v;
    if (v > this.max) this.max = v;
  }

  /** The latency below which `p` (0–100) percent of the recorded values fall, to about 2%. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        if (i === 0) return MIN_MS;
        // The bucket's upper edge, but never more than the largest value actually seen.
        return Math.min(this.max, MIN_MS * GROWTH ** i);
      }
    }
    return this.max;
  }

  summary(): LatencySummary {
    const r = (x: number) => Math.round(x * 100) / 100;
    return {
      count: this.count,
      p50: r(this.percentile(50)),
      p95: r(this.percentile(95)),
      p99: r(this.percentile(99)),
      max: r(this.max),
      mean: this.count ? r(this.sum / this.count) : 0,
    };
  }
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ActionCounts {
  sent: number;
  acked: number;
  /** Answered with a CALLERROR, timed out, or given up on; a retried message counts once per attempt. */
  failed: number;
  latencyMs: LatencySummary;
}

export interface StatsSnapshot {
  chargers: number;
  connected: number;
  booted: number;
  pending: number;
  rejected: number;
  charging: number;
  faulted: number;
  offline: number;
  connects: number;
  disconnects: number;
  connectFailures: number;
  sessionsStarted: number;
  sessionsEnded: number;
  faults: number;
  /** Transaction messages waiting in chargers' offline queues right now. */
  queued: number;
  chaosFrames: number;
  /** Frames that failed schema validation (ours or the central system's) or could not be read. */
  protocolViolations: number;
  /** Errors inside the simulator itself (a bug): with the first few messages. */
  internalErrors: { count: number; samples: string[] };
  commands: Record<string, number>;
  messages: { sent: number; acked: number; failed: number; latencyMs: LatencySummary };
  byAction: Record<string, ActionCounts>;
}

class ActionStats {
  sent = 0;
  acked = 0;
  failed = 0;
  readonly latency = new LatencyHistogram();
}

export class FleetStats {
  chargers = 0;
  connected = 0;
  booted = 0;
  pending = 0;
  rejected = 0;
  charging = 0;
  faulted = 0;
  connects = 0;
  disconnects = 0;
  connectFailures = 0;
  sessionsStarted = 0;
  sessionsEnded = 0;
  faults = 0;
  queued = 0;
  chaosFrames = 0;
  protocolViolations = 0;
  internalErrors = 0;
  readonly internalErrorSamples: string[] = [];
  sent = 0;
  acked = 0;
  failed = 0;
  readonly commands: Record<string, number> = {};
  private readonly latency = new LatencyHistogram();
  private readonly actions = new Map<string, ActionStats>();

  private action(name: string): ActionStats {
    let a = this.actions.get(name);
    if (!a) this.actions.set(name, (a = new ActionStats()));
    return a;
  }

  messageSent(action: string): void {
    this.sent++;
    this.action(action).sent++;
  }

  messageAcked(action: string, latencyMs: number): void {
    this.acked++;
    const a = this.action(action);
    a.acked++;
    a.latency.record(latencyMs);
    this.latency.record(latencyMs);
  }

  messageFailed(action: string): void {
    this.failed++;
    this.action(action).failed++;
  }

  internalError(err: unknown): void {
    this.internalErrors++;
    if (this.internalErrorSamples.length < 5) this.internalErrorSamples.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
  }

  commandReceived(action: string): void {
    this.commands[action] = (this.commands[action] ?? 0) + 1;
  }

  snapshot(): StatsSnapshot {
    const byAction: Record<string, ActionCounts> = {};
    for (const [name, a] of [...this.actions].sort(([x], [y]) => x.localeCompare(y)))
      byAction[name] = { sent: a.sent, acked: a.acked, failed: a.failed, latencyMs: a.latency.summary() };
    return {
      chargers: this.chargers,
      connected: this.connected,
      booted: this.booted,
      pending: this.pending,
      rejected: this.rejected,
      charging: this.charging,
      faulted: this.faulted,
      offline: this.chargers - this.connected,
      connects: this.connects,
      disconnects: this.disconnects,
      connectFailures: this.connectFailures,
      sessionsStarted: this.sessionsStarted,
      sessionsEnded: this.sessionsEnded,
      faults: this.faults,
      queued: this.queued,
      chaosFrames: this.chaosFrames,
      protocolViolations: this.protocolViolations,
      internalErrors: { count: this.internalErrors, samples: [...this.internalErrorSamples] },
      commands: { ...this.commands },
      messages: { sent: this.sent, acked: this.acked, failed: this.failed, latencyMs: this.latency.summary() },
      byAction,
    };
  }
}
