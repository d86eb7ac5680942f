import { describe, expect, it } from 'vitest';
import { action, expectOcppError, receivedAt } from '../testing/wire.js';

const meterValues = action('ocpp1.6', 'MeterValues');
const base = { kind: 'meter.sampled', chargerId: 'XZ-0001', receivedAt };
const t1 = '2025-03-01T07:55:00Z';
const t2 = '2025-03-01T07:56:00Z';

describe('1.6 MeterValues', () => {
  it.each([
    {
      name: 'normalises kWh to Wh and kW to W, reads strings as numbers, fixes the Celcius spelling',
      frame: {
        connectorId: 1,
        transactionId: 42,
        meterValue: [
          {
            timestamp: t1,
            sampledValue: [
              { value: '12.345', measurand: 'Energy.Active.Import.Register', unit: 'kWh', context: 'Sample.Periodic' },
              { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW', context: 'Sample.Periodic' },
              { value: '230.1', measurand: 'Voltage', unit: 'V', phase: 'L1-N', context: 'Sample.Periodic' },
              { value: '41.5', measurand: 'Temperature', unit: 'Celcius', location: 'Body', context: 'Sample.Periodic' },
              { value: '63', measurand: 'SoC', unit: 'Percent', location: 'EV', context: 'Sample.Periodic' },
            ],
          },
        ],
      },
      events: [
        {
          ...base,
          at: new Date(t1),
          evseId: 1,
          connectorId: 1,
          transactionId: '42',
          samples: [
            { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 12345, context: 'Sample.Periodic' },
            { measurand: 'Power.Active.Import', unit: 'W', value: 7200, context: 'Sample.Periodic' },
            { measurand: 'Voltage', unit: 'V', value: 230.1, phase: 'L1-N', context: 'Sample.Periodic' },
            { measurand: 'Temperature', unit: 'Celsius', value: 41.5, location: 'Body', context: 'Sample.Periodic' },
            { measurand: 'SoC', unit: 'Percent', value: 63, location: 'EV', context: 'Sample.Periodic' },
          ],
        },
      ],
    },
    {
      name: 'defaults the measurand to the energy register and its unit to Wh',
      frame: { connectorId: 1, meterValue: [{ timestamp: t1, sampledValue: [{ value: '1500' }] }] },
      events: [
        { ...base, at: new Date(t1), evseId: 1, connectorId: 1, samples: [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 1500 }] },
      ],
    },
    {
      name: "gives a non-energy measurand without unit its own unit, not Wh",
      frame: { connectorId: 1, meterValue: [{ timestamp: t1, sampledValue: [{ value: '16.0', measurand: 'Current.Import' }] }] },
      events: [{ ...base, at: new Date(t1), evseId: 1, connectorId: 1, samples: [{ measurand: 'Current.Import', unit: 'A', value: 16 }] }],
    },
    {
      name: 'makes one event per MeterValue, each at its own charger timestamp',
      frame: {
        connectorId: 2,
        meterValue: [
          { timestamp: t1, sampledValue: [{ value: '100' }] },
          { timestamp: t2, sampledValue: [{ value: '180' }] },
        ],
      },
      events: [
        { ...base, at: new Date(t1), evseId: 2, connectorId: 1, samples: [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 100 }] },
        { ...base, at: new Date(t2), evseId: 2, connectorId: 1, samples: [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 180 }] },
      ],
    },
    {
      name: 'puts the main meter (connector 0) on EVSE 0 / connector 0',
      frame: { connectorId: 0, meterValue: [{ timestamp: t1, sampledValue: [{ value: '98765.4', unit: 'kWh', context: 'Sample.Clock' }] }] },
      events: [
        {
          ...base,
          at: new Date(t1),
          evseId: 0,
          connectorId: 0,
          samples: [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 98765400, context: 'Sample.Clock' }],
        },
      ],
    },
    {
      name: 'attaches a SignedData reading to the raw reading it signs',
      frame: {
        connectorId: 1,
        transactionId: 7,
        meterValue: [
          {
            timestamp: t1,
            sampledValue: [
              { value: '2.5', unit: 'kWh', context: 'Transaction.End' },
              { value: 'OCMF|{"RD":[{"RV":2.5}]}|{"SD":"3045"}', format: 'SignedData', context: 'Transaction.End' },
            ],
          },
        ],
      },
      events: [
        {
          ...base,
          at: new Date(t1),
          evseId: 1,
          connectorId: 1,
          transactionId: '7',
          samples: [
            {
              measurand: 'Energy.Active.Import.Register',
              unit: 'Wh',
              value: 2500,
              context: 'Transaction.End',
              signed: 'OCMF|{"RD":[{"RV":2.5}]}|{"SD":"3045"}',
            },
          ],
        },
      ],
    },
    {
      name: 'keeps a SignedData reading with no raw partner as a sample without value',
      frame: { connectorId: 1, meterValue: [{ timestamp: t1, sampledValue: [{ value: 'AAECAwQ=', format: 'SignedData' }] }] },
      events: [
        { ...base, at: new Date(t1), evseId: 1, connectorId: 1, samples: [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', signed: 'AAECAwQ=' }] },
      ],
    },
  ])('$name', ({ frame, events }) => {
    expect(meterValues.decode(frame)).toEqual(events);
  });

  it.each([
    {
      name: 'a raw value that is not a decimal number',
      frame: { connectorId: 1, meterValue: [{ timestamp: t1, sampledValue: [{ value: '12,5', format: 'Raw' }] }] },
      rpcCode: 'PropertyConstraintViolation',
    },
    {
      name: 'an empty raw value',
      frame: { connectorId: 1, meterValue: [{ timestamp: t1, sampledValue: [{ value: '' }] }] },
      rpcCode: 'PropertyConstraintViolation',
    },
    { name: 'no MeterValue at all', frame: { connectorId: 1, meterValue: [] }, rpcCode: 'OccurrenceConstraintViolation' },
    {
      name: 'a MeterValue without sampled values',
      frame: { connectorId: 1, meterValue: [{ timestamp: t1, sampledValue: [] }] },
      rpcCode: 'OccurrenceConstraintViolation',
    },
    {
      name: 'a negative connector id',
      frame: { connectorId: -2, meterValue: [{ timestamp: t1, sampledValue: [{ value: '1' }] }] },
      rpcCode: 'PropertyConstraintViolation',
    },
  ] as const)('rejects $name with $rpcCode', ({ frame, rpcCode }) => {
    expectOcppError(() => meterValues.decode(frame), rpcCode);
  });

  it('names the offending field in the error details', () => {
    const error = expectOcppError(
      () => meterValues.decode({ connectorId: 1, meterValue: [{ timestamp: t1, sampledValue: [{ value: '1' }, { value: 'n/a' }] }] }),
      'PropertyConstraintViolation',
    );
    expect(error.details).toEqual({ field: 'meterValue[0].sampledValue[1].value', value: 'n/a' });
  });

  it('answers with an empty payload', () => {
    expect(meterValues.respond({ connectorId: 1, meterValue: [{ timestamp: t1, sampledValue: [{ value: '1' }] }] })).toEqual({});
  });
});
