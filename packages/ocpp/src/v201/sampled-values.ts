/** 2.0.1 MeterValue → timestamped, normalised samples (shared by MeterValues and TransactionEvent). */
import { chargerTime } from '../charger-time.js';
import type { SampledValue } from '../events.js';
import type { CallContext } from '../handler.js';
import { normaliseReading } from '../measurements.js';
import type { MeterValueType, SampledValueType } from '../generated/ocpp201.js';

export function decodeMeterValues(
  meterValues: MeterValueType[],
  ctx: CallContext,
  field: string,
): Array<{ at: Date; samples: SampledValue[] }> {
  return meterValues.map((mv, i) => ({
    at: chargerTime(mv.timestamp, ctx, `${field}[${i}].timestamp`),
    samples: mv.sampledValue.map(decodeSampledValue),
  }));
}

function decodeSampledValue(sv: SampledValueType): SampledValue {
  return normaliseReading({
    value: sv.value,
    measurand: sv.measurand,
    unit: sv.unitOfMeasure?.unit,
    multiplier: sv.unitOfMeasure?.multiplier,
    phase: sv.phase,
    location: sv.location,
    context: sv.context,
    // The whole object is kept: signedMeterData alone cannot be verified without its method and key.
    signed: sv.signedMeterValue ? JSON.stringify(sv.signedMeterValue) : undefined,
  });
}
