import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, isOutsideChina, wgs84ToGcj02 } from './gcj02.js';

// Published pairs from independent implementations of the formula (googollee/eviltransform's test
// table; wandergis/coordtransform's README), given as WGS-84 → GCJ-02.
const knownPoints = [
  { place: 'Shanghai', wgs: { lng: 121.5272106, lat: 31.1774276 }, gcj: { lng: 121.531541859215, lat: 31.17530398364597 } },
  { place: 'Shenzhen', wgs: { lng: 113.912316, lat: 22.543847 }, gcj: { lng: 113.9171764808363, lat: 22.540796131694766 } },
  { place: 'Beijing', wgs: { lng: 116.377817, lat: 39.911954 }, gcj: { lng: 116.38404722455657, lat: 39.91334545536069 } },
  { place: 'Beijing (Tiananmen)', wgs: { lng: 116.404, lat: 39.915 }, gcj: { lng: 116.41024449916938, lat: 39.91640428150164 } },
];

describe('WGS-84 → GCJ-02', () => {
  it.each(knownPoints)('reproduces the published point for $place', ({ wgs, gcj }) => {
    const got = wgs84ToGcj02(wgs);
    expect(got.lng).toBeCloseTo(gcj.lng, 9);
    expect(got.lat).toBeCloseTo(gcj.lat, 9);
  });

  it('shifts a Xinzhou point by a few hundred metres, as GCJ-02 does everywhere in China', () => {
    const xinzhou = { lng: 112.7341, lat: 38.4167 };
    const got = wgs84ToGcj02(xinzhou);
    const metres = Math.hypot((got.lng - xinzhou.lng) * 111_320 * Math.cos((xinzhou.lat * Math.PI) / 180), (got.lat - xinzhou.lat) * 110_574);
    expect(metres).toBeGreaterThan(100);
    expect(metres).toBeLessThan(1000);
  });

  it('leaves points outside China unchanged', () => {
    const london = { lng: -0.1276, lat: 51.5072 };
    expect(isOutsideChina(london)).toBe(true);
    expect(wgs84ToGcj02(london)).toEqual(london);
    expect(wgs84ToGcj02({ lng: 140, lat: 35.7 })).toEqual({ lng: 140, lat: 35.7 });
  });
});

describe('GCJ-02 → WGS-84', () => {
  it.each(knownPoints)('inverts the published point for $place to well under a centimetre', ({ wgs, gcj }) => {
    const got = gcj02ToWgs84(gcj);
    expect(Math.abs(got.lng - wgs.lng)).toBeLessThan(1e-8);
    expect(Math.abs(got.lat - wgs.lat)).toBeLessThan(1e-8);
  });
});
