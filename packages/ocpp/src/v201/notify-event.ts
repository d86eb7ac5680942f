/**
 * 2.0.1 NotifyEvent: monitored variables that changed. The ones that describe a problem become
 * fault.reported: the standard `Problem` variable, any `Alerting` (a monitor's threshold crossed), a
 * `Delta` that carries a techCode, and any event that clears an earlier one. Other deltas and periodic
 * values are device-model updates, not faults; the raw journal keeps them.
 */
import { eventBase } from '../charger-time.js';
import type { FaultReported } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { EventDataType, NotifyEventRequest, NotifyEventResponse } from '../generated/ocpp201.js';
import { named } from '../variable-keys.js';

/** Component and variable names are case-insensitive in 2.0.1. */
const isProblemVariable = (e: EventDataType) => e.variable.name.toLowerCase() === 'problem';

function isFault(e: EventDataType): boolean {
  return isProblemVariable(e) || e.trigger === 'Alerting' || (e.trigger === 'Delta' && e.techCode !== undefined) || e.cleared === true;
}

export const notifyEvent: ActionModule<NotifyEventRequest, NotifyEventResponse> = {
  decode: (p, ctx) =>
    p.eventData.filter(isFault).map((e, i) => {
      const fault: FaultReported = {
        kind: 'fault.reported',
        ...eventBase(ctx, e.timestamp, `eventData[${i}].timestamp`),
        component: named(e.component),
        variable: named(e.variable),
        code: e.techCode ?? e.actualValue,
        // A Problem variable going back to false is the problem clearing, whether or not `cleared` is set.
        cleared: e.cleared === true || (isProblemVariable(e) && e.actualValue.toLowerCase() === 'false'),
        eventId: e.eventId,
        trigger: e.trigger,
        actualValue: e.actualValue,
      };
      if (e.component.evse) {
        fault.evseId = e.component.evse.id;
        if (e.component.evse.connectorId !== undefined) fault.connectorId = e.component.evse.connectorId;
      }
      if (e.techInfo !== undefined) fault.info = e.techInfo;
      return fault;
    }),
  respond: () => ({}),
};
