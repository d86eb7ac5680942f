import { describe, expect, it } from 'vitest';
import { planBatch, startKey } from './batch-plan.js';
import { ocppCall } from './test-support/ocpp-calls.js';

const status = (chargerId: string, connectorId: number, state: string, timestamp: string) =>
  ocppCall(chargerId, 'ocpp1.6', 'StatusNotification', { connectorId, errorCode: 'NoError', status: state, timestamp });

describe('planBatch', () => {
  it('keeps every status for history but only the newest per connector for the current state', () => {
    const plan = planBatch([
      status('A', 1, 'Charging', '2025-03-01T10:05:00Z'),
      status('A', 1, 'Preparing', '2025-03-01T10:00:00Z'),
      status('A', 2, 'Available', '2025-03-01T10:00:00Z'),
      status('B', 1, 'Faulted', '2025-03-01T09:00:00Z'),
    ]);
    expect(plan.statusRows).toHaveLength(4);
    expect(plan.latestStatus.map((r) => [r.chargerId, r.evseId, r.status])).toEqual([
      ['A', 1, 'Charging'],
      ['A', 2, 'Available'],
      ['B', 1, 'Faulted'],
    ]);
  });

  it('registers connectors for EVSEs but not for the charger as a whole (EVSE 0)', () => {
    const plan = planBatch([status('A', 0, 'Unavailable', '2025-03-01T10:00:00Z'), status('A', 2, 'Available', '2025-03-01T10:00:00Z')]);
    expect(plan.connectors).toEqual([{ chargerId: 'A', evseId: 2, connectorId: 1 }]);
    expect(plan.latestStatus).toHaveLength(2);
  });

  it('records the latest receive time per charger', () => {
    const early = ocppCall('A', 'ocpp1.6', 'Heartbeat', {}, { receivedAt: new Date('2025-03-01T10:00:00Z') });
    const late = ocppCall('A', 'ocpp1.6', 'Heartbeat', {}, { receivedAt: new Date('2025-03-01T10:05:00Z') });
    expect(planBatch([late, early]).lastSeen).toEqual(new Map([['A', new Date('2025-03-01T10:05:00Z')]]));
  });

  it('fills absent phase and location with empty strings, so the natural key matches resent samples', () => {
    const plan = planBatch([
      ocppCall('A', 'ocpp1.6', 'MeterValues', {
        connectorId: 1,
        meterValue: [{ timestamp: '2025-03-01T10:00:00Z', sampledValue: [{ value: '230', measurand: 'Voltage', phase: 'L1', unit: 'V' }, { value: '5' }] }],
      }),
    ]);
    expect(plan.meterRows.map((r) => [r.measurand, r.phase, r.location, r.value])).toEqual([
      ['Voltage', 'L1', '', 230],
      ['Energy.Active.Import.Register', '', '', 5],
    ]);
  });

  it('keeps boots and transaction events in order with the index of their message', () => {
    const plan = planBatch([
      ocppCall('A', 'ocpp1.6', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }),
      ocppCall('A', 'ocpp1.6', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2025-03-01T10:00:00Z' }),
      ocppCall('A', 'ocpp1.6', 'StopTransaction', { transactionId: 1, meterStop: 10, timestamp: '2025-03-01T11:00:00Z' }),
    ]);
    expect(plan.steps.map((s) => [s.item, s.kind])).toEqual([
      [0, 'boot'],
      [1, 'start'],
      [2, 'end'],
    ]);
  });

  it('stores charger reports with their location in columns and the rest as payload', () => {
    const plan = planBatch([ocppCall('A', 'ocpp1.6', 'SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: '2025-03-01T10:00:00Z', techInfo: 'v2' })]);
    expect(plan.chargerEventRows).toEqual([
      {
        time: new Date('2025-03-01T10:00:00Z'),
        receivedAt: expect.any(Date),
        chargerId: 'A',
        kind: 'security.event',
        evseId: null,
        connectorId: null,
        payload: { type: 'FirmwareUpdated', techInfo: 'v2' },
      },
    ]);
  });
});

describe('startKey', () => {
  it('names a 1.6 session by connector, time, meter start and tag', () => {
    const [event] = ocppCall('A', 'ocpp1.6', 'StartTransaction', { connectorId: 2, idTag: 'TAG', meterStart: 150, timestamp: '2025-03-01T10:00:00Z' }).events;
    expect(startKey(event as Parameters<typeof startKey>[0])).toBe('2|2025-03-01T10:00:00.000Z|150|TAG');
  });
});
