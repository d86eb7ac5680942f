/**
 * A job of the `alert-inputs` queue back into an engine input: the central-system message crossed the
 * bus as JSON, so its times are ISO strings again. Each input also gets a key (a hash of the message)
 * that makes applying it twice a no-op, and the time it reached pilewatch (for the evaluation lag).
 */
import { createHash } from 'node:crypto';
import { alertInputKinds, connectivityOnline } from '@pilewatch/api';
import type { DomainEvent } from '@pilewatch/ocpp';
import type { AlertInput } from '@pilewatch/supervision';

export interface QueuedAlertInput {
  chargerId: string;
  input: Exclude<AlertInput, { kind: 'clock.tick' } | { kind: 'alert.acknowledge' }>;
  /** When pilewatch received what caused the input (our clock). */
  receivedAt: Date;
  key: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The input a job carries, or undefined when the job is not one (it is then recorded as a dead letter). */
export function alertInputOf(data: unknown): QueuedAlertInput | undefined {
  if (!isObject(data) || typeof data.chargerId !== 'string' || data.chargerId === '') return undefined;
  const key = createHash('sha256').update(JSON.stringify(data)).digest('base64url');
  if (data.type === 'connectivity') {
    const online = typeof data.event === 'string' && Object.hasOwn(connectivityOnline, data.event) ? connectivityOnline[data.event] : undefined;
    const at = date(data.time);
    if (online === undefined || !at) return undefined;
    return { chargerId: data.chargerId, input: { kind: 'connectivity.changed', chargerId: data.chargerId, online, at }, receivedAt: at, key };
  }
  if (data.type === 'domain' && isObject(data.event)) {
    const event = data.event;
    const at = date(event.at);
    const receivedAt = date(event.receivedAt);
    if (typeof event.kind !== 'string' || !alertInputKinds.has(event.kind as DomainEvent['kind']) || !at || !receivedAt) return undefined;
    if (event.chargerId !== data.chargerId) return undefined;
    // Only `at` and `receivedAt` are dates in a domain event (@pilewatch/ocpp events.ts).
    const revived = { ...event, at, receivedAt } as unknown as DomainEvent;
    return { chargerId: data.chargerId, input: revived, receivedAt, key };
  }
  return undefined;
}
