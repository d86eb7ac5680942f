/**
 * Rollups: per-connector daily figures combined into a connector, charger, station, operator, county or
 * city over a range of days. Minutes and counts add up; every percentage is recomputed from the summed
 * minutes (a station's uptime is its connectors' up-minutes over their observed minutes, not the mean
 * of their percentages).
 */
import { accumulate, withRates, zeroMinutes, type UptimeFigures, type UptimeMinutes } from './uptime.js';

export type RollupLevel = 'connector' | 'charger' | 'station' | 'operator' | 'county' | 'city';

/** One connector's minutes on one Shanghai day, labelled with where it belongs (as the worker stores it). */
export interface DailyConnectorMinutes extends UptimeMinutes {
  day: string;
  chargerId: string;
  evseId: number;
  connectorId: number;
  stationId?: string;
  operatorId?: string;
  countyCode?: string;
}

export interface Rollup extends UptimeFigures {
  level: RollupLevel;
  /** The group's id at its level; null collects rows that lack it (e.g. a station with no county). */
  key: string | null;
  /** Distinct connectors in the group. */
  connectors: number;
  /** Connectors with at least one observed minute: the rest are "no data". */
  connectorsWithData: number;
  /** Connector-days summed. */
  connectorDays: number;
  firstDay: string;
  lastDay: string;
}

export function connectorKey(row: { chargerId: string; evseId: number; connectorId: number }): string {
  return `${row.chargerId}:${row.evseId}:${row.connectorId}`;
}

function keyAt(level: RollupLevel, row: DailyConnectorMinutes): string | null {
  switch (level) {
    case 'connector':
      return connectorKey(row);
    case 'charger':
      return row.chargerId;
    case 'station':
      return row.stationId ?? null;
    case 'operator':
      return row.operatorId ?? null;
    case 'county':
      return row.countyCode ?? null;
    case 'city':
      return 'city';
  }
}

/**
 * Groups the rows at `level` (optionally only days within [fromDay, toDay], both included) and sums
 * each group. Groups come out ordered by key, the null group last.
 */
export function rollup(
  rows: readonly DailyConnectorMinutes[],
  level: RollupLevel,
  days: { fromDay?: string; toDay?: string } = {},
): Rollup[] {
  const groups = new Map<
    string | null,
    { sum: UptimeMinutes; connectors: Set<string>; observed: Set<string>; connectorDays: number; firstDay: string; lastDay: string }
  >();
  for (const row of rows) {
    if (days.fromDay !== undefined && row.day < days.fromDay) continue;
    if (days.toDay !== undefined && row.day > days.toDay) continue;
    const key = keyAt(level, row);
    let g = groups.get(key);
    if (!g) {
      g = { sum: zeroMinutes(), connectors: new Set(), observed: new Set(), connectorDays: 0, firstDay: row.day, lastDay: row.day };
      groups.set(key, g);
    }
    accumulate(g.sum, row);
    g.connectors.add(connectorKey(row));
    if (row.windowMinutes - row.noDataMinutes > 0) g.observed.add(connectorKey(row));
    g.connectorDays += 1;
    if (row.day < g.firstDay) g.firstDay = row.day;
    if (row.day > g.lastDay) g.lastDay = row.day;
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({
      level,
      key,
      ...withRates(g.sum),
      connectors: g.connectors.size,
      connectorsWithData: g.observed.size,
      connectorDays: g.connectorDays,
      firstDay: g.firstDay,
      lastDay: g.lastDay,
    }));
}
