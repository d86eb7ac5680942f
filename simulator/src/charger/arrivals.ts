/**
 * When drivers arrive to charge: a Poisson process per connector whose rate follows the hour of day
 * (Asia/Shanghai) and the kind of site — commuters at urban car parks, overnight at homes, daytime at
 * scenic areas, long-distance traffic at highway service areas — scaled by the scenario.
 */
import type { Random } from '../random.js';
import type { StationCategory } from '../fleet/station-categories.js';

/** Relative arrivals per hour of day, 0–23 local time. Only the shape matters; each row is normalised. */
export const hourlyDemand: Record<StationCategory, readonly number[]> = {
  //               0    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15   16   17   18   19   20   21   22   23
  central_public: [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.4, 1.3, 1.2, 1.3, 1.5, 1.3, 1.2, 1.2, 1.4, 1.7, 1.8, 1.6, 1.3, 1.0, 0.7, 0.5],
  urban_public: [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.1, 1.5, 1.3, 1.1, 1.2, 1.4, 1.2, 1.1, 1.1, 1.3, 1.7, 1.9, 1.6, 1.2, 0.9, 0.6, 0.4],
  township: [0.1, 0.1, 0.0, 0.0, 0.1, 0.2, 0.5, 0.9, 1.2, 1.3, 1.3, 1.2, 1.1, 1.0, 1.1, 1.2, 1.3, 1.4, 1.3, 1.0, 0.7, 0.4, 0.2, 0.1],
  village: [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 0.9, 0.8, 0.8, 1.0, 0.9, 0.8, 0.8, 0.9, 1.2, 1.6, 1.8, 1.6, 1.2, 0.7, 0.4],
  scenic_area: [0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.3, 0.8, 1.5, 2.0, 2.2, 2.0, 1.6, 1.6, 1.8, 1.8, 1.5, 1.0, 0.5, 0.2, 0.1, 0.0, 0.0, 0.0],
  highway_service_area: [0.4, 0.3, 0.2, 0.2, 0.2, 0.3, 0.6, 1.0, 1.4, 1.6, 1.7, 1.7, 1.6, 1.5, 1.5, 1.6, 1.6, 1.5, 1.3, 1.1, 0.9, 0.8, 0.6, 0.5],
  trunk_road_parking: [0.3, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 1.0, 1.3, 1.4, 1.4, 1.4, 1.3, 1.3, 1.3, 1.4, 1.4, 1.3, 1.1, 0.9, 0.7, 0.6, 0.5, 0.4],
  tourist_road_post: [0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.3, 0.7, 1.2, 1.6, 1.8, 1.8, 1.6, 1.6, 1.7, 1.6, 1.3, 0.9, 0.5, 0.2, 0.1, 0.0, 0.0, 0.0],
  rv_camp: [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.3, 1.7, 2.0, 2.1, 1.8, 1.4, 1.0, 0.7, 0.5],
  residential: [0.6, 0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.3, 0.3, 0.2, 0.2, 0.3, 0.4, 0.3, 0.3, 0.3, 0.5, 1.0, 1.8, 2.3, 2.4, 2.0, 1.5, 1.0],
  institution: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 1.2, 2.6, 1.8, 0.8, 0.5, 0.4, 1.2, 1.0, 0.6, 0.4, 0.3, 0.1, 0.0, 0.0, 0.0, 0.0, 0.0],
  bus_depot: [1.2, 1.4, 1.2, 0.8, 0.4, 0.2, 0.1, 0.1, 0.2, 0.6, 1.0, 1.2, 1.4, 1.2, 0.8, 0.4, 0.2, 0.1, 0.2, 0.5, 1.0, 1.4, 1.6, 1.4],
};

/** Charging sessions per connector per day on an ordinary weekday. */
export const sessionsPerConnectorPerDay: Record<StationCategory, number> = {
  central_public: 6,
  urban_public: 4,
  township: 1.5,
  village: 0.6,
  scenic_area: 2,
  highway_service_area: 6,
  trunk_road_parking: 3,
  tourist_road_post: 2,
  rv_camp: 1,
  residential: 1,
  institution: 1.2,
  bus_depot: 2.5,
};

export interface DemandSettings {
  multiplier: number;
  categories: Partial<Record<StationCategory, number>>;
  hourly: Partial<Record<StationCategory, number[]>>;
}

const HOUR = 3_600_000;
const CHINA_OFFSET_H = 8; // Asia/Shanghai has no daylight saving time

/** Hour of day (0–23) in Asia/Shanghai at epoch ms `t`. */
export function chinaHour(t: number): number {
  return Math.floor((t / HOUR + CHINA_OFFSET_H) % 24 + 24) % 24;
}

/** A site's arrival-rate curve: arrivals per connector per hour, for each local hour. */
export function arrivalCurve(category: StationCategory, demand: DemandSettings): number[] {
  const shape = demand.hourly[category] ?? hourlyDemand[category];
  const sum = shape.reduce((s, v) => s + v, 0) || 1;
  const perDay = sessionsPerConnectorPerDay[category] * demand.multiplier * (demand.categories[category] ?? 1);
  return shape.map((v) => (perDay * v) / sum);
}

/**
 * The next arrival after `from` (epoch ms) for a connector with hourly rates `curve`, by thinning a
 * Poisson process at the curve's peak rate. Undefined when nobody ever comes (all rates zero) or nobody
 * comes within `horizonMs`.
 */
export function nextArrival(rng: Random, curve: readonly number[], from: number, horizonMs = 7 * 24 * HOUR): number | undefined {
  const peak = Math.max(...curve);
  if (!(peak > 0)) return undefined;
  const meanGap = HOUR / peak;
  for (let t = from; ; ) {
    t += rng.exponential(meanGap);
    if (t - from > horizonMs) return undefined;
    if (rng.next() * peak < curve[chinaHour(t)]!) return Math.round(t);
  }
}
