/** The write path's vocabulary, shared by the writer, the batch plan and the batch SQL. */
import type { DomainEvent, ProtocolVersion } from '@pilewatch/ocpp';
import type { RegistrationStatus } from './chargers.js';

/** One inbound OCPP CALL that carries data, with the domain events it became. */
export interface ApplyItem {
  chargerId: string;
  protocol: ProtocolVersion;
  messageId: string;
  action: string;
  /** sha256 of the canonical payload, computed by the caller. */
  payloadHash: string;
  events: DomainEvent[];
  /** The raw inbound frame, journaled in ocpp_messages in the same commit. */
  frame: string;
  receivedAt: Date;
}

export interface ApplyResult {
  /** true when (chargerId, messageId, payloadHash) was already applied: this is a retransmission. */
  duplicate: boolean;
  /** After a charger.booted: the charger's registration status. */
  registrationStatus?: RegistrationStatus;
  /** A 1.6 start: the integer transaction id (the same one again for a retransmitted start). */
  transactionId?: number;
}

export type ConnectivityEventKind = 'connected' | 'disconnected' | 'booted' | 'heartbeat_missed' | 'replaced' | 'ping_timeout';

export interface ConnectivityChange {
  chargerId: string;
  event: ConnectivityEventKind;
  time: Date;
  protocol?: string;
  /** The csms node holding (or that held) the socket. */
  nodeId?: string;
  remoteAddress?: string;
  detail?: object;
  /** The heartbeat interval the charger was given, kept in charger_state for offline detection. */
  heartbeatIntervalS?: number;
}

/** A frame for the ocpp_messages journal: our answers and commands, and inbound frames without data. */
export interface JournalEntry {
  chargerId: string;
  direction: 'in' | 'out';
  /** 2 CALL, 3 CALLRESULT, 4 CALLERROR */
  messageType: 2 | 3 | 4;
  messageId: string;
  action?: string;
  protocol?: string;
  frame: string;
  time: Date;
}

/** What a batch holds, in arrival order. */
export type WriteOp = { kind: 'apply'; item: ApplyItem } | { kind: 'connectivity'; change: ConnectivityChange };
