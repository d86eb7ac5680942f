/** 2.0.1 Authorize: may this id token charge here? The central system decides; we carry the answer. */
import type { ActionModule } from '../handler.js';
import type { AuthorizeRequest, AuthorizeResponse } from '../generated/ocpp201.js';
import { requireIdTokenStatus } from '../outcome-fields.js';

export const authorize: ActionModule<AuthorizeRequest, AuthorizeResponse> = {
  decode: (p, ctx) => [
    {
      kind: 'authorize.requested',
      chargerId: ctx.chargerId,
      at: ctx.receivedAt,
      receivedAt: ctx.receivedAt,
      idToken: p.idToken.idToken,
      tokenType: p.idToken.type,
    },
  ],
  respond: (_p, outcome) => ({ idTokenInfo: { status: requireIdTokenStatus(outcome, 'Authorize') } }),
};
