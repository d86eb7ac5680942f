/** 2.0.1 SecurityEventNotification: a security-relevant event on the station. */
import { eventBase } from '../charger-time.js';
import type { SecurityEventReported } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { SecurityEventNotificationRequest, SecurityEventNotificationResponse } from '../generated/ocpp201.js';

export const securityEventNotification: ActionModule<SecurityEventNotificationRequest, SecurityEventNotificationResponse> = {
  decode(p, ctx) {
    const event: SecurityEventReported = { kind: 'security.event', ...eventBase(ctx, p.timestamp), type: p.type };
    if (p.techInfo !== undefined) event.techInfo = p.techInfo;
    return [event];
  },
  respond: () => ({}),
};
