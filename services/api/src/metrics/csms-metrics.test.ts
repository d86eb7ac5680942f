import { describe, expect, it } from 'vitest';
import type { CsmsStats } from '@pilewatch/csms';
import { csmsFamilies } from './csms-metrics.js';
import { renderFamilies } from './exposition.js';

const stats: CsmsStats = {
  connected: { 'ocpp1.6': 3, 'ocpp2.0.1': 1 },
  messagesIn: { Heartbeat: { ok: 10 }, StatusNotification: { ok: 4, duplicate: 1 } },
  messagesOut: { Reset: { Accepted: 1, PW_CSMS_COMMAND_TIMEOUT: 1 } },
  badFrames: 2,
  refused: { 'bad "password"': 1 },
  ackLatency: {
    count: 15,
    sumMs: 75,
    maxMs: 20,
    buckets: [
      { leMs: 5, count: 12 },
      { leMs: 25, count: 15 },
    ],
  },
};

describe('central-system figures in the Prometheus text format', () => {
  const text = renderFamilies(csmsFamilies(stats));

  it('reports connected chargers by protocol and messages by action and result', () => {
    expect(text).toContain('# TYPE pilewatch_csms_connected_chargers gauge\npilewatch_csms_connected_chargers{protocol="ocpp1.6"} 3\n');
    expect(text).toContain('pilewatch_csms_messages_in_total{action="StatusNotification",result="duplicate"} 1\n');
    expect(text).toContain('pilewatch_csms_messages_out_total{action="Reset",result="PW_CSMS_COMMAND_TIMEOUT"} 1\n');
    expect(text).toContain('pilewatch_csms_bad_frames_total 2\n');
  });

  it('escapes label values', () => {
    expect(text).toContain('pilewatch_csms_refused_connections_total{reason="bad \\"password\\""} 1\n');
  });

  it('renders the acknowledgement latency as a histogram in seconds', () => {
    expect(text).toContain('# TYPE pilewatch_csms_ack_latency_seconds histogram');
    expect(text).toContain('pilewatch_csms_ack_latency_seconds_bucket{le="0.005"} 12\n');
    expect(text).toContain('pilewatch_csms_ack_latency_seconds_bucket{le="0.025"} 15\n');
    expect(text).toContain('pilewatch_csms_ack_latency_seconds_bucket{le="+Inf"} 15\n');
    expect(text).toContain('pilewatch_csms_ack_latency_seconds_sum 0.075\n');
    expect(text).toContain('pilewatch_csms_ack_latency_seconds_count 15\n');
  });
});
