/**
 * A route is declared once, in the route table: method, path, the roles allowed to call it, its input
 * schemas and its handler. Registration, authorisation, validation, the OpenAPI document and the
 * role-matrix test all read the same declaration.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Scope } from '@pilewatch/store';
import type { Principal, Role } from '../auth/roles.js';
import type { ApiDeps } from '../deps.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<P, Q, B> {
  principal: Principal;
  /** What the principal may see: handlers pass it to every query. */
  scope: Scope;
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
  deps: ApiDeps;
}

export interface Route {
  /** Stable name (`stations.create`): the OpenAPI operationId and the role-matrix test's key. */
  id: string;
  method: Method;
  url: string;
  roles: readonly Role[];
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Successful response body, for the OpenAPI document (and checked against real answers in tests). */
  response?: z.ZodType;
  /** Success status (default 200). */
  status?: number;
  /** A Server-Sent Events stream: the handler writes to the raw response itself. */
  eventStream?: boolean;
  handle(ctx: RouteContext<unknown, unknown, unknown>): Promise<unknown>;
}

export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  spec: Omit<Route, 'params' | 'query' | 'body' | 'handle'> & {
    params?: P;
    query?: Q;
    body?: B;
    handle(ctx: RouteContext<Out<P>, Out<Q>, Out<B>>): Promise<unknown>;
  },
): Route {
  return spec as Route;
}
