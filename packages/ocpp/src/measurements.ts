/**
 * One reading → its normalised form: energy in Wh (varh, VAh), power in W (var, VA), the measurand's
 * own unit when the charger names none. Shared by both versions' sampled values.
 */
import type { SampledValue } from './events.js';

export const defaultMeasurand = 'Energy.Active.Import.Register';

/** Prefixed units and the base unit they scale to (1.6 spells Celsius "Celcius" in one enum value). */
const scaled: Record<string, { unit: string; power10: number }> = {
  kWh: { unit: 'Wh', power10: 3 },
  kW: { unit: 'W', power10: 3 },
  kvarh: { unit: 'varh', power10: 3 },
  kvar: { unit: 'var', power10: 3 },
  kVA: { unit: 'VA', power10: 3 },
  kVAh: { unit: 'VAh', power10: 3 },
  Celcius: { unit: 'Celsius', power10: 0 },
};

/**
 * Both specifications default the unit to Wh "if the (default) measurand is an Energy type" and say
 * nothing for the rest; we take each measurand's SI unit so a Voltage sample never reads as Wh.
 */
export function defaultUnit(measurand: string): string {
  if (measurand.startsWith('Energy.Reactive.')) return 'varh';
  if (measurand.startsWith('Energy.Apparent.')) return 'VAh';
  if (measurand.startsWith('Energy.')) return 'Wh';
  if (measurand.startsWith('Power.Reactive.')) return 'var';
  if (measurand === 'Power.Factor') return '';
  if (measurand.startsWith('Power.')) return 'W';
  if (measurand.startsWith('Current.')) return 'A';
  if (measurand === 'Voltage') return 'V';
  if (measurand === 'Frequency') return 'Hz';
  if (measurand === 'Temperature') return 'Celsius';
  if (measurand === 'SoC') return 'Percent';
  if (measurand === 'RPM') return 'RPM';
  return '';
}

export interface Reading {
  value: number | undefined;
  measurand?: string;
  unit?: string;
  /** 2.0.1 unitOfMeasure.multiplier: the value is value × 10^multiplier. */
  multiplier?: number;
  phase?: string;
  location?: string;
  context?: string;
  signed?: string;
}

export function normaliseReading(reading: Reading): SampledValue {
  const measurand = reading.measurand ?? defaultMeasurand;
  const given = reading.unit ?? defaultUnit(measurand);
  const scale = scaled[given];
  const unit = scale?.unit ?? given;
  const power10 = (scale?.power10 ?? 0) + (reading.multiplier ?? 0);
  const sample: SampledValue = { measurand, unit };
  if (reading.value !== undefined) sample.value = scaleByPowerOf10(reading.value, power10);
  if (reading.phase !== undefined) sample.phase = reading.phase;
  if (reading.location !== undefined) sample.location = reading.location;
  if (reading.context !== undefined) sample.context = reading.context;
  if (reading.signed !== undefined) sample.signed = reading.signed;
  return sample;
}

/** Scales through the decimal text so 12.345 kWh is exactly 12345 Wh, not 12344.999999999998. */
export function scaleByPowerOf10(value: number, power10: number): number {
  if (power10 === 0) return value;
  const text = String(value);
  if (/e/i.test(text)) return value * 10 ** power10;
  return Number(`${text}e${power10}`);
}

/** The energy register reading (Wh, whole-EVSE, no phase) among samples, preferring the given context. */
export function registerReadingWh(samples: SampledValue[], preferredContext: string): number | undefined {
  const registers = samples.filter(
    (s) => s.measurand === defaultMeasurand && s.phase === undefined && s.unit === 'Wh' && s.value !== undefined,
  );
  return (registers.find((s) => s.context === preferredContext) ?? registers.at(-1))?.value;
}
