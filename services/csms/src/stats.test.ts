import { describe, expect, it } from 'vitest';
import { StatsRecorder } from './stats.js';

describe('StatsRecorder', () => {
  it('counts connections by protocol, messages by action and result, refusals by reason', () => {
    const s = new StatsRecorder();
    s.connection('ocpp1.6', 1);
    s.connection('ocpp2.0.1', 1);
    s.connection('ocpp2.0.1', 1);
    s.connection('ocpp2.0.1', -1);
    s.inbound('MeterValues', 'ok', 3);
    s.inbound('MeterValues', 'ok', 4);
    s.inbound('MeterValues', 'duplicate', 1);
    s.inbound('Heartbeat', 'SecurityError', 0);
    s.outbound('Reset', 'Accepted');
    s.refusal('wrong password');
    s.badFrame();
    const snap = s.snapshot();
    expect(snap.connected).toEqual({ 'ocpp1.6': 1, 'ocpp2.0.1': 1 });
    expect(snap.messagesIn).toEqual({ MeterValues: { ok: 2, duplicate: 1 }, Heartbeat: { SecurityError: 1 } });
    expect(snap.messagesOut).toEqual({ Reset: { Accepted: 1 } });
    expect(snap.refused).toEqual({ 'wrong password': 1 });
    expect(snap.badFrames).toBe(1);
  });

  it('keeps ack latency as a cumulative histogram', () => {
    const s = new StatsRecorder();
    for (const ms of [0.5, 3, 7, 40_000]) s.inbound('Heartbeat', 'ok', ms);
    const { ackLatency } = s.snapshot();
    expect(ackLatency.count).toBe(4);
    expect(ackLatency.maxMs).toBe(40_000);
    expect(ackLatency.sumMs).toBeCloseTo(40_010.5);
    const le = (bound: number) => ackLatency.buckets.find((b) => b.leMs === bound)?.count;
    expect(le(1)).toBe(1);
    expect(le(5)).toBe(2);
    expect(le(10)).toBe(3);
    // above the last bucket: only in count (Prometheus' +Inf)
    expect(le(10_000)).toBe(3);
  });
});
