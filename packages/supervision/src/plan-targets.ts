/**
 * The Xinzhou plan's targets (data/xinzhou-plan-targets.json, a copy of the shared plan file), validated
 * and turned into what each year asks for in total: the plan writes some targets as "再覆盖" (this many
 * more) and some as totals; `targetsFor(year)` gives cumulative totals for every one.
 */
import { z } from 'zod';
import targetsFile from '../data/xinzhou-plan-targets.json' with { type: 'json' };
import { SupervisionError } from './errors.js';

const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const ratio = z.string().regex(/^1:\d+(\.\d+)?$/, 'must read like "1:8"');

const newPiles = z.object({ '2023': count, '2024': count, '2025': count, total: count });

export const planTargetsSchema = z.object({
  city: z.object({
    name_zh: z.string(),
    code: z.string(),
    townships: count,
    administrative_villages: count,
    counties: count,
    highway_service_areas: count,
  }),
  annual_targets: z.object({
    '2023': z.object({
      public_piles_total: count,
      pile_to_ev_ratio: ratio,
      evs_served: count,
      townships_covered: count,
      villages_covered_added: count,
      scenic_areas_covered_added: count,
      max_charging_distance_km: z.number().positive(),
      tourist_road_posts_covered: count,
      tourist_road_rv_camps_covered: count,
      trunk_road_parking_areas_covered: count,
      highway_service_areas_covered: count,
      urban_core_max_distance_km: z.number().positive(),
      urban_edge_max_distance_km: z.number().positive(),
    }),
    '2024': z.object({
      public_piles_total: count,
      pile_to_ev_ratio: ratio,
      evs_served: count,
      villages_covered_added: count,
      scenic_areas_covered_added: count,
      max_charging_distance_km: z.number().positive(),
      tourist_road_posts_covered_added: count,
      tourist_road_rv_camps_covered_added: count,
      trunk_road_parking_areas_covered_added: count,
      highway_service_areas_fast_charge_share: share,
      urban_core_max_distance_km: z.number().positive(),
      urban_edge_max_distance_km: z.number().positive(),
    }),
    '2025': z.object({
      public_piles_total_min: count,
      pile_to_ev_ratio_min: ratio,
      pile_to_ev_ratio_goal: ratio,
      evs_served: count,
      counties_with_central_public_station: count,
      min_central_stations_per_county: count,
      min_piles_in_central_stations_per_county: count,
      townships_covered: count,
      min_avg_piles_per_township: z.number().positive(),
      villages_covered: count,
      scenic_areas_covered: count,
      max_charging_distance_km: z.number().positive(),
      tourist_road_posts_covered: count,
      tourist_road_rv_camps_covered: count,
      trunk_road_parking_areas_covered: count,
      highway_service_areas_fast_charge_share: share,
      urban_core_max_distance_km: z.number().positive(),
      urban_edge_max_distance_km: z.number().positive(),
    }),
  }),
  annex_1_new_public_piles: z
    .array(
      z.object({
        code: z.string().nullable(),
        id: z.string(),
        name_zh: z.string(),
        name_en: z.string(),
        new_public_piles: newPiles,
        seat_approx: z.object({ lat: z.number(), lon: z.number() }),
      }),
    )
    .min(1),
});

export type PlanTargets = z.output<typeof planTargetsSchema>;
export type AnnexArea = PlanTargets['annex_1_new_public_piles'][number];

export const planYears = [2023, 2024, 2025] as const;
export type PlanYear = (typeof planYears)[number];

export function parsePlanTargets(input: unknown): PlanTargets {
  const parsed = planTargetsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new SupervisionError('PW_SUP_PLAN_TARGETS_INVALID', `Plan targets do not match their schema:\n  - ${problems.join('\n  - ')}`, { problems });
}

/** The plan as committed with this package. */
export const xinzhouPlan: PlanTargets = parsePlanTargets(targetsFile);

export function assertPlanYear(year: number): asserts year is PlanYear {
  if (!(planYears as readonly number[]).includes(year)) {
    throw new SupervisionError('PW_SUP_PLAN_YEAR_UNKNOWN', `The plan has no targets for ${year}; ask for 2023, 2024 or 2025`, { year });
  }
}

/** "1:8" → 8 (EVs per public pile). */
export function evsPerPile(ratioText: string): number {
  return Number(ratioText.split(':')[1]);
}

/** What the plan asks for by the end of `year`, every figure a cumulative total. */
export interface YearTargets {
  year: PlanYear;
  publicPilesTotal: number;
  /** At most this many EVs per public pile (1:8 → 8); 2025 also names a goal (1:6). */
  evsPerPileMax: number;
  evsPerPileGoal: number;
  evsServed: number;
  townshipsCovered: number;
  villagesCovered: number;
  scenicAreasCovered: number;
  touristRoadPostsCovered: number;
  touristRoadRvCampsCovered: number;
  trunkRoadParkingAreasCovered: number;
  /** Highway service areas with any public pile. */
  highwayServiceAreasCovered: number;
  /** Highway service areas with a DC (fast) pile; null where the year sets no such target (2023). */
  highwayServiceAreasWithFastCharge: number | null;
  maxChargingDistanceKm: number;
  urbanCoreMaxDistanceKm: number;
  urbanEdgeMaxDistanceKm: number;
  /** 2025 only: every county with a central public station, each with ≥ 2 of them and ≥ 30 piles in them. */
  countiesWithCentralStation: number | null;
  minCentralStationsPerCounty: number | null;
  minPilesInCentralStationsPerCounty: number | null;
  /** 2025 only: public piles per township on average. */
  minAvgPilesPerTownship: number | null;
  /** Annex 1: new public piles per area, from 2023 up to and including `year`. */
  annexCumulative: Record<string, number>;
}

export function targetsFor(year: number, plan: PlanTargets = xinzhouPlan): YearTargets {
  assertPlanYear(year);
  const t23 = plan.annual_targets['2023'];
  const t24 = plan.annual_targets['2024'];
  const t25 = plan.annual_targets['2025'];
  const serviceAreas = plan.city.highway_service_areas;
  const annexCumulative = (upTo: PlanYear) =>
    Object.fromEntries(
      plan.annex_1_new_public_piles.map((a) => [
        a.id,
        planYears.filter((y) => y <= upTo).reduce((sum, y) => sum + a.new_public_piles[String(y) as '2023' | '2024' | '2025'], 0),
      ]),
    );
  const y2023: YearTargets = {
    year: 2023,
    publicPilesTotal: t23.public_piles_total,
    evsPerPileMax: evsPerPile(t23.pile_to_ev_ratio),
    evsPerPileGoal: evsPerPile(t23.pile_to_ev_ratio),
    evsServed: t23.evs_served,
    townshipsCovered: t23.townships_covered,
    villagesCovered: t23.villages_covered_added,
    scenicAreasCovered: t23.scenic_areas_covered_added,
    touristRoadPostsCovered: t23.tourist_road_posts_covered,
    touristRoadRvCampsCovered: t23.tourist_road_rv_camps_covered,
    trunkRoadParkingAreasCovered: t23.trunk_road_parking_areas_covered,
    highwayServiceAreasCovered: t23.highway_service_areas_covered,
    highwayServiceAreasWithFastCharge: null,
    maxChargingDistanceKm: t23.max_charging_distance_km,
    urbanCoreMaxDistanceKm: t23.urban_core_max_distance_km,
    urbanEdgeMaxDistanceKm: t23.urban_edge_max_distance_km,
    countiesWithCentralStation: null,
    minCentralStationsPerCounty: null,
    minPilesInCentralStationsPerCounty: null,
    minAvgPilesPerTownship: null,
    annexCumulative: annexCumulative(2023),
  };
  if (year === 2023) return y2023;
  const y2024: YearTargets = {
    ...y2023,
    year: 2024,
    publicPilesTotal: t24.public_piles_total,
    evsPerPileMax: evsPerPile(t24.pile_to_ev_ratio),
    evsPerPileGoal: evsPerPile(t24.pile_to_ev_ratio),
    evsServed: t24.evs_served,
    villagesCovered: y2023.villagesCovered + t24.villages_covered_added,
    scenicAreasCovered: y2023.scenicAreasCovered + t24.scenic_areas_covered_added,
    touristRoadPostsCovered: y2023.touristRoadPostsCovered + t24.tourist_road_posts_covered_added,
    touristRoadRvCampsCovered: y2023.touristRoadRvCampsCovered + t24.tourist_road_rv_camps_covered_added,
    trunkRoadParkingAreasCovered: y2023.trunkRoadParkingAreasCovered + t24.trunk_road_parking_areas_covered_added,
    // 80 % of 18 is 14.4 service areas: only 15 reach it.
    highwayServiceAreasWithFastCharge: Math.ceil(t24.highway_service_areas_fast_charge_share * serviceAreas),
    maxChargingDistanceKm: t24.max_charging_distance_km,
    urbanCoreMaxDistanceKm: t24.urban_core_max_distance_km,
    urbanEdgeMaxDistanceKm: t24.urban_edge_max_distance_km,
    annexCumulative: annexCumulative(2024),
  };
  if (year === 2024) return y2024;
  return {
    ...y2024,
    year: 2025,
    publicPilesTotal: t25.public_piles_total_min,
    evsPerPileMax: evsPerPile(t25.pile_to_ev_ratio_min),
    evsPerPileGoal: evsPerPile(t25.pile_to_ev_ratio_goal),
    evsServed: t25.evs_served,
    townshipsCovered: t25.townships_covered,
    villagesCovered: t25.villages_covered,
    scenicAreasCovered: t25.scenic_areas_covered,
    touristRoadPostsCovered: t25.tourist_road_posts_covered,
    touristRoadRvCampsCovered: t25.tourist_road_rv_camps_covered,
    trunkRoadParkingAreasCovered: t25.trunk_road_parking_areas_covered,
    highwayServiceAreasWithFastCharge: Math.ceil(t25.highway_service_areas_fast_charge_share * serviceAreas),
    maxChargingDistanceKm: t25.max_charging_distance_km,
    urbanCoreMaxDistanceKm: t25.urban_core_max_distance_km,
    urbanEdgeMaxDistanceKm: t25.urban_edge_max_distance_km,
    countiesWithCentralStation: t25.counties_with_central_public_station,
    minCentralStationsPerCounty: t25.min_central_stations_per_county,
    minPilesInCentralStationsPerCounty: t25.min_piles_in_central_stations_per_county,
    minAvgPilesPerTownship: t25.min_avg_piles_per_township,
    annexCumulative: annexCumulative(2025),
  };
}
