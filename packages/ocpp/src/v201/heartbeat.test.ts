import { describe, expect, it } from 'vitest';
import { action, now, receivedAt } from '../testing/wire.js';

const heartbeat = action('ocpp2.0.1', 'Heartbeat');

describe('2.0.1 Heartbeat', () => {
  it('is a heartbeat at the receive time', () => {
    expect(heartbeat.decode({})).toEqual([{ kind: 'charger.heartbeat', chargerId: 'XZ-0001', at: receivedAt, receivedAt }]);
  });

  it('answers with our clock', () => {
    expect(heartbeat.respond({})).toEqual({ currentTime: now.toISOString() });
  });
});
