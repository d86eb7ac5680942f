/**
 * What the central system tells the rest of pilewatch, after the facts are committed: domain events of
 * every stored (non-retransmitted) message, and connectivity changes. The API and the worker publish
 * these on the bus; nothing here waits for them.
 */
import type { EventEmitter } from 'node:events';
import type { DomainEvent, ProtocolVersion } from '@pilewatch/ocpp';

export type ConnectivityEventKind =
  | 'connected'
  | 'disconnected'
  | 'booted'
  | 'heartbeat_missed'
  | 'replaced'
  | 'ping_timeout';

export interface DomainEventMessage {
  type: 'domain';
  chargerId: string;
  event: DomainEvent;
}

export interface ConnectivityEventMessage {
  type: 'connectivity';
  chargerId: string;
  event: ConnectivityEventKind;
  time: Date;
  protocol?: ProtocolVersion;
  detail?: Record<string, unknown>;
}

/** `events.on('domain', …)` and `events.on('connectivity', …)`; each payload also carries its `type`. */
export type CentralSystemEventMap = {
  domain: [DomainEventMessage];
  connectivity: [ConnectivityEventMessage];
};

export type CentralSystemEvents = EventEmitter<CentralSystemEventMap>;
