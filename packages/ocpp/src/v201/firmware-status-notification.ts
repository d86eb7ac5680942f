/** 2.0.1 FirmwareStatusNotification: progress of a firmware update, by the UpdateFirmware requestId. */
import type { FirmwareStatusReported } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { FirmwareStatusNotificationRequest, FirmwareStatusNotificationResponse } from '../generated/ocpp201.js';

export const firmwareStatusNotification: ActionModule<FirmwareStatusNotificationRequest, FirmwareStatusNotificationResponse> = {
  decode(p, ctx) {
    const event: FirmwareStatusReported = { kind: 'firmware.status', chargerId: ctx.chargerId, at: ctx.receivedAt, receivedAt: ctx.receivedAt, status: p.status };
    if (p.requestId !== undefined) event.requestId = p.requestId;
    return [event];
  },
  respond: () => ({}),
};
