import { describe, expect, it } from 'vitest';
import { Random } from '../random.js';
import { arrivalCurve, chinaHour, nextArrival, sessionsPerConnectorPerDay } from './arrivals.js';

const demand = { multiplier: 1, categories: {}, hourly: {} };

describe('arrivals', () => {
  it.each([
    ['2026-11-26T00:00:00Z', 8],
    ['2026-11-26T15:59:59Z', 23],
    ['2026-11-26T16:00:00Z', 0],
    ['2026-11-25T23:30:00+08:00', 23],
  ])('%s is hour %i in Asia/Shanghai', (iso, hour) => {
    expect(chinaHour(Date.parse(iso))).toBe(hour);
  });

  it('gives each site its daily sessions, scaled by the scenario', () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(arrivalCurve('urban_public', demand))).toBeCloseTo(sessionsPerConnectorPerDay.urban_public, 9);
    const holiday = { multiplier: 2, categories: { highway_service_area: 4 }, hourly: {} };
    expect(sum(arrivalCurve('highway_service_area', holiday))).toBeCloseTo(8 * sessionsPerConnectorPerDay.highway_service_area, 9);
  });

  it('draws the same arrivals from the same seed, and none when nobody comes', () => {
    const curve = arrivalCurve('urban_public', demand);
    const t0 = Date.parse('2026-11-26T00:00:00+08:00');
    const draw = () => {
      const rng = new Random('arrivals');
      const out: number[] = [];
      for (let t = t0, i = 0; i < 20; i++) out.push((t = nextArrival(rng, curve, t)!));
      return out;
    };
    expect(draw()).toEqual(draw());
    expect(nextArrival(new Random(1), arrivalCurve('urban_public', { ...demand, multiplier: 0 }), t0)).toBeUndefined();
  });

  it('follows the hour of day: residential arrivals cluster in the evening, institutional ones in the morning', () => {
    const hours = (category: 'residential' | 'institution') => {
      const rng = new Random(category);
      const curve = arrivalCurve(category, { ...demand, multiplier: 50 });
      const counts = new Array(24).fill(0);
      let t = Date.parse('2026-11-26T00:00:00+08:00');
      for (let i = 0; i < 5000; i++) counts[chinaHour((t = nextArrival(rng, curve, t)!))]++;
      return counts as number[];
    };
    const home = hours('residential');
    expect(home[20]).toBeGreaterThan(5 * home[4]!);
    const office = hours('institution');
    expect(office[8]).toBeGreaterThan(10 * office[20]!);
    expect(office[2]).toBe(0);
  });
});
