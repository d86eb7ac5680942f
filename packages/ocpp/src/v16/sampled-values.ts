/**
 * 1.6 MeterValue → timestamped, normalised samples (shared by MeterValues and StopTransaction).
 * 1.6 carries readings as strings; a Raw value must be a decimal number. A non-numeric Raw value is
 * a PropertyConstraintViolation: its type (string) is what the schema says, its content is not.
 */
import { chargerTime } from '../charger-time.js';
import { forbidden } from '../errors.js';
import type { SampledValue } from '../events.js';
import type { CallContext } from '../handler.js';
import { normaliseReading } from '../measurements.js';
import type { MeterValuesRequest } from '../generated/ocpp16.js';

type MeterValue = MeterValuesRequest['meterValue'][number];
type RawSampledValue = MeterValue['sampledValue'][number];

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseDecimal(text: string, field: string): number {
  const trimmed = text.trim();
  if (!decimal.test(trimmed)) {
    throw forbidden('PropertyConstraintViolation', `${field} "${text}" is not a decimal number (and format is not SignedData)`, {
      field,
      value: text,
    });
  }
  return Number(trimmed);
}

export function decodeMeterValues(
  meterValues: MeterValue[],
  ctx: CallContext,
  field: string,
): Array<{ at: Date; samples: SampledValue[] }> {
  return meterValues.map((mv, i) => {
    if (mv.sampledValue.length === 0) {
      // The specification gives sampledValue a cardinality of 1..*; the 1.6 schema forgot minItems.
      throw forbidden('OccurrenceConstraintViolation', `${field}[${i}].sampledValue must hold at least one value`, {
        field: `${field}[${i}].sampledValue`,
      });
    }
    return {
      at: chargerTime(mv.timestamp, ctx, `${field}[${i}].timestamp`),
      samples: decodeSampledValues(mv.sampledValue, `${field}[${i}].sampledValue`),
    };
  });
}

/**
 * A SignedData reading is attached to the Raw reading it signs (same measurand, phase, location and
 * context) so the signed blob and its number stay one sample; alone, it becomes a sample without value.
 */
function decodeSampledValues(values: RawSampledValue[], field: string): SampledValue[] {
  const samples: SampledValue[] = [];
  const signed: Array<{ raw: RawSampledValue; sample: SampledValue }> = [];
  values.forEach((raw, i) => {
    const reading = {
      measurand: raw.measurand,
      unit: raw.unit,
      phase: raw.phase,
      location: raw.location,
      context: raw.context,
    };
    if (raw.format === 'SignedData') {
      signed.push({ raw, sample: normaliseReading({ ...reading, value: undefined, signed: raw.value }) });
    } else {
      samples.push(normaliseReading({ ...reading, value: parseDecimal(raw.value, `${field}[${i}].value`) }));
    }
  });
  for (const { sample } of signed) {
    const partner = samples.find(
      (s) =>
        s.signed === undefined &&
        s.measurand === sample.measurand &&
        s.phase === sample.phase &&
        s.location === sample.location &&
        s.context === sample.context,
    );
    if (partner) partner.signed = sample.signed;
    else samples.push(sample);
  }
  return samples;
}
