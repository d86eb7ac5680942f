/** 1.6 LogStatusNotification (security whitepaper): progress of a GetLog upload. */
import type { LogStatusReported } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { LogStatusNotificationRequest, LogStatusNotificationResponse } from '../generated/ocpp16.js';

export const logStatusNotification: ActionModule<LogStatusNotificationRequest, LogStatusNotificationResponse> = {
  decode(p, ctx) {
    const event: LogStatusReported = { kind: 'log.status', chargerId: ctx.chargerId, at: ctx.receivedAt, receivedAt: ctx.receivedAt, status: p.status };
    if (p.requestId !== undefined) event.requestId = p.requestId;
    return [event];
  },
  respond: () => ({}),
};
