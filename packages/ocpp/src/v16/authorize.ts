/** 1.6 Authorize: may this id tag charge here? The central system decides; we carry the answer. */
import type { ActionModule } from '../handler.js';
import type { AuthorizeRequest, AuthorizeResponse } from '../generated/ocpp16.js';
import { idTagInfo } from './id-tag-info.js';

export const authorize: ActionModule<AuthorizeRequest, AuthorizeResponse> = {
  decode: (p, ctx) => [{ kind: 'authorize.requested', chargerId: ctx.chargerId, at: ctx.receivedAt, receivedAt: ctx.receivedAt, idToken: p.idTag }],
  respond: (_p, outcome) => ({ idTagInfo: idTagInfo(outcome, 'Authorize') }),
};
