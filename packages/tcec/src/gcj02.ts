/**
 * WGS-84 ↔ GCJ-02 (the "Mars" datum Chinese maps and platforms use).
 *
 * pilewatch stores coordinates as WGS-84 — what GNSS receivers, OpenStreetMap and the plan's county
 * seats give — and T/CEC 102 wants StationLng/StationLat in GCJ-02, so every coordinate we send is
 * converted here. GCJ-02 is WGS-84 plus a deliberate, deterministic offset of a few hundred metres on
 * the Krasovsky 1940 ellipsoid; the forward formula below is the widely published one. Outside a
 * rectangle around China the offset is not applied, as Chinese map providers do.
 */

export interface LngLat {
  lng: number;
  lat: number;
}

const A = 6378245.0; // Krasovsky 1940 semi-major axis, metres
const EE = 0.006693421622965943; // Krasovsky 1940 first eccentricity squared

export function isOutsideChina({ lng, lat }: LngLat): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function latOffset(x: number, y: number): number {
  let d = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  d += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  d += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  d += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y / 30) * Math.PI)) * 2) / 3;
  return d;
}

function lngOffset(x: number, y: number): number {
  let d = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  d += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  d += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  d += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return d;
}

/** The GCJ-02 position of a WGS-84 point. */
export function wgs84ToGcj02(p: LngLat): LngLat {
  if (isOutsideChina(p)) return { lng: p.lng, lat: p.lat };
  const x = p.lng - 105;
  const y = p.lat - 35;
  const radLat = (p.lat / 180) * Math.PI;
  const s = Math.sin(radLat);
  const magic = 1 - EE * s * s;
  const sqrtMagic = Math.sqrt(magic);
  // Offsets come out in metres-like units; convert to degrees on the ellipsoid at this latitude.
  const dLat = (latOffset(x, y) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (lngOffset(x, y) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lng: p.lng + dLng, lat: p.lat + dLat };
}

/**
 * The WGS-84 point whose GCJ-02 position is `p`, for coordinates a partner sends us. The forward
 * offset varies slowly, so a few fixed-point steps reach well under a millimetre.
 */
export function gcj02ToWgs84(p: LngLat): LngLat {
  if (isOutsideChina(p)) return { lng: p.lng, lat: p.lat };
  let guess = { lng: p.lng, lat: p.lat };
  for (let i = 0; i < 10; i++) {
    const forward = wgs84ToGcj02(guess);
    const dLng = p.lng - forward.lng;
    const dLat = p.lat - forward.lat;
    guess = { lng: guess.lng + dLng, lat: guess.lat + dLat };
    if (Math.abs(dLng) < 1e-10 && Math.abs(dLat) < 1e-10) break;
  }
  return guess;
}
