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
import { assertSupportedState, parseAlertId, type AlertState, type AlertTransition, type ResolveReason } from './alert-state.js';
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

/**
 * Applies one input. Returns a new state (the given one is not modified; when nothing changed it is
 * returned as is) and the transitions, in the order they happened.
 */
export function evaluate(state: AlertState, input: AlertInput, config: RulesConfig = defaultRulesConfig): Evaluation {
  assertSupportedState(state);
  if (input.kind === 'clock.tick') return tick(state, input.at.getTime(), config);
  if (input.kind === 'alert.acknowledge') return acknowledge(state, input);

  const draft = new ChargerDraft(input.chargerId, state.chargers[input.chargerId], config);
  apply(draft, input);
  return commit(state, [draft]);
}

/** Acknowledges an open or resolved alert; throws PW_SUP_ALERT_NOT_FOUND or PW_SUP_ALERT_ALREADY_ACKNOWLEDGED. */
export function acknowledge(state: AlertState, request: Omit<AlertAcknowledgement, 'kind'>): Evaluation {
  assertSupportedState(state);
  const parsed = parseAlertId(request.alertId);
  const charger = parsed ? state.chargers[parsed.chargerId] : undefined;
  if (!parsed || !charger) {
    throw new SupervisionError('PW_SUP_ALERT_NOT_FOUND', `No alert ${request.alertId}; list the current alerts and acknowledge one of those`, {
      id: request.alertId,
    });
  }
  // Acknowledging reads no rule settings; the defaults only satisfy the draft's signature.
  const draft = new ChargerDraft(parsed.chargerId, charger, defaultRulesConfig);
  draft.acknowledge(request.alertId, request.by, request.note, request.at.toISOString());
  return commit(state, [draft]);
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

function tick(state: AlertState, now: number, config: RulesConfig): Evaluation {
  const drafts: ChargerDraft[] = [];
  for (const [chargerId, charger] of Object.entries(state.chargers)) {
    const draft = new ChargerDraft(chargerId, charger, config);
    draft.expire(now, lapseReason);
    checkOffline(draft, now);
    checkStuckTransactions(draft, now);
    trimBursts(draft, now);
    drafts.push(draft);
  }
  const result = commit(state, drafts);
  // Chargers are visited in turn; the transitions are reported in the order they happened.
  result.transitions.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return result;
}

function commit(state: AlertState, drafts: ChargerDraft[]): Evaluation {
  const changed = drafts.filter((d) => d.changed);
  if (changed.length === 0) return { state, transitions: [] };
  const chargers = { ...state.chargers };
  for (const d of changed) chargers[d.chargerId] = d.state;
  return { state: { version: 1, chargers }, transitions: changed.flatMap((d) => d.transitions) };
}
