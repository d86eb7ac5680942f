import { describe, expect, it } from 'vitest';
import { OcppError, wireErrorCode } from './errors.js';
import { buildResponse, decodeCall, supportedActions } from './inbound.js';
import { ctx, expectOcppError, outcome, validateWire } from './testing/wire.js';

describe('decodeCall / buildResponse dispatch', () => {
  it('lists the actions each version accepts from chargers', () => {
    expect([...supportedActions['ocpp1.6']].sort()).toEqual(
      [
        'Authorize',
        'BootNotification',
        'DataTransfer',
        'DiagnosticsStatusNotification',
        'FirmwareStatusNotification',
        'Heartbeat',
        'LogStatusNotification',
        'MeterValues',
        'SecurityEventNotification',
        'SignedFirmwareStatusNotification',
        'StartTransaction',
        'StatusNotification',
        'StopTransaction',
      ].sort(),
    );
    expect([...supportedActions['ocpp2.0.1']].sort()).toEqual(
      [
        'Authorize',
        'BootNotification',
        'DataTransfer',
        'FirmwareStatusNotification',
        'Heartbeat',
        'LogStatusNotification',
        'MeterValues',
        'NotifyEvent',
        'NotifyReport',
        'SecurityEventNotification',
        'StatusNotification',
        'TransactionEvent',
      ].sort(),
    );
  });

  it.each([
    { version: 'ocpp1.6', action: 'TransactionEvent', rpcCode: 'NotImplemented', code: 'PW_OCPP_ACTION_UNKNOWN' },
    { version: 'ocpp1.6', action: 'FooBar', rpcCode: 'NotImplemented', code: 'PW_OCPP_ACTION_UNKNOWN' },
    { version: 'ocpp1.6', action: 'toString', rpcCode: 'NotImplemented', code: 'PW_OCPP_ACTION_UNKNOWN' },
    { version: 'ocpp1.6', action: 'RemoteStartTransaction', rpcCode: 'NotSupported', code: 'PW_OCPP_ACTION_UNSUPPORTED' },
    { version: 'ocpp2.0.1', action: 'StartTransaction', rpcCode: 'NotImplemented', code: 'PW_OCPP_ACTION_UNKNOWN' },
    { version: 'ocpp2.0.1', action: 'NotifyChargingLimit', rpcCode: 'NotSupported', code: 'PW_OCPP_ACTION_UNSUPPORTED' },
  ] as const)('answers $version $action with $rpcCode', ({ version, action, rpcCode, code }) => {
    expect(expectOcppError(() => decodeCall(version, action, {}, ctx), rpcCode).code).toBe(code);
    expectOcppError(() => buildResponse(version, action, {}, outcome), rpcCode);
  });

  it.each([null, 'text', 42, [1, 2]])('answers a payload that is not an object (%j) with FormationViolation', (payload) => {
    expectOcppError(() => decodeCall('ocpp1.6', 'Heartbeat', payload, ctx), 'FormationViolation');
  });

  it('rejects a charger timestamp that is not a date (when schema validation is off) with PropertyConstraintViolation', () => {
    expectOcppError(
      () => decodeCall('ocpp1.6', 'StartTransaction', { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: 'yesterday' }, ctx),
      'PropertyConstraintViolation',
    );
  });

  it('test frames are checked against the ocpp-rpc schema, so fixtures cannot drift from real OCPP', () => {
    expect(() => validateWire('ocpp1.6', 'urn:StatusNotification.req', { connectorId: 1, status: 'Charging' })).toThrow(/errorCode/);
  });
});

describe('wireErrorCode', () => {
  it.each([
    { version: 'ocpp1.6', code: 'OccurrenceConstraintViolation', wire: 'OccurenceConstraintViolation' },
    { version: 'ocpp2.0.1', code: 'OccurrenceConstraintViolation', wire: 'OccurrenceConstraintViolation' },
    { version: 'ocpp1.6', code: 'FormationViolation', wire: 'FormationViolation' },
    { version: 'ocpp2.0.1', code: 'FormationViolation', wire: 'FormatViolation' },
    { version: 'ocpp2.0.1', code: 'PropertyConstraintViolation', wire: 'PropertyConstraintViolation' },
  ] as const)('spells $code as $wire in $version', ({ version, code, wire }) => {
    expect(wireErrorCode(version, code)).toBe(wire);
  });

  it('OcppError is an Error with its codes and details', () => {
    const e = new OcppError('PW_OCPP_PAYLOAD_FORBIDDEN', 'PropertyConstraintViolation', 'bad', { field: 'x' });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'OcppError', code: 'PW_OCPP_PAYLOAD_FORBIDDEN', rpcCode: 'PropertyConstraintViolation', details: { field: 'x' } });
  });
});
