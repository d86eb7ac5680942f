import { describe, expect, it } from 'vitest';
import { FleetStats, LatencyHistogram } from './stats.js';

describe('LatencyHistogram', () => {
  it('reports percentiles to within about 2% of the exact ones', () => {
    const h = new LatencyHistogram();
    const values = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 ms
    for (const v of values) h.record(v);
    expect(h.percentile(50)).toBeGreaterThanOrEqual(500 * 0.98);
    expect(h.percentile(50)).toBeLessThanOrEqual(500 * 1.02);
    expect(h.percentile(95)).toBeGreaterThanOrEqual(950 * 0.98);
    expect(h.percentile(95)).toBeLessThanOrEqual(950 * 1.02);
    expect(h.percentile(99)).toBeLessThanOrEqual(1000);
    expect(h.summary()).toMatchObject({ count: 1000, max: 1000, mean: 500.5 });
  });

  it('is all zeros when empty', () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 });
  });
});

describe('FleetStats', () => {
  it('counts sent, acked and failed per action and overall', () => {
    const s = new FleetStats();
    s.messageSent('Heartbeat');
    s.messageAcked('Heartbeat', 3);
    s.messageSent('MeterValues');
    s.messageFailed('MeterValues');
    s.messageSent('MeterValues');
    s.messageAcked('MeterValues', 5);
    const snap = s.snapshot();
    expect(snap.messages).toMatchObject({ sent: 3, acked: 2, failed: 1 });
    expect(snap.byAction.MeterValues).toMatchObject({ sent: 2, acked: 1, failed: 1 });
    expect(Object.keys(snap.byAction)).toEqual(['Heartbeat', 'MeterValues']);
  });
});
