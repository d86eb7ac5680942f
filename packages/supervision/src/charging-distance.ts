/**
 * Charging distance (充电距离): how far each place is from the nearest public charging station, as the
 * crow flies (haversine on a sphere of the Earth's mean radius). Road distance is longer; the plan does
 * not say which it means, and straight-line distance is the one that needs no road network.
 * Station coordinates may be GCJ-02 (T/CEC) and places WGS84: the ≈0.5 km offset between them is
 * far below the plan's 10–50 km limits.
 */

export const earthRadiusKm = 6371.0088;
const KM_PER_DEGREE_LAT = (Math.PI * earthRadiusKm) / 180;

export interface Point {
  lat: number;
  lon: number;
}

export function haversineKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Finds nearest points quickly: sites sorted by latitude, searched outwards from the place's latitude
 * until the latitude difference alone is farther than the best found (exact, not approximate).
 */
export class NearestSite<T extends Point> {
  private readonly sites: T[];

  constructor(sites: readonly T[]) {
    this.sites = sites.filter((s) => Number.isFinite(s.lat) && Number.isFinite(s.lon)).sort((a, b) => a.lat - b.lat);
  }

  nearest(place: Point): { site: T; km: number } | undefined {
    const sites = this.sites;
    if (sites.length === 0) return undefined;
    let lo = 0;
    let hi = sites.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sites[mid]!.lat < place.lat) lo = mid + 1;
      else hi = mid;
    }
    let best: { site: T; km: number } | undefined;
    let down = lo - 1;
    let up = lo;
    while (down >= 0 || up < sites.length) {
      const downGap = down >= 0 ? (place.lat - sites[down]!.lat) * KM_PER_DEGREE_LAT : Infinity;
      const upGap = up < sites.length ? (sites[up]!.lat - place.lat) * KM_PER_DEGREE_LAT : Infinity;
      // Latitude difference alone is a lower bound of the distance: nothing farther out can be nearer.
      if (best && Math.min(downGap, upGap) > best.km) break;
      const site = downGap <= upGap ? sites[down--]! : sites[up++]!;
      const km = haversineKm(place, site);
      if (!best || km < best.km) best = { site, km };
    }
    return best;
  }
}
