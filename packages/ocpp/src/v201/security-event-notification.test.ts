import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const security = action('ocpp2.0.1', 'SecurityEventNotification');
const base = { kind: 'security.event', chargerId: 'XZ-0001', receivedAt, at: new Date('2025-03-01T07:00:00Z') };

describe('2.0.1 SecurityEventNotification', () => {
  it.each([
    {
      name: 'keeps type and tech info at the station timestamp',
      frame: { type: 'FailedToAuthenticateAtCsms', timestamp: '2025-03-01T07:00:00Z', techInfo: 'HTTP 401' },
      event: { ...base, type: 'FailedToAuthenticateAtCsms', techInfo: 'HTTP 401' },
    },
    { name: 'needs no tech info', frame: { type: 'TamperDetectionActivated', timestamp: '2025-03-01T07:00:00Z' }, event: { ...base, type: 'TamperDetectionActivated' } },
  ])('$name', ({ frame, event }) => {
    expect(security.decode(frame)).toEqual([event]);
  });

  it('answers with an empty payload', () => {
    expect(security.respond({ type: 'StartupOfTheDevice', timestamp: '2025-03-01T07:00:00Z' })).toEqual({});
  });
});
