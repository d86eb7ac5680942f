/**
 * What a connector's meter reads at an instant: energy register, power, current, voltage, and on DC the
 * car's state of charge and the cabinet and gun temperatures — filtered by the measurands configured.
 */
import { electrical, temperatures } from './charging-curve.js';
import type { ConnectorState } from './session.js';

export interface Sample {
  measurand: string;
  value: number;
  unit: string;
  location?: string;
  context: string;
}

/** Small deterministic wobble in [-1, 1] that depends only on the instant, so samples are reproducible. */
function wobble(t: number): number {
  return Math.sin(t / 9973) * 0.7 + Math.sin(t / 3571) * 0.3;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function readMeter(conn: ConnectorState, at: number, measurands: readonly string[], context: string): Sample[] {
  const s = conn.session;
  const dc = conn.spec.currentType === 'DC';
  const powerW = s && s.phase === 'charging' ? s.powerW : 0;
  const soc = s?.soc ?? 0;
  const { voltage, current } = s
    ? electrical(conn.spec.currentType, powerW, soc, s.plan.vehicle, wobble(at))
    : { voltage: dc ? 0 : 220 + 6 * wobble(at), current: 0 };
  const temp = temperatures(at, powerW, conn.spec.maxPowerKw, current, s?.extraGunC ?? 0);
  const out: Sample[] = [];
  const want = new Set(measurands);
  if (want.has('Energy.Active.Import.Register'))
    out.push({ measurand: 'Energy.Active.Import.Register', value: Math.round(conn.registerWh), unit: 'Wh', context });
  if (want.has('Power.Active.Import')) out.push({ measurand: 'Power.Active.Import', value: Math.round(powerW), unit: 'W', context });
  if (want.has('Current.Import')) out.push({ measurand: 'Current.Import', value: round(current, 1), unit: 'A', context });
  if (want.has('Voltage')) out.push({ measurand: 'Voltage', value: round(voltage, 1), unit: 'V', context });
  if (dc && s && want.has('SoC')) out.push({ measurand: 'SoC', value: Math.round(soc * 100), unit: 'Percent', location: 'EV', context });
  if (dc && want.has('Temperature')) {
    out.push({ measurand: 'Temperature', value: round(temp.body, 1), unit: 'Celsius', location: 'Body', context });
    out.push({ measurand: 'Temperature', value: round(temp.gun, 1), unit: 'Celsius', location: 'Outlet', context });
  }
  return out;
}
