/** 1.6 DiagnosticsStatusNotification: progress of a diagnostics upload. */
import type { ActionModule } from '../handler.js';
import type { DiagnosticsStatusNotificationRequest, DiagnosticsStatusNotificationResponse } from '../generated/ocpp16.js';

export const diagnosticsStatusNotification: ActionModule<DiagnosticsStatusNotificationRequest, DiagnosticsStatusNotificationResponse> = {
  decode: (p, ctx) => [{ kind: 'diagnostics.status', chargerId: ctx.chargerId, at: ctx.receivedAt, receivedAt: ctx.receivedAt, status: p.status }],
  respond: () => ({}),
};
