/**
 * What the API side hands the alert worker. Every central-system event the alert rules read goes on the
 * durable `alert-inputs` queue (BullMQ on Redis, in-process in the embedded mode) rather than only on
 * pub/sub: a job waits in Redis while no worker runs, so nothing acknowledged to a charger is missed by
 * the rules. Transitions the API causes itself (an acknowledgement) are handed over for notification on
 * `alert-notifications`, and a changed rules configuration is announced on `alert-config`.
 */
import type { Bus } from '@pilewatch/bus';
import type { DomainEventKind } from '@pilewatch/ocpp';
import type { CentralSystemMessage } from './live-event.js';

export const alertQueues = {
  /** One job per central-system event the rules read (data: the message as JSON). */
  inputs: 'alert-inputs',
  /** `{ transitionIds }`: stored transitions to put on the live feed and send to webhooks. */
  notifications: 'alert-notifications',
} as const;

/** Pub/sub channel: the rules configuration changed (`{ version }`); workers reload it. */
export const alertConfigChannel = 'alert-config';

/**
 * Domain events the alert engine reads (`@pilewatch/supervision` alert-engine.ts); boots, heartbeats,
 * authorisations, reports, data transfers and log/diagnostics status never change an alert, and a
 * worker test checks that for every kind left out.
 */
export const alertInputKinds: ReadonlySet<DomainEventKind> = new Set<DomainEventKind>([
  'connector.status',
  'fault.reported',
  'meter.sampled',
  'transaction.started',
  'transaction.updated',
  'transaction.ended',
  'security.event',
  'firmware.status',
]);

/**
 * Connectivity events that say whether the charger is connected. `booted` happens on a connection
 * already counted, and `replaced` is followed by the `connected` of the new socket: feeding them would
 * count one reconnection twice in the flapping rule.
 */
export const connectivityOnline: Readonly<Record<string, boolean>> = {
  connected: true,
  disconnected: false,
  heartbeat_missed: false,
  ping_timeout: false,
};

export function isAlertInput(message: CentralSystemMessage): boolean {
  return message.type === 'domain' ? alertInputKinds.has(message.event.kind) : Object.hasOwn(connectivityOnline, message.event);
}

/** Retries of one input while the database is unreachable: about an hour of exponential backoff. */
export const alertInputAttempts = 12;

export async function enqueueAlertInput(bus: Bus, message: CentralSystemMessage): Promise<void> {
  const name = message.type === 'domain' ? message.event.kind : `connectivity.${message.event}`;
  await bus.queue(alertQueues.inputs).add(name, message, { attempts: alertInputAttempts, backoffMs: 1000 });
}

/** Asks the worker to notify stored transitions (those it has not notified yet; a repeat is harmless). */
export async function requestAlertNotification(bus: Bus, transitionIds: readonly number[]): Promise<void> {
  if (transitionIds.length === 0) return;
  await bus.queue(alertQueues.notifications).add('notify', { transitionIds }, { attempts: 5, backoffMs: 1000 });
}
