/** 1.6 StartTransaction: a charging session began; the store assigns the id we answer with. */
import { eventBase } from '../charger-time.js';
import { forbidden } from '../errors.js';
import type { TransactionStarted } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { StartTransactionRequest, StartTransactionResponse } from '../generated/ocpp16.js';
import { requireTransactionId } from '../outcome-fields.js';
import { idTagInfo } from './id-tag-info.js';
import { fromConnectorId } from './connector-ids.js';

export const startTransaction: ActionModule<StartTransactionRequest, StartTransactionResponse> = {
  decode(p, ctx) {
    if (p.connectorId < 1) {
      throw forbidden('PropertyConstraintViolation', `connectorId must be > 0 for a transaction, got ${p.connectorId}`, {
        field: 'connectorId',
        value: p.connectorId,
      });
    }
    const event: TransactionStarted = {
      kind: 'transaction.started',
      ...eventBase(ctx, p.timestamp),
      ...fromConnectorId(p.connectorId),
      idTag: p.idTag,
      meterStartWh: p.meterStart,
    };
    if (p.reservationId !== undefined) event.reservationId = p.reservationId;
    return [event];
  },
  respond: (_p, outcome) => ({
    transactionId: requireTransactionId(outcome, 'StartTransaction'),
    idTagInfo: idTagInfo(outcome, 'StartTransaction'),
  }),
};
