/**
 * The package's one error type. `rpcCode` is the OCPP-J CALLERROR code the central system answers with;
 * `code` is our stable catalogue code for logs and tests.
 */
import type { ProtocolVersion } from './events.js';

export type RpcErrorCode =
  | 'NotImplemented'
  | 'NotSupported'
  | 'InternalError'
  | 'ProtocolError'
  | 'SecurityError'
  | 'FormationViolation'
  | 'PropertyConstraintViolation'
  | 'OccurrenceConstraintViolation'
  | 'TypeConstraintViolation'
  | 'GenericError';

/** Every reason this package throws, with what it means. */
export const errorCatalogue = {
  PW_OCPP_ACTION_UNKNOWN: 'the protocol version defines no such action (CALLERROR NotImplemented)',
  PW_OCPP_ACTION_UNSUPPORTED: 'the action exists but a charger may not send it to us, or we do not handle it (NotSupported)',
  PW_OCPP_PAYLOAD_MALFORMED: 'the payload is not a JSON object (FormationViolation)',
  PW_OCPP_PAYLOAD_FORBIDDEN: 'the JSON schema admits the payload but the specification forbids it',
  PW_OCPP_OUTCOME_INCOMPLETE: 'buildResponse lacks a decision the response needs (a bug in the caller)',
  PW_OCPP_COMMAND_INVALID: 'a command cannot be expressed in the target protocol version',
  PW_OCPP_RESULT_MALFORMED: "a charger's answer to a command lacks what its schema requires",
} as const;

export type OcppErrorCode = keyof typeof errorCatalogue;

export class OcppError extends Error {
  override readonly name = 'OcppError';
  constructor(
    readonly code: OcppErrorCode,
    readonly rpcCode: RpcErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * The code as each version spells it on the wire: 1.6 says `OccurenceConstraintViolation` (sic) and
 * `FormationViolation`, 2.0.1 says `OccurrenceConstraintViolation` and `FormatViolation`.
 */
export function wireErrorCode(version: ProtocolVersion, code: RpcErrorCode): string {
  if (version === 'ocpp1.6' && code === 'OccurrenceConstraintViolation') return 'OccurenceConstraintViolation';
  if (version === 'ocpp2.0.1' && code === 'FormationViolation') return 'FormatViolation';
  return code;
}

/** A payload the schema admits but the specification forbids. */
export function forbidden(
  rpcCode: 'PropertyConstraintViolation' | 'OccurrenceConstraintViolation' | 'TypeConstraintViolation',
  message: string,
  details?: Record<string, unknown>,
): OcppError {
  return new OcppError('PW_OCPP_PAYLOAD_FORBIDDEN', rpcCode, message, details);
}
