/**
 * In-memory counters of one central-system node: connections by protocol, messages by action and result,
 * and how long acknowledgements take. Plain numbers, so the API can render them as Prometheus metrics
 * (the latency buckets are cumulative, like a Prometheus histogram's `le` buckets).
 */
import type { ProtocolVersion } from '@pilewatch/ocpp';

/** Upper bounds of the ack-latency buckets, in milliseconds. */
export const ackLatencyBucketsMs = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

export interface LatencyHistogram {
  count: number;
  sumMs: number;
  maxMs: number;
  /** cumulative: `count` observations took at most `leMs` milliseconds */
  buckets: Array<{ leMs: number; count: number }>;
}

export interface CsmsStats {
  connected: Record<ProtocolVersion, number>;
  /** CALLs from chargers: action → result (`ok`, `duplicate` or the CALLERROR code we answered) → count */
  messagesIn: Record<string, Record<string, number>>;
  /** commands sent to chargers: action → result (the answer's status, the charger's CALLERROR code, or a PW_CSMS_* code) → count */
  messagesOut: Record<string, Record<string, number>>;
  /** frames that were not readable OCPP-J messages */
  badFrames: number;
  /** connections refused at the upgrade, by reason */
  refused: Record<string, number>;
  /** time from receiving a CALL to handing its CALLRESULT/CALLERROR to the socket */
  ackLatency: LatencyHistogram;
}

export class StatsRecorder {
  private readonly connected: Record<ProtocolVersion, number> = { 'ocpp1.6': 0, 'ocpp2.0.1': 0 };
  private readonly messagesIn = new Map<string, Map<string, number>>();
  private readonly messagesOut = new Map<string, Map<string, number>>();
  private readonly refused = new Map<string, number>();
  private badFrames = 0;
  private latencyCount = 0;
  private latencySumMs = 0;
  private latencyMaxMs = 0;
  private readonly latencyBuckets = ackLatencyBucketsMs.map(() => 0);

  connection(protocol: ProtocolVersion, delta: 1 | -1): void {
    this.connected[protocol] += delta;
  }

  inbound(action: string, result: string, latencyMs: number): void {
    bump(this.messagesIn, action, result);
    this.latencyCount += 1;
    this.latencySumMs += latencyMs;
    if (latencyMs > this.latencyMaxMs) this.latencyMaxMs = latencyMs;
    const i = ackLatencyBucketsMs.findIndex((le) => latencyMs <= le);
    if (i >= 0) this.latencyBuckets[i]! += 1;
  }

  outbound(action: string, result: string): void {
    bump(this.messagesOut, action, result);
  }

  badFrame(): void {
    this.badFrames += 1;
  }

  refusal(reason: string): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
  }

  snapshot(): CsmsStats {
    let cumulative = 0;
    return {
      connected: { ...this.connected },
      messagesIn: plain(this.messagesIn),
      messagesOut: plain(this.messagesOut),
      badFrames: this.badFrames,
      refused: Object.fromEntries(this.refused),
      ackLatency: {
        count: this.latencyCount,
        sumMs: this.latencySumMs,
        maxMs: this.latencyMaxMs,
        buckets: ackLatencyBucketsMs.map((leMs, i) => ({ leMs, count: (cumulative += this.latencyBuckets[i]!) })),
      },
    };
  }
}

function bump(table: Map<string, Map<string, number>>, action: string, result: string): void {
  let row = table.get(action);
  if (!row) table.set(action, (row = new Map()));
  row.set(result, (row.get(result) ?? 0) + 1);
}

function plain(table: Map<string, Map<string, number>>): Record<string, Record<string, number>> {
  return Object.fromEntries([...table].map(([action, row]) => [action, Object.fromEntries(row)]));
}
