import ocppRpc from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import type { ValidationSide } from './connection.js';
import { callFailure } from './commands.js';

const { createRPCError, TimeoutError } = ocppRpc;

describe('callFailure', () => {
  const none = new WeakMap<object, ValidationSide>();

  it('maps a timeout to PW_CSMS_COMMAND_TIMEOUT', () => {
    expect(callFailure(new TimeoutError('Call timeout'), none, 'Reset to A').code).toBe('PW_CSMS_COMMAND_TIMEOUT');
  });

  it("maps the charger's CALLERROR to PW_CSMS_COMMAND_REJECTED with its code", () => {
    const err = callFailure(createRPCError('NotSupported', 'nope', {}), none, 'Reset to A');
    expect(err.code).toBe('PW_CSMS_COMMAND_REJECTED');
    expect(err.details).toMatchObject({ rpcCode: 'NotSupported', description: 'nope' });
  });

  it('tells schema failures of our request and of the answer apart', () => {
    const ours = createRPCError('FormatViolation', 'bad request');
    const theirs = createRPCError('TypeConstraintViolation', 'bad answer');
    const failures = new WeakMap<object, ValidationSide>([
      [ours, 'request'],
      [theirs, 'response'],
    ]);
    expect(callFailure(ours, failures, 'x').code).toBe('PW_CSMS_COMMAND_INVALID');
    expect(callFailure(theirs, failures, 'x').code).toBe('PW_CSMS_COMMAND_BAD_RESPONSE');
  });

  it('maps a disconnect while waiting to PW_CSMS_CHARGER_DISCONNECTED, and a closed socket to OFFLINE', () => {
    const aborted = Object.assign(new Error('Client disconnected'), { name: 'AbortError' });
    expect(callFailure(aborted, none, 'x').code).toBe('PW_CSMS_CHARGER_DISCONNECTED');
    expect(callFailure(new Error('Cannot make call while socket not open'), none, 'x').code).toBe('PW_CSMS_CHARGER_OFFLINE');
  });
});
