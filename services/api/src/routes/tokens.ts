/** API tokens, managed by admins; and `me`, which tells any caller who its token says it is. */
import { z } from 'zod';
import { adminOnly, anyone, roles } from '../auth/roles.js';
import { createToken, listTokens, revokeToken } from '../auth/tokens.js';
import { notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { queryBoolean, slug } from '../http/schemas.js';
import { tokenView } from '../http/views.js';

const tag = 'access';

export const tokenRoutes = [
  defineRoute({
    id: 'me',
    method: 'GET',
    url: '/api/v1/me',
    roles: anyone,
    tag,
    summary: 'The principal the bearer token stands for',
    response: z.object({ tokenId: z.string(), name: z.string(), role: z.enum(roles), operatorId: z.string().nullable() }),
    handle: async ({ principal }) => principal,
  }),
  defineRoute({
    id: 'tokens.list',
    method: 'GET',
    url: '/api/v1/tokens',
    roles: adminOnly,
    tag,
    summary: 'List API tokens (never their secrets)',
    query: z.strictObject({ includeRevoked: queryBoolean.optional() }),
    response: z.object({ items: z.array(tokenView) }),
    handle: async ({ deps, query }) => ({ items: await listTokens(deps.db, { includeRevoked: query.includeRevoked ?? false }) }),
  }),
  defineRoute({
    id: 'tokens.create',
    method: 'POST',
    url: '/api/v1/tokens',
    roles: adminOnly,
    tag,
    summary: 'Create an API token; the secret is in this answer only',
    status: 201,
    body: z.strictObject({
      name: z.string().trim().min(1).max(200),
      role: z.enum(roles),
      operatorId: slug.optional().describe('required for, and only for, the operator role'),
    }),
    response: tokenView.extend({ token: z.string().describe('the bearer secret; store it now, it cannot be shown again') }),
    handle: async ({ deps, body, principal }) =>
      createToken(deps.db, { ...body, createdBy: `${principal.name} (${principal.tokenId})` }),
  }),
  defineRoute({
    id: 'tokens.revoke',
    method: 'DELETE',
    url: '/api/v1/tokens/:tokenId',
    roles: adminOnly,
    tag,
    summary: 'Revoke a token; it stops working at once',
    status: 204,
    params: z.strictObject({ tokenId: z.string().min(1).max(100) }),
    handle: async ({ deps, params }) => {
      if (!(await revokeToken(deps.db, params.tokenId))) throw notFound('token', params.tokenId);
      return undefined;
    },
  }),
];
