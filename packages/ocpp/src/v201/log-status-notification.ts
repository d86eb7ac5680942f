/** 2.0.1 LogStatusNotification: progress of a GetLog upload (2.0.1's diagnostics). */
import type { LogStatusReported } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { LogStatusNotificationRequest, LogStatusNotificationResponse } from '../generated/ocpp201.js';

export const logStatusNotification: ActionModule<LogStatusNotificationRequest, LogStatusNotificationResponse> = {
  decode(p, ctx) {
    const event: LogStatusReported = { kind: 'log.status', chargerId: ctx.chargerId, at: ctx.receivedAt, receivedAt: ctx.receivedAt, status: p.status };
    if (p.requestId !== undefined) event.requestId = p.requestId;
    return [event];
  },
  respond: () => ({}),
};
