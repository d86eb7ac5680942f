/**
 * Which transaction runs on which connector, and the rule for a transaction stuck far longer than any
 * plausible charge. 1.6 starts carry no id (the central system assigns it), and 1.6 stops and most 2.0.1
 * updates name no connector, so the link is learned from whichever event names both.
 */
import type { TransactionEnded, TransactionStarted, TransactionUpdated } from '@pilewatch/ocpp';
import type { ChargerDraft } from '../alert-lifecycle.js';
import { iso, ms, MINUTE } from '../alert-lifecycle.js';
import { parseRefKey, refKey, type ConnectorRef } from '../alert-state.js';
import { registerReading } from './meter.js';

const TX = 'transaction';

/** The connector an event belongs to: named by the event, or learned from its transaction id. */
export function connectorOf(
  draft: ChargerDraft,
  event: { evseId?: number; connectorId?: number; transactionId?: string },
): ConnectorRef | undefined {
  if (event.evseId !== undefined) return { evseId: event.evseId, connectorId: event.connectorId ?? 1 };
  if (event.transactionId === undefined) return undefined;
  const known = draft.peek.transactionConnectors[event.transactionId];
  if (known) return parseRefKey(known);
  // A 1.6 stop of the charger's only transaction whose id we never saw: it can only be that one.
  const anonymous = Object.entries(draft.peek.transactions).filter(([, tx]) => tx.id === undefined);
  return anonymous.length === 1 ? parseRefKey(anonymous[0]![0]) : undefined;
}

/** Records that `transactionId` runs on `ref` when the running transaction there has no id yet. */
export function learnTransactionId(draft: ChargerDraft, ref: ConnectorRef, transactionId: string | undefined): void {
  if (transactionId === undefined || draft.peek.transactionConnectors[transactionId]) return;
  const tx = draft.peek.transactions[refKey(ref)];
  if (!tx || tx.id !== undefined) return;
  const memory = draft.memory;
  memory.transactions[refKey(ref)] = { ...tx, id: transactionId };
  memory.transactionConnectors[transactionId] = refKey(ref);
}

export function onTransactionStarted(draft: ChargerDraft, event: TransactionStarted): void {
  const ref: ConnectorRef = { evseId: event.evseId, connectorId: event.connectorId };
  const at = event.at.toISOString();
  const key = refKey(ref);
  const memory = draft.memory;
  const previous = memory.transactions[key];
  if (previous && previous.id !== undefined && previous.id === event.transactionId) return; // a repeat of the same start
  if (previous) {
    // Its end never reached us; the new transaction is proof it is over.
    if (previous.id !== undefined) delete memory.transactionConnectors[previous.id];
    draft.releaseAll('transaction.stuck', ref, at, 'superseded');
  }
  memory.transactions[key] = { startedAt: at, ...(event.transactionId !== undefined ? { id: event.transactionId } : {}) };
  if (event.transactionId !== undefined) memory.transactionConnectors[event.transactionId] = key;
  if (event.meterStartWh !== undefined) registerReading(draft, ref, at, event.meterStartWh);
}

export function onTransactionUpdated(draft: ChargerDraft, event: TransactionUpdated): void {
  if (event.evseId === undefined) return;
  learnTransactionId(draft, { evseId: event.evseId, connectorId: event.connectorId ?? 1 }, event.transactionId);
}

export function onTransactionEnded(draft: ChargerDraft, event: TransactionEnded): void {
  const ref = connectorOf(draft, event);
  if (!ref) return;
  const at = event.at.toISOString();
  const key = refKey(ref);
  const running = draft.peek.transactions[key];
  const isRunning = running !== undefined && (running.id === undefined || running.id === event.transactionId);
  if (isRunning) {
    const memory = draft.memory;
    delete memory.transactions[key];
    delete memory.transactionConnectors[event.transactionId];
    if (running.id !== undefined) delete memory.transactionConnectors[running.id];
    draft.releaseAll('transaction.stuck', ref, at, 'transaction_ended');
    // Conditions that only the running charge can hold: without it nothing will report them cleared.
    draft.releaseAll('temperature.rising_fast', ref, at, 'transaction_ended');
    draft.releaseAll('temperature.battery_high', ref, at, 'transaction_ended');
    draft.releaseAll('meter.impossible_power', ref, at, 'transaction_ended');
  }
  if (event.meterStopWh !== undefined) registerReading(draft, ref, at, event.meterStopWh);
}

/** Clock tick: a transaction running for `afterMinutes` is stuck from the moment the limit passed. */
export function checkStuckTransactions(draft: ChargerDraft, now: number): void {
  const limit = draft.config.rules['transaction.stuck'].afterMinutes * MINUTE;
  for (const [key, tx] of Object.entries(draft.peek.transactions)) {
    const due = ms(tx.startedAt) + limit;
    if (now < due) continue;
    const detail = { startedAt: tx.startedAt, ...(tx.id !== undefined ? { transactionId: tx.id } : {}) };
    draft.hold('transaction.stuck', parseRefKey(key), TX, iso(due), detail);
  }
}
