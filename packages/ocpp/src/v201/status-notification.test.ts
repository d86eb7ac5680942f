import { describe, expect, it } from 'vitest';
import { action, expectOcppError, receivedAt } from '../testing/wire.js';

const status = action('ocpp2.0.1', 'StatusNotification');
const base = { kind: 'connector.status', chargerId: 'XZ-0001', receivedAt, at: new Date('2025-03-01T07:59:58Z') };

describe('2.0.1 StatusNotification', () => {
  it.each([
    {
      name: 'keeps Occupied as Occupied, on the named EVSE and connector',
      frame: { timestamp: '2025-03-01T07:59:58Z', connectorStatus: 'Occupied', evseId: 1, connectorId: 2 },
      event: { ...base, evseId: 1, connectorId: 2, status: 'Occupied' },
    },
    {
      name: 'reports a Faulted connector',
      frame: { timestamp: '2025-03-01T07:59:58Z', connectorStatus: 'Faulted', evseId: 2, connectorId: 1 },
      event: { ...base, evseId: 2, connectorId: 1, status: 'Faulted' },
    },
  ])('$name', ({ frame, event }) => {
    expect(status.decode(frame)).toEqual([event]);
  });

  it('rejects negative ids with PropertyConstraintViolation', () => {
    expectOcppError(
      () => status.decode({ timestamp: '2025-03-01T07:59:58Z', connectorStatus: 'Available', evseId: -1, connectorId: 1 }),
      'PropertyConstraintViolation',
    );
  });

  it('answers with an empty payload', () => {
    expect(status.respond({ timestamp: '2025-03-01T07:59:58Z', connectorStatus: 'Available', evseId: 1, connectorId: 1 })).toEqual({});
  });
});
