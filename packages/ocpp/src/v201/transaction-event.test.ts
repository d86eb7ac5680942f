import { describe, expect, it } from 'vitest';
import { action, expectOcppError, receivedAt } from '../testing/wire.js';

const transactionEvent = action('ocpp2.0.1', 'TransactionEvent');
const chargerId = 'XZ-0001';
const t0 = '2025-03-01T07:50:00Z';
const t1 = '2025-03-01T08:20:00Z';
const t2 = '2025-03-01T09:10:00Z';
const tx = 'b7e1c1f0-7d7c-4a5e-9c43-2f1a6d0e8a11';

describe('2.0.1 TransactionEvent', () => {
  it.each([
    {
      name: 'Started: starts the transaction on the EVSE with token, seqNo, trigger, meter start and charging state',
      frame: {
        eventType: 'Started',
        timestamp: t0,
        triggerReason: 'Authorized',
        seqNo: 0,
        transactionInfo: { transactionId: tx, chargingState: 'Charging', remoteStartId: 77 },
        evse: { id: 1, connectorId: 1 },
        idToken: { idToken: '04A2B3C4', type: 'ISO14443' },
        meterValue: [{ timestamp: t0, sampledValue: [{ value: 123.456, context: 'Transaction.Begin', unitOfMeasure: { unit: 'kWh' } }] }],
      },
      events: [
        {
          kind: 'transaction.started',
          chargerId,
          at: new Date(t0),
          receivedAt,
          transactionId: tx,
          evseId: 1,
          connectorId: 1,
          idTag: '04A2B3C4',
          meterStartWh: 123456,
          seqNo: 0,
          triggerReason: 'Authorized',
          chargingState: 'Charging',
          remoteStartId: 77,
        },
        {
          kind: 'meter.sampled',
          chargerId,
          at: new Date(t0),
          receivedAt,
          evseId: 1,
          connectorId: 1,
          transactionId: tx,
          samples: [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 123456, context: 'Transaction.Begin' }],
        },
      ],
    },
    {
      name: 'Started before plug-in: no EVSE yet, so EVSE 0 until an update names one',
      frame: { eventType: 'Started', timestamp: t0, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: tx }, idToken: { idToken: 'K1', type: 'KeyCode' } },
      events: [
        { kind: 'transaction.started', chargerId, at: new Date(t0), receivedAt, transactionId: tx, evseId: 0, connectorId: 0, idTag: 'K1', seqNo: 0, triggerReason: 'Authorized' },
      ],
    },
    {
      name: 'Updated: reports the charging state and meter samples of the running transaction',
      frame: {
        eventType: 'Updated',
        timestamp: t1,
        triggerReason: 'MeterValuePeriodic',
        seqNo: 3,
        transactionInfo: { transactionId: tx, chargingState: 'SuspendedEV' },
        meterValue: [
          {
            timestamp: t1,
            sampledValue: [
              { value: 130.2, unitOfMeasure: { unit: 'kWh' }, context: 'Sample.Periodic' },
              { value: 0.4, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'kW' }, context: 'Sample.Periodic' },
            ],
          },
        ],
      },
      events: [
        { kind: 'transaction.updated', chargerId, at: new Date(t1), receivedAt, transactionId: tx, seqNo: 3, triggerReason: 'MeterValuePeriodic', chargingState: 'SuspendedEV' },
        {
          kind: 'meter.sampled',
          chargerId,
          at: new Date(t1),
          receivedAt,
          transactionId: tx,
          samples: [
            { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 130200, context: 'Sample.Periodic' },
            { measurand: 'Power.Active.Import', unit: 'W', value: 400, context: 'Sample.Periodic' },
          ],
        },
      ],
    },
    {
      name: 'Updated with an EVSE: names where the transaction runs',
      frame: { eventType: 'Updated', timestamp: t1, triggerReason: 'CablePluggedIn', seqNo: 1, transactionInfo: { transactionId: tx, chargingState: 'EVConnected' }, evse: { id: 2 } },
      events: [
        { kind: 'transaction.updated', chargerId, at: new Date(t1), receivedAt, transactionId: tx, evseId: 2, connectorId: 1, seqNo: 1, triggerReason: 'CablePluggedIn', chargingState: 'EVConnected' },
      ],
    },
    {
      name: 'Ended: samples first, then the end with stoppedReason and the Transaction.End register as meter stop',
      frame: {
        eventType: 'Ended',
        timestamp: t2,
        triggerReason: 'EVDeparted',
        seqNo: 9,
        transactionInfo: { transactionId: tx, stoppedReason: 'EVDisconnected' },
        meterValue: [{ timestamp: t2, sampledValue: [{ value: 145000, context: 'Transaction.End' }, { value: 145.0, phase: 'L1', unitOfMeasure: { unit: 'kWh' }, context: 'Transaction.End' }] }],
      },
      events: [
        {
          kind: 'meter.sampled',
          chargerId,
          at: new Date(t2),
          receivedAt,
          transactionId: tx,
          samples: [
            { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 145000, context: 'Transaction.End' },
            { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 145000, phase: 'L1', context: 'Transaction.End' },
          ],
        },
        { kind: 'transaction.ended', chargerId, at: new Date(t2), receivedAt, transactionId: tx, seqNo: 9, triggerReason: 'EVDeparted', reason: 'EVDisconnected', meterStopWh: 145000 },
      ],
    },
    {
      name: 'Ended without stoppedReason: Local, the only reason 2.0.1 lets a station omit',
      frame: { eventType: 'Ended', timestamp: t2, triggerReason: 'StopAuthorized', seqNo: 4, transactionInfo: { transactionId: tx }, idToken: { idToken: '04A2B3C4', type: 'ISO14443' } },
      events: [
        { kind: 'transaction.ended', chargerId, at: new Date(t2), receivedAt, transactionId: tx, seqNo: 4, triggerReason: 'StopAuthorized', reason: 'Local', idTag: '04A2B3C4' },
      ],
    },
  ])('$name', ({ frame, events }) => {
    expect(transactionEvent.decode(frame)).toEqual(events);
  });

  it('keeps what identifies a retransmission: transaction id, seqNo and the station timestamp (offline events too)', () => {
    const frame = { eventType: 'Updated', timestamp: t1, triggerReason: 'Trigger', seqNo: 5, offline: true, transactionInfo: { transactionId: tx } };
    const [event] = transactionEvent.decode(frame);
    expect(event).toMatchObject({ transactionId: tx, seqNo: 5, at: new Date(t1) });
    expect(transactionEvent.decode({ ...frame })).toEqual([event]);
  });

  it.each([
    {
      name: 'a Started event on EVSE 0',
      frame: { eventType: 'Started', timestamp: t0, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: tx }, evse: { id: 0 } },
      rpcCode: 'PropertyConstraintViolation',
    },
    {
      name: 'a negative seqNo',
      frame: { eventType: 'Updated', timestamp: t1, triggerReason: 'Trigger', seqNo: -1, transactionInfo: { transactionId: tx } },
      rpcCode: 'PropertyConstraintViolation',
    },
  ] as const)('rejects $name with $rpcCode', ({ frame, rpcCode }) => {
    expectOcppError(() => transactionEvent.decode(frame), rpcCode);
  });

  const withToken = { eventType: 'Started', timestamp: t0, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: tx }, evse: { id: 1 }, idToken: { idToken: 'K1', type: 'KeyCode' } };
  it('answers idTokenInfo when the event carries an id token', () => {
    expect(transactionEvent.respond(withToken, { idTokenStatus: 'Invalid' })).toEqual({ idTokenInfo: { status: 'Invalid' } });
  });

  it('answers empty when the event carries no id token', () => {
    expect(transactionEvent.respond({ ...withToken, idToken: undefined })).toEqual({});
  });

  it('refuses to answer an id token without a decided status (InternalError)', () => {
    expectOcppError(() => transactionEvent.respond(withToken), 'InternalError');
  });
});
