/** 2.0.1 StatusNotification: one connector of one EVSE changed status (Occupied stays Occupied). */
import { eventBase } from '../charger-time.js';
import type { ActionModule } from '../handler.js';
import type { StatusNotificationRequest, StatusNotificationResponse } from '../generated/ocpp201.js';
import { evseConnector } from './evse.js';

export const statusNotification: ActionModule<StatusNotificationRequest, StatusNotificationResponse> = {
  decode: (p, ctx) => [
    {
      kind: 'connector.status',
      ...eventBase(ctx, p.timestamp),
      ...evseConnector(p.evseId, p.connectorId, 'evseId/connectorId'),
      status: p.connectorStatus,
    },
  ],
  respond: () => ({}),
};
