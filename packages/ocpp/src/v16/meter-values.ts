/** 1.6 MeterValues: periodic or triggered readings of a connector's (or the main) meter. */
import { forbidden } from '../errors.js';
import type { MeterSampled } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { MeterValuesRequest, MeterValuesResponse } from '../generated/ocpp16.js';
import { fromConnectorId } from './connector-ids.js';
import { decodeMeterValues } from './sampled-values.js';

export const meterValues: ActionModule<MeterValuesRequest, MeterValuesResponse> = {
  decode(p, ctx) {
    if (p.meterValue.length === 0) {
      throw forbidden('OccurrenceConstraintViolation', 'meterValue must hold at least one MeterValue', { field: 'meterValue' });
    }
    const where = fromConnectorId(p.connectorId);
    return decodeMeterValues(p.meterValue, ctx, 'meterValue').map(({ at, samples }) => {
      const event: MeterSampled = { kind: 'meter.sampled', chargerId: ctx.chargerId, at, receivedAt: ctx.receivedAt, ...where, samples };
      if (p.transactionId !== undefined) event.transactionId = String(p.transactionId);
      return event;
    });
  },
  respond: () => ({}),
};
