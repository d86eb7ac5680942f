/** 1.6 StatusNotification: a connector (or, as connector 0, the whole charger) changed status. */
import { eventBase } from '../charger-time.js';
import { forbidden } from '../errors.js';
import type { ConnectorStatusChanged } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { StatusNotificationRequest, StatusNotificationResponse } from '../generated/ocpp16.js';
import { fromConnectorId } from './connector-ids.js';

/** 1.6 §4.9: connector 0 can only be Available, Unavailable or Faulted; anything else is a charger bug. */
const chargerWideStatuses = new Set(['Available', 'Unavailable', 'Faulted']);

export const statusNotification: ActionModule<StatusNotificationRequest, StatusNotificationResponse> = {
  decode(p, ctx) {
    if (p.connectorId === 0 && !chargerWideStatuses.has(p.status)) {
      throw forbidden('PropertyConstraintViolation', `connectorId 0 cannot be ${p.status}: only Available, Unavailable or Faulted`, {
        field: 'status',
        value: p.status,
      });
    }
    const event: ConnectorStatusChanged = {
      kind: 'connector.status',
      ...eventBase(ctx, p.timestamp),
      ...fromConnectorId(p.connectorId),
      status: p.status,
    };
    if (p.errorCode !== 'NoError') event.errorCode = p.errorCode;
    if (p.vendorErrorCode !== undefined) event.vendorErrorCode = p.vendorErrorCode;
    if (p.vendorId !== undefined) event.vendorId = p.vendorId;
    if (p.info !== undefined) event.info = p.info;
    return [event];
  },
  respond: () => ({}),
};
