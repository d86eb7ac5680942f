import { describe, expect, it } from 'vitest';
import { action, now, receivedAt } from '../testing/wire.js';

const heartbeat = action('ocpp1.6', 'Heartbeat');

describe('1.6 Heartbeat', () => {
  it('is a heartbeat at the receive time', () => {
    expect(heartbeat.decode({})).toEqual([{ kind: 'charger.heartbeat', chargerId: 'XZ-0001', at: receivedAt, receivedAt }]);
  });

  it('answers with our clock', () => {
    expect(heartbeat.respond({})).toEqual({ currentTime: now.toISOString() });
  });
});
