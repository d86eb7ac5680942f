/**
 * CALLERROR codes in each version's own vocabulary.
 *
 * OCPP-J 1.6 §4.2.3 lists NotImplemented, NotSupported, InternalError, ProtocolError, SecurityError,
 * FormationViolation, PropertyConstraintViolation, OccurenceConstraintViolation, TypeConstraintViolation
 * and GenericError; its errata (§5, "known issues that will not be fixed") keep both misspellings on the
 * wire. OCPP-J 2.0.1 §4.3 spells FormatViolation and OccurrenceConstraintViolation, and adds
 * RpcFrameworkError and MessageTypeNotSupported. `@pilewatch/ocpp`'s `wireErrorCode` is the one place
 * that spelling is decided.
 *
 * ocpp-rpc answers framing errors with the 2.0.1-only codes whatever the version, and its schema
 * validator mixes the spellings; a strict charger may not recognise such a code. Every CALLERROR we send
 * passes through here on its way out.
 */
import { wireErrorCode, type ProtocolVersion, type RpcErrorCode } from '@pilewatch/ocpp';

/** Where the error arose: the frame itself (not a readable RPC message) or the handling of a CALL. */
export type ErrorOrigin = 'frame' | 'call';

const canonical: Record<string, RpcErrorCode> = {
  NotImplemented: 'NotImplemented',
  NotSupported: 'NotSupported',
  InternalError: 'InternalError',
  ProtocolError: 'ProtocolError',
  SecurityError: 'SecurityError',
  FormationViolation: 'FormationViolation',
  FormatViolation: 'FormationViolation',
  PropertyConstraintViolation: 'PropertyConstraintViolation',
  OccurrenceConstraintViolation: 'OccurrenceConstraintViolation',
  OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
  TypeConstraintViolation: 'TypeConstraintViolation',
  GenericError: 'GenericError',
};

const framingCodes201 = new Set(['RpcFrameworkError', 'MessageTypeNotSupported']);

export function callErrorCode(version: ProtocolVersion, code: string, origin: ErrorOrigin): string {
  const known = Object.hasOwn(canonical, code) ? canonical[code] : undefined;
  if (known) return wireErrorCode(version, known);
  if (version === 'ocpp2.0.1') return framingCodes201.has(code) ? code : 'GenericError';
  // 1.6 has no framing-level codes. A frame that is not a well-formed [type, id, ...] array does not
  // "conform to the PDU structure" (FormationViolation); anything else unknown to 1.6 gets the catch-all.
  return origin === 'frame' ? 'FormationViolation' : 'GenericError';
}
