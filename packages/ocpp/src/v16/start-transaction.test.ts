import { describe, expect, it } from 'vitest';
import { action, expectOcppError, receivedAt } from '../testing/wire.js';

const start = action('ocpp1.6', 'StartTransaction');
const base = { kind: 'transaction.started', chargerId: 'XZ-0001', receivedAt };
const frame = { connectorId: 2, idTag: 'CARD-0042', meterStart: 123456, timestamp: '2025-03-01T07:50:00Z' };

describe('1.6 StartTransaction', () => {
  it.each([
    {
      name: 'starts at the charger timestamp on EVSE N / connector 1, with no transaction id yet',
      frame,
      event: { ...base, at: new Date('2025-03-01T07:50:00Z'), evseId: 2, connectorId: 1, idTag: 'CARD-0042', meterStartWh: 123456 },
    },
    {
      name: 'keeps the reservation it consumes',
      frame: { ...frame, reservationId: 9 },
      event: { ...base, at: new Date('2025-03-01T07:50:00Z'), evseId: 2, connectorId: 1, idTag: 'CARD-0042', meterStartWh: 123456, reservationId: 9 },
    },
  ])('$name', ({ frame, event }) => {
    expect(start.decode(frame)).toEqual([event]);
  });

  it('decodes a retransmitted start identically, so the store can recognise it by charger time, connector and meter', () => {
    expect(start.decode(frame)).toEqual(start.decode({ ...frame }));
  });

  it('rejects a transaction on connector 0 with PropertyConstraintViolation', () => {
    expectOcppError(() => start.decode({ ...frame, connectorId: 0 }), 'PropertyConstraintViolation');
  });

  it.each([
    { status: 'Accepted', answered: 'Accepted' },
    { status: 'ConcurrentTx', answered: 'ConcurrentTx' },
    { status: 'Unknown', answered: 'Invalid' },
  ] as const)('answers the stored transaction id and idTagInfo $status as $answered', ({ status, answered }) => {
    expect(start.respond(frame, { transactionId: 17, idTokenStatus: status })).toEqual({ transactionId: 17, idTagInfo: { status: answered } });
  });

  it.each([
    { name: 'the transaction id', decisions: { idTokenStatus: 'Accepted' } as const },
    { name: 'the id tag status', decisions: { transactionId: 17 } },
  ])('refuses to answer without $name (InternalError)', ({ decisions }) => {
    const error = expectOcppError(() => start.respond(frame, decisions), 'InternalError');
    expect(error.code).toBe('PW_OCPP_OUTCOME_INCOMPLETE');
  });
});
