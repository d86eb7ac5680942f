/**
 * Uptime, online rate, fault rate, outage count and mean time to recovery of a connector over a window.
 * The README's "Metric definitions" section states the same definitions in words; keep them in step.
 *
 * Everything additive is in `UptimeMinutes` (minutes and counts), and the percentages are always
 * computed from those — so daily figures summed over connectors or days give exactly the figures of
 * the larger set (see rollups.ts).
 */
import { mergeRanges, overlap, uncovered, type Exclusion, type Range } from './exclusions.js';
import { assertWindow, connectorTimeline, historyStart, outageStates, type ConnectorHistory, type TimeWindow } from './timeline.js';

/** The additive part: connector-minutes by state, and counts. */
export interface UptimeMinutes {
  /** Connector-minutes in the window (W before no-data is taken out). */
  windowMinutes: number;
  /** Minutes before the connector ever reported (no status yet, charger not known offline). */
  noDataMinutes: number;
  availableMinutes: number;
  occupiedMinutes: number;
  faultedMinutes: number;
  unavailableMinutes: number;
  offlineMinutes: number;
  /** offline + faulted + unavailable (T_outage). */
  outageMinutes: number;
  /** Outage minutes covered by at least one exclusion (T_excluded); overlapping exclusions count once. */
  excludedMinutes: number;
  /** Outages whose first non-excluded minute lies in the window. */
  outageCount: number;
}

export interface UptimeFigures extends UptimeMinutes {
  /** windowMinutes − noDataMinutes: the W of the NEVI formula. */
  observedMinutes: number;
  /** outageMinutes − excludedMinutes. */
  countedOutageMinutes: number;
  /** (W − (T_outage − T_excluded)) / W × 100 with W = observedMinutes; null without observed minutes ("no data"). */
  uptimePercent: number | null;
  /** (W − offline) / W × 100; null without observed minutes. */
  onlineRatePercent: number | null;
  /** faulted / W × 100; null without observed minutes. */
  faultRatePercent: number | null;
  /** countedOutageMinutes / outageCount; null when no outage started in the window. */
  mttrMinutes: number | null;
}

const MINUTE = 60_000;

export function zeroMinutes(): UptimeMinutes {
  return {
    windowMinutes: 0,
    noDataMinutes: 0,
    availableMinutes: 0,
    occupiedMinutes: 0,
    faultedMinutes: 0,
    unavailableMinutes: 0,
    offlineMinutes: 0,
    outageMinutes: 0,
    excludedMinutes: 0,
    outageCount: 0,
  };
}

/** The rates of some minutes: the only place percentages are computed. */
export function withRates(m: UptimeMinutes): UptimeFigures {
  const observed = m.windowMinutes - m.noDataMinutes;
  const counted = m.outageMinutes - m.excludedMinutes;
  // Multiply before dividing: 100 × 1404 / 1440 is exactly 97.5, 1404 / 1440 × 100 is not.
  const percent = (part: number) => (observed > 0 ? (100 * part) / observed : null);
  return {
    ...m,
    observedMinutes: observed,
    countedOutageMinutes: counted,
    uptimePercent: percent(observed - counted),
    onlineRatePercent: percent(observed - m.offlineMinutes),
    faultRatePercent: percent(m.faultedMinutes),
    mttrMinutes: m.outageCount > 0 ? counted / m.outageCount : null,
  };
}

const minuteFields = Object.keys(zeroMinutes()) as Array<keyof UptimeMinutes>;

/** Adds `b`'s minutes and counts into `into` (never percentages); returns `into`. */
export function accumulate(into: UptimeMinutes, b: UptimeMinutes): UptimeMinutes {
  for (const k of minuteFields) into[k] += b[k];
  return into;
}

/** The sum of some minutes and counts. */
export function sumMinutes(list: readonly UptimeMinutes[]): UptimeMinutes {
  return list.reduce(accumulate, zeroMinutes());
}

/**
 * A connector's figures over `window`, from its history and the exclusions that apply to it.
 *
 * The history should reach back to the last status and connectivity change before the window (or the
 * state at the window start is unknown), and — for an exact outage count — to the start of any outage
 * still going on at the window start; the earliest record given is taken as the start of what is known.
 */
export function connectorUptime(history: ConnectorHistory, exclusions: readonly Exclusion[], window: TimeWindow): UptimeFigures {
  assertWindow(window);
  const from = window.from.getTime();
  const to = window.to.getTime();
  const known = historyStart(history)?.getTime();
  const start = known !== undefined && known < from ? known : from;
  const timeline = connectorTimeline(history, { from: new Date(start), to: window.to });
  const excluded = mergeRanges(exclusions.map((e): Range => [e.from.getTime(), e.to.getTime()]));

  const totalMs = zeroMinutes(); // milliseconds until the end, then minutes
  let episodeFirstCounted: number | undefined;
  let inEpisode = false;
  const closeEpisode = () => {
    if (inEpisode && episodeFirstCounted !== undefined && episodeFirstCounted >= from && episodeFirstCounted < to) totalMs.outageCount += 1;
    inEpisode = false;
    episodeFirstCounted = undefined;
  };

  for (const iv of timeline) {
    const a = iv.from.getTime();
    const b = iv.to.getTime();
    const isOutage = outageStates.has(iv.state);
    if (!isOutage) closeEpisode();
    else {
      inEpisode = true;
      if (episodeFirstCounted === undefined) episodeFirstCounted = uncovered(excluded, a, b)[0]?.[0];
    }

    const lo = Math.max(a, from);
    const hi = Math.min(b, to);
    if (hi <= lo) continue;
    const length = hi - lo;
    switch (iv.state) {
      case 'no_data':
        totalMs.noDataMinutes += length;
        break;
      case 'available':
        totalMs.availableMinutes += length;
        break;
      case 'occupied':
        totalMs.occupiedMinutes += length;
        break;
      case 'faulted':
        totalMs.faultedMinutes += length;
        break;
      case 'unavailable':
        totalMs.unavailableMinutes += length;
        break;
      case 'offline':
        totalMs.offlineMinutes += length;
        break;
    }
    if (isOutage) {
      totalMs.outageMinutes += length;
      totalMs.excludedMinutes += overlap(excluded, lo, hi);
    }
  }
  closeEpisode();

  totalMs.windowMinutes = to - from;
  const minutes = zeroMinutes();
  for (const k of minuteFields) minutes[k] = k === 'outageCount' ? totalMs[k] : totalMs[k] / MINUTE;
  return withRates(minutes);
}
