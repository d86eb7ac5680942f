/** What a command's answer or failure means for the caller: an HTTP answer and an audit outcome. */
import type { CommandResult } from '@pilewatch/ocpp';
import { ApiError, type ApiErrorCode } from '../errors.js';

export type AuditOutcome = 'accepted' | 'refused' | 'failed';

export function outcomeOfResult(result: CommandResult): AuditOutcome {
  return result.accepted ? 'accepted' : 'refused';
}

// The central system's codes (and the bus's, when the command travelled to another node) → the API's.
const mapped: Record<string, ApiErrorCode> = {
  PW_CSMS_CHARGER_OFFLINE: 'PW_API_CHARGER_OFFLINE',
  PW_BUS_NO_HOLDER: 'PW_API_CHARGER_OFFLINE',
  PW_CSMS_CHARGER_NOT_ACCEPTED: 'PW_API_CHARGER_NOT_ACCEPTED',
  PW_CSMS_CHARGER_DISCONNECTED: 'PW_API_CHARGER_DISCONNECTED',
  PW_CSMS_COMMAND_TIMEOUT: 'PW_API_COMMAND_TIMEOUT',
  PW_BUS_REQUEST_TIMEOUT: 'PW_API_COMMAND_TIMEOUT',
  PW_CSMS_COMMAND_REJECTED: 'PW_API_COMMAND_REJECTED',
  PW_CSMS_COMMAND_BAD_RESPONSE: 'PW_API_COMMAND_BAD_ANSWER',
  PW_CSMS_COMMAND_INVALID: 'PW_API_VALIDATION',
  PW_OCPP_COMMAND_INVALID: 'PW_API_VALIDATION',
  PW_CSMS_NOT_LISTENING: 'PW_API_NOT_READY',
  PW_CSMS_CLOSED: 'PW_API_NOT_READY',
};

/** The API error for a failed command, carrying the original code and message; undefined for an unknown failure. */
export function commandFailure(chargerId: string, err: unknown): ApiError | undefined {
  const { code, message } = err as { code?: string; message?: string };
  const apiCode = code === undefined ? undefined : mapped[code];
  if (!apiCode) return undefined;
  const what =
    apiCode === 'PW_API_VALIDATION'
      ? `body: the command cannot be sent to charger ${chargerId}: ${message}`
      : `charger ${chargerId}: ${message}`;
  return new ApiError(apiCode, what, { cause: { code, message } });
}
