/** 1.6 FirmwareStatusNotification: progress of a firmware update. */
import type { ActionModule } from '../handler.js';
import type { FirmwareStatusNotificationRequest, FirmwareStatusNotificationResponse } from '../generated/ocpp16.js';

export const firmwareStatusNotification: ActionModule<FirmwareStatusNotificationRequest, FirmwareStatusNotificationResponse> = {
  decode: (p, ctx) => [{ kind: 'firmware.status', chargerId: ctx.chargerId, at: ctx.receivedAt, receivedAt: ctx.receivedAt, status: p.status }],
  respond: () => ({}),
};
