/**
 * Exclusions: time ranges whose outage does not count against a connector's uptime (NEVI's excluded
 * causes). Entered through the API with a reason and a scope; the scope says which connectors they
 * cover. Outside opening hours is derived from the station's opening hours.
 */
import { addDays, shanghaiDay, startOfDay } from './calendar.js';
import { SupervisionError } from './errors.js';
import type { TimeWindow } from './timeline.js';

export const exclusionReasons = ['maintenance', 'grid_outage', 'vandalism', 'outside_opening_hours'] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

export interface Exclusion {
  from: Date;
  to: Date;
  reason: ExclusionReason;
  note?: string;
}

/** Which connectors an exclusion covers: every field given must match; none given covers everything. */
export interface ExclusionScope {
  operatorId?: string;
  stationId?: string;
  chargerId?: string;
  evseId?: number;
  connectorId?: number;
}

export interface ConnectorIdentity {
  operatorId?: string;
  stationId?: string;
  chargerId: string;
  evseId: number;
  connectorId: number;
}

export function exclusionApplies(scope: ExclusionScope, connector: ConnectorIdentity): boolean {
  return (
    (scope.operatorId === undefined || scope.operatorId === connector.operatorId) &&
    (scope.stationId === undefined || scope.stationId === connector.stationId) &&
    (scope.chargerId === undefined || scope.chargerId === connector.chargerId) &&
    (scope.evseId === undefined || scope.evseId === connector.evseId) &&
    (scope.connectorId === undefined || scope.connectorId === connector.connectorId)
  );
}

/** [from, to) ranges in epoch ms. */
export type Range = [number, number];

/** Sorted, non-overlapping, adjacent ranges joined; empty ones dropped. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Range[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** How much of [from, to) the merged ranges cover. */
export function overlap(merged: readonly Range[], from: number, to: number): number {
  let total = 0;
  for (const [a, b] of merged) {
    if (a >= to) break;
    total += Math.max(0, Math.min(b, to) - Math.max(a, from));
  }
  return total;
}

/** The parts of [from, to) the merged ranges do not cover. */
export function uncovered(merged: readonly Range[], from: number, to: number): Range[] {
  const out: Range[] = [];
  let cursor = from;
  for (const [a, b] of merged) {
    if (b <= cursor) continue;
    if (a >= to) break;
    if (a > cursor) out.push([cursor, Math.min(a, to)]);
    cursor = Math.max(cursor, b);
    if (cursor >= to) break;
  }
  if (cursor < to) out.push([cursor, to]);
  return out;
}

const allDay = new Set(['24h', '24小时', '全天', '00:00-24:00', '0:00-24:00', '00:00-23:59', '24 hours']);

/** "08:00-22:00", "22:00-06:00" (overnight), several separated by commas → minutes after midnight. */
function parseOpeningHours(spec: string): Array<[number, number]> | 'always' {
  const text = spec.trim().toLowerCase().replace(/[～~—–至到]/g, '-').replace(/\s+/g, '');
  if (allDay.has(text) || allDay.has(spec.trim())) return 'always';
  const parts = text.split(/[,;，；、]/).filter(Boolean);
  const ranges: Array<[number, number]> = [];
  for (const part of parts) {
    const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(part);
    const open = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
    const close = m ? Number(m[3]) * 60 + Number(m[4]) : NaN;
    if (!m || Number(m[2]) > 59 || Number(m[4]) > 59 || open > 1440 || close > 1440 || open === close) {
      throw new SupervisionError('PW_SUP_OPENING_HOURS_INVALID', `Opening hours "${spec}" cannot be read; write them like "08:00-22:00"`, { spec });
    }
    if (open === 0 && close === 1440) return 'always';
    ranges.push([open, close]);
  }
  if (ranges.length === 0) {
    throw new SupervisionError('PW_SUP_OPENING_HOURS_INVALID', `Opening hours "${spec}" are empty; write them like "08:00-22:00"`, { spec });
  }
  return ranges;
}

/**
 * The closed hours of a station inside `window`, as `outside_opening_hours` exclusions, in Shanghai local
 * time. A range whose close is before its open runs past midnight ("22:00-06:00").
 */
export function outsideOpeningHours(spec: string, window: TimeWindow): Exclusion[] {
  const ranges = parseOpeningHours(spec);
  if (ranges === 'always') return [];
  const from = window.from.getTime();
  const to = window.to.getTime();
  const open: Range[] = [];
  // From the day before (its overnight opening reaches into the window) to the last day of the window.
  for (let day = addDays(shanghaiDay(window.from), -1); startOfDay(day).getTime() < to; day = addDays(day, 1)) {
    const midnight = startOfDay(day).getTime();
    for (const [a, b] of ranges) {
      const close = b > a ? b : b + 1440;
      open.push([midnight + a * 60_000, midnight + close * 60_000]);
    }
  }
  return uncovered(mergeRanges(open), from, to).map(([a, b]) => ({
    from: new Date(a),
    to: new Date(b),
    reason: 'outside_opening_hours' as const,
  }));
}
