/**
 * Meter anomalies: the energy register going backwards, and power the connector cannot deliver.
 * Both say the meter (or what it reports) cannot be trusted, or the hardware runs beyond its rating.
 */
import type { SampledValue } from '@pilewatch/ocpp';
import type { ChargerDraft } from '../alert-lifecycle.js';
import { iso, ms, MINUTE } from '../alert-lifecycle.js';
import { refKey, type AlertDetail, type ConnectorRef } from '../alert-state.js';

export const registerMeasurand = 'Energy.Active.Import.Register';
export const powerMeasurand = 'Power.Active.Import';

/**
 * One energy register reading. Readings older than the newest one seen arrive late and are skipped;
 * a backward step becomes the new base, so the register is judged step by step.
 */
export function registerReading(draft: ChargerDraft, ref: ConnectorRef, at: string, wh: number): void {
  const key = refKey(ref);
  const last = draft.peek.registers[key];
  if (last && ms(at) < ms(last.at)) return;
  const cfg = draft.config.rules['meter.energy_backwards'];
  if (last && wh < last.wh - cfg.toleranceWh) {
    draft.hold('meter.energy_backwards', ref, 'register', at, { previousWh: last.wh, readingWh: wh, previousAt: last.at }, iso(ms(at) + cfg.quietMinutes * MINUTE));
  }
  draft.memory.registers[key] = { at, wh };
}

function powerKw(sample: SampledValue): number | undefined {
  if (typeof sample.value !== 'number') return undefined;
  if (sample.unit === 'W') return sample.value / 1000;
  if (sample.unit === 'kW') return sample.value;
  return undefined;
}

export function onMeterSamples(draft: ChargerDraft, ref: ConnectorRef, at: string, samples: readonly SampledValue[]): void {
  for (const s of samples) {
    // Only the whole register: per-phase registers are separate series a charger may not keep monotonic together.
    if (s.measurand === registerMeasurand && s.phase === undefined && s.unit === 'Wh' && typeof s.value === 'number') {
      registerReading(draft, ref, at, s.value);
    }
  }
  const power = samples.filter((s) => s.measurand === powerMeasurand && s.phase === undefined && powerKw(s) !== undefined);
  if (power.length === 0) return;
  const key = refKey(ref);
  const judged = draft.peek.powerAt[key];
  if (judged && ms(at) < ms(judged)) return;
  draft.memory.powerAt[key] = at;
  const kw = Math.max(...power.map((s) => powerKw(s)!));
  const cfg = draft.config.rules['meter.impossible_power'];
  const rating = cfg.ratingsKw[`${draft.chargerId}:${key}`] ?? cfg.ratingsKw[draft.chargerId];
  const limitKw = rating !== undefined ? rating * (1 + cfg.tolerance) : cfg.absoluteMaxKw;
  if (kw > limitKw) {
    const detail: AlertDetail = { powerKw: kw, limitKw };
    if (rating !== undefined) detail.ratingKw = rating;
    draft.hold('meter.impossible_power', ref, 'power', at, detail);
  } else {
    draft.release('meter.impossible_power', ref, 'power', at, 'condition_cleared');
  }
}
