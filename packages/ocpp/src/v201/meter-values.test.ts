import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const meterValues = action('ocpp2.0.1', 'MeterValues');
const base = { kind: 'meter.sampled', chargerId: 'XZ-0001', receivedAt, at: new Date('2025-03-01T07:55:00Z') };
const timestamp = '2025-03-01T07:55:00Z';

describe('2.0.1 MeterValues', () => {
  it.each([
    {
      name: 'normalises kWh and kW, applies the unit multiplier, defaults measurand and unit',
      frame: {
        evseId: 1,
        meterValue: [
          {
            timestamp,
            sampledValue: [
              { value: 12.345, unitOfMeasure: { unit: 'kWh' }, context: 'Sample.Periodic' },
              { value: 7.2, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'kW' } },
              { value: 4.5, measurand: 'Energy.Active.Export.Register', unitOfMeasure: { unit: 'Wh', multiplier: 3 } },
              { value: 230, measurand: 'Voltage', phase: 'L1-N' },
              { value: 1500 },
            ],
          },
        ],
      },
      events: [
        {
          ...base,
          evseId: 1,
          connectorId: 1,
          samples: [
            { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 12345, context: 'Sample.Periodic' },
            { measurand: 'Power.Active.Import', unit: 'W', value: 7200 },
            { measurand: 'Energy.Active.Export.Register', unit: 'Wh', value: 4500 },
            { measurand: 'Voltage', unit: 'V', value: 230, phase: 'L1-N' },
            { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 1500 },
          ],
        },
      ],
    },
    {
      name: 'puts the main meter (EVSE 0) on EVSE 0 / connector 0',
      frame: { evseId: 0, meterValue: [{ timestamp, sampledValue: [{ value: 98765.4, unitOfMeasure: { unit: 'kWh' }, context: 'Sample.Clock' }] }] },
      events: [
        {
          ...base,
          evseId: 0,
          connectorId: 0,
          samples: [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 98765400, context: 'Sample.Clock' }],
        },
      ],
    },
    {
      name: 'keeps the signed meter value whole',
      frame: {
        evseId: 2,
        meterValue: [
          {
            timestamp,
            sampledValue: [
              {
                value: 1234.5,
                signedMeterValue: { signedMeterData: 'T0NNRnx7fQ==', signingMethod: 'ECDSA-secp256r1-SHA256', encodingMethod: 'OCMF', publicKey: 'MFkw' },
              },
            ],
          },
        ],
      },
      events: [
        {
          ...base,
          evseId: 2,
          connectorId: 1,
          samples: [
            {
              measurand: 'Energy.Active.Import.Register',
              unit: 'Wh',
              value: 1234.5,
              signed: '{"signedMeterData":"T0NNRnx7fQ==","signingMethod":"ECDSA-secp256r1-SHA256","encodingMethod":"OCMF","publicKey":"MFkw"}',
            },
          ],
        },
      ],
    },
    {
      name: 'makes one event per MeterValue at its own timestamp',
      frame: {
        evseId: 1,
        meterValue: [
          { timestamp, sampledValue: [{ value: 31.5, measurand: 'Current.Import', phase: 'L1' }] },
          { timestamp: '2025-03-01T07:56:00Z', sampledValue: [{ value: 88, measurand: 'SoC', location: 'EV' }] },
        ],
      },
      events: [
        { ...base, evseId: 1, connectorId: 1, samples: [{ measurand: 'Current.Import', unit: 'A', value: 31.5, phase: 'L1' }] },
        {
          ...base,
          at: new Date('2025-03-01T07:56:00Z'),
          evseId: 1,
          connectorId: 1,
          samples: [{ measurand: 'SoC', unit: 'Percent', value: 88, location: 'EV' }],
        },
      ],
    },
  ])('$name', ({ frame, events }) => {
    expect(meterValues.decode(frame)).toEqual(events);
  });

  it('answers with an empty payload', () => {
    expect(meterValues.respond({ evseId: 1, meterValue: [{ timestamp, sampledValue: [{ value: 1 }] }] })).toEqual({});
  });
});
