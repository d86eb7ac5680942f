import { describe, expect, it } from 'vitest';
import { callErrorCode } from './callerror-codes.js';

describe('callErrorCode', () => {
  it.each([
    // 1.6 keeps the misspellings its errata decided not to fix
    ['ocpp1.6', 'FormatViolation', 'call', 'FormationViolation'],
    ['ocpp1.6', 'FormationViolation', 'call', 'FormationViolation'],
    ['ocpp1.6', 'OccurrenceConstraintViolation', 'call', 'OccurenceConstraintViolation'],
    ['ocpp1.6', 'OccurenceConstraintViolation', 'call', 'OccurenceConstraintViolation'],
    ['ocpp1.6', 'TypeConstraintViolation', 'call', 'TypeConstraintViolation'],
    ['ocpp1.6', 'SecurityError', 'call', 'SecurityError'],
    // 2.0.1-only framing codes have no 1.6 name
    ['ocpp1.6', 'RpcFrameworkError', 'frame', 'FormationViolation'],
    ['ocpp1.6', 'MessageTypeNotSupported', 'frame', 'FormationViolation'],
    ['ocpp1.6', 'RpcFrameworkError', 'call', 'GenericError'],
    // 2.0.1 spells them correctly and knows the framing codes
    ['ocpp2.0.1', 'FormationViolation', 'call', 'FormatViolation'],
    ['ocpp2.0.1', 'FormatViolation', 'call', 'FormatViolation'],
    ['ocpp2.0.1', 'OccurenceConstraintViolation', 'call', 'OccurrenceConstraintViolation'],
    ['ocpp2.0.1', 'RpcFrameworkError', 'frame', 'RpcFrameworkError'],
    ['ocpp2.0.1', 'MessageTypeNotSupported', 'frame', 'MessageTypeNotSupported'],
    ['ocpp2.0.1', 'NotImplemented', 'call', 'NotImplemented'],
    // anything else is the catch-all
    ['ocpp2.0.1', 'SomethingNew', 'call', 'GenericError'],
    ['ocpp1.6', 'SomethingNew', 'call', 'GenericError'],
  ] as const)('%s %s (%s) → %s', (version, code, origin, expected) => {
    expect(callErrorCode(version, code, origin)).toBe(expected);
  });
});
