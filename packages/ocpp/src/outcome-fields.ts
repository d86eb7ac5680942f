/** Decisions a response cannot be built without; their absence is a bug in the caller, not the charger. */
import { OcppError } from './errors.js';
import type { Outcome } from './handler.js';

export function requireIdTokenStatus(outcome: Outcome, action: string): NonNullable<Outcome['idTokenStatus']> {
  if (outcome.idTokenStatus === undefined) {
    throw new OcppError('PW_OCPP_OUTCOME_INCOMPLETE', 'InternalError', `${action} answer needs outcome.idTokenStatus: authorize the id token first`, {
      action,
      field: 'idTokenStatus',
    });
  }
  return outcome.idTokenStatus;
}

export function requireTransactionId(outcome: Outcome, action: string): number {
  if (outcome.transactionId === undefined || !Number.isInteger(outcome.transactionId)) {
    throw new OcppError('PW_OCPP_OUTCOME_INCOMPLETE', 'InternalError', `${action} answer needs an integer outcome.transactionId: store the transaction first`, {
      action,
      field: 'transactionId',
    });
  }
  return outcome.transactionId;
}
