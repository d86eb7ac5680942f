/**
 * The physics of a charging session, as plain functions: which car arrives, how much power it draws at
 * each state of charge (flat, then tapering — the curve every DC charging log shows), the voltage and
 * current that go with it, and how warm the cabinet and the gun get.
 */
import type { Random } from '../random.js';
import type { StationCategory } from '../fleet/station-categories.js';
import { chinaHour } from './arrivals.js';

export interface Vehicle {
  batteryKwh: number;
  maxAcKw: number;
  maxDcKw: number;
  /** 800 V-class pack. */
  highVoltage: boolean;
}

export interface SessionPlan {
  vehicle: Vehicle;
  socStart: number;
  /** Charging stops (DC: the driver ends it; AC: the car is full and waits) at this state of charge. */
  socTarget: number;
  /** How long the car stays plugged in at most (simulated ms); AC cars usually leave later than full. */
  stayMs: number;
  /** Seconds from plugging in to presenting the card. */
  authorizeAfterS: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

const cars = {
  compact: { batteryKwh: [30, 42], maxAcKw: 6.6, maxDcKw: [40, 60], hv: 0 },
  sedan: { batteryKwh: [50, 72], maxAcKw: 7, maxDcKw: [90, 130], hv: 0.05 },
  suv: { batteryKwh: [70, 95], maxAcKw: 7, maxDcKw: [120, 180], hv: 0.15 },
  taxi: { batteryKwh: [50, 60], maxAcKw: 6.6, maxDcKw: [80, 100], hv: 0 },
  bus: { batteryKwh: [250, 350], maxAcKw: 7, maxDcKw: [150, 250], hv: 0 },
} as const;

const stayHours: Record<StationCategory, readonly [number, number]> = {
  central_public: [1, 3],
  urban_public: [1, 4],
  township: [1, 5],
  village: [2, 10],
  scenic_area: [2, 5],
  highway_service_area: [0.4, 1],
  trunk_road_parking: [0.5, 1.5],
  tourist_road_post: [0.5, 2],
  rv_camp: [6, 14],
  residential: [7, 12],
  institution: [3, 8],
  bus_depot: [1, 3],
};

export function drawSessionPlan(rng: Random, currentType: 'AC' | 'DC', category: StationCategory): SessionPlan {
  const kind =
    category === 'bus_depot'
      ? 'bus'
      : rng.weighted(
          category === 'urban_public' || category === 'central_public'
            ? { compact: 3, sedan: 4, suv: 2, taxi: 3 }
            : { compact: 3, sedan: 4, suv: 3, taxi: 1 },
        );
  const c = cars[kind];
  const vehicle: Vehicle = {
    batteryKwh: Math.round(rng.between(c.batteryKwh[0], c.batteryKwh[1])),
    maxAcKw: c.maxAcKw,
    maxDcKw: Math.round(rng.between(c.maxDcKw[0], c.maxDcKw[1])),
    highVoltage: rng.chance(c.hv),
  };
  const dc = currentType === 'DC';
  const socStart = dc ? rng.between(0.08, 0.45) : rng.between(0.15, 0.7);
  const socTarget = dc ? rng.between(0.8, 0.95) : 1;
  const [lo, hi] = stayHours[category];
  const stayMs = dc ? rng.between(0.75, 1.5) * HOUR : rng.between(lo, hi) * HOUR;
  return { vehicle, socStart, socTarget, stayMs, authorizeAfterS: rng.int(8, 45) };
}

/** Power the car accepts at `soc` (0–1), limited by what the connector can give right now. */
export function chargingPowerKw(v: Vehicle, soc: number, availableKw: number, currentType: 'AC' | 'DC'): number {
  if (soc >= 1) return 0;
  if (currentType === 'AC') {
    const p = Math.min(availableKw, v.maxAcKw);
    return soc < 0.92 ? p : p * Math.max(0.25, 1 - (soc - 0.92) / 0.1);
  }
  const peak = Math.min(availableKw, v.maxDcKw);
  let f: number;
  if (soc < 0.1) f = 0.75 + 2.5 * soc;
  else if (soc < 0.55) f = 1;
  else if (soc < 0.8) f = 1 - ((soc - 0.55) / 0.25) * 0.45;
  else f = Math.max(0.08, 0.55 - ((soc - 0.8) / 0.2) * 0.47);
  return peak * f;
}

export interface ChargeState {
  soc: number;
  /** Energy delivered so far in this session, Wh. */
  energyWh: number;
  powerW: number;
}

/**
 * Advances a session by `dtMs` of charging at up to `availableKw`, in steps of at most a minute so the
 * taper is followed whatever the sampling interval. Stops adding energy at `socLimit`.
 */
export function integrate(
  s: ChargeState,
  v: Vehicle,
  availableKw: number,
  currentType: 'AC' | 'DC',
  dtMs: number,
  socLimit: number,
): ChargeState {
  let { soc, energyWh } = s;
  let powerW = s.powerW;
  for (let left = dtMs; left > 0; ) {
    const step = Math.min(left, MIN);
    left -= step;
    if (soc >= socLimit) {
      powerW = 0;
      continue;
    }
    const kw = chargingPowerKw(v, soc, availableKw, currentType);
    const wh = (kw * 1000 * step) / HOUR;
    const room = (socLimit - soc) * v.batteryKwh * 1000;
    const added = Math.min(wh, room);
    energyWh += added;
    soc += added / (v.batteryKwh * 1000);
    powerW = added < wh ? 0 : kw * 1000;
  }
  return { soc: Math.min(1, soc), energyWh, powerW };
}

/** Volts and amps at the connector for a given power: grid voltage on AC, pack voltage on DC. */
export function electrical(
  currentType: 'AC' | 'DC',
  powerW: number,
  soc: number,
  v: Vehicle,
  jitter: number,
): { voltage: number; current: number } {
  const voltage =
    currentType === 'AC' ? 220 + 6 * jitter : (v.highVoltage ? 2 : 1) * (340 + 95 * soc) + 2 * jitter;
  return { voltage, current: powerW / voltage };
}

/** Outdoor temperature in Xinzhou (°C): cold winters, warm summers, warmest mid-afternoon. */
export function ambientC(t: number): number {
  const month = new Date(t + 8 * HOUR).getUTCMonth(); // 0 = January
  const seasonal = 8 - 16 * Math.cos((2 * Math.PI * (month + 0.5)) / 12);
  const daily = -5 * Math.cos((2 * Math.PI * (chinaHour(t) - 3)) / 24);
  return seasonal + daily;
}

/** Cabinet and gun temperature while delivering `powerW` of up to `ratedKw`, plus any extra heating. */
export function temperatures(t: number, powerW: number, ratedKw: number, current: number, extraGunC: number) {
  const ambient = ambientC(t);
  return {
    body: ambient + 18 * Math.min(1, powerW / (ratedKw * 1000)),
    gun: ambient + 35 * Math.min(1.5, (current / 250) ** 2) + extraGunC,
  };
}
