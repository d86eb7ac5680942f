/**
 * Faults the charger reports: 1.6 status notifications with an error, 2.0.1 NotifyEvent problems.
 * The connector's latest status names its current error, so a status without it (or with another)
 * releases the earlier one; a 2.0.1 problem holds until the charger reports that component/variable cleared.
 */
import type { ConnectorStatusChanged, FaultReported } from '@pilewatch/ocpp';
import type { ChargerDraft } from '../alert-lifecycle.js';
import { ms } from '../alert-lifecycle.js';
import { refKey, type AlertDetail, type ConnectorRef } from '../alert-state.js';
import { classifyFault, statusReportsFault } from '../fault-codes.js';

const STATUS = 'status';

export function onConnectorStatus(draft: ChargerDraft, event: ConnectorStatusChanged): void {
  const ref: ConnectorRef = { evseId: event.evseId, connectorId: event.connectorId };
  const at = event.at.toISOString();
  const key = refKey(ref);
  const newest = draft.peek.statusAt[key];
  // A status older than one already applied arrived late (replayed after an outage): it is history, not now.
  if (newest && ms(at) < ms(newest)) return;
  draft.memory.statusAt[key] = at;

  if (!statusReportsFault(event.status, event.errorCode)) {
    for (const alert of draft.heldBy(ref, STATUS)) draft.release(alert.rule, ref, STATUS, at, 'condition_cleared');
    return;
  }
  const rule = classifyFault(
    { errorCode: event.errorCode, vendorErrorCode: event.vendorErrorCode, vendorId: event.vendorId, info: event.info },
    draft.config.vendorFaultCodes,
  );
  for (const alert of draft.heldBy(ref, STATUS)) {
    if (alert.rule !== rule) draft.release(alert.rule, ref, STATUS, at, 'superseded');
  }
  const detail: AlertDetail = { status: event.status };
  if (event.errorCode) detail.errorCode = event.errorCode;
  if (event.vendorErrorCode) detail.vendorErrorCode = event.vendorErrorCode;
  if (event.vendorId) detail.vendorId = event.vendorId;
  if (event.info) detail.info = event.info;
  draft.hold(rule, ref, STATUS, at, detail);
}

export function onFaultReported(draft: ChargerDraft, event: FaultReported): void {
  const ref: ConnectorRef = { evseId: event.evseId ?? 0, connectorId: event.connectorId ?? 0 };
  const at = event.at.toISOString();
  const source = `problem:${event.component}/${event.variable}`;
  if (event.cleared) {
    for (const alert of draft.heldBy(ref, source)) draft.release(alert.rule, ref, source, at, 'condition_cleared');
    return;
  }
  const rule = classifyFault(
    { component: event.component, variable: event.variable, techCode: event.code, info: event.info },
    draft.config.vendorFaultCodes,
  );
  for (const alert of draft.heldBy(ref, source)) {
    if (alert.rule !== rule) draft.release(alert.rule, ref, source, at, 'superseded');
  }
  const detail: AlertDetail = { component: event.component, variable: event.variable };
  if (event.code) detail.techCode = event.code;
  if (event.info) detail.info = event.info;
  if (event.severity !== undefined) detail.chargerSeverity = event.severity;
  draft.hold(rule, ref, source, at, detail);
}
