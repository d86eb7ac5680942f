/** 1.6 idTagInfo from the central system's decision. */
import type { Outcome } from '../handler.js';
import type { AuthorizeResponse } from '../generated/ocpp16.js';
import { requireIdTokenStatus } from '../outcome-fields.js';

type IdTagStatus = AuthorizeResponse['idTagInfo']['status'];

/** 1.6 has no `Unknown`; its `Invalid` is defined as "identifier is unknown, not allowed for charging". */
export function toIdTagStatus(status: NonNullable<Outcome['idTokenStatus']>): IdTagStatus {
  return status === 'Unknown' ? 'Invalid' : status;
}

export function idTagInfo(outcome: Outcome, action: string): { status: IdTagStatus } {
  return { status: toIdTagStatus(requireIdTokenStatus(outcome, action)) };
}
