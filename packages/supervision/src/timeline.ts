/**
 * A connector's history as contiguous intervals of one state each, from its status notifications and
 * its charger's connectivity changes, in whatever order they were stored.
 *
 * The state at an instant, first rule that applies:
 * 1. `offline` — the charger's latest connectivity change says it is disconnected;
 * 2. `faulted` / `unavailable` — the charger as a whole (EVSE 0 / connector 0) is Faulted / Unavailable;
 * 3. `no_data` — the connector has not reported any status yet;
 * 4. the category of the connector's latest status.
 * Before a charger's first connectivity change it counts as connected. Events at the same instant are
 * applied together (the last one stored wins), so a zero-length state never appears.
 */
import type { ConnectorStatus } from '@pilewatch/ocpp';
import { SupervisionError } from './errors.js';

export type ConnectorState = 'available' | 'occupied' | 'faulted' | 'unavailable' | 'offline' | 'no_data';

/** Outage in the NEVI sense: the connector cannot serve a driver. */
export const outageStates: ReadonlySet<ConnectorState> = new Set<ConnectorState>(['offline', 'faulted', 'unavailable']);

/** OCPP status → timeline state. Reserved counts as occupied: the connector works but is not free for anyone. */
export function stateOfStatus(status: ConnectorStatus): ConnectorState {
  switch (status) {
    case 'Available':
      return 'available';
    case 'Faulted':
      return 'faulted';
    case 'Unavailable':
      return 'unavailable';
    case 'Preparing':
    case 'Charging':
    case 'SuspendedEV':
    case 'SuspendedEVSE':
    case 'Finishing':
    case 'Occupied':
    case 'Reserved':
      return 'occupied';
  }
}

export interface StatusRecord {
  evseId: number;
  connectorId: number;
  status: ConnectorStatus;
  /** The charger's timestamp. */
  at: Date;
  /** Our receive time; breaks ties between records stamped the same instant. */
  receivedAt?: Date;
}

/** Store connectivity event names (`connectivity_events.event`) → connected or not. */
export const connectivityEventOnline: Readonly<Record<string, boolean>> = {
  connected: true,
  booted: true,
  replaced: true,
  disconnected: false,
  heartbeat_missed: false,
  ping_timeout: false,
};

export interface ConnectivityRecord {
  at: Date;
  online: boolean;
  receivedAt?: Date;
}

export interface TimeWindow {
  from: Date;
  to: Date;
}

export interface ConnectorHistory {
  evseId: number;
  connectorId: number;
  /** Status records of the charger: this connector's and EVSE 0's are used, others ignored. */
  statuses: readonly StatusRecord[];
  connectivity: readonly ConnectivityRecord[];
}

export interface TimelineInterval {
  from: Date;
  to: Date;
  state: ConnectorState;
  /** The status behind `faulted`/`unavailable`/`occupied`/`available` (the charger's own for EVSE 0 states). */
  status?: ConnectorStatus;
}

export function assertWindow(window: TimeWindow): void {
  const from = window.from.getTime();
  const to = window.to.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new SupervisionError('PW_SUP_WINDOW_INVALID', `Window ${window.from.toISOString?.()} – ${window.to.toISOString?.()} is empty or invalid`, {
      from: String(window.from),
      to: String(window.to),
    });
  }
}

type Step =
  | { at: number; order: number; kind: 'connectivity'; online: boolean }
  | { at: number; order: number; kind: 'charger'; status: ConnectorStatus }
  | { at: number; order: number; kind: 'connector'; status: ConnectorStatus };

function steps(history: ConnectorHistory): Step[] {
  const out: Step[] = [];
  const order = (r: { receivedAt?: Date }) => r.receivedAt?.getTime() ?? 0;
  for (const r of history.connectivity) out.push({ at: r.at.getTime(), order: order(r), kind: 'connectivity', online: r.online });
  for (const r of history.statuses) {
    if (r.evseId === 0) out.push({ at: r.at.getTime(), order: order(r), kind: 'charger', status: r.status });
    else if (r.evseId === history.evseId && r.connectorId === history.connectorId) {
      out.push({ at: r.at.getTime(), order: order(r), kind: 'connector', status: r.status });
    }
  }
  // Stable: equal times and receive times keep the order given.
  return out.sort((a, b) => a.at - b.at || a.order - b.order);
}

interface Now {
  online: boolean;
  charger?: ConnectorStatus;
  connector?: ConnectorStatus;
}

function stateAt(now: Now): { state: ConnectorState; status?: ConnectorStatus } {
  if (!now.online) return { state: 'offline' };
  if (now.charger === 'Faulted' || now.charger === 'Unavailable') return { state: stateOfStatus(now.charger), status: now.charger };
  if (now.connector === undefined) return { state: 'no_data' };
  return { state: stateOfStatus(now.connector), status: now.connector };
}

/** The connector's intervals covering exactly [window.from, window.to), in time order, adjacent equal ones merged. */
export function connectorTimeline(history: ConnectorHistory, window: TimeWindow): TimelineInterval[] {
  assertWindow(window);
  const from = window.from.getTime();
  const to = window.to.getTime();
  const all = steps(history);
  const now: Now = { online: true };
  const apply = (s: Step) => {
    if (s.kind === 'connectivity') now.online = s.online;
    else if (s.kind === 'charger') now.charger = s.status;
    else now.connector = s.status;
  };

  let i = 0;
  while (i < all.length && all[i]!.at <= from) apply(all[i++]!);
  const out: TimelineInterval[] = [];
  let start = from;
  let current = stateAt(now);
  while (i < all.length && all[i]!.at < to) {
    const t = all[i]!.at;
    while (i < all.length && all[i]!.at === t) apply(all[i++]!);
    const next = stateAt(now);
    if (next.state === current.state && next.status === current.status) continue;
    out.push(interval(start, t, current));
    start = t;
    current = next;
  }
  out.push(interval(start, to, current));
  return out;
}

function interval(from: number, to: number, s: { state: ConnectorState; status?: ConnectorStatus }): TimelineInterval {
  return { from: new Date(from), to: new Date(to), state: s.state, ...(s.status ? { status: s.status } : {}) };
}

/** The time of the earliest record in a history (where its timeline can start), if any. */
export function historyStart(history: ConnectorHistory): Date | undefined {
  let min = Infinity;
  for (const r of history.statuses) min = Math.min(min, r.at.getTime());
  for (const r of history.connectivity) min = Math.min(min, r.at.getTime());
  return Number.isFinite(min) ? new Date(min) : undefined;
}
