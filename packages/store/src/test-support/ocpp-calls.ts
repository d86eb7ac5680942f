/**
 * Test fixtures for the write path: real OCPP CALL payloads, decoded by @pilewatch/ocpp exactly as the
 * central system does, and wrapped as the writer's input.
 */
import { createHash } from 'node:crypto';
import { decodeCall, type ProtocolVersion } from '@pilewatch/ocpp';
import type { ApplyItem } from '../writer-types.js';

let counter = 0;

export function ocppCall(
  chargerId: string,
  protocol: ProtocolVersion,
  action: string,
  payload: Record<string, unknown>,
  options: { messageId?: string; receivedAt?: Date } = {},
): ApplyItem {
  const messageId = options.messageId ?? `msg-${++counter}`;
  const receivedAt = options.receivedAt ?? new Date();
  return {
    chargerId,
    protocol,
    messageId,
    action,
    payloadHash: createHash('sha256').update(JSON.stringify(payload)).digest('hex'),
    events: decodeCall(protocol, action, payload, { chargerId, receivedAt }),
    frame: JSON.stringify([2, messageId, action, payload]),
    receivedAt,
  };
}

/** The same CALL sent again, as a charger does when it missed our answer: same id, same payload. */
export function retransmission(item: ApplyItem): ApplyItem {
  return { ...item, receivedAt: new Date(item.receivedAt.getTime() + 30_000) };
}
