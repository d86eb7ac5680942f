/**
 * Temperature measurands against thresholds, and temperatures rising fast. Where the sensor sits
 * decides what is hot: Outlet/Cable is the gun, Body/Inlet (or anything on EVSE 0) the pile, EV the
 * battery. Both versions default the location to Outlet.
 */
import type { SampledValue } from '@pilewatch/ocpp';
import type { AlertCode } from '../alert-rules.js';
import type { ChargerDraft } from '../alert-lifecycle.js';
import { ms, MINUTE } from '../alert-lifecycle.js';
import { refKey, type ConnectorRef } from '../alert-state.js';

type HighRule = Extract<AlertCode, 'temperature.connector_high' | 'temperature.pile_high' | 'temperature.battery_high'>;

export function highRuleFor(ref: ConnectorRef, location: string): HighRule {
  if (location === 'EV') return 'temperature.battery_high';
  if (ref.evseId === 0 || location === 'Body' || location === 'Inlet') return 'temperature.pile_high';
  return 'temperature.connector_high';
}

/** °C from the units chargers use; undefined for a unit that is no temperature. */
export function toCelsius(value: number, unit: string): number | undefined {
  switch (unit) {
    case 'Celsius':
    case 'Celcius':
    case '':
      return value;
    case 'Fahrenheit':
      return ((value - 32) * 5) / 9;
    case 'K':
      return value - 273.15;
    default:
      return undefined;
  }
}

export function onTemperatureSamples(draft: ChargerDraft, ref: ConnectorRef, at: string, samples: readonly SampledValue[]): void {
  for (const s of samples) {
    if (s.measurand !== 'Temperature' || typeof s.value !== 'number') continue;
    const c = toCelsius(s.value, s.unit);
    if (c === undefined) continue;
    judge(draft, ref, at, s.location ?? 'Outlet', s.phase, c);
  }
}

function judge(draft: ChargerDraft, ref: ConnectorRef, at: string, location: string, phase: string | undefined, c: number): void {
  const seriesKey = `${refKey(ref)}:${location}${phase ? `:${phase}` : ''}`;
  const series = draft.peek.temperatures[seriesKey];
  if (series && ms(at) < ms(series.lastAt)) return; // late sample: history, not the present

  const rule = highRuleFor(ref, location);
  const high = draft.config.rules[rule];
  const source = `temperature:${location}${phase ? `:${phase}` : ''}`;
  if (c >= high.thresholdC) {
    draft.hold(rule, ref, source, at, { temperatureC: c, thresholdC: high.thresholdC, location });
  } else if (c < high.thresholdC - high.hysteresisC) {
    draft.release(rule, ref, source, at, 'condition_cleared');
  }

  const rising = draft.config.rules['temperature.rising_fast'];
  const windowStart = ms(at) - rising.windowMinutes * MINUTE;
  const samples = (series?.samples ?? []).filter(([t]) => ms(t) >= windowStart);
  samples.push([at, c]);
  draft.memory.temperatures[seriesKey] = { lastAt: at, samples };
  const rise = c - Math.min(...samples.map(([, v]) => v));
  if (rise >= rising.deltaC) {
    draft.hold('temperature.rising_fast', ref, source, at, { riseC: rise, windowMinutes: rising.windowMinutes, temperatureC: c, location });
  } else {
    draft.release('temperature.rising_fast', ref, source, at, 'condition_cleared');
  }
}
