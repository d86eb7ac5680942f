import { describe, expect, it } from 'vitest';
import { action, expectOcppError, receivedAt } from '../testing/wire.js';

const status = action('ocpp1.6', 'StatusNotification');
const base = { kind: 'connector.status', chargerId: 'XZ-0001', receivedAt };
const at = new Date('2025-03-01T07:59:58.000Z');

describe('1.6 StatusNotification', () => {
  it.each([
    {
      name: 'maps connector N to EVSE N / connector 1 and drops NoError',
      frame: { connectorId: 2, errorCode: 'NoError', status: 'Charging', timestamp: '2025-03-01T07:59:58Z' },
      event: { ...base, at, evseId: 2, connectorId: 1, status: 'Charging' },
    },
    {
      name: 'keeps a fault with its error code and vendor details',
      frame: {
        connectorId: 1,
        errorCode: 'GroundFailure',
        status: 'Faulted',
        timestamp: '2025-03-01T07:59:58Z',
        info: 'RCD tripped',
        vendorId: 'com.xjpower',
        vendorErrorCode: 'E042',
      },
      event: {
        ...base,
        at,
        evseId: 1,
        connectorId: 1,
        status: 'Faulted',
        errorCode: 'GroundFailure',
        info: 'RCD tripped',
        vendorId: 'com.xjpower',
        vendorErrorCode: 'E042',
      },
    },
    {
      name: 'maps connector 0 to the charger as a whole (EVSE 0 / connector 0)',
      frame: { connectorId: 0, errorCode: 'NoError', status: 'Unavailable', timestamp: '2025-03-01T07:59:58Z' },
      event: { ...base, at, evseId: 0, connectorId: 0, status: 'Unavailable' },
    },
    {
      name: 'uses the receive time when the charger sends no timestamp',
      frame: { connectorId: 1, errorCode: 'NoError', status: 'SuspendedEV' },
      event: { ...base, at: receivedAt, evseId: 1, connectorId: 1, status: 'SuspendedEV' },
    },
    {
      name: 'keeps a warning error code on a connector that is not Faulted',
      frame: { connectorId: 1, errorCode: 'HighTemperature', status: 'SuspendedEVSE', timestamp: '2025-03-01T07:59:58Z' },
      event: { ...base, at, evseId: 1, connectorId: 1, status: 'SuspendedEVSE', errorCode: 'HighTemperature' },
    },
  ])('$name', ({ frame, event }) => {
    expect(status.decode(frame)).toEqual([event]);
  });

  it.each([
    {
      name: 'connector 0 reporting a charging state',
      frame: { connectorId: 0, errorCode: 'NoError', status: 'Charging' },
      rpcCode: 'PropertyConstraintViolation',
    },
    {
      name: 'a negative connector id',
      frame: { connectorId: -1, errorCode: 'NoError', status: 'Available' },
      rpcCode: 'PropertyConstraintViolation',
    },
  ] as const)('rejects $name with $rpcCode', ({ frame, rpcCode }) => {
    expectOcppError(() => status.decode(frame), rpcCode);
  });

  it('answers with an empty payload', () => {
    expect(status.respond({ connectorId: 1, errorCode: 'NoError', status: 'Available' })).toEqual({});
  });
});
