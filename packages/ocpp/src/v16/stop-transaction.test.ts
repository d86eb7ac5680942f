import { describe, expect, it } from 'vitest';
import { action, expectOcppError, receivedAt } from '../testing/wire.js';

const stop = action('ocpp1.6', 'StopTransaction');
const ended = { kind: 'transaction.ended', chargerId: 'XZ-0001', receivedAt, at: new Date('2025-03-01T09:10:00Z'), transactionId: '42' };
const frame = { transactionId: 42, meterStop: 145000, timestamp: '2025-03-01T09:10:00Z' };

describe('1.6 StopTransaction', () => {
  it.each([
    {
      name: 'ends the transaction with its meter reading, reason and id tag',
      frame: { ...frame, idTag: 'CARD-0042', reason: 'EVDisconnected' },
      events: [{ ...ended, meterStopWh: 145000, reason: 'EVDisconnected', idTag: 'CARD-0042' }],
    },
    {
      name: 'assumes reason Local when the charger gives none, as the specification says',
      frame,
      events: [{ ...ended, meterStopWh: 145000, reason: 'Local' }],
    },
    {
      name: 'turns transactionData into meter samples for the transaction, before the end',
      frame: {
        ...frame,
        reason: 'Remote',
        transactionData: [
          {
            timestamp: '2025-03-01T07:50:00Z',
            sampledValue: [{ value: '123.456', unit: 'kWh', context: 'Transaction.Begin' }],
          },
          {
            timestamp: '2025-03-01T09:10:00Z',
            sampledValue: [
              { value: '145.000', unit: 'kWh', context: 'Transaction.End' },
              { value: '0', measurand: 'Power.Active.Import', unit: 'W', context: 'Transaction.End' },
            ],
          },
        ],
      },
      events: [
        {
          kind: 'meter.sampled',
          chargerId: 'XZ-0001',
          receivedAt,
          at: new Date('2025-03-01T07:50:00Z'),
          transactionId: '42',
          samples: [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 123456, context: 'Transaction.Begin' }],
        },
        {
          kind: 'meter.sampled',
          chargerId: 'XZ-0001',
          receivedAt,
          at: new Date('2025-03-01T09:10:00Z'),
          transactionId: '42',
          samples: [
            { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 145000, context: 'Transaction.End' },
            { measurand: 'Power.Active.Import', unit: 'W', value: 0, context: 'Transaction.End' },
          ],
        },
        { ...ended, meterStopWh: 145000, reason: 'Remote' },
      ],
    },
  ])('$name', ({ frame, events }) => {
    expect(stop.decode(frame)).toEqual(events);
  });

  it('rejects transactionData holding a non-numeric raw value with PropertyConstraintViolation', () => {
    expectOcppError(
      () => stop.decode({ ...frame, transactionData: [{ timestamp: '2025-03-01T09:10:00Z', sampledValue: [{ value: 'ERR' }] }] }),
      'PropertyConstraintViolation',
    );
  });

  it.each([
    { name: 'answers idTagInfo when the stop names an id tag and we know its status', frame: { ...frame, idTag: 'C1' }, decisions: { idTokenStatus: 'Blocked' } as const, answer: { idTagInfo: { status: 'Blocked' } } },
    { name: 'answers empty when the stop has no id tag', frame, decisions: { idTokenStatus: 'Accepted' } as const, answer: {} },
    { name: 'answers empty when no status was decided: a stop is never refused', frame: { ...frame, idTag: 'C1' }, decisions: {}, answer: {} },
  ])('$name', ({ frame, decisions, answer }) => {
    expect(stop.respond(frame, decisions)).toEqual(answer);
  });
});
