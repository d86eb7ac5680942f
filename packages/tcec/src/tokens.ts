/**
 * Access tokens we issue to partners through `query_token`, and the Bearer check on every later call.
 * The store is an interface so the API can keep tokens in Redis (shared by every API node); the
 * in-memory store serves the single-process mode and tests.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { FailReason, type QueryTokenRequest, type QueryTokenResponse, SuccStat } from './interfaces.js';

export interface TokenStore {
  /** Keeps `token` for `operatorId` until `expiresAt`. Redis: `SET tcec:token:<token> <operatorId> PXAT <ms>`. */
  save(token: string, operatorId: string, expiresAt: Date, now: Date): void | Promise<void>;
  /** The OperatorID a still-valid token was issued to. */
  lookup(token: string, now: Date): string | undefined | Promise<string | undefined>;
}

export function createMemoryTokenStore(): TokenStore & { clear(): void; readonly size: number } {
  const tokens = new Map<string, { operatorId: string; expiresAt: number }>();
  return {
    save(token, operatorId, expiresAt, now) {
      for (const [k, v] of tokens) if (v.expiresAt <= now.getTime()) tokens.delete(k);
      tokens.set(token, { operatorId, expiresAt: expiresAt.getTime() });
    },
    lookup(token, now) {
      const entry = tokens.get(token);
      return entry && entry.expiresAt > now.getTime() ? entry.operatorId : undefined;
    },
    clear() {
      tokens.clear();
    },
    get size() {
      return tokens.size;
    },
  };
}

/** The partner that sent a query_token, as identified by its (already verified) envelope. */
export interface TokenCaller {
  operatorId: string;
  operatorSecret: string;
  tokenLifetimeS: number;
}

/**
 * Answers a query_token. The Data's OperatorID must be the envelope's (FailReason 1 otherwise) and
 * its OperatorSecret the one we issued (FailReason 2); a refusal is still Ret 0 with SuccStat 1.
 */
export async function answerQueryToken(
  request: QueryTokenRequest,
  caller: TokenCaller,
  store: TokenStore,
  now: Date = new Date(),
): Promise<QueryTokenResponse> {
  const refused = (reason: 1 | 2): QueryTokenResponse => ({
    OperatorID: request.OperatorID,
    SuccStat: SuccStat.Failed,
    AccessToken: '',
    TokenAvailableTime: 0,
    FailReason: reason,
  });
  if (request.OperatorID !== caller.operatorId) return refused(FailReason.UnknownOperator);
  if (!sameSecret(request.OperatorSecret, caller.operatorSecret)) return refused(FailReason.WrongSecret);

  const token = randomBytes(32).toString('hex');
  await store.save(token, caller.operatorId, new Date(now.getTime() + caller.tokenLifetimeS * 1000), now);
  return {
    OperatorID: caller.operatorId,
    SuccStat: SuccStat.Succeeded,
    AccessToken: token,
    TokenAvailableTime: caller.tokenLifetimeS,
    FailReason: FailReason.None,
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Whether the Authorization header carries a valid token issued to `operatorId` — the caller whose
 * signature `openRequest` verified. A token stolen from one partner is useless under another's OperatorID.
 */
export async function tokenAuthorizes(
  header: string | undefined | null,
  operatorId: string,
  store: TokenStore,
  now: Date = new Date(),
): Promise<boolean> {
  const token = bearerToken(header);
  if (!token) return false;
  return (await store.lookup(token, now)) === operatorId;
}
