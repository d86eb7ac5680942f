import { describe, expect, it } from 'vitest';
import { commandFailure, outcomeOfResult } from './outcome.js';

describe('command failures as API errors', () => {
  it.each([
    ['PW_CSMS_CHARGER_OFFLINE', 'PW_API_CHARGER_OFFLINE', 409],
    ['PW_BUS_NO_HOLDER', 'PW_API_CHARGER_OFFLINE', 409],
    ['PW_CSMS_CHARGER_NOT_ACCEPTED', 'PW_API_CHARGER_NOT_ACCEPTED', 409],
    ['PW_CSMS_COMMAND_TIMEOUT', 'PW_API_COMMAND_TIMEOUT', 504],
    ['PW_BUS_REQUEST_TIMEOUT', 'PW_API_COMMAND_TIMEOUT', 504],
    ['PW_CSMS_CHARGER_DISCONNECTED', 'PW_API_CHARGER_DISCONNECTED', 502],
    ['PW_CSMS_COMMAND_REJECTED', 'PW_API_COMMAND_REJECTED', 502],
    ['PW_CSMS_COMMAND_BAD_RESPONSE', 'PW_API_COMMAND_BAD_ANSWER', 502],
    ['PW_CSMS_COMMAND_INVALID', 'PW_API_VALIDATION', 400],
    ['PW_OCPP_COMMAND_INVALID', 'PW_API_VALIDATION', 400],
  ])('%s → %s (%i), keeping the original code', (code, apiCode, status) => {
    const err = commandFailure('CP-1', Object.assign(new Error('what the csms said'), { code }));
    expect(err?.code).toBe(apiCode);
    expect(err?.statusCode).toBe(status);
    expect(err?.details).toEqual({ cause: { code, message: 'what the csms said' } });
  });

  it('leaves an unknown failure alone (it becomes an internal error)', () => {
    expect(commandFailure('CP-1', new Error('boom'))).toBeUndefined();
  });

  it('audits an answer as accepted or refused by the charger', () => {
    expect(outcomeOfResult({ status: 'Accepted', accepted: true })).toBe('accepted');
    expect(outcomeOfResult({ status: 'Rejected', accepted: false })).toBe('refused');
  });
});
