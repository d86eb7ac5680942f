import { describe, expect, it } from 'vitest';
import { defaultUnit, normaliseReading, registerReadingWh, scaleByPowerOf10 } from './measurements.js';

describe('normaliseReading', () => {
  it.each([
    { reading: { value: 12.345, unit: 'kWh' }, unit: 'Wh', value: 12345 },
    { reading: { value: 0.1, unit: 'kW', measurand: 'Power.Active.Import' }, unit: 'W', value: 100 },
    { reading: { value: 2.5, unit: 'kvarh', measurand: 'Energy.Reactive.Import.Register' }, unit: 'varh', value: 2500 },
    { reading: { value: 3, unit: 'kVA', measurand: 'Power.Offered' }, unit: 'VA', value: 3000 },
    { reading: { value: 1.5, unit: 'kvar', measurand: 'Power.Reactive.Import' }, unit: 'var', value: 1500 },
    { reading: { value: 7, unit: 'Wh', multiplier: 3 }, unit: 'Wh', value: 7000 },
    { reading: { value: 7, unit: 'kWh', multiplier: -1 }, unit: 'Wh', value: 700 },
    { reading: { value: 230, measurand: 'Voltage' }, unit: 'V', value: 230 },
    { reading: { value: 20, measurand: 'Temperature', unit: 'Celcius' }, unit: 'Celsius', value: 20 },
    { reading: { value: 293, measurand: 'Temperature', unit: 'K' }, unit: 'K', value: 293 },
    { reading: { value: 0.98, measurand: 'Power.Factor' }, unit: '', value: 0.98 },
  ])('$reading.value $reading.unit ($reading.measurand) → $value $unit', ({ reading, unit, value }) => {
    expect(normaliseReading(reading)).toMatchObject({ unit, value });
  });

  it.each([
    ['Energy.Active.Import.Register', 'Wh'],
    ['Energy.Active.Export.Interval', 'Wh'],
    ['Energy.Reactive.Export.Register', 'varh'],
    ['Energy.Apparent.Net', 'VAh'],
    ['Power.Active.Export', 'W'],
    ['Power.Offered', 'W'],
    ['Power.Reactive.Import', 'var'],
    ['Current.Offered', 'A'],
    ['Frequency', 'Hz'],
    ['SoC', 'Percent'],
    ['RPM', 'RPM'],
  ])('defaults %s to %s', (measurand, unit) => {
    expect(defaultUnit(measurand)).toBe(unit);
  });

  it('scales through the decimal text, without binary noise', () => {
    expect(scaleByPowerOf10(0.1 + 0.2, 0)).toBe(0.1 + 0.2);
    expect(scaleByPowerOf10(1.005, 3)).toBe(1005);
    expect(scaleByPowerOf10(1e-7, 3)).toBeCloseTo(1e-4, 15);
  });

  it('picks the whole-EVSE energy register, preferring the asked context', () => {
    const samples = [
      { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 10, context: 'Sample.Periodic' },
      { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 11, phase: 'L1', context: 'Transaction.End' },
      { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 12, context: 'Transaction.End' },
      { measurand: 'Power.Active.Import', unit: 'W', value: 13, context: 'Transaction.End' },
    ];
    expect(registerReadingWh(samples, 'Transaction.End')).toBe(12);
    expect(registerReadingWh(samples, 'Transaction.Begin')).toBe(12);
    expect(registerReadingWh(samples.slice(0, 1), 'Transaction.Begin')).toBe(10);
    expect(registerReadingWh([], 'Transaction.End')).toBeUndefined();
  });
});
