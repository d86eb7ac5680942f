/**
 * 1.6 StopTransaction: the session ended. Its optional `transactionData` readings become meter.sampled
 * events (emitted first, while the transaction is still open) for the transaction's own EVSE.
 */
import { eventBase } from '../charger-time.js';
import type { DomainEvent, TransactionEnded } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { StopTransactionRequest, StopTransactionResponse } from '../generated/ocpp16.js';
import { toIdTagStatus } from './id-tag-info.js';
import { decodeMeterValues } from './sampled-values.js';

export const stopTransaction: ActionModule<StopTransactionRequest, StopTransactionResponse> = {
  decode(p, ctx) {
    const transactionId = String(p.transactionId);
    const events: DomainEvent[] = decodeMeterValues(p.transactionData ?? [], ctx, 'transactionData').map(({ at, samples }) => ({
      kind: 'meter.sampled',
      chargerId: ctx.chargerId,
      at,
      receivedAt: ctx.receivedAt,
      transactionId,
      samples,
    }));
    const ended: TransactionEnded = {
      kind: 'transaction.ended',
      ...eventBase(ctx, p.timestamp),
      transactionId,
      meterStopWh: p.meterStop,
      // 1.6 §6.52: "If reason is absent, it is assumed to be Local".
      reason: p.reason ?? 'Local',
    };
    if (p.idTag !== undefined) ended.idTag = p.idTag;
    events.push(ended);
    return events;
  },
  // idTagInfo is optional here: a transaction may stop without an id tag, and a stop is never refused.
  respond: (p, outcome) => (p.idTag !== undefined && outcome.idTokenStatus !== undefined ? { idTagInfo: { status: toIdTagStatus(outcome.idTokenStatus) } } : {}),
};
