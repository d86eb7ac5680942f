import { describe, expect, it } from 'vitest';
import { parsePlanTargets, targetsFor, xinzhouPlan } from './plan-targets.js';

describe('plan targets', () => {
  it('holds Annex 1 for the 14 counties and the Mount Wutai Scenic Area', () => {
    expect(xinzhouPlan.annex_1_new_public_piles).toHaveLength(15);
    expect(xinzhouPlan.annex_1_new_public_piles.filter((a) => a.code !== null)).toHaveLength(14);
    const sum = (y: '2023' | '2024' | '2025' | 'total') => xinzhouPlan.annex_1_new_public_piles.reduce((n, a) => n + a.new_public_piles[y], 0);
    // the plan's own 总计 row of Annex 1
    expect([sum('2023'), sum('2024'), sum('2025'), sum('total')]).toEqual([1654, 1617, 2158, 5429]);
    for (const a of xinzhouPlan.annex_1_new_public_piles) {
      expect(a.new_public_piles['2023'] + a.new_public_piles['2024'] + a.new_public_piles['2025']).toBe(a.new_public_piles.total);
    }
  });

  it.each([
    // year, public piles, EVs per pile (target, goal), villages, scenic, posts, camps, trunk parking, highway SAs (any, DC), distance km
    [2023, 2000, 8, 8, 300, 15, 3, 1, 2, 18, null, 50],
    [2024, 3000, 7, 7, 800, 25, 6, 6, 5, 18, 15, 30],
    [2025, 6000, 8, 6, 2696, 40, 10, 11, 38, 18, 18, 10],
  ])('%i: cumulative targets', (year, piles, max, goal, villages, scenic, posts, camps, trunk, hsa, hsaDc, km) => {
    expect(targetsFor(year)).toMatchObject({
      publicPilesTotal: piles,
      evsPerPileMax: max,
      evsPerPileGoal: goal,
      townshipsCovered: 152,
      villagesCovered: villages,
      scenicAreasCovered: scenic,
      touristRoadPostsCovered: posts,
      touristRoadRvCampsCovered: camps,
      trunkRoadParkingAreasCovered: trunk,
      highwayServiceAreasCovered: hsa,
      highwayServiceAreasWithFastCharge: hsaDc,
      maxChargingDistanceKm: km,
    });
  });

  it('adds Annex 1 up year by year per area', () => {
    expect([2023, 2024, 2025].map((y) => targetsFor(y).annexCumulative['140902'])).toEqual([296, 587, 975]);
    expect(targetsFor(2025).annexCumulative['wutaishan-scenic-area']).toBe(253);
  });

  it('sets the central-station and township targets only for 2025', () => {
    expect(targetsFor(2024)).toMatchObject({ countiesWithCentralStation: null, minAvgPilesPerTownship: null });
    expect(targetsFor(2025)).toMatchObject({
      countiesWithCentralStation: 14,
      minCentralStationsPerCounty: 2,
      minPilesInCentralStationsPerCounty: 30,
      minAvgPilesPerTownship: 5,
      urbanCoreMaxDistanceKm: 1,
      urbanEdgeMaxDistanceKm: 3,
    });
  });

  it('refuses other years and malformed files with stable codes', () => {
    expect(() => targetsFor(2026)).toThrow(expect.objectContaining({ code: 'PW_SUP_PLAN_YEAR_UNKNOWN' }));
    expect(() => parsePlanTargets({ ...xinzhouPlan, annex_1_new_public_piles: [] })).toThrow(expect.objectContaining({ code: 'PW_SUP_PLAN_TARGETS_INVALID' }));
  });
});
