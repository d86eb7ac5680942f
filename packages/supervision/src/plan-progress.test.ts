import { describe, expect, it } from 'vitest';
import { startOfDay } from './calendar.js';
import { planProgress, type PlanPile, type PlanStation } from './plan-progress.js';

/** `n` piles commissioned on a Shanghai day (undefined: before the plan). */
function piles(prefix: string, n: number, day?: string, dc = false): PlanPile[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, dc, ...(day ? { commissionedAt: startOfDay(day) } : {}) }));
}

const xinfu = { lat: 38.416, lon: 112.734 };

const stations: PlanStation[] = [
  // Xinfu District: two central stations in one township; 12 piles older than the plan
  {
    id: 's1', isPublic: true, countyCode: '140902', township: '长征街道', village: '城区', central: true, ...xinfu,
    piles: [...piles('s1-old', 12), ...piles('s1-23', 10, '2023-05-10', true), ...piles('s1-23ac', 10, '2023-06-01')],
  },
  { id: 's2', isPublic: true, countyCode: '140902', township: '长征街道', central: true, lat: 38.42, lon: 112.74, piles: piles('s2', 15, '2024-03-01') },
  // a pile entering service exactly at midnight on 1 January 2024 (Shanghai) belongs to 2024
  { id: 's2b', isPublic: true, countyCode: '140902', township: '兰村乡', village: '下社村', lat: 38.5, lon: 112.7, piles: piles('s2b', 1, '2024-01-01') },
  // a dedicated (private-use) station counts for nothing
  { id: 's3', isPublic: false, countyCode: '140981', township: '崞阳镇', central: true, piles: piles('s3', 50, '2023-03-01') },
  // Yuanping: one highway service area served by two stations (one each direction), one with DC
  { id: 's4', isPublic: true, countyCode: '140981', category: 'highway_service_area', placeId: 'hsa-yuanping', lat: 38.73, lon: 112.71, piles: piles('s4', 2, '2023-02-01', true) },
  { id: 's5', isPublic: true, countyCode: '140981', category: 'highway_service_area', placeId: 'hsa-yuanping', piles: piles('s5', 1, '2023-02-01') },
  { id: 's6', isPublic: true, countyCode: '140921', category: 'highway_service_area', placeId: 'hsa-dingxiang', piles: piles('s6', 1, '2023-08-01') },
  // the Mount Wutai Scenic Area: in Wutai County, counted under its own Annex 1 line
  {
    id: 's7', isPublic: true, countyCode: '140922', planAreaId: 'wutaishan-scenic-area', category: 'scenic_area', placeId: 'scenic-wutaishan',
    lat: 39.01, lon: 113.59, piles: piles('s7', 4, '2024-06-01'),
  },
  // built after the plan ends: never counted
  { id: 's8', isPublic: true, countyCode: '140932', category: 'tourist_road_post', placeId: 'post-1', piles: piles('s8', 2, '2026-01-05') },
  // a station with no county yet
  { id: 's9', isPublic: true, piles: piles('s9', 3) },
  // a public station whose only pile is not in service yet: it covers nothing
  { id: 's10', isPublic: true, countyCode: '140928', township: '砚城镇', category: 'trunk_road_parking_area', placeId: 'park-1', piles: piles('s10', 1, '2025-12-31') },
];

const endOf = (year: number) => new Date(startOfDay(`${year + 1}-01-01`).getTime() - 1);

describe('planProgress: public piles against Annex 1', () => {
  it('2023 at the year end: new piles per area against the year, totals against 2,000', () => {
    const p = planProgress({ year: 2023, asOf: endOf(2023), stations });
    const xinfuArea = p.areas.find((a) => a.areaId === '140902')!;
    expect(xinfuArea.year).toEqual({ actual: 20, target: 296, percent: (100 * 20) / 296, gap: 276, met: false });
    expect(xinfuArea.cumulative).toMatchObject({ actual: 20, target: 296 });
    expect(xinfuArea.publicPiles).toBe(32);
    expect(p.areas.find((a) => a.areaId === '140981')).toMatchObject({ year: { actual: 3, target: 218 }, publicPiles: 3 });
    expect(p.areas.find((a) => a.areaId === 'wutaishan-scenic-area')).toMatchObject({ year: { actual: 0, target: 78 } });
    expect(p.city.publicPiles).toEqual({ actual: 39, target: 2000, percent: (100 * 39) / 2000, gap: 1961, met: false });
    expect(p.city.newPublicPiles).toMatchObject({ actual: 24, target: 1654 });
    expect(p.city).toMatchObject({ publicStations: 5, dcPublicPiles: 12 });
    expect(p.unplacedPublicPiles).toBe(3);
    expect(p.cutoff).toBe('2023-12-31T15:59:59.999Z');
  });

  it('2024: the year counts only its own new piles, the cumulative view everything since 2023', () => {
    const p = planProgress({ year: 2024, asOf: endOf(2024), stations });
    expect(p.areas.find((a) => a.areaId === '140902')).toMatchObject({
      year: { actual: 16, target: 291, gap: 275 },
      cumulative: { actual: 36, target: 587, gap: 551 },
      publicPiles: 48,
    });
    expect(p.areas.find((a) => a.areaId === 'wutaishan-scenic-area')).toMatchObject({ year: { actual: 4, target: 75 }, cumulative: { actual: 4, target: 153 } });
    // Wutai County itself gets none of the scenic area's piles
    expect(p.areas.find((a) => a.areaId === '140922')).toMatchObject({ publicPiles: 0 });
  });

  it('during a year, counts stop at asOf', () => {
    const p = planProgress({ year: 2024, asOf: startOfDay('2024-04-01'), stations });
    expect(p.areas.find((a) => a.areaId === '140902')!.year.actual).toBe(16);
    expect(p.areas.find((a) => a.areaId === 'wutaishan-scenic-area')!.year.actual).toBe(0);
  });

  it('asOf after the year end still measures at the year end', () => {
    const late = planProgress({ year: 2023, asOf: startOfDay('2025-06-01'), stations });
    expect(late.city.publicPiles.actual).toBe(39);
  });
});

describe('planProgress: pile-to-EV ratio', () => {
  it.each([
    // year, EVs, EVs per pile, meets target, meets goal
    [2023, 312, 312 / 39, true, true],
    [2023, 351, 9, false, false],
    [2025, 60 * 7, 7, true, false],
    [2025, 60 * 6, 6, true, true],
  ])('%i with %i EVs → 1:%d', (year, evs, perPile, target, goal) => {
    const p = planProgress({ year, asOf: endOf(year), stations, registeredEvs: evs });
    expect(p.pileToEvRatio).toMatchObject({ evsPerPile: perPile, meetsTarget: target, meetsGoal: goal });
  });

  it('without an EV count there is no ratio; per county when counts are given', () => {
    const p = planProgress({ year: 2024, asOf: endOf(2024), stations, registeredEvsByCounty: { '140902': 336, '140921': 10 } });
    expect(p.pileToEvRatio).toMatchObject({ registeredEvs: null, evsPerPile: null, meetsTarget: null });
    expect(p.pileToEvRatio.byCounty).toEqual([
      expect.objectContaining({ countyCode: '140902', publicPiles: 48, evsPerPile: 7, meetsTarget: true }),
      expect.objectContaining({ countyCode: '140921', publicPiles: 1, evsPerPile: 10, meetsTarget: false }),
    ]);
  });
});

describe('planProgress: coverage', () => {
  it('counts distinct places with a public pile in service', () => {
    const p = planProgress({ year: 2024, asOf: endOf(2024), stations });
    expect(p.coverage.townships).toMatchObject({ actual: 2, target: 152, gap: 150 });
    expect(p.coverage.villages).toMatchObject({ actual: 2, target: 800 });
    expect(p.coverage.scenicAreas).toMatchObject({ actual: 1, target: 25 });
    expect(p.coverage.highwayServiceAreas).toMatchObject({ actual: 2, target: 18 });
    expect(p.coverage.highwayServiceAreasWithFastCharge).toMatchObject({ actual: 1, target: 15, met: false });
    expect(p.coverage.touristRoadPosts).toMatchObject({ actual: 0, target: 6 });
    expect(p.coverage.trunkRoadParkingAreas).toMatchObject({ actual: 0, target: 5 });
  });

  it('2023 sets no fast-charge target for service areas', () => {
    const p = planProgress({ year: 2023, asOf: endOf(2023), stations });
    expect(p.coverage.highwayServiceAreasWithFastCharge).toEqual({ actual: 1, target: null, percent: null, gap: null, met: null });
  });

  it('2025: central stations per county, and piles per township on average', () => {
    const p = planProgress({ year: 2025, asOf: endOf(2025), stations });
    expect(p.centralStations.counties.find((c) => c.countyCode === '140902')).toEqual({
      countyCode: '140902',
      nameZh: '忻府区',
      centralStations: 2,
      pilesInCentralStations: 47,
      met: true,
    });
    expect(p.centralStations.counties).toHaveLength(14);
    expect(p.centralStations.counties.find((c) => c.countyCode === '140981')).toMatchObject({ centralStations: 0, met: false });
    expect(p.centralStations.countiesWithCentralStation).toMatchObject({ actual: 1, target: 14, gap: 13 });
    expect(p.centralStations.countiesMeetingMinimums).toBe(1);
    expect(p.centralStations.averageStationsPerCounty).toMatchObject({ actual: 2 / 14, target: 2, met: false });
    expect(p.centralStations.averagePilesPerCounty).toMatchObject({ actual: 47 / 14, target: 30 });
    // s1 + s2 + s2b + s10 (its pile enters service on the last day of 2025)
    expect(p.averagePilesPerTownship).toMatchObject({ actual: 49 / 152, target: 5, met: false });
    expect(p.city.publicPiles).toMatchObject({ actual: 60, target: 6000 });
    expect(p.coverage.trunkRoadParkingAreas).toMatchObject({ actual: 1, target: 38 });
  });
});

describe('planProgress: charging distance', () => {
  const places = [
    { id: 'v-near', kind: 'village', lat: 38.425, lon: 112.734 },
    { id: 'v-far', name: '远村', kind: 'village', lat: 38.416 - 60 / 111.195, lon: 112.734 },
    { id: 'core-4km', kind: 'urban_core', lat: 38.416 - 4 / 111.195, lon: 112.734 },
  ];

  it('2023: 50 km in general, 5 km in the urban core', () => {
    const d = planProgress({ year: 2023, asOf: endOf(2023), stations, places }).chargingDistance!;
    expect(d.places).toBe(3);
    expect(d.maxKm).toBeCloseTo(60, 1);
    expect(d.farthest).toMatchObject({ placeId: 'v-far', name: '远村', nearestStationId: 's1', limitKm: 50 });
    expect(d.overLimit.map((o) => o.placeId)).toEqual(['v-far']);
  });

  it('2024: the urban core limit tightens to 3 km', () => {
    const d = planProgress({ year: 2024, asOf: endOf(2024), stations, places }).chargingDistance!;
    expect(d.overLimit.map((o) => [o.placeId, o.limitKm])).toEqual([
      ['v-far', 30],
      ['core-4km', 3],
    ]);
    expect(d.overLimit[1]!.km).toBeCloseTo(4, 1);
  });

  it('without any station with coordinates, every place is out of reach', () => {
    const d = planProgress({ year: 2023, asOf: endOf(2023), stations: [{ id: 'x', isPublic: true, piles: piles('x', 1) }], places })
      .chargingDistance!;
    expect(d).toMatchObject({ places: 3, maxKm: null });
    expect(d.overLimit).toHaveLength(3);
  });

  it('is left out when no places are given', () => {
    expect(planProgress({ year: 2023, asOf: endOf(2023), stations }).chargingDistance).toBeNull();
  });
});
