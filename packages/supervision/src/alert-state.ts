/**
 * The alert engine's state: plain JSON (times as ISO strings), so the worker can keep it in the
 * database between evaluations. It is split per charger — every input touches one charger's part
 * (a clock tick visits them all) — so it can also be stored and loaded one charger at a time.
 */
import type { AlertCode, Severity } from './alert-rules.js';
import { SupervisionError } from './errors.js';

/** An EVSE/connector of a charger; charger-wide alerts use EVSE 0 / connector 0. */
export interface ConnectorRef {
  evseId: number;
  connectorId: number;
}

export const wholeCharger: ConnectorRef = { evseId: 0, connectorId: 0 };

export type AlertDetail = Record<string, string | number | boolean>;

/** One reason an alert's condition holds; the alert is active while it has any. */
export interface AlertSource {
  since: string;
  /** The source lapses by itself at this time (quiet periods, trailing windows), checked on clock ticks. */
  expiresAt?: string;
}

export interface Acknowledgement {
  by: string;
  note: string;
  at: string;
}

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/**
 * Why an alert resolved:
 * - `condition_cleared`: the charger reported the condition gone (status, problem cleared, sample back in range);
 * - `superseded`: a newer report replaced the one that held it (another error code, a new transaction);
 * - `quiet_period`: a point-in-time event did not repeat for the rule's quiet period;
 * - `burst_over`: fewer than the rule's count of events remain in its trailing window;
 * - `reconnected`: the charger is online again;
 * - `transaction_ended`: the transaction the condition belonged to ended;
 * - `firmware_installed`: a firmware was installed after an invalid one was reported.
 */
export type ResolveReason =
  | 'condition_cleared'
  | 'superseded'
  | 'quiet_period'
  | 'burst_over'
  | 'reconnected'
  | 'transaction_ended'
  | 'firmware_installed';

export interface AlertRecord {
  /** `rule:chargerId:evseId:connectorId#occurrence`; a reopened alert keeps its id. */
  id: string;
  rule: AlertCode;
  chargerId: string;
  evseId: number;
  connectorId: number;
  occurrence: number;
  status: AlertStatus;
  openedAt: string;
  /** The last time a report confirmed the condition. */
  lastSeenAt: string;
  reopenedAt?: string;
  reopenCount: number;
  resolvedAt?: string;
  resolveReason?: ResolveReason;
  acknowledgement?: Acknowledgement;
  sources: Record<string, AlertSource>;
  /** What the latest confirming report said (temperature, error code, …). */
  detail: AlertDetail;
}

export type TransitionType = 'opened' | 'reopened' | 'acknowledged' | 'resolved';

/** One change of one alert; the worker stores each and publishes it on the live feed. */
export interface AlertTransition {
  type: TransitionType;
  alertId: string;
  rule: AlertCode;
  severity: Severity;
  chargerId: string;
  evseId: number;
  connectorId: number;
  at: string;
  detail: AlertDetail;
  reason?: ResolveReason;
  by?: string;
  note?: string;
}

export interface TemperatureSeries {
  lastAt: string;
  /** [ISO time, °C] within the rising-fast window, oldest first. */
  samples: Array<[string, number]>;
}

export interface OpenTransaction {
  id?: string;
  startedAt: string;
}

/** What the rules remember about one charger between inputs. */
export interface ChargerMemory {
  online?: boolean;
  /** Time of the last connectivity change. */
  since?: string;
  /** Connection times inside the flapping window. */
  connects: string[];
  /** Failed-login times inside the failed-login window. */
  failedLogins: string[];
  /** Per `evseId:connectorId`: time of the newest status applied (older ones arrive late and are ignored). */
  statusAt: Record<string, string>;
  /** Per `evseId:connectorId`: time of the newest power sample judged. */
  powerAt: Record<string, string>;
  /** Per `evseId:connectorId:location[:phase]`. */
  temperatures: Record<string, TemperatureSeries>;
  /** Per `evseId:connectorId`: the newest energy register reading. */
  registers: Record<string, { at: string; wh: number }>;
  /** Per `evseId:connectorId`: the transaction running there. */
  transactions: Record<string, OpenTransaction>;
  /** transactionId → `evseId:connectorId`, learned from the events that name both. */
  transactionConnectors: Record<string, string>;
}

export interface ChargerAlertState {
  /** Per `rule:evseId:connectorId`: the latest occurrence of that alert. */
  alerts: Record<string, AlertRecord>;
  memory: ChargerMemory;
}

export interface AlertState {
  version: 1;
  chargers: Record<string, ChargerAlertState>;
}

export function emptyAlertState(): AlertState {
  return { version: 1, chargers: {} };
}

export function emptyChargerMemory(): ChargerMemory {
  return {
    connects: [],
    failedLogins: [],
    statusAt: {},
    powerAt: {},
    temperatures: {},
    registers: {},
    transactions: {},
    transactionConnectors: {},
  };
}

export function assertSupportedState(state: AlertState): void {
  if (state?.version !== 1 || typeof state.chargers !== 'object' || state.chargers === null) {
    throw new SupervisionError(
      'PW_SUP_STATE_UNSUPPORTED',
      `Alert state version ${String((state as { version?: unknown })?.version)} is not supported; start from emptyAlertState()`,
    );
  }
}

export const refKey = (ref: ConnectorRef): string => `${ref.evseId}:${ref.connectorId}`;

export function parseRefKey(key: string): ConnectorRef {
  const [evseId, connectorId] = key.split(':').map(Number);
  return { evseId: evseId ?? 0, connectorId: connectorId ?? 0 };
}

export const alertKey = (rule: AlertCode, ref: ConnectorRef): string => `${rule}:${refKey(ref)}`;

export const alertId = (rule: AlertCode, chargerId: string, ref: ConnectorRef, occurrence: number): string =>
  `${rule}:${chargerId}:${refKey(ref)}#${occurrence}`;

/** Splits an alert id back into its parts (OCPP identities never contain ':', but we do not rely on it). */
export function parseAlertId(id: string): { rule: string; chargerId: string; ref: ConnectorRef; occurrence: number } | undefined {
  const m = /^([^:]+):(.+):(\d+):(\d+)#(\d+)$/.exec(id);
  if (!m) return undefined;
  return {
    rule: m[1]!,
    chargerId: m[2]!,
    ref: { evseId: Number(m[3]), connectorId: Number(m[4]) },
    occurrence: Number(m[5]),
  };
}

/** Every alert in the state, for listing; active ones first, newest first. */
export function listAlerts(state: AlertState): AlertRecord[] {
  const all = Object.values(state.chargers).flatMap((c) => Object.values(c.alerts));
  const rank = (a: AlertRecord) => (a.status === 'resolved' ? 1 : 0);
  return all.sort((a, b) => rank(a) - rank(b) || Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt));
}

function mapValues<T>(record: Record<string, T>, copy: (value: T) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key in record) out[key] = copy(record[key]!);
  return out;
}

function cloneAlert(a: AlertRecord): AlertRecord {
  const copy: AlertRecord = { ...a, sources: mapValues(a.sources, (s) => ({ ...s })), detail: { ...a.detail } };
  if (a.acknowledgement) copy.acknowledgement = { ...a.acknowledgement };
  return copy;
}

/**
 * A deep copy of one charger's state, field by field (several times faster than structuredClone on
 * the event path). Every nested object of the state types is copied here; add new ones here too.
 */
export function cloneChargerState(s: ChargerAlertState): ChargerAlertState {
  const m = s.memory;
  return {
    alerts: mapValues(s.alerts, cloneAlert),
    memory: {
      ...m,
      connects: [...m.connects],
      failedLogins: [...m.failedLogins],
      statusAt: { ...m.statusAt },
      powerAt: { ...m.powerAt },
      temperatures: mapValues(m.temperatures, (t) => ({ lastAt: t.lastAt, samples: t.samples.map(([at, c]): [string, number] => [at, c]) })),
      registers: mapValues(m.registers, (r) => ({ ...r })),
      transactions: mapValues(m.transactions, (t) => ({ ...t })),
      transactionConnectors: { ...m.transactionConnectors },
    },
  };
}
