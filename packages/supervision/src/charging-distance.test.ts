import { describe, expect, it } from 'vitest';
import { haversineKm, NearestSite } from './charging-distance.js';

describe('haversineKm', () => {
  it.each([
    ['one degree of latitude', { lat: 38, lon: 112 }, { lat: 39, lon: 112 }, 111.195],
    ['Xinzhou (Xinfu) to Yuanping seats', { lat: 38.416, lon: 112.734 }, { lat: 38.731, lon: 112.711 }, 35.07],
    ['Beijing to Shanghai', { lat: 39.9042, lon: 116.4074 }, { lat: 31.2304, lon: 121.4737 }, 1067.3],
    ['the same point', { lat: 38.5, lon: 112.5 }, { lat: 38.5, lon: 112.5 }, 0],
  ])('%s', (_name, a, b, km) => {
    expect(haversineKm(a, b)).toBeCloseTo(km, 0);
  });
});

describe('NearestSite', () => {
  it('finds exactly what a brute-force search finds', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const point = (i: number) => ({ id: `s${i}`, lat: 38 + random() * 1.5, lon: 111 + random() * 2.5 });
    const sites = Array.from({ length: 300 }, (_, i) => point(i));
    const index = new NearestSite(sites);
    for (let i = 0; i < 200; i++) {
      const p = point(1000 + i);
      const brute = Math.min(...sites.map((s) => haversineKm(p, s)));
      expect(index.nearest(p)!.km).toBe(brute);
    }
  });

  it('has no answer without sites, and skips sites without coordinates', () => {
    expect(new NearestSite([]).nearest({ lat: 38, lon: 112 })).toBeUndefined();
    expect(new NearestSite([{ id: 'x', lat: NaN, lon: 1 }]).nearest({ lat: 38, lon: 112 })).toBeUndefined();
  });
});
