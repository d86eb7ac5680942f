/** 1.6 Heartbeat: proof of life, answered with our clock so the charger can sync its own. */
import type { ActionModule } from '../handler.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../generated/ocpp16.js';

export const heartbeat: ActionModule<HeartbeatRequest, HeartbeatResponse> = {
  decode: (_p, ctx) => [{ kind: 'charger.heartbeat', chargerId: ctx.chargerId, at: ctx.receivedAt, receivedAt: ctx.receivedAt }],
  respond: (_p, outcome) => ({ currentTime: outcome.now.toISOString() }),
};
