/**
 * The serving side of T/CEC 102, independent of any HTTP framework: one call in (interface name,
 * body, Authorization header), one signed response envelope out. The API mounts it on a POST route;
 * the business answers come from handlers it passes in.
 *
 * Order of checks: the codec's envelope, signature, skew and replay checks → the interface exists and
 * the partner may call it (4004) → query_token is answered, every other call needs a valid token of
 * this same partner (4002) → Data matches the interface (4004) → the handler (500 if it throws).
 * The token is checked before the Data so a client with a stale token always learns to refresh it.
 */
import { describeIssues, openRequest, sealResponse } from './codec.js';
import type { ResponseEnvelope } from './envelope.js';
import { Ret, type TcecErrorCode } from './errors.js';
import {
  type InterfaceName,
  type InterfaceResponse,
  isInterfaceName,
  type ParsedInterfaceRequest,
  queryTokenRequestSchema,
  requestSchemaOf,
} from './interfaces.js';
import { findPartner, inboundSecrets, mayCall, type Partner } from './partners.js';
import type { ReplayGuard } from './replay-guard.js';
import { answerQueryToken, tokenAuthorizes, type TokenStore } from './tokens.js';

/** Interfaces a partner calls on us once it has a token. */
export type ServedInterface = Exclude<InterfaceName, 'query_token'>;

export type TcecHandlers = {
  [N in ServedInterface]?: (
    data: ParsedInterfaceRequest<N>,
    partner: Partner,
  ) => InterfaceResponse<N> | Promise<InterfaceResponse<N>>;
};

export interface TcecEndpointOptions {
  partners: readonly Partner[];
  replayGuard: ReplayGuard;
  tokens: TokenStore;
  handlers: TcecHandlers;
  now?: () => Date;
}

export interface TcecCall {
  /** The last path segment of `{base}/{interfaceName}`. */
  interfaceName: string;
  /** The parsed JSON body, or its raw text. */
  body: unknown;
  authorization?: string | undefined;
}

/** What happened, for the access log (never secrets); `envelope` is what to send, always with HTTP 200. */
export interface TcecOutcome {
  envelope: ResponseEnvelope;
  interfaceName: string;
  operatorId?: string;
  ret: number;
  /** Why a call was refused. */
  code?: TcecErrorCode;
  /** What a handler threw (answered as Ret 500). */
  error?: unknown;
}

export function createTcecEndpoint(options: TcecEndpointOptions): (call: TcecCall) => Promise<TcecOutcome> {
  const lookup = inboundSecrets(options.partners);
  const now = options.now ?? (() => new Date());

  return async ({ interfaceName, body, authorization }) => {
    const at = now();
    const opened = await openRequest(body, lookup, { replayGuard: options.replayGuard, now: at });
    if (!opened.ok) {
      const { ret, msg, code, operatorId, secrets } = opened;
      return { envelope: sealResponse(ret, msg, null, secrets), interfaceName, operatorId, ret, code };
    }
    const { operatorId, secrets } = opened;
    const partner = findPartner(options.partners, operatorId)!;
    const refuse = (ret: number, msg: string, code: TcecErrorCode, error?: unknown): TcecOutcome => ({
      envelope: sealResponse(ret, msg, null, secrets),
      interfaceName,
      operatorId,
      ret,
      code,
      ...(error === undefined ? {} : { error }),
    });
    const answer = (data: unknown): TcecOutcome => ({
      envelope: sealResponse(Ret.Ok, '', data, secrets),
      interfaceName,
      operatorId,
      ret: Ret.Ok,
    });

    if (!isInterfaceName(interfaceName) || !mayCall(partner, interfaceName)) {
      return refuse(Ret.BadData, `interface ${interfaceName} is not available to ${operatorId}`, 'PW_TCEC_INTERFACE_NOT_ALLOWED');
    }

    if (interfaceName === 'query_token') {
      const request = queryTokenRequestSchema.safeParse(opened.data);
      if (!request.success) {
        return refuse(Ret.BadData, `bad business parameters: ${describeIssues(request.error)}`, 'PW_TCEC_DATA_INVALID');
      }
      const inbound = partner.inbound!;
      const caller = { operatorId, operatorSecret: inbound.operatorSecret, tokenLifetimeS: inbound.tokenLifetimeS };
      return answer(await answerQueryToken(request.data, caller, options.tokens, at));
    }

    if (!(await tokenAuthorizes(authorization, operatorId, options.tokens, at))) {
      return refuse(Ret.BadToken, 'AccessToken is missing, unknown or expired; call query_token', 'PW_TCEC_TOKEN_INVALID');
    }
    const request = requestSchemaOf(interfaceName).safeParse(opened.data);
    if (!request.success) {
      return refuse(Ret.BadData, `bad business parameters: ${describeIssues(request.error)}`, 'PW_TCEC_DATA_INVALID');
    }
    const handler = options.handlers[interfaceName] as
      | ((data: unknown, partner: Partner) => unknown | Promise<unknown>)
      | undefined;
    if (!handler) {
      return refuse(Ret.BadData, `interface ${interfaceName} is not served here`, 'PW_TCEC_INTERFACE_NOT_ALLOWED');
    }
    try {
      return answer(await handler(request.data, partner));
    } catch (error) {
      // The partner learns only that it failed; the outcome carries the error for our log.
      return refuse(Ret.SystemError, 'system error', 'PW_TCEC_HANDLER_FAILED', error);
    }
  };
}
