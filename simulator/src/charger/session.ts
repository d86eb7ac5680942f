/** The state a virtual charger keeps per connector and per charging session. Plain data, no behaviour. */
import type { ConnectorSpec } from '../fleet/fleet.js';
import type { Timer } from '../scheduler.js';
import type { SessionPlan } from './charging-curve.js';
import type { FaultKind } from './faults.js';

export type ProtocolVersion = 'ocpp1.6' | 'ocpp2.0.1';

/** OCPP 1.6 connector statuses; 2.0.1 folds the in-use ones into `Occupied` when it reports them. */
export type ConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

/** Why a session ended, in neutral terms; each protocol maps it to its own reason codes. */
export type StopCause =
  | { kind: 'Local' }
  | { kind: 'EVDisconnected' }
  | { kind: 'Remote' }
  | { kind: 'PowerLoss' }
  | { kind: 'Reset'; hard: boolean }
  | { kind: 'UnlockCommand' }
  | { kind: 'DeAuthorized' }
  | { kind: 'Fault'; fault: FaultKind };

export interface ActiveFault {
  kind: FaultKind;
  since: number;
  /** 2.0.1 NotifyEvent eventId, so the clearing event can name the one it clears. */
  eventId: number;
  clearTimer?: Timer;
}

export interface Session {
  /** Charger-local sequence number of the session. */
  localId: number;
  idTag: string;
  plan: SessionPlan;
  /** The transaction id as the central system knows it: 1.6 the integer it assigned (once known), 2.0.1 ours. */
  txRef?: string;
  remoteStartId?: number;
  phase: 'plugged' | 'authorizing' | 'charging' | 'full' | 'ended';
  pluggedAt: number;
  startedAt?: number;
  meterStartWh: number;
  soc: number;
  energyWh: number;
  powerW: number;
  /** Simulated instant the physics were last advanced to. */
  advancedTo: number;
  /** 2.0.1 TransactionEvent sequence number (next to use). */
  seqNo: number;
  startedOffline: boolean;
  /** Extra gun heating (°C) accumulated by an overheat incident. */
  extraGunC: number;
  overheatRiseCPerMin: number;
  departTimer?: Timer;
  authorizeTimer?: Timer;
}

export interface ConnectorState {
  spec: ConnectorSpec;
  status: ConnectorStatus;
  /** Last status reported in the protocol's own vocabulary, to avoid repeating an unchanged one. */
  reported?: string;
  /** Energy register (Wh), monotonic unless the meter is reset. */
  registerWh: number;
  operative: boolean;
  /** Inoperative requested while a session runs: applied when it ends (ChangeAvailability `Scheduled`). */
  inoperativeScheduled: boolean;
  fault?: ActiveFault;
  session?: Session;
  arrivalTimer?: Timer;
}
