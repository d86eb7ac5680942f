/** Bearer authentication and the route table's role check, run before anything else on a request. */
import type { FastifyRequest } from 'fastify';
import type { ReadDb } from '@pilewatch/store';
import { ApiError } from '../errors.js';
import type { Principal, Role } from './roles.js';
import { principalForToken } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate` on every table route. */
    principal: Principal | null;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new ApiError('PW_API_UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
  return m[1];
}

/** An onRequest hook for a route open to `roles`. */
export function authenticate(db: ReadDb, roles: readonly Role[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearer(request);
    if (!token) throw new ApiError('PW_API_UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <token>)');
    const principal = await principalForToken(db, token);
    if (!principal) throw new ApiError('PW_API_UNAUTHENTICATED', 'the token is unknown or revoked');
    if (!roles.includes(principal.role)) {
      throw new ApiError('PW_API_FORBIDDEN', `the ${principal.role} role may not use ${request.method} ${request.routeOptions.url}`);
    }
    request.principal = principal;
  };
}
