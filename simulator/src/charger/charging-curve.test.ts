import { describe, expect, it } from 'vitest';
import { Random } from '../random.js';
import { chargingPowerKw, drawSessionPlan, integrate, type Vehicle } from './charging-curve.js';

const suv: Vehicle = { batteryKwh: 80, maxAcKw: 7, maxDcKw: 150, highVoltage: false };

describe('charging power', () => {
  it.each([
    // soc, available kW, expected kW on DC
    [0.05, 120, 120 * 0.875],
    [0.3, 120, 120],
    [0.55, 120, 120],
    [0.675, 120, 120 * 0.775],
    [0.8, 120, 120 * 0.55],
    [0.9, 120, 120 * 0.315],
    [0.3, 60, 60],
    [0.3, 200, 150],
    [1, 120, 0],
  ])('DC at SoC %f with %f kW available draws %f kW (flat, then tapering)', (soc, available, kw) => {
    expect(chargingPowerKw(suv, soc, available, 'DC')).toBeCloseTo(kw, 6);
  });

  it.each([
    [0.2, 7],
    [0.9, 7],
    [0.97, 7 * 0.5],
    [0.999, 7 * 0.25],
  ])('AC at SoC %f draws %f kW', (soc, kw) => {
    expect(chargingPowerKw(suv, soc, 7, 'AC')).toBeCloseTo(kw, 3);
  });
});

describe('integrate', () => {
  it('adds the energy the curve delivers and stops at the SoC limit', () => {
    const start = { soc: 0.2, energyWh: 0, powerW: 0 };
    const tenMinutes = integrate(start, suv, 120, 'DC', 10 * 60_000, 0.9);
    expect(tenMinutes.energyWh).toBeCloseTo(20_000, -1); // 120 kW for 1/6 h
    expect(tenMinutes.soc).toBeCloseTo(0.2 + 20 / 80, 3);
    const long = integrate(start, suv, 120, 'DC', 3 * 3_600_000, 0.9);
    expect(long.soc).toBeCloseTo(0.9, 9);
    expect(long.energyWh).toBeCloseTo(0.7 * 80_000, 3);
    expect(long.powerW).toBe(0);
  });

  it('gives the same result whether sampled every minute or every ten', () => {
    let fine = { soc: 0.1, energyWh: 0, powerW: 0 };
    for (let i = 0; i < 30; i++) fine = integrate(fine, suv, 120, 'DC', 60_000, 0.95);
    let coarse = { soc: 0.1, energyWh: 0, powerW: 0 };
    for (let i = 0; i < 3; i++) coarse = integrate(coarse, suv, 120, 'DC', 600_000, 0.95);
    expect(coarse.energyWh).toBeCloseTo(fine.energyWh, 6);
  });
});

describe('drawSessionPlan', () => {
  it('draws a car and a stay that fit the site: DC drivers stop at 80–95%, AC cars charge to full', () => {
    const rng = new Random('plans');
    for (let i = 0; i < 200; i++) {
      const dc = drawSessionPlan(rng, 'DC', 'highway_service_area');
      expect(dc.socTarget).toBeGreaterThanOrEqual(0.8);
      expect(dc.socTarget).toBeLessThanOrEqual(0.95);
      expect(dc.socStart).toBeLessThan(dc.socTarget);
      const ac = drawSessionPlan(rng, 'AC', 'residential');
      expect(ac.socTarget).toBe(1);
      expect(ac.stayMs).toBeGreaterThanOrEqual(7 * 3_600_000);
    }
    expect(drawSessionPlan(new Random(1), 'DC', 'bus_depot').vehicle.batteryKwh).toBeGreaterThanOrEqual(250);
  });
});
