/**
 * The seam between a virtual charger's behaviour (version-neutral) and the protocol it speaks. A dialect
 * turns what happened into that protocol's messages, reads the central system's answers, and turns the
 * central system's commands into calls on the charger. One per version: ocpp16/, ocpp201/.
 */
import type { ChargerSpec } from '../fleet/fleet.js';
import type { Outgoing } from './outbox.js';
import type { Sample } from './meter.js';
import type { ChargerSettings } from './settings.js';
import type { ChargerSocket } from './socket.js';
import type { ActiveFault, ConnectorState, ProtocolVersion, Session, StopCause } from './session.js';

export type BootReason = 'PowerUp' | 'RemoteReset' | 'Triggered' | 'ApplicationReset';
export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface BootAnswer {
  status: RegistrationStatus;
  /** Heartbeat interval when accepted, retry interval otherwise (seconds; 0 = not given). */
  intervalS: number;
}

/** What a dialect may read about the charger it speaks for. */
export interface ChargerView {
  readonly id: string;
  readonly spec: ChargerSpec;
  readonly connectors: readonly ConnectorState[];
  readonly settings: ChargerSettings;
  readonly registration: RegistrationStatus | 'none';
  /** The charger's own clock reading for simulated instant `t` (ISO 8601): includes its skew. */
  toIso(t: number): string;
  /** A new id for an event or transaction the charger names itself. */
  nextEventId(): number;
  nextNotifySeq(): number;
  newTransactionId(): string;
  /** Whether the charger is connected right now (2.0.1 marks events created offline). */
  isOnline(): boolean;
  /** The whole pile's fault, if one is active (emergency stop and the like). */
  chargerFault(): ActiveFault | undefined;
}

export type TriggerableMessage =
  | 'BootNotification'
  | 'Heartbeat'
  | 'StatusNotification'
  | 'MeterValues'
  | 'TransactionEvent'
  | 'FirmwareStatusNotification'
  | 'DiagnosticsStatusNotification'
  | 'LogStatusNotification';

/** What the central system's commands do to a charger, in neutral terms. */
export interface CommandTarget extends ChargerView {
  commandReceived(action: string): void;
  remoteStart(req: { evseId?: number; idTag: string; remoteStartId?: number }): 'Accepted' | 'Rejected';
  remoteStop(txRef: string): 'Accepted' | 'Rejected';
  reset(req: { hard: boolean; onIdle: boolean }): 'Accepted' | 'Scheduled' | 'Rejected';
  /** evseId undefined or 0 = the whole charger. */
  changeAvailability(evseId: number | undefined, operative: boolean): 'Accepted' | 'Scheduled' | 'Rejected';
  trigger(message: TriggerableMessage, evseId?: number): 'Accepted' | 'Rejected' | 'NotImplemented';
  /** Unlocks the connector, ending a running session first (1.6 semantics). */
  unlock(evseId: number, connectorId: number): 'Unlocked' | 'UnlockFailed' | 'UnknownConnector';
  settingsChanged(name: keyof ChargerSettings): void;
}

export interface Dialect {
  readonly protocol: ProtocolVersion;
  boot(c: ChargerView, reason: BootReason): Outgoing;
  bootAnswer(response: unknown): BootAnswer;
  heartbeat(): Outgoing;
  /** A connector's status as this protocol reports it; undefined when unchanged in its vocabulary. */
  status(c: ChargerView, conn: ConnectorState, at: number, force: boolean): Outgoing | undefined;
  /** The pile as a whole (1.6 connector 0); undefined where the protocol has no such report. */
  chargerStatus(c: ChargerView, at: number): Outgoing | undefined;
  authorize(idTag: string): Outgoing;
  authorizeAnswer(response: unknown): boolean;
  transactionStarted(c: ChargerView, conn: ConnectorState, s: Session, at: number, samples: Sample[]): Outgoing;
  /** The central system's answer to a start: the transaction id it assigned (1.6) and whether the idTag is good. */
  startAnswer(response: unknown): { txRef?: string; accepted: boolean };
  transactionSample(c: ChargerView, conn: ConnectorState, s: Session, at: number, samples: Sample[]): Outgoing;
  /** The session's charging state changed (2.0.1 reports it; 1.6 only through status). */
  chargingStateChanged(c: ChargerView, conn: ConnectorState, s: Session, at: number): Outgoing | undefined;
  transactionEnded(c: ChargerView, conn: ConnectorState, s: Session, at: number, cause: StopCause, samples: Sample[]): Outgoing;
  /** Meter values requested by a trigger, inside or outside a transaction. */
  triggeredMeterValues(c: ChargerView, conn: ConnectorState, at: number, samples: Sample[]): Outgoing;
  /** Triggered report of a running transaction (2.0.1 TransactionEvent); undefined where there is none. */
  triggeredTransactionEvent(c: ChargerView, conn: ConnectorState, at: number, samples: Sample[]): Outgoing | undefined;
  /** A fault raised or cleared, beyond the status change (2.0.1 NotifyEvent); undefined in 1.6. */
  fault(c: ChargerView, conn: ConnectorState | undefined, fault: ActiveFault, at: number, cleared: boolean): Outgoing | undefined;
  firmwareStatus(): Outgoing;
  /** 1.6 DiagnosticsStatusNotification / 2.0.1 LogStatusNotification. */
  diagnosticsStatus(): Outgoing;
  installCommands(socket: ChargerSocket, target: CommandTarget): void;
}
