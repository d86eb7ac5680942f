/** 2.0.1 MeterValues: readings outside a transaction, of one EVSE or (EVSE 0) the main meter. */
import type { ActionModule } from '../handler.js';
import type { MeterValuesRequest, MeterValuesResponse } from '../generated/ocpp201.js';
import { evseConnector } from './evse.js';
import { decodeMeterValues } from './sampled-values.js';

export const meterValues: ActionModule<MeterValuesRequest, MeterValuesResponse> = {
  decode(p, ctx) {
    const where = evseConnector(p.evseId, undefined, 'evseId');
    return decodeMeterValues(p.meterValue, ctx, 'meterValue').map(({ at, samples }) => ({
      kind: 'meter.sampled' as const,
      chargerId: ctx.chargerId,
      at,
      receivedAt: ctx.receivedAt,
      ...where,
      samples,
    }));
  },
  respond: () => ({}),
};
