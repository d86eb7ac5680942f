/**
 * The bridge from the central system to the live feed: each newsworthy event is appended to the durable
 * `live` stream (its id is the feed's resume point) and a wake-up is published to API nodes. Events the
 * alert rules read also go on the worker's durable `alert-inputs` queue.
 */
import type { Bus } from '@pilewatch/bus';
import { enqueueAlertInput, isAlertInput } from './alert-inputs.js';
import { liveEventOf, type CentralSystemMessage, type LiveEvent } from './live-event.js';

export const liveStream = 'live';
export const liveChannel = 'live';

/** What the bridge needs of the central system's `events` emitter. */
export interface CentralSystemEventSource {
  on(name: 'domain' | 'connectivity', listener: (message: CentralSystemMessage) => void): unknown;
  off(name: 'domain' | 'connectivity', listener: (message: CentralSystemMessage) => void): unknown;
}

/** Appends one event to the feed and wakes the API nodes' feeds; usable by any publisher (e.g. the worker's alerts). */
export async function publishLiveEvent(bus: Bus, event: LiveEvent): Promise<string> {
  const id = await bus.append(liveStream, event);
  await bus.publish(liveChannel, { id });
  return id;
}

export interface BridgeOptions {
  onError?(err: unknown, event: LiveEvent): void;
  /** Feed the alert worker's queue (default true). */
  alerts?: boolean;
  onAlertInputError?(err: unknown, message: CentralSystemMessage): void;
}

/**
 * Publishes the central system's status, connectivity and fault events on the bus, in the order they
 * happened per charger. Returns a function that detaches the bridge and waits for what is in flight.
 */
export function bridgeCentralSystemEvents(
  csmsEvents: CentralSystemEventSource,
  bus: Bus,
  options: BridgeOptions = {},
): () => Promise<void> {
  // One chain: appends keep the emit order, so the stream order is the order the csms saw.
  let chain: Promise<unknown> = Promise.resolve();
  // And one for the alert inputs: the rules take each charger's events in the order they happened.
  let alertChain: Promise<unknown> = Promise.resolve();
  const feedAlerts = options.alerts ?? true;
  const onMessage = (message: CentralSystemMessage) => {
    if (feedAlerts && isAlertInput(message)) {
      alertChain = alertChain.then(() =>
        enqueueAlertInput(bus, message).catch((err: unknown) => {
          if (options.onAlertInputError) options.onAlertInputError(err, message);
          else console.error('alert input not queued', message, err);
        }),
      );
    }
    const event = liveEventOf(message);
    if (!event) return;
    chain = chain.then(() =>
      publishLiveEvent(bus, event).catch((err: unknown) => {
        if (options.onError) options.onError(err, event);
        else console.error('live event not published', event, err);
      }),
    );
  };
  csmsEvents.on('domain', onMessage);
  csmsEvents.on('connectivity', onMessage);
  return async () => {
    csmsEvents.off('domain', onMessage);
    csmsEvents.off('connectivity', onMessage);
    await Promise.all([chain, alertChain]);
  };
}
