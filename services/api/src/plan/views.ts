/**
 * Response schemas of the plan tracker's routes, tied to the types they describe with `matches<T>()`
 * (see http/views.ts), for the OpenAPI document and the tests that parse real answers.
 */
import { z } from 'zod';
import type { DivisionImportCounts, DivisionView, MonthlyReportSummary, RegisteredEvsView, UncoveredDivision } from '@pilewatch/store';
import type { Measure, PlaceDistance, PlanProgress, RatioFigure } from '@pilewatch/supervision';
import { matches } from '../http/views.js';
import { timestamp } from '../http/schemas.js';

const num = z.number().nullable();
const int = z.number().int();

export const measureView = matches<Measure>()(
  z.object({
    actual: z.number(),
    target: num,
    percent: num.describe('100 × actual / target'),
    gap: num.describe('max(0, target − actual)'),
    met: z.boolean().nullable(),
  }),
);

const ratioFields = {
  publicPiles: int,
  registeredEvs: num,
  evsPerPile: num.describe('registered EVs per public pile: the x of 1:x'),
  targetEvsPerPile: z.number(),
  goalEvsPerPile: z.number(),
  meetsTarget: z.boolean().nullable(),
  meetsGoal: z.boolean().nullable(),
};
const ratioView = matches<RatioFigure>()(z.object(ratioFields));

const placeDistanceView = matches<PlaceDistance>()(
  z.object({
    placeId: z.string(),
    name: z.string().optional(),
    kind: z.string(),
    km: num,
    nearestStationId: z.string().nullable(),
    limitKm: z.number(),
  }),
);

export const planProgressView = matches<PlanProgress>()(
  z.object({
    year: z.union([z.literal(2023), z.literal(2024), z.literal(2025)]),
    asOf: timestamp,
    cutoff: timestamp,
    targets: z.object({
      year: z.union([z.literal(2023), z.literal(2024), z.literal(2025)]),
      publicPilesTotal: int,
      evsPerPileMax: z.number(),
      evsPerPileGoal: z.number(),
      evsServed: int,
      townshipsCovered: int,
      villagesCovered: int,
      scenicAreasCovered: int,
      touristRoadPostsCovered: int,
      touristRoadRvCampsCovered: int,
      trunkRoadParkingAreasCovered: int,
      highwayServiceAreasCovered: int,
      highwayServiceAreasWithFastCharge: int.nullable(),
      maxChargingDistanceKm: z.number(),
      urbanCoreMaxDistanceKm: z.number(),
      urbanEdgeMaxDistanceKm: z.number(),
      countiesWithCentralStation: int.nullable(),
      minCentralStationsPerCounty: int.nullable(),
      minPilesInCentralStationsPerCounty: int.nullable(),
      minAvgPilesPerTownship: z.number().nullable(),
      annexCumulative: z.record(z.string(), int),
    }),
    city: z.object({ publicPiles: measureView, newPublicPiles: measureView, publicStations: int, dcPublicPiles: int }),
    areas: z.array(
      z.object({
        areaId: z.string(),
        code: z.string().nullable(),
        nameZh: z.string(),
        nameEn: z.string(),
        year: measureView,
        cumulative: measureView,
        publicPiles: int,
      }),
    ),
    unplacedPublicPiles: int,
    pileToEvRatio: z.object({ ...ratioFields, byCounty: z.array(ratioView.extend({ countyCode: z.string() })) }),
    coverage: z.object({
      townships: measureView,
      villages: measureView,
      scenicAreas: measureView,
      highwayServiceAreas: measureView,
      highwayServiceAreasWithFastCharge: measureView,
      trunkRoadParkingAreas: measureView,
      touristRoadPosts: measureView,
      touristRoadRvCamps: measureView,
    }),
    centralStations: z.object({
      counties: z.array(
        z.object({ countyCode: z.string(), nameZh: z.string(), centralStations: int, pilesInCentralStations: int, met: z.boolean().nullable() }),
      ),
      countiesWithCentralStation: measureView,
      countiesMeetingMinimums: int,
      averageStationsPerCounty: measureView,
      averagePilesPerCounty: measureView,
    }),
    averagePilesPerTownship: measureView,
    chargingDistance: z
      .object({ places: int, maxKm: num, farthest: placeDistanceView.nullable(), overLimit: z.array(placeDistanceView) })
      .nullable(),
  }),
);

export const registeredEvsView = matches<RegisteredEvsView>()(
  z.object({ countyCode: z.string(), asOf: z.iso.date(), evs: int, enteredBy: z.string(), enteredAt: timestamp }),
);

export const divisionTotalsView = z.object({ townships: int, villages: int, withCoordinates: int });

export const planAnswerView = z.object({
  progress: planProgressView,
  registeredEvs: z.array(registeredEvsView).describe("each county's latest count on or before the cutoff; the city's is their sum"),
  divisions: divisionTotalsView.describe('what has been imported: places measured for charging distance are those with coordinates'),
});

export const divisionView = matches<DivisionView>()(
  z.object({
    code: z.string(),
    level: z.enum(['township', 'village']),
    name: z.string(),
    countyCode: z.string(),
    townshipCode: z.string(),
    lat: num,
    lon: num,
    kind: z.enum(['general', 'urban_core', 'urban_edge']),
    importedAt: timestamp,
  }),
);

export const divisionImportView = matches<DivisionImportCounts>()(z.object({ townships: int, villages: int, removed: int }));

export const uncoveredDivisionView = matches<UncoveredDivision>()(
  z.object({ code: z.string(), level: z.enum(['township', 'village']), name: z.string(), countyCode: z.string() }),
);

export const countyView = z.object({
  areaId: z.string().describe('the Annex 1 id: the county code, or wutaishan-scenic-area'),
  code: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  seat: z.object({ lat: z.number(), lon: z.number() }).describe('approximate seat of government, for maps'),
  townships: int.describe('townships imported for the area'),
  villages: int,
});

export const reportSummaryView = matches<MonthlyReportSummary>()(
  z.object({ month: z.string(), generatedAt: timestamp, trigger: z.enum(['schedule', 'on_demand']), requestedBy: z.string().nullable() }),
);
