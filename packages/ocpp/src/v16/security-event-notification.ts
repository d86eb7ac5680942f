/** 1.6 SecurityEventNotification (security whitepaper): a security-relevant event on the charger. */
import { eventBase } from '../charger-time.js';
import type { SecurityEventReported } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { SecurityEventNotificationRequest, SecurityEventNotificationResponse } from '../generated/ocpp16.js';

export const securityEventNotification: ActionModule<SecurityEventNotificationRequest, SecurityEventNotificationResponse> = {
  decode(p, ctx) {
    const event: SecurityEventReported = { kind: 'security.event', ...eventBase(ctx, p.timestamp), type: p.type };
    if (p.techInfo !== undefined) event.techInfo = p.techInfo;
    return [event];
  },
  respond: () => ({}),
};
