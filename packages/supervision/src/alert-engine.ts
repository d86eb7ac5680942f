/**
 * The alert engine: one pure step from (state, input) to (new state, alert transitions). Inputs are the
 * domain events from `@pilewatch/ocpp`, connectivity changes, clock ticks and acknowledgements; the
 * worker feeds them in order per charger, stores the state and publishes the transitions.
 *
 * Time is never read here. Domain events carry the charger's time, connectivity changes and ticks ours;
 * rules that wait (offline deadline, stuck transaction, quiet periods, trailing windows) act on ticks,
 * so the worker should tick about once a minute — transitions are dated when the condition changed,
 * not when the tick noticed.
 */
import type { DomainEvent } from '@pilewatch/ocpp';
import type { AlertCode } from './alert-rules.js';
import { ChargerDraft } from './alert-lifecycle.js';
import {
  assertSupportedState,
  parseAlertId,
  type AlertState,
  type AlertTransition,
  type ChargerAlertState,
  type ResolveReason,
} from './alert-state.js';
import { SupervisionError } from './errors.js';
import { defaultRulesConfig, type RulesConfig } from './rules-config.js';
import { trimBursts } from './conditions/bursts.js';
import { checkOffline, onConnectivityChanged, type ConnectivityChanged } from './conditions/connectivity.js';
import { onConnectorStatus, onFaultReported } from './conditions/faults.js';
import { onMeterSamples } from './conditions/meter.js';
import { onFirmwareStatus, onSecurityEvent } from './conditions/security.js';
import { onTemperatureSamples } from './conditions/temperature.js';
import {
  checkStuckTransactions,
  connectorOf,
  learnTransactionId,
  onTransactionEnded,
  onTransactionStarted,
  onTransactionUpdated,
} from './conditions/transactions.js';

export type { ConnectivityChanged } from './conditions/connectivity.js';

/** The clock moved on: lets waiting rules act (the worker sends one about every minute). */
export interface ClockTick {
  kind: 'clock.tick';
  at: Date;
}

/** An operator or the regulator acknowledges an alert with a note. */
export interface AlertAcknowledgement {
  kind: 'alert.acknowledge';
  alertId: string;
  by: string;
  note: string;
  at: Date;
}

export type AlertInput = DomainEvent | ConnectivityChanged | ClockTick | AlertAcknowledgement;

export interface Evaluation {
  state: AlertState;
  transitions: AlertTransition[];
}

const burstRules: ReadonlySet<AlertCode> = new Set<AlertCode>(['connectivity.flapping', 'security.failed_logins']);
const lapseReason = (rule: AlertCode): ResolveReason => (burstRules.has(rule) ? 'burst_over' : 'quiet_period');

/** One charger's result: its new state (the same object when nothing changed) and transitions. */
export interface ChargerEvaluation {
  state: ChargerAlertState;
  /** false: nothing to store. */
  changed: boolean;
  transitions: AlertTransition[];
}

/**
 * Applies one input to one charger's state — the way to run the engine at scale: keep each charger's
 * state on its own (a row per charger), evaluate, store it back when `changed`. The cost is that of the
 * charger's own state, however many chargers there are. A tick here moves only this charger's clock;
 * an acknowledgement must name an alert of this charger.
 */
export function evaluateCharger(
  chargerId: string,
  charger: ChargerAlertState | undefined,
  input: AlertInput,
  config: RulesConfig = defaultRulesConfig,
): ChargerEvaluation {
  const draft = new ChargerDraft(chargerId, charger, config);
  if (input.kind === 'clock.tick') tickDraft(draft, input.at.getTime());
  else if (input.kind === 'alert.acknowledge') {
    if (parseAlertId(input.alertId)?.chargerId !== chargerId) throw notFound(input.alertId);
    draft.acknowledge(input.alertId, input.by, input.note, input.at.toISOString());
  } else if (input.chargerId === chargerId) apply(draft, input);
  else {
    throw new SupervisionError('PW_SUP_CHARGER_MISMATCH', `An input of charger ${input.chargerId} was given to the state of ${chargerId}`, {
      chargerId,
      inputChargerId: input.chargerId,
    });
  }
  return { state: draft.state, changed: draft.changed, transitions: draft.transitions };
}

/**
 * Applies one input to the whole state. Returns a new state (the given one is not modified; when
 * nothing changed it is returned as is) and the transitions, in the order they happened.
 *
 * Each change copies the map of chargers (immutability has that price): fine for tests and small
 * fleets; with thousands of chargers keep per-charger states and use `evaluateCharger`.
 */
export function evaluate(state: AlertState, input: AlertInput, config: RulesConfig = defaultRulesConfig): Evaluation {
  assertSupportedState(state);
  if (input.kind === 'clock.tick') return tick(state, input.at.getTime(), config);
  if (input.kind === 'alert.acknowledge') return acknowledge(state, input);
  const result = evaluateCharger(input.chargerId, state.chargers[input.chargerId], input, config);
  return commit(state, [[input.chargerId, result]]);
}

/** Acknowledges an open or resolved alert; throws PW_SUP_ALERT_NOT_FOUND or PW_SUP_ALERT_ALREADY_ACKNOWLEDGED. */
export function acknowledge(state: AlertState, request: Omit<AlertAcknowledgement, 'kind'>): Evaluation {
  assertSupportedState(state);
  const chargerId = parseAlertId(request.alertId)?.chargerId;
  const charger = chargerId !== undefined ? state.chargers[chargerId] : undefined;
  if (chargerId === undefined || !charger) throw notFound(request.alertId);
  // Acknowledging reads no rule settings.
  const result = evaluateCharger(chargerId, charger, { kind: 'alert.acknowledge', ...request });
  return commit(state, [[chargerId, result]]);
}

function notFound(alertId: string): SupervisionError {
  return new SupervisionError('PW_SUP_ALERT_NOT_FOUND', `No alert ${alertId}; list the current alerts and acknowledge one of those`, { id: alertId });
}

function apply(draft: ChargerDraft, input: DomainEvent | ConnectivityChanged): void {
  switch (input.kind) {
    case 'connectivity.changed':
      draft.expire(input.at.getTime(), lapseReason);
      onConnectivityChanged(draft, input);
      return;
    case 'connector.status':
      onConnectorStatus(draft, input);
      return;
    case 'fault.reported':
      onFaultReported(draft, input);
      return;
    case 'meter.sampled': {
      const ref = connectorOf(draft, input);
      if (!ref) return; // samples of a transaction we cannot place: nothing to judge them against
      learnTransactionId(draft, ref, input.transactionId);
      const at = input.at.toISOString();
      onTemperatureSamples(draft, ref, at, input.samples);
      onMeterSamples(draft, ref, at, input.samples);
      return;
    }
    case 'transaction.started':
      onTransactionStarted(draft, input);
      return;
    case 'transaction.updated':
      onTransactionUpdated(draft, input);
      return;
    case 'transaction.ended':
      onTransactionEnded(draft, input);
      return;
    case 'security.event':
      onSecurityEvent(draft, input);
      return;
    case 'firmware.status':
      onFirmwareStatus(draft, input);
      return;
    default:
      // Boots, heartbeats, authorisations, reports, data transfers, log/diagnostics status: no rule reads them.
      return;
  }
}

function tickDraft(draft: ChargerDraft, now: number): void {
  draft.expire(now, lapseReason);
  checkOffline(draft, now);
  checkStuckTransactions(draft, now);
  trimBursts(draft, now);
}

function tick(state: AlertState, now: number, config: RulesConfig): Evaluation {
  const results = Object.entries(state.chargers).map(
    ([chargerId, charger]): [string, ChargerEvaluation] => [chargerId, evaluateCharger(chargerId, charger, { kind: 'clock.tick', at: new Date(now) }, config)],
  );
  const result = commit(state, results);
  // Chargers are visited in turn; the transitions are reported in the order they happened.
  result.transitions.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return result;
}

function commit(state: AlertState, results: Array<[string, ChargerEvaluation]>): Evaluation {
  const changed = results.filter(([, r]) => r.changed);
  if (changed.length === 0) return { state, transitions: [] };
  const chargers = { ...state.chargers };
  for (const [chargerId, r] of changed) chargers[chargerId] = r.state;
  return { state: { version: 1, chargers }, transitions: changed.flatMap(([, r]) => r.transitions) };
}
