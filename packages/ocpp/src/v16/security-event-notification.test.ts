import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const security = action('ocpp1.6', 'SecurityEventNotification');
const base = { kind: 'security.event', chargerId: 'XZ-0001', receivedAt, at: new Date('2025-03-01T07:00:00Z') };

describe('1.6 SecurityEventNotification', () => {
  it.each([
    {
      name: 'keeps type and tech info at the charger timestamp',
      frame: { type: 'InvalidCentralSystemCertificate', timestamp: '2025-03-01T07:00:00Z', techInfo: 'CN mismatch' },
      event: { ...base, type: 'InvalidCentralSystemCertificate', techInfo: 'CN mismatch' },
    },
    {
      name: 'needs no tech info',
      frame: { type: 'TamperDetectionActivated', timestamp: '2025-03-01T07:00:00Z' },
      event: { ...base, type: 'TamperDetectionActivated' },
    },
  ])('$name', ({ frame, event }) => {
    expect(security.decode(frame)).toEqual([event]);
  });

  it('answers with an empty payload', () => {
    expect(security.respond({ type: 'StartupOfTheDevice', timestamp: '2025-03-01T07:00:00Z' })).toEqual({});
  });
});
