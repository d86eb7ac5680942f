/**
 * 2.0.1 TransactionEvent: one message type for a transaction's whole life (Started / Updated / Ended),
 * numbered by `seqNo` so retransmissions and gaps can be recognised. Readings it carries become
 * meter.sampled events; on Ended they come first, while the transaction is still open.
 */
import { eventBase } from '../charger-time.js';
import { forbidden } from '../errors.js';
import type { DomainEvent, MeterSampled, TransactionEnded, TransactionStarted, TransactionUpdated } from '../events.js';
import type { ActionModule } from '../handler.js';
import { registerReadingWh } from '../measurements.js';
import { requireIdTokenStatus } from '../outcome-fields.js';
import type { TransactionEventRequest, TransactionEventResponse } from '../generated/ocpp201.js';
import { fromEvse } from './evse.js';
import { decodeMeterValues } from './sampled-values.js';

export const transactionEvent: ActionModule<TransactionEventRequest, TransactionEventResponse> = {
  decode(p, ctx) {
    if (p.seqNo < 0) {
      throw forbidden('PropertyConstraintViolation', `seqNo cannot be negative, got ${p.seqNo}`, { field: 'seqNo', value: p.seqNo });
    }
    if (p.eventType === 'Started' && p.evse?.id === 0) {
      throw forbidden('PropertyConstraintViolation', 'a transaction runs on an EVSE: evse.id cannot be 0', { field: 'evse.id', value: 0 });
    }
    const tx = p.transactionInfo;
    const where = p.evse ? fromEvse(p.evse) : undefined;
    const readings = decodeMeterValues(p.meterValue ?? [], ctx, 'meterValue');
    const sampled: MeterSampled[] = readings.map(({ at, samples }) => ({
      kind: 'meter.sampled',
      chargerId: ctx.chargerId,
      at,
      receivedAt: ctx.receivedAt,
      ...where,
      transactionId: tx.transactionId,
      samples,
    }));
    const allSamples = readings.flatMap((r) => r.samples);
    const common = { ...eventBase(ctx, p.timestamp), transactionId: tx.transactionId, seqNo: p.seqNo, triggerReason: p.triggerReason };

    switch (p.eventType) {
      case 'Started': {
        // Authorization before plug-in starts a transaction before the EVSE is known: EVSE 0 until an
        // Updated event names it.
        const started: TransactionStarted = { kind: 'transaction.started', ...common, ...(where ?? { evseId: 0, connectorId: 0 }) };
        if (p.idToken) started.idTag = p.idToken.idToken;
        const meterStartWh = registerReadingWh(allSamples, 'Transaction.Begin');
        if (meterStartWh !== undefined) started.meterStartWh = meterStartWh;
        if (p.reservationId !== undefined) started.reservationId = p.reservationId;
        if (tx.chargingState !== undefined) started.chargingState = tx.chargingState;
        if (tx.remoteStartId !== undefined) started.remoteStartId = tx.remoteStartId;
        return [started, ...sampled];
      }
      case 'Updated': {
        const updated: TransactionUpdated = { kind: 'transaction.updated', ...common, ...where };
        if (tx.chargingState !== undefined) updated.chargingState = tx.chargingState;
        if (p.idToken) updated.idTag = p.idToken.idToken;
        return [updated, ...sampled];
      }
      case 'Ended': {
        // 2.0.1: stoppedReason "MAY only be omitted when Reason is Local".
        const ended: TransactionEnded = { kind: 'transaction.ended', ...common, ...where, reason: tx.stoppedReason ?? 'Local' };
        const meterStopWh = registerReadingWh(allSamples, 'Transaction.End');
        if (meterStopWh !== undefined) ended.meterStopWh = meterStopWh;
        if (p.idToken) ended.idTag = p.idToken.idToken;
        const events: DomainEvent[] = [...sampled, ended];
        return events;
      }
    }
  },
  // idTokenInfo "is required when the TransactionEventRequest contained an idToken".
  respond: (p, outcome) => (p.idToken ? { idTokenInfo: { status: requireIdTokenStatus(outcome, 'TransactionEvent') } } : {}),
};
