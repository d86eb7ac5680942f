/**
 * Malformed frames for chaos mode (opt-in): the things broken firmware really sends — text that is not
 * JSON, JSON that is not an OCPP message, unknown message types and actions, payloads that break the
 * schema, truncated frames. The central system must answer or ignore them and keep serving the charger.
 */
import type { Random } from '../random.js';

export const chaosFrameKinds = [
  'not-json',
  'not-an-array',
  'unknown-message-type',
  'unknown-action',
  'schema-violation',
  'truncated',
  'wrong-id-type',
  'empty-array',
] as const;

export type ChaosFrameKind = (typeof chaosFrameKinds)[number];

export function chaosFrame(kind: ChaosFrameKind, rng: Random): string {
  const id = `chaos-${rng.chars(10, '0123456789abcdef')}`;
  switch (kind) {
    case 'not-json':
      return `[2,"${id}","Heartbeat",{`;
    case 'not-an-array':
      return JSON.stringify({ messageTypeId: 2, id, action: 'Heartbeat' });
    case 'unknown-message-type':
      return JSON.stringify([7, id, 'Heartbeat', {}]);
    case 'unknown-action':
      return JSON.stringify([2, id, 'OpenThePodBayDoors', {}]);
    case 'schema-violation':
      return JSON.stringify([2, id, 'StatusNotification', { connectorId: 'one', status: 'Exploded' }]);
    case 'truncated':
      return JSON.stringify([2, id, 'Heartbeat', {}]).slice(0, 12);
    case 'wrong-id-type':
      return JSON.stringify([2, 12345, 'Heartbeat', {}]);
    case 'empty-array':
      return '[]';
  }
}
