/**
 * One Shanghai day of uptime for a set of connectors: the history the store read, the exclusions that
 * apply to each connector (entered ones by their scope, plus the closed hours of its station's opening
 * hours), through `@pilewatch/supervision`'s `connectorUptime` into one row of minutes per connector.
 */
import type { ConnectorStatus } from '@pilewatch/ocpp';
import type { ConnectivityHistoryRow, DailyUptimeRow, ExclusionView, StatusHistoryRow, UptimeConnector } from '@pilewatch/store';
import {
  connectivityEventOnline,
  connectorUptime,
  exclusionApplies,
  outsideOpeningHours,
  type ConnectivityRecord,
  type Exclusion,
  type StatusRecord,
  type TimeWindow,
} from '@pilewatch/supervision';

export interface DayHistory {
  connectors: readonly UptimeConnector[];
  statuses: readonly StatusHistoryRow[];
  connectivity: readonly ConnectivityHistoryRow[];
  exclusions: readonly ExclusionView[];
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(row);
  }
  return out;
}

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/**
 * Rows for `day` over `window` (the whole day, or up to now for today). `onBadOpeningHours` hears of a
 * station whose opening hours cannot be read; its connectors then get no closed-hours exclusion.
 */
export function dailyUptimeRows(
  day: string,
  window: TimeWindow,
  history: DayHistory,
  onBadOpeningHours: (stationId: string | null, spec: string, err: unknown) => void = () => {},
): DailyUptimeRow[] {
  const statuses = groupBy(history.statuses, (s) => s.chargerId);
  const connectivity = groupBy(history.connectivity, (c) => c.chargerId);
  const closedHours = new Map<string, Exclusion[]>();
  const closed = (c: UptimeConnector): Exclusion[] => {
    if (!c.openingHours) return [];
    let list = closedHours.get(c.openingHours);
    if (!list) {
      try {
        list = outsideOpeningHours(c.openingHours, window);
      } catch (err) {
        onBadOpeningHours(c.stationId, c.openingHours, err);
        list = [];
      }
      closedHours.set(c.openingHours, list);
    }
    return list;
  };
  const statusRecords = new Map<string, StatusRecord[]>();
  const connectivityRecords = new Map<string, ConnectivityRecord[]>();

  return history.connectors.map((c): DailyUptimeRow => {
    let s = statusRecords.get(c.chargerId);
    if (!s) {
      s = (statuses.get(c.chargerId) ?? []).map((r) => ({
        evseId: r.evseId,
        connectorId: r.connectorId,
        status: r.status as ConnectorStatus,
        at: r.at,
        receivedAt: r.receivedAt,
      }));
      statusRecords.set(c.chargerId, s);
    }
    let k = connectivityRecords.get(c.chargerId);
    if (!k) {
      k = (connectivity.get(c.chargerId) ?? [])
        .filter((r) => Object.hasOwn(connectivityEventOnline, r.event))
        .map((r) => ({ at: r.at, online: connectivityEventOnline[r.event]! }));
      connectivityRecords.set(c.chargerId, k);
    }
    const identity = {
      chargerId: c.chargerId,
      evseId: c.evseId,
      connectorId: c.connectorId,
      ...(c.operatorId ? { operatorId: c.operatorId } : {}),
      ...(c.stationId ? { stationId: c.stationId } : {}),
    };
    const exclusions: Exclusion[] = [
      ...history.exclusions
        .filter((e) =>
          exclusionApplies(
            {
              operatorId: orUndefined(e.operatorId),
              stationId: orUndefined(e.stationId),
              chargerId: orUndefined(e.chargerId),
              evseId: orUndefined(e.evseId),
              connectorId: orUndefined(e.connectorId),
            },
            identity,
          ),
        )
        .map((e) => ({ from: e.from, to: e.to, reason: e.reason })),
      ...closed(c),
    ];
    const f = connectorUptime({ evseId: c.evseId, connectorId: c.connectorId, statuses: s, connectivity: k }, exclusions, window);
    return {
      day,
      chargerId: c.chargerId,
      evseId: c.evseId,
      connectorId: c.connectorId,
      ...(c.stationId ? { stationId: c.stationId } : {}),
      ...(c.operatorId ? { operatorId: c.operatorId } : {}),
      ...(c.countyCode ? { countyCode: c.countyCode } : {}),
      windowMinutes: f.windowMinutes,
      noDataMinutes: f.noDataMinutes,
      availableMinutes: f.availableMinutes,
      occupiedMinutes: f.occupiedMinutes,
      faultedMinutes: f.faultedMinutes,
      unavailableMinutes: f.unavailableMinutes,
      offlineMinutes: f.offlineMinutes,
      outageMinutes: f.outageMinutes,
      excludedMinutes: f.excludedMinutes,
      outageCount: f.outageCount,
    };
  });
}
