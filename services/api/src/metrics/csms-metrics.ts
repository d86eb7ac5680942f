/**
 * The central system's counters (`CentralSystem.stats()`) as Prometheus families: connected chargers by
 * protocol, messages in/out by action and result, refused connections, unreadable frames, and the
 * acknowledgement latency histogram.
 */
import type { CsmsStats } from '@pilewatch/csms';
import type { Family } from './exposition.js';

export function csmsFamilies(stats: CsmsStats): Family[] {
  const table = (t: Record<string, Record<string, number>>) =>
    Object.entries(t).flatMap(([action, results]) =>
      Object.entries(results).map(([result, value]) => ({ labels: { action, result }, value })),
    );
  const h = stats.ackLatency;
  return [
    {
      name: 'pilewatch_csms_connected_chargers',
      help: 'Chargers connected to this node, by OCPP version.',
      type: 'gauge',
      samples: Object.entries(stats.connected).map(([protocol, value]) => ({ labels: { protocol }, value })),
    },
    {
      name: 'pilewatch_csms_messages_in_total',
      help: 'CALLs received from chargers, by action and result (ok, duplicate, or the CALLERROR code answered).',
      type: 'counter',
      samples: table(stats.messagesIn),
    },
    {
      name: 'pilewatch_csms_messages_out_total',
      help: "Commands sent to chargers, by action and result (the answer's status, the charger's CALLERROR code, or a PW_CSMS_* code).",
      type: 'counter',
      samples: table(stats.messagesOut),
    },
    {
      name: 'pilewatch_csms_bad_frames_total',
      help: 'Frames that were not readable OCPP-J messages.',
      type: 'counter',
      samples: [{ value: stats.badFrames }],
    },
    {
      name: 'pilewatch_csms_refused_connections_total',
      help: 'Connections refused at the WebSocket upgrade, by reason.',
      type: 'counter',
      samples: Object.entries(stats.refused).map(([reason, value]) => ({ labels: { reason }, value })),
    },
    {
      name: 'pilewatch_csms_ack_latency_seconds',
      help: 'Time from receiving a CALL to handing its answer to the socket (acknowledged only after the data is durable).',
      type: 'histogram',
      samples: [
        ...h.buckets.map((b) => ({ suffix: '_bucket', labels: { le: String(b.leMs / 1000) }, value: b.count })),
        { suffix: '_bucket', labels: { le: '+Inf' }, value: h.count },
        { suffix: '_sum', value: h.sumMs / 1000 },
        { suffix: '_count', value: h.count },
      ],
    },
  ];
}
