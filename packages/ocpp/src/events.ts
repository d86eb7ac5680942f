/**
 * The version-neutral domain events every OCPP 1.6J and 2.0.1 message becomes.
 * Storage, alerts, the live feed and the province link only ever see these, never raw OCPP.
 *
 * Conventions:
 * - `at` is the charger's own timestamp when the message carries one, else the receive time;
 *   `receivedAt` is always our clock. Both are kept so clock skew can be seen and late data placed.
 * - EVSE/connector numbering follows 2.0.1: `evseId` 0 is the charger as a whole. A 1.6 `connectorId`
 *   N maps to `evseId` N, `connectorId` 1 (1.6 piles have one connector per EVSE), and 1.6 connector 0
 *   maps to evse 0 / connector 0.
 * - Energy is normalised to Wh and power to W wherever the unit is known; the original unit is kept.
 */

export type ProtocolVersion = 'ocpp1.6' | 'ocpp2.0.1';

/** One status vocabulary for both versions; 2.0.1 `Occupied` stays `Occupied`. */
export type ConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Occupied'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

interface EventBase {
  chargerId: string;
  /** Charger's timestamp (or receive time when the message has none). */
  at: Date;
  receivedAt: Date;
}

export interface ChargerBooted extends EventBase {
  kind: 'charger.booted';
  vendor: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
  /** 2.0.1 BootReason; 1.6 has none. */
  reason?: string;
}

export interface HeartbeatReceived extends EventBase {
  kind: 'charger.heartbeat';
}

export interface ConnectorStatusChanged extends EventBase {
  kind: 'connector.status';
  evseId: number;
  connectorId: number;
  status: ConnectorStatus;
  /** 1.6 ChargePointErrorCode (`NoError` omitted). */
  errorCode?: string;
  vendorErrorCode?: string;
  vendorId?: string;
  info?: string;
}

export interface SampledValue {
  /** OCPP measurand, default `Energy.Active.Import.Register`. */
  measurand: string;
  phase?: string;
  /** `Outlet`, `Inlet`, `Body`, `Cable`, `EV`. */
  location?: string;
  /** Unit after normalisation (Wh for energy, W for power, Celsius, A, V, Percent, …). */
  unit: string;
  /**
   * Absent only for a 1.6 `format: SignedData` reading that has no Raw reading of the same measurand,
   * phase, location and context beside it: 1.6 carries the signed blob in `value`, so no number exists.
   */
  value?: number;
  /** `Sample.Periodic`, `Transaction.Begin`, `Sample.Clock`, `Trigger`, … */
  context?: string;
  /** 1.6 `format: SignedData` values and 2.0.1 `signedMeterValue` are kept verbatim. */
  signed?: string;
}

export interface MeterSampled extends EventBase {
  kind: 'meter.sampled';
  /**
   * Absent when the message names no EVSE — 1.6 StopTransaction `transactionData` and 2.0.1
   * TransactionEvent after the first — and then `transactionId` is set: the samples belong to the
   * transaction's EVSE/connector, which the store knows.
   */
  evseId?: number;
  connectorId?: number;
  /** Transaction the sample belongs to, as the charger names it (1.6: our integer id as a string). */
  transactionId?: string;
  samples: SampledValue[];
}

export interface TransactionStarted extends EventBase {
  kind: 'transaction.started';
  evseId: number;
  connectorId: number;
  /**
   * 2.0.1: the charger's transactionId. 1.6: absent — the central system assigns the integer id when it
   * stores the start, and answers the StartTransaction with it.
   */
  transactionId?: string;
  idTag?: string;
  meterStartWh?: number;
  reservationId?: number;
  /** 2.0.1 TransactionEvent seqNo. */
  seqNo?: number;
  triggerReason?: string;
  /** 2.0.1 transactionInfo.chargingState when the start already reports one (e.g. `Charging`). */
  chargingState?: string;
  /** 2.0.1 transactionInfo.remoteStartId: links the start to the RequestStartTransaction that asked for it. */
  remoteStartId?: number;
}

export interface TransactionUpdated extends EventBase {
  kind: 'transaction.updated';
  evseId?: number;
  connectorId?: number;
  transactionId: string;
  seqNo?: number;
  chargingState?: string;
  triggerReason?: string;
  idTag?: string;
}

export interface TransactionEnded extends EventBase {
  kind: 'transaction.ended';
  evseId?: number;
  connectorId?: number;
  transactionId: string;
  meterStopWh?: number;
  /** 1.6 StopTransaction reason / 2.0.1 stoppedReason. */
  reason?: string;
  idTag?: string;
  seqNo?: number;
  triggerReason?: string;
}

/** A problem the charger reports: 2.0.1 NotifyEvent (Problem/techCode) — 1.6 faults come as Faulted status. */
export interface FaultReported extends EventBase {
  kind: 'fault.reported';
  evseId?: number;
  connectorId?: number;
  component: string;
  variable: string;
  /** `techCode` or the event's actual value. */
  code?: string;
  info?: string;
  severity?: number;
  /** true when the charger says the condition has cleared. */
  cleared: boolean;
  eventId?: number;
  trigger?: string;
  actualValue?: string;
}

export interface SecurityEventReported extends EventBase {
  kind: 'security.event';
  type: string;
  techInfo?: string;
}

export interface FirmwareStatusReported extends EventBase {
  kind: 'firmware.status';
  status: string;
  requestId?: number;
  /** true for 1.6 SignedFirmwareStatusNotification */
  signed?: boolean;
}

export interface DiagnosticsStatusReported extends EventBase {
  kind: 'diagnostics.status';
  status: string;
}

export interface LogStatusReported extends EventBase {
  kind: 'log.status';
  status: string;
  requestId?: number;
}

export interface AuthorizeRequested extends EventBase {
  kind: 'authorize.requested';
  idToken: string;
  tokenType?: string;
}

export interface DataTransferReceived extends EventBase {
  kind: 'data.transfer';
  vendorId: string;
  messageId?: string;
  data?: string;
}

export interface ReportReceived extends EventBase {
  kind: 'report.received';
  requestId: number;
  seqNo: number;
  tbc: boolean;
  variables: Array<{
    component: string;
    evseId?: number;
    connectorId?: number;
    variable: string;
    attributeType?: string;
    value?: string;
  }>;
}

export type DomainEvent =
  | ChargerBooted
  | HeartbeatReceived
  | ConnectorStatusChanged
  | MeterSampled
  | TransactionStarted
  | TransactionUpdated
  | TransactionEnded
  | FaultReported
  | SecurityEventReported
  | FirmwareStatusReported
  | DiagnosticsStatusReported
  | LogStatusReported
  | AuthorizeRequested
  | DataTransferReceived
  | ReportReceived;

export type DomainEventKind = DomainEvent['kind'];
