/**
 * Plan progress: what the registry shows against what the Xinzhou plan asks for by the end of a year —
 * public piles per county against Annex 1, city totals, the pile-to-EV ratio, coverage of townships,
 * villages, scenic areas and road places, central stations per county, piles per township, and the
 * charging distance from each place to the nearest public station.
 *
 * Everything is counted as of a cutoff: the end of the year, or `asOf` if that is earlier (a report
 * during the year). A pile counts from its commissioning time; a pile without one was there before
 * the plan began (it counts in totals, never as "new").
 */
import { NearestSite, type Point } from './charging-distance.js';
import { yearWindow } from './calendar.js';
import { targetsFor, xinzhouPlan, type PlanTargets, type PlanYear, type YearTargets } from './plan-targets.js';

/** Station categories the coverage targets read; other categories count for totals only. */
export const coverageCategories = [
  'scenic_area',
  'highway_service_area',
  'trunk_road_parking_area',
  'tourist_road_post',
  'tourist_road_rv_camp',
] as const;
export type CoverageCategory = (typeof coverageCategories)[number];

export interface PlanPile {
  id: string;
  /** DC (fast) pile. */
  dc: boolean;
  /** When it entered service; absent: before the plan (2023-01-01). */
  commissionedAt?: Date;
}

export interface PlanStation {
  id: string;
  /** Only public stations count toward the plan. */
  isPublic: boolean;
  /** GB/T 2260 county code. */
  countyCode?: string;
  /** The Annex 1 area when it is not the county itself (`wutaishan-scenic-area` inside Wutai County). */
  planAreaId?: string;
  /** Township (乡镇/街道) name or code, unique within its county. */
  township?: string;
  /** Administrative village, unique within its township. */
  village?: string;
  category?: string;
  /** The named place a coverage station serves (service area, parking area, post, camp, scenic area); default: the station itself. */
  placeId?: string;
  /** A centralised, commercially run public charging station (集中式经营性公共充电站). */
  central?: boolean;
  lat?: number;
  lon?: number;
  piles: readonly PlanPile[];
}

/** A place whose charging distance is measured (village, township seat, urban core or edge point, …). */
export interface PlanPlace extends Point {
  id: string;
  name?: string;
  /** `urban_core` and `urban_edge` have their own distance limits; every other kind uses the general one. */
  kind: string;
}

export interface PlanInputs {
  year: number;
  /** The moment the figures are for (no clock is read here); counts stop at the earlier of this and the year end. */
  asOf: Date;
  stations: readonly PlanStation[];
  /** Registered EVs in the city, as entered by the city. */
  registeredEvs?: number;
  /** Registered EVs per county code, when known. */
  registeredEvsByCounty?: Readonly<Record<string, number>>;
  places?: readonly PlanPlace[];
}

/** An actual figure against its target: percent of the target reached, what is missing, whether met. */
export interface Measure {
  actual: number;
  target: number | null;
  percent: number | null;
  gap: number | null;
  met: boolean | null;
}

export function measure(actual: number, target: number | null): Measure {
  if (target === null) return { actual, target: null, percent: null, gap: null, met: null };
  return {
    actual,
    target,
    percent: target > 0 ? (100 * actual) / target : null,
    gap: Math.max(0, target - actual),
    met: actual >= target,
  };
}

export interface RatioFigure {
  publicPiles: number;
  registeredEvs: number | null;
  /** EVs per public pile (the x of 1:x); null without an EV count or without piles. */
  evsPerPile: number | null;
  /** At most this many EVs per pile. */
  targetEvsPerPile: number;
  goalEvsPerPile: number;
  meetsTarget: boolean | null;
  meetsGoal: boolean | null;
}

export interface AreaProgress {
  /** Annex 1 id: the county code, or `wutaishan-scenic-area`. */
  areaId: string;
  code: string | null;
  nameZh: string;
  nameEn: string;
  /** New public piles commissioned in the year (up to the cutoff) against the year's Annex 1 figure. */
  year: Measure;
  /** New public piles since 2023-01-01 against Annex 1 summed from 2023 to the year. */
  cumulative: Measure;
  /** Every public pile in service in the area, old and new. */
  publicPiles: number;
}

export interface CentralStationsFigure {
  countyCode: string;
  nameZh: string;
  centralStations: number;
  pilesInCentralStations: number;
  /** ≥ 2 stations and ≥ 30 piles in them; null before 2025 (no target). */
  met: boolean | null;
}

export interface PlaceDistance {
  placeId: string;
  name?: string;
  kind: string;
  /** null when there is no public station with coordinates at all. */
  km: number | null;
  nearestStationId: string | null;
  limitKm: number;
}

export interface PlanProgress {
  year: PlanYear;
  asOf: string;
  /** The instant counts stop at: the earlier of asOf and the end of the year (Shanghai time). */
  cutoff: string;
  targets: YearTargets;
  city: {
    /** Public piles in service against the year's total (2,000 / 3,000 / 6,000). */
    publicPiles: Measure;
    /** New public piles since 2023 against Annex 1's cumulative total for the year. */
    newPublicPiles: Measure;
    publicStations: number;
    dcPublicPiles: number;
  };
  areas: AreaProgress[];
  /** Public piles whose station names no Annex 1 area (no county code, or an unknown one). */
  unplacedPublicPiles: number;
  pileToEvRatio: RatioFigure & { byCounty: Array<{ countyCode: string } & RatioFigure> };
  coverage: {
    townships: Measure;
    villages: Measure;
    scenicAreas: Measure;
    highwayServiceAreas: Measure;
    highwayServiceAreasWithFastCharge: Measure;
    trunkRoadParkingAreas: Measure;
    touristRoadPosts: Measure;
    touristRoadRvCamps: Measure;
  };
  centralStations: {
    counties: CentralStationsFigure[];
    /** Counties with at least one central station, against 14 (2025). */
    countiesWithCentralStation: Measure;
    /** Counties meeting both per-county minimums. */
    countiesMeetingMinimums: number;
    /** City-wide averages per county (the plan's words: 平均每个县不少于2座、30台). */
    averageStationsPerCounty: Measure;
    averagePilesPerCounty: Measure;
  };
  /** Public piles at stations with a township, divided by all the city's townships (152), against 5 (2025). */
  averagePilesPerTownship: Measure;
  chargingDistance: {
    places: number;
    maxKm: number | null;
    farthest: PlaceDistance | null;
    /** Places beyond their limit, farthest first. */
    overLimit: PlaceDistance[];
  } | null;
}

const inService = (pile: PlanPile, cutoff: number) => pile.commissionedAt === undefined || pile.commissionedAt.getTime() < cutoff;
const newBetween = (pile: PlanPile, from: number, to: number) =>
  pile.commissionedAt !== undefined && pile.commissionedAt.getTime() >= from && pile.commissionedAt.getTime() < to;

function ratio(publicPiles: number, evs: number | undefined, t: YearTargets): RatioFigure {
  const evsPerPile = evs !== undefined && publicPiles > 0 ? evs / publicPiles : null;
  return {
    publicPiles,
    registeredEvs: evs ?? null,
    evsPerPile,
    targetEvsPerPile: t.evsPerPileMax,
    goalEvsPerPile: t.evsPerPileGoal,
    meetsTarget: evsPerPile === null ? null : evsPerPile <= t.evsPerPileMax,
    meetsGoal: evsPerPile === null ? null : evsPerPile <= t.evsPerPileGoal,
  };
}

export function planProgress(inputs: PlanInputs, plan: PlanTargets = xinzhouPlan): PlanProgress {
  const t = targetsFor(inputs.year, plan);
  const yearSpan = yearWindow(t.year);
  const cutoff = Math.min(inputs.asOf.getTime(), yearSpan.to.getTime());
  const yearStart = yearSpan.from.getTime();
  const planStart = yearWindow(2023).from.getTime();

  // Public stations with the piles in service at the cutoff; a station without any does not cover anything.
  const stations = inputs.stations
    .filter((s) => s.isPublic)
    .map((s) => ({ ...s, live: s.piles.filter((p) => inService(p, cutoff)) }))
    .filter((s) => s.live.length > 0);

  const annexIds = new Set(plan.annex_1_new_public_piles.map((a) => a.id));
  const areaOf = (s: PlanStation) => s.planAreaId ?? s.countyCode;
  const byArea = new Map<string, { year: number; cumulative: number; all: number }>();
  let unplaced = 0;
  for (const s of stations) {
    const area = areaOf(s);
    if (area === undefined || !annexIds.has(area)) {
      unplaced += s.live.length;
      continue;
    }
    const a = byArea.get(area) ?? { year: 0, cumulative: 0, all: 0 };
    a.all += s.live.length;
    a.year += s.live.filter((p) => newBetween(p, yearStart, cutoff)).length;
    a.cumulative += s.live.filter((p) => newBetween(p, planStart, cutoff)).length;
    byArea.set(area, a);
  }
  const areas: AreaProgress[] = plan.annex_1_new_public_piles.map((a) => {
    const built = byArea.get(a.id) ?? { year: 0, cumulative: 0, all: 0 };
    return {
      areaId: a.id,
      code: a.code,
      nameZh: a.name_zh,
      nameEn: a.name_en,
      year: measure(built.year, a.new_public_piles[String(t.year) as '2023' | '2024' | '2025']),
      cumulative: measure(built.cumulative, t.annexCumulative[a.id] ?? 0),
      publicPiles: built.all,
    };
  });

  const publicPiles = stations.reduce((n, s) => n + s.live.length, 0);
  const newPublicPiles = stations.reduce((n, s) => n + s.live.filter((p) => newBetween(p, planStart, cutoff)).length, 0);
  const annexTotal = Object.values(t.annexCumulative).reduce((a, b) => a + b, 0);

  // Per county (by county code; the scenic area's piles belong to Wutai County here, as EVs are registered by county).
  const countyPiles = new Map<string, number>();
  for (const s of stations) if (s.countyCode) countyPiles.set(s.countyCode, (countyPiles.get(s.countyCode) ?? 0) + s.live.length);
  const byCounty = Object.entries(inputs.registeredEvsByCounty ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([countyCode, evs]) => ({ countyCode, ...ratio(countyPiles.get(countyCode) ?? 0, evs, t) }));

  const distinct = (keys: Array<string | undefined>) => new Set(keys.filter((k): k is string => k !== undefined)).size;
  const placesOf = (category: CoverageCategory, withDc = false) =>
    distinct(stations.filter((s) => s.category === category && (!withDc || s.live.some((p) => p.dc))).map((s) => s.placeId ?? s.id));

  const counties = plan.annex_1_new_public_piles.filter((a): a is typeof a & { code: string } => a.code !== null);
  const central: CentralStationsFigure[] = counties.map((c) => {
    const own = stations.filter((s) => s.central && s.countyCode === c.code);
    const piles = own.reduce((n, s) => n + s.live.length, 0);
    return {
      countyCode: c.code,
      nameZh: c.name_zh,
      centralStations: own.length,
      pilesInCentralStations: piles,
      met:
        t.minCentralStationsPerCounty === null || t.minPilesInCentralStationsPerCounty === null
          ? null
          : own.length >= t.minCentralStationsPerCounty && piles >= t.minPilesInCentralStationsPerCounty,
    };
  });
  const countyCount = plan.city.counties;
  const totalCentral = central.reduce((n, c) => n + c.centralStations, 0);
  const totalCentralPiles = central.reduce((n, c) => n + c.pilesInCentralStations, 0);

  const townshipPiles = stations.filter((s) => s.township !== undefined).reduce((n, s) => n + s.live.length, 0);

  return {
    year: t.year,
    asOf: inputs.asOf.toISOString(),
    cutoff: new Date(cutoff).toISOString(),
    targets: t,
    city: {
      publicPiles: measure(publicPiles, t.publicPilesTotal),
      newPublicPiles: measure(newPublicPiles, annexTotal),
      publicStations: stations.length,
      dcPublicPiles: stations.reduce((n, s) => n + s.live.filter((p) => p.dc).length, 0),
    },
    areas,
    unplacedPublicPiles: unplaced,
    pileToEvRatio: { ...ratio(publicPiles, inputs.registeredEvs, t), byCounty },
    coverage: {
      townships: measure(distinct(stations.map((s) => (s.township !== undefined ? `${s.countyCode ?? ''}/${s.township}` : undefined))), t.townshipsCovered),
      villages: measure(
        distinct(stations.map((s) => (s.village !== undefined ? `${s.countyCode ?? ''}/${s.township ?? ''}/${s.village}` : undefined))),
        t.villagesCovered,
      ),
      scenicAreas: measure(placesOf('scenic_area'), t.scenicAreasCovered),
      highwayServiceAreas: measure(placesOf('highway_service_area'), t.highwayServiceAreasCovered),
      highwayServiceAreasWithFastCharge: measure(placesOf('highway_service_area', true), t.highwayServiceAreasWithFastCharge),
      trunkRoadParkingAreas: measure(placesOf('trunk_road_parking_area'), t.trunkRoadParkingAreasCovered),
      touristRoadPosts: measure(placesOf('tourist_road_post'), t.touristRoadPostsCovered),
      touristRoadRvCamps: measure(placesOf('tourist_road_rv_camp'), t.touristRoadRvCampsCovered),
    },
    centralStations: {
      counties: central,
      countiesWithCentralStation: measure(central.filter((c) => c.centralStations > 0).length, t.countiesWithCentralStation),
      countiesMeetingMinimums: central.filter((c) => c.met === true).length,
      averageStationsPerCounty: measure(totalCentral / countyCount, t.minCentralStationsPerCounty),
      averagePilesPerCounty: measure(totalCentralPiles / countyCount, t.minPilesInCentralStationsPerCounty),
    },
    averagePilesPerTownship: measure(townshipPiles / plan.city.townships, t.minAvgPilesPerTownship),
    chargingDistance: inputs.places ? chargingDistance(inputs.places, stations, t) : null,
  };
}

function chargingDistance(places: readonly PlanPlace[], stations: readonly PlanStation[], t: YearTargets): NonNullable<PlanProgress['chargingDistance']> {
  const index = new NearestSite(
    stations.filter((s) => s.lat !== undefined && s.lon !== undefined).map((s) => ({ id: s.id, lat: s.lat!, lon: s.lon! })),
  );
  const limitFor = (kind: string) =>
    kind === 'urban_core' ? t.urbanCoreMaxDistanceKm : kind === 'urban_edge' ? t.urbanEdgeMaxDistanceKm : t.maxChargingDistanceKm;
  const measured: PlaceDistance[] = places.map((p) => {
    const hit = index.nearest(p);
    return {
      placeId: p.id,
      ...(p.name !== undefined ? { name: p.name } : {}),
      kind: p.kind,
      km: hit?.km ?? null,
      nearestStationId: hit?.site.id ?? null,
      limitKm: limitFor(p.kind),
    };
  });
  // No station at all: every place is out of reach.
  const far = (d: PlaceDistance) => d.km ?? Infinity;
  const sorted = [...measured].sort((a, b) => far(b) - far(a));
  const farthest = sorted[0] ?? null;
  return {
    places: measured.length,
    maxKm: farthest?.km ?? null,
    farthest,
    // The plan says 充电距离小于 N 公里, "less than": a place exactly N km away is over.
    overLimit: sorted.filter((d) => far(d) >= d.limitKm),
  };
}
