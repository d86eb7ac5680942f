/**
 * Every error the central system raises to its callers, with a stable code. Callers (the API, the worker,
 * the CLI) branch on `code`; the message says what went wrong and what to do about it.
 */

export const csmsErrors = {
  PW_CSMS_CHARGER_OFFLINE: 'the charger is not connected to this node',
  PW_CSMS_CHARGER_DISCONNECTED: 'the charger disconnected before answering; the command may or may not have run',
  PW_CSMS_CHARGER_NOT_ACCEPTED: 'the charger is not Accepted, so OCPP forbids this command',
  PW_CSMS_COMMAND_INVALID: 'the command cannot be expressed as a valid OCPP request for this charger',
  PW_CSMS_COMMAND_TIMEOUT: 'the charger did not answer in time; the command may or may not have run',
  PW_CSMS_COMMAND_REJECTED: 'the charger answered with a CALLERROR',
  PW_CSMS_COMMAND_BAD_RESPONSE: "the charger's answer does not conform to the OCPP schema",
  PW_CSMS_NOT_LISTENING: 'the central system is not listening',
  PW_CSMS_ALREADY_LISTENING: 'the central system is already listening',
  PW_CSMS_CLOSED: 'the central system has been closed',
} as const;

export type CsmsErrorCode = keyof typeof csmsErrors;

export class CsmsError extends Error {
  constructor(
    readonly code: CsmsErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'CsmsError';
  }
}

/** Builds the error for `code` with the catalogue text, prefixed by what we were doing. */
export function csmsError(
  code: CsmsErrorCode,
  context: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): CsmsError {
  return new CsmsError(code, `${context}: ${csmsErrors[code]}`, details, cause === undefined ? undefined : { cause });
}

export function isCsmsError(err: unknown, code?: CsmsErrorCode): err is CsmsError {
  return err instanceof CsmsError && (code === undefined || err.code === code);
}
