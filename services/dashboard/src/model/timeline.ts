/**
 * A charger's last hours as bars to draw: for each connector (and the connection itself), intervals of
 * one status class. Each reported status holds until the next; the one before the window (when known)
 * fills its start.
 */
import { classOf, type StatusClass } from './status.js';

export interface TimelineBar {
  row: string;
  from: number;
  to: number;
  cls: StatusClass;
  label: string;
}

export function statusBars(
  events: ReadonlyArray<{ time: string; evseId: number; connectorId: number; status: string }>,
  window: { from: number; to: number },
): TimelineBar[] {
  const rows = new Map<string, Array<{ at: number; status: string }>>();
  for (const e of events) {
    if (e.evseId === 0) continue;
    const key = `#${e.evseId}${e.connectorId > 1 ? `-${e.connectorId}` : ''}`;
    const list = rows.get(key) ?? [];
    list.push({ at: Date.parse(e.time), status: e.status });
    rows.set(key, list);
  }
  const bars: TimelineBar[] = [];
  for (const [row, list] of [...rows].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))) {
    list.sort((a, b) => a.at - b.at);
    list.forEach((e, i) => {
      const from = Math.max(e.at, window.from);
      const to = Math.min(list[i + 1]?.at ?? window.to, window.to);
      if (to > from) bars.push({ row, from, to, cls: classOf(e.status), label: e.status });
    });
  }
  return bars;
}

const connected = new Set(['connected', 'booted', 'replaced']);

/** Online/offline intervals of the connection, from connectivity events. */
export function connectionBars(events: ReadonlyArray<{ time: string; event: string }>, window: { from: number; to: number }, row: string): TimelineBar[] {
  const list = events.map((e) => ({ at: Date.parse(e.time), online: connected.has(e.event) })).sort((a, b) => a.at - b.at);
  const bars: TimelineBar[] = [];
  list.forEach((e, i) => {
    const from = Math.max(e.at, window.from);
    const to = Math.min(list[i + 1]?.at ?? window.to, window.to);
    if (to > from) {
      const last = bars.at(-1);
      const cls: StatusClass = e.online ? 'available' : 'offline';
      if (last && last.cls === cls && last.to === from) last.to = to;
      else bars.push({ row, from, to, cls, label: e.online ? 'connected' : 'disconnected' });
    }
  });
  return bars;
}
