/**
 * The live picture the map and station lists draw: every charger's connection and connector statuses,
 * loaded once from the API and then kept current by live-feed events, without reloading.
 */
import { classOf, worst, type StatusClass } from './status.js';

export interface ConnectorSnapshot {
  chargerId: string;
  evseId: number;
  connectorId: number;
  stationId: string | null;
  online: boolean;
  /** The last status the charger reported (null: none yet). */
  status: string | null;
}

interface ChargerState {
  stationId: string | null;
  online: boolean;
  connectors: Map<string, string | null>;
}

/** Connectivity events that mean the charger is (not) connected now. */
const onlineAfter: Record<string, boolean> = {
  connected: true,
  booted: true,
  replaced: true,
  disconnected: false,
  heartbeat_missed: false,
  ping_timeout: false,
};

export class FleetState {
  private readonly chargers = new Map<string, ChargerState>();

  constructor(snapshot: readonly ConnectorSnapshot[] = []) {
    for (const c of snapshot) {
      const charger = this.chargers.get(c.chargerId) ?? { stationId: c.stationId, online: c.online, connectors: new Map() };
      charger.connectors.set(`${c.evseId}/${c.connectorId}`, c.status);
      this.chargers.set(c.chargerId, charger);
    }
  }

  /** Applies a live-feed event; true when it changed something the picture shows. */
  apply(event: { type: string; chargerId: string; [k: string]: unknown }): boolean {
    const charger = this.chargers.get(event.chargerId);
    if (!charger) return false;
    if (event.type === 'status') {
      const evseId = Number(event.evseId);
      // EVSE 0 is the charger as a whole, not a connector: the API lists connectors only.
      if (!(evseId > 0)) return false;
      const key = `${evseId}/${Number(event.connectorId)}`;
      const status = String(event.status);
      if (charger.connectors.get(key) === status) return false;
      charger.connectors.set(key, status);
      return true;
    }
    if (event.type === 'connectivity') {
      const online = onlineAfter[String(event.event)];
      if (online === undefined || online === charger.online) return false;
      charger.online = online;
      return true;
    }
    return false;
  }

  /** The class of each connector of a charger: offline while its charger is, else its status. */
  chargerClasses(chargerId: string): StatusClass[] {
    const charger = this.chargers.get(chargerId);
    if (!charger) return [];
    return [...charger.connectors.values()].map((s) => (charger.online ? classOf(s) : 'offline'));
  }

  chargerClass(chargerId: string): StatusClass | undefined {
    return worst(this.chargerClasses(chargerId));
  }

  /** Each station's worst connector class and its number of piles. */
  stations(): Map<string, { worst: StatusClass | undefined; piles: number }> {
    const out = new Map<string, { worst: StatusClass | undefined; piles: number }>();
    for (const [id, charger] of this.chargers) {
      if (!charger.stationId) continue;
      const entry = out.get(charger.stationId) ?? { worst: undefined, piles: 0 };
      entry.piles += 1;
      entry.worst = worst([...(entry.worst ? [entry.worst] : []), ...this.chargerClasses(id)]);
      out.set(charger.stationId, entry);
    }
    return out;
  }
}
