import { describe, expect, it } from 'vitest';
import { liveEventOf, type CentralSystemMessage } from './live-event.js';

const at = new Date('2025-03-01T08:00:00.000Z');
const receivedAt = new Date('2025-03-01T08:00:01.000Z');

describe('liveEventOf', () => {
  it.each<[string, CentralSystemMessage, unknown]>([
    [
      'a status change, with its error code',
      {
        type: 'domain',
        chargerId: 'CP-1',
        event: { kind: 'connector.status', chargerId: 'CP-1', evseId: 2, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', at, receivedAt },
      },
      { type: 'status', chargerId: 'CP-1', evseId: 2, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', at: '2025-03-01T08:00:00.000Z' },
    ],
    [
      'a connectivity change',
      { type: 'connectivity', chargerId: 'CP-1', event: 'disconnected', time: at, protocol: 'ocpp2.0.1' },
      { type: 'connectivity', chargerId: 'CP-1', event: 'disconnected', protocol: 'ocpp2.0.1', at: '2025-03-01T08:00:00.000Z' },
    ],
    [
      'a reported fault',
      {
        type: 'domain',
        chargerId: 'CP-2',
        event: { kind: 'fault.reported', chargerId: 'CP-2', evseId: 1, component: 'ConnectorPlugRetentionLock', variable: 'Problem', code: 'E42', cleared: false, at, receivedAt },
      },
      { type: 'fault', chargerId: 'CP-2', evseId: 1, component: 'ConnectorPlugRetentionLock', variable: 'Problem', code: 'E42', cleared: false, at: '2025-03-01T08:00:00.000Z' },
    ],
  ])('turns %s into a live event', (_what, message, expected) => {
    expect(liveEventOf(message)).toEqual(expected);
  });

  it('leaves history (meter values, heartbeats, transactions) out of the live feed', () => {
    expect(liveEventOf({ type: 'domain', chargerId: 'CP-1', event: { kind: 'charger.heartbeat', chargerId: 'CP-1', at, receivedAt } })).toBeUndefined();
    expect(
      liveEventOf({
        type: 'domain',
        chargerId: 'CP-1',
        event: { kind: 'meter.sampled', chargerId: 'CP-1', evseId: 1, connectorId: 1, samples: [], at, receivedAt },
      }),
    ).toBeUndefined();
  });
});
