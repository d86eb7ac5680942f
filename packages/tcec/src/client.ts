/**
 * A client for any T/CEC 102 platform: gets and caches an access token, seals each call, checks each
 * answer, and refreshes the token once when the platform says it is bad (Ret 4002). Uses the global
 * `fetch` unless given another; keeps no state beyond the token and the Seq counter.
 */
import type { z } from 'zod';
import { describeIssues, openResponse, sealRequest, type OpenedResponse } from './codec.js';
import type { ChannelSecrets } from './crypto.js';
import { seqGeneratorFor, type SeqGenerator } from './envelope.js';
import { isRetryable, Ret, TcecError } from './errors.js';
import {
  type InterfaceName,
  type InterfaceRequest,
  type InterfaceResponse,
  isInterfaceName,
  type QueryTokenResponse,
  queryTokenResponseSchema,
  SuccStat,
  tcecInterfaces,
} from './interfaces.js';
import type { FieldSpelling } from './spelling.js';

export interface TcecClientOptions {
  /** `{base}` of `{base}/{interfaceName}`, e.g. `https://host/evcs/v1` (a trailing slash is fine). */
  baseUrl: string;
  /** Who we are at their platform: the OperatorID and OperatorSecret they registered us with. */
  ours: { operatorId: string; operatorSecret: string };
  /** The DataSecret, DataSecretIV and SigSecret they issued for this link. */
  theirs: ChannelSecrets;
  /** Their field spellings (ours → theirs). */
  spelling?: FieldSpelling;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
  /** Per HTTP request; default 10 s. */
  timeoutMs?: number;
  /** Fetch a new token this many seconds before the current one expires; default 60. */
  tokenRefreshMarginS?: number;
  /** Where TimeStamp + Seq come from; default the process-wide generator for `ours.operatorId`. */
  seq?: SeqGenerator;
}

export type CallableInterface = Exclude<InterfaceName, 'query_token'>;

export interface TcecClient {
  /** Fetches a new access token (and keeps it for later calls). Throws PW_TCEC_TOKEN_REFUSED on SuccStat 1. */
  queryToken(): Promise<QueryTokenResponse>;
  /** Calls an interface with a valid token; Data is checked against the interface's schemas both ways. */
  call<N extends CallableInterface>(name: N, data: InterfaceRequest<N>): Promise<InterfaceResponse<N>>;
  /** Calls an interface this package has no schema for; Data goes out and comes back unchecked. */
  call(name: string, data: unknown): Promise<unknown>;
}

export function createTcecClient(options: TcecClientOptions): TcecClient {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const marginMs = (options.tokenRefreshMarginS ?? 60) * 1000;
  const base = options.baseUrl.replace(/\/+$/, '');
  const seq = options.seq ?? seqGeneratorFor(options.ours.operatorId);

  let token: { value: string; expiresAt: number } | undefined;
  // Concurrent calls that all find no token share one query_token instead of racing.
  let pending: Promise<QueryTokenResponse> | undefined;

  async function exchange<T>(
    name: string,
    data: unknown,
    bearer: string | undefined,
    schema: z.ZodType<T> | undefined,
  ): Promise<OpenedResponse<T>> {
    const stamp = await seq.next(now());
    const envelope = sealRequest(options.ours.operatorId, data, options.theirs, stamp, { spelling: options.spelling });
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const url = `${base}/${name}`;
    let res: Response;
    let text: string;
    try {
      res = await fetchFn(url, { method: 'POST', headers, body: JSON.stringify(envelope), signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
    } catch (cause) {
      throw new TcecError('PW_TCEC_UNREACHABLE', `${name}: no answer from ${url}`, { interface: name, url }, { cause });
    }
    try {
      return openResponse(text, options.theirs, { schema, spelling: options.spelling });
    } catch (err) {
      // Some platforms answer errors with a bare HTTP status; report that rather than "not an envelope".
      if (!res.ok && err instanceof TcecError && err.code === 'PW_TCEC_RESPONSE_INVALID') {
        throw new TcecError('PW_TCEC_HTTP_ERROR', `${name}: HTTP ${res.status} from ${url}`, {
          interface: name,
          url,
          status: res.status,
          body: text.slice(0, 200),
        });
      }
      if (err instanceof TcecError) err.details.interface = name;
      throw err;
    }
  }

  async function fetchToken(): Promise<QueryTokenResponse> {
    const requestedAt = now().getTime();
    const answer = await exchange(
      'query_token',
      { OperatorID: options.ours.operatorId, OperatorSecret: options.ours.operatorSecret },
      undefined,
      queryTokenResponseSchema,
    );
    if (!answer.ok) throw remoteFailure('query_token', answer.ret, answer.msg);
    if (answer.data.SuccStat !== SuccStat.Succeeded) {
      throw new TcecError('PW_TCEC_TOKEN_REFUSED', `query_token refused: FailReason ${answer.data.FailReason}`, {
        failReason: answer.data.FailReason,
      });
    }
    const lifetimeMs = answer.data.TokenAvailableTime * 1000;
    // A platform issuing very short tokens would otherwise have every call fetch a new one.
    token = { value: answer.data.AccessToken, expiresAt: requestedAt + lifetimeMs - Math.min(marginMs, lifetimeMs / 2) };
    return answer.data;
  }

  function queryToken(): Promise<QueryTokenResponse> {
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function validToken(): Promise<string> {
    if (token && token.expiresAt > now().getTime()) return token.value;
    return (await queryToken()).AccessToken;
  }

  async function call(name: string, data: unknown): Promise<unknown> {
    if (name === 'query_token') return queryToken();
    const spec = isInterfaceName(name) ? tcecInterfaces[name] : undefined;
    let requestData = data;
    if (spec) {
      const checked = spec.request.safeParse(data);
      if (!checked.success) {
        throw new TcecError('PW_TCEC_DATA_INVALID', `${name}: request Data is not valid: ${describeIssues(checked.error)}`, {
          interface: name,
        });
      }
      requestData = checked.data;
    }
    const used = await validToken();
    let answer = await exchange(name, requestData, used, spec?.response as z.ZodType | undefined);
    if (!answer.ok && answer.ret === Ret.BadToken) {
      // Forget the token only if no concurrent call has replaced it already.
      if (token?.value === used) token = undefined;
      answer = await exchange(name, requestData, await validToken(), spec?.response as z.ZodType | undefined);
    }
    if (!answer.ok) throw remoteFailure(name, answer.ret, answer.msg);
    return answer.data;
  }

  return { queryToken, call: call as TcecClient['call'] };
}

function remoteFailure(name: string, ret: number, msg: string): TcecError {
  return new TcecError('PW_TCEC_REMOTE_FAILURE', `${name} answered Ret ${ret}${msg ? `: ${msg}` : ''}`, {
    interface: name,
    ret,
    msg,
    retryable: isRetryable(ret),
  });
}
