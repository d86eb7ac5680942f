/**
 * Generates the virtual Xinzhou fleet from the plan: piles per area in proportion to Annex 1, split into the
 * plan's kinds of site, sites placed around each county seat, operators, vendors and protocols assigned.
 * Pure and deterministic: the same options give the same fleet, byte for byte.
 */
import { Random } from '../random.js';
import { SimulatorError } from '../errors.js';
import { apportion } from './apportion.js';
import { designPile, SerialNumbers } from './equipment.js';
import type { ChargerSpec, Fleet, Station } from './fleet.js';
import { generateOperators, operatorsByCategory } from './operators.js';
import { NameBook } from './place-names.js';
import { loadPlanTargets, type Annex1Area, type PlanTargets } from './plan-targets.js';
import {
  categoryProfiles,
  countyCategoryShares,
  scenicAreaCategoryShares,
  stationCategories,
  type StationCategory,
} from './station-categories.js';

export interface GenerateFleetOptions {
  /** Number of piles (charge points) in the fleet. */
  chargers: number;
  seed: number | string;
  /** Share of piles speaking OCPP 2.0.1 (the rest speak 1.6J); default 0.3. Rounded to a whole count. */
  ocpp201Share?: number;
  /** Plan targets to use; default `loadPlanTargets()` (see plan-targets.ts for which file that reads). */
  planTargets?: PlanTargets;
}

export const MAX_FLEET_SIZE = 200_000;
const PASSWORD_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** Sites the plan counts city-wide: never more of them than the plan has, however large the fleet. */
function siteCaps(t: PlanTargets): Partial<Record<StationCategory, number>> {
  const y = t.annual_targets['2025'];
  return {
    highway_service_area: t.city.highway_service_areas,
    trunk_road_parking: y.trunk_road_parking_areas_covered,
    tourist_road_post: y.tourist_road_posts_covered,
    rv_camp: y.tourist_road_rv_camps_covered,
    scenic_area: y.scenic_areas_covered,
  };
}

const urbanCategories = new Set<StationCategory>(['central_public', 'urban_public', 'residential', 'institution', 'bus_depot']);

interface Place {
  name: string;
  lat: number;
  lon: number;
}

/** A point `km` away from `from` in direction `bearing` (radians), on a locally flat Earth. */
function offset(from: { lat: number; lon: number }, km: number, bearing: number): { lat: number; lon: number } {
  const lat = from.lat + (km * Math.cos(bearing)) / 111.32;
  const lon = from.lon + (km * Math.sin(bearing)) / (111.32 * Math.cos((from.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
}

function around(rng: Random, from: { lat: number; lon: number }, km: readonly [number, number]) {
  return offset(from, rng.between(km[0], km[1]), rng.between(0, 2 * Math.PI));
}

function nearest(places: readonly Place[], p: { lat: number; lon: number }): Place {
  let best = places[0]!;
  let bestD = Infinity;
  for (const q of places) {
    const d = (q.lat - p.lat) ** 2 + (q.lon - p.lon) ** 2;
    if (d < bestD) [best, bestD] = [q, d];
  }
  return best;
}

/** Area tag used in identities: the county code, or WTS for the Mount Wutai Scenic Area (which has none). */
export function areaTag(area: Pick<Annex1Area, 'code' | 'id'>): string {
  return area.code ?? (area.id === 'wutaishan-scenic-area' ? 'WTS' : area.id.toUpperCase().slice(0, 8));
}

/** The Mount Wutai Scenic Area lies in Wutai County: its stations carry that county's GB/T 2260 code. */
export const WUTAI_COUNTY = '140922';

export function countyCodeOf(area: Pick<Annex1Area, 'code'>): string {
  return area.code ?? WUTAI_COUNTY;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function generateFleet(opts: GenerateFleetOptions): Fleet {
  const { chargers: total, seed } = opts;
  const share201 = opts.ocpp201Share ?? 0.3;
  if (!Number.isInteger(total) || total < 1 || total > MAX_FLEET_SIZE)
    throw new SimulatorError('PW_SIM_BAD_ARGUMENT', `chargers must be a whole number from 1 to ${MAX_FLEET_SIZE}, got ${total}`);
  if (!(share201 >= 0 && share201 <= 1))
    throw new SimulatorError('PW_SIM_BAD_ARGUMENT', `ocpp201Share must be between 0 and 1, got ${share201}`);
  const targets = opts.planTargets ?? loadPlanTargets().targets;
  const root = new Random(seed);
  const operators = generateOperators(root.derive('operators'), targets.city.code);
  const areas = targets.annex_1_new_public_piles;
  const annexTotals = areas.map((a) => a.new_public_piles.total);

  // 1. Piles per area, in proportion to Annex 1; then per kind of site within each area.
  const pilesPerArea = apportion(total, annexTotals);
  const quotas = areas.map((area, i) => {
    const shares = area.code ? countyCategoryShares : scenicAreaCategoryShares;
    const split = apportion(pilesPerArea[i]!, stationCategories.map((k) => shares[k] ?? 0));
    return Object.fromEntries(stationCategories.map((k, j) => [k, split[j]!])) as Record<StationCategory, number>;
  });

  // 2. Sites the plan counts city-wide are shared out between areas by their piles of that kind; piles of a
  //    kind an area ends up with no site for go to its urban public stations.
  const sites = areas.map(() => ({}) as Partial<Record<StationCategory, number>>);
  for (const [category, cap] of Object.entries(siteCaps(targets)) as Array<[StationCategory, number]>) {
    const piles = quotas.map((q) => q[category]);
    const count = Math.min(cap, piles.reduce((s, n) => s + n, 0));
    apportion(count, piles).forEach((n, i) => {
      sites[i]![category] = n;
      if (n === 0 && quotas[i]![category] > 0) {
        quotas[i]!.urban_public += quotas[i]![category];
        quotas[i]![category] = 0;
      }
    });
  }

  // Townships and villages per area follow Annex 1 too, independent of fleet size, so a bigger fleet of
  // the same seed covers more of the same places.
  const townshipsPerArea = apportion(targets.city.townships, annexTotals);
  const villagesPerArea = apportion(targets.city.administrative_villages, annexTotals);
  const serials = new SerialNumbers(root.derive('serials'));
  const stations: Station[] = [];
  const specs: Array<Omit<ChargerSpec, 'protocol'>> = [];

  areas.forEach((area, ai) => {
    const rng = root.derive(`area:${area.id}`);
    const names = new NameBook(rng.derive('names'));
    const tag = areaTag(area);
    const seat = area.seat_approx;
    const townshipCount = Math.max(1, townshipsPerArea[ai]!);
    const subdistrictCount = area.code ? Math.min(6, Math.max(1, Math.round(townshipCount * 0.2))) : 0;
    const placeRng = rng.derive('places');
    const subdistricts: Place[] = Array.from({ length: subdistrictCount }, () => ({
      name: names.subdistrict(),
      ...around(placeRng, seat, [0.3, 3]),
    }));
    const townships: Place[] = Array.from({ length: townshipCount - subdistrictCount }, () => ({
      name: names.township(),
      ...around(placeRng, seat, [6, 38]),
    }));
    const rural = townships.length > 0 ? townships : subdistricts;
    const urban = subdistricts.length > 0 ? subdistricts : townships;
    const villageCount = Math.max(1, villagesPerArea[ai]!);
    const villages: Array<Place & { township: Place }> = [];
    const villageAt = (i: number) => {
      while (villages.length <= Math.min(i, villageCount - 1)) {
        const township = rural[villages.length % rural.length]!;
        villages.push({ name: names.village(), township, ...around(placeRng, township, [1.5, 7]) });
      }
      return villages[i % villageCount]!;
    };
    const stationNames = new Map<string, number>();
    let nextTownship = 0;
    let nextVillage = 0;
    let stationSeq = 0;
    let chargerSeq = 0;
    const idWidth = Math.max(4, String(pilesPerArea[ai]!).length);

    for (const category of stationCategories) {
      const piles = quotas[ai]![category];
      if (piles === 0) continue;
      const profile = categoryProfiles[category];
      const crng = rng.derive(`category:${category}`);
      // Station sizes: counted sites share the piles (each at least one); others are drawn from the profile.
      const sizes: number[] = [];
      const siteCount = sites[ai]![category];
      if (siteCount !== undefined) {
        const extra = apportion(piles - siteCount, Array.from({ length: siteCount }, () => crng.between(0.6, 1.4)));
        extra.forEach((n) => sizes.push(1 + n));
      } else {
        for (let left = piles; left > 0; ) {
          const n = Math.min(left, crng.int(profile.pilesPerStation[0], profile.pilesPerStation[1]));
          sizes.push(n);
          left -= n;
        }
      }

      for (const size of sizes) {
        stationSeq += 1;
        let where: { lat: number; lon: number };
        let township: Place;
        let village: string | undefined;
        let site: string;
        if (category === 'village') {
          const v = villageAt(nextVillage++);
          where = around(crng, v, [0, 0.3]);
          township = v.township;
          village = v.name;
          site = v.name;
        } else if (category === 'township') {
          township = rural[nextTownship++ % rural.length]!;
          where = around(crng, township, [0, 0.8]);
          site = township.name;
        } else {
          where = urbanCategories.has(category)
            ? around(crng, nearest(urban, around(crng, seat, profile.distanceKm)), [0, 1.2])
            : around(crng, seat, profile.distanceKm);
          township = nearest(urbanCategories.has(category) ? urban : rural, where);
          site = siteName(names, category);
        }
        const stationId = `ST-${tag}-${pad(stationSeq, 4)}`;
        const operatorId = crng.weighted(operatorsByCategory[category]);
        const baseName = `${area.name_zh}${site}${profile.label}`;
        const seen = (stationNames.get(baseName) ?? 0) + 1;
        stationNames.set(baseName, seen);
        stations.push({
          id: stationId,
          operatorId,
          name: seen === 1 ? baseName : `${baseName}（${seen}）`,
          address: `山西省忻州市${area.name_zh}${township.name}${village ?? `${names.road()}${crng.int(1, 399)}号`}`,
          countyCode: countyCodeOf(area),
          township: township.name,
          ...(village ? { village } : {}),
          category,
          isPublic: profile.isPublic,
          lat: where.lat,
          lon: where.lon,
          parkingSpaces: size * crng.int(profile.parkingPerPile[0], profile.parkingPerPile[1]),
          openingHours: profile.openingHours,
        });
        for (let p = 0; p < size; p++) {
          chargerSeq += 1;
          // "DC at every highway service area": the first pile of each one is a fast charger.
          const pile = designPile(crng, profile, category === 'highway_service_area' && p === 0);
          specs.push({
            id: `XZ-${tag}-${pad(chargerSeq, idWidth)}`,
            password: crng.chars(24, PASSWORD_CHARS),
            operatorId,
            stationId,
            vendor: pile.vendor.name,
            model: pile.model,
            serialNumber: serials.issue(pile.vendor),
            firmwareVersion: pile.firmwareVersion,
            connectors: pile.connectors,
          });
        }
      }
    }
  });

  // 3. Protocols: exactly round(share × N) piles speak 2.0.1, spread over the fleet by a seeded shuffle.
  const count201 = Math.round(share201 * specs.length);
  const speaks201 = new Set(root.derive('protocols').shuffled(specs.map((_, i) => i)).slice(0, count201));
  const chargers: ChargerSpec[] = specs.map((s, i) => ({
    ...s,
    protocol: speaks201.has(i) ? 'ocpp2.0.1' : 'ocpp1.6',
  }));

  return { seed, operators, stations, chargers };
}

function siteName(names: NameBook, category: StationCategory): string {
  switch (category) {
    case 'central_public':
    case 'urban_public':
      return names.urbanSite();
    case 'scenic_area':
      return names.scenic();
    case 'highway_service_area':
    case 'trunk_road_parking':
    case 'tourist_road_post':
    case 'rv_camp':
      return names.roadside();
    case 'residential':
      return names.residential();
    case 'institution':
      return names.institution();
    case 'bus_depot':
      return names.busDepot();
    case 'township':
    case 'village':
      return '';
  }
}
