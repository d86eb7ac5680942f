/** 1.6 SignedFirmwareStatusNotification (security whitepaper): progress of a signed firmware update. */
import type { FirmwareStatusReported } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { SignedFirmwareStatusNotificationRequest, SignedFirmwareStatusNotificationResponse } from '../generated/ocpp16.js';

export const signedFirmwareStatusNotification: ActionModule<
  SignedFirmwareStatusNotificationRequest,
  SignedFirmwareStatusNotificationResponse
> = {
  decode(p, ctx) {
    const event: FirmwareStatusReported = {
      kind: 'firmware.status',
      chargerId: ctx.chargerId,
      at: ctx.receivedAt,
      receivedAt: ctx.receivedAt,
      status: p.status,
      signed: true,
    };
    if (p.requestId !== undefined) event.requestId = p.requestId;
    return [event];
  },
  respond: () => ({}),
};
