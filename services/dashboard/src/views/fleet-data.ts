/** Loading the live picture: stations and every connector's current status, in the caller's scope. */
import type { ApiClient } from '../api/client.js';
import { isMissingRoute } from '../api/client.js';
import type { Alert, ConnectorStatus, Station, UptimeFigure } from '../api/types.js';
import { FleetState } from '../model/fleet-state.js';

export interface FleetData {
  stations: Station[];
  connectors: ConnectorStatus[];
  fleet: FleetState;
}

export async function loadFleet(api: ApiClient, filter: { countyCode?: string; stationId?: string } = {}): Promise<FleetData> {
  const [stations, connectors] = await Promise.all([
    filter.stationId ? api.get<Station>(`/api/v1/stations/${encodeURIComponent(filter.stationId)}`).then((s) => [s]) : api.all<Station>('/api/v1/stations', { countyCode: filter.countyCode }),
    api.all<ConnectorStatus>('/api/v1/status/connectors', { countyCode: filter.countyCode, stationId: filter.stationId }),
  ]);
  const fleet = new FleetState(
    connectors.map((c) => ({ chargerId: c.chargerId, evseId: c.evseId, connectorId: c.connectorId, stationId: c.stationId, online: c.online, status: c.status })),
  );
  return { stations, connectors, fleet };
}

/** Active alerts (open or acknowledged), or null while the alerts routes (issue #5) are not there. */
export async function activeAlerts(api: ApiClient, filter: Record<string, string | undefined> = {}): Promise<Alert[] | null> {
  try {
    return await api.all<Alert>('/api/v1/alerts', { status: 'active', ...filter }, 500);
  } catch (err) {
    if (isMissingRoute(err)) return null;
    throw err;
  }
}

/** Shanghai calendar day `daysAgo` days before today, YYYY-MM-DD. */
export function shanghaiDayAgo(daysAgo: number, now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Uptime and online rate per group over whole Shanghai days from the worker's rollups (today's so far
 * included) from `daysBack` days ago to today: "24 h" is yesterday and today (1), "30 days" the thirty
 * days up to today (29). null while the
 * uptime routes are not there.
 */
export async function uptime(api: ApiClient, level: 'city' | 'county' | 'station' | 'charger' | 'operator', daysBack: number, filter: Record<string, string | undefined> = {}): Promise<UptimeFigure[] | null> {
  try {
    const answer = await api.get<{ items: UptimeFigure[] }>('/api/v1/uptime', { level, fromDay: shanghaiDayAgo(daysBack), toDay: shanghaiDayAgo(0), limit: 500, ...filter });
    return answer.items;
  } catch (err) {
    if (isMissingRoute(err)) return null;
    throw err;
  }
}
