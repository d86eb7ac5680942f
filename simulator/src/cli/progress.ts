/**
 * Live progress and the closing summary, as text. Pure functions over stats snapshots; the command decides
 * where the text goes (one updating line on a terminal, plain lines otherwise).
 */
import type { SimulationSummary } from '../run/fleet-run.js';
import type { StatsSnapshot } from '../run/stats.js';

function clockText(t: number): string {
  // Shown in China time, the fleet's own.
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function elapsedText(seconds: number): string {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function progressLine(
  prev: StatsSnapshot,
  now: StatsSnapshot,
  dtSeconds: number,
  at: { wallSeconds: number; simNow: number; speed: number },
): string {
  const rate = (a: number, b: number) => Math.round((b - a) / Math.max(dtSeconds, 0.001));
  const m = now.messages;
  return [
    `${elapsedText(at.wallSeconds)} sim ${clockText(at.simNow)} x${at.speed}`,
    `connected ${now.connected}/${now.chargers} booted ${now.booted}${now.pending ? ` pending ${now.pending}` : ''}${now.rejected ? ` rejected ${now.rejected}` : ''} charging ${now.charging} faulted ${now.faulted}`,
    `msg/s sent ${rate(prev.messages.sent, m.sent)} acked ${rate(prev.messages.acked, m.acked)} failed ${rate(prev.messages.failed, m.failed)}`,
    `queued ${now.queued}`,
    ...(now.connectFailures > prev.connectFailures ? [`connect failures ${now.connectFailures - prev.connectFailures}`] : []),
  ].join(' | ');
}

export function summaryText(s: SimulationSummary): string {
  const protocols = Object.entries(s.protocols)
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');
  const m = s.messages;
  const lines = [
    `Simulated ${s.chargers} piles (${protocols}) against ${s.url}`,
    `  ${s.wallSeconds} s real, ${s.simulated.seconds} s simulated (${s.simulated.from} → ${s.simulated.to}), scenario ${s.scenario}, speed x${s.speed}, seed ${s.seed}`,
    `  connected now ${s.connected}, booted ${s.booted}; connects ${s.connects}, disconnects ${s.disconnects}, connect failures ${s.connectFailures}`,
    `  sessions started ${s.sessionsStarted}, ended ${s.sessionsEnded}; faults ${s.faults}${s.chaosFrames ? `; malformed frames sent ${s.chaosFrames}` : ''}`,
    `  messages sent ${m.sent}, acked ${m.acked}, failed ${m.failed}, still queued ${s.queued}; ${s.ackedPerSecond} acked/s`,
    `  ack latency ms: p50 ${m.latencyMs.p50}, p95 ${m.latencyMs.p95}, p99 ${m.latencyMs.p99}, max ${m.latencyMs.max}`,
  ];
  const actions = Object.entries(s.byAction);
  if (actions.length) {
    const w = Math.max(...actions.map(([a]) => a.length));
    lines.push('  per action (sent / acked / failed, ack p50 / p95 / p99 ms):');
    for (const [a, c] of actions)
      lines.push(`    ${a.padEnd(w)}  ${c.sent} / ${c.acked} / ${c.failed}   ${c.latencyMs.p50} / ${c.latencyMs.p95} / ${c.latencyMs.p99}`);
  }
  if (s.protocolViolations) lines.push(`  frames that broke the OCPP schemas or could not be read: ${s.protocolViolations}`);
  if (s.internalErrors.count) lines.push(`  simulator errors (a bug; please report): ${s.internalErrors.count}\n    ${s.internalErrors.samples.join('\n    ')}`);
  const commands = Object.entries(s.commands);
  if (commands.length) lines.push(`  commands answered: ${commands.map(([a, n]) => `${a} ${n}`).join(', ')}`);
  const errors = Object.entries(s.connectErrors);
  if (errors.length) lines.push(`  piles not connected at the end: ${errors.map(([e, n]) => `${n} × ${e}`).join('; ')}`);
  return lines.join('\n');
}
