/**
 * `buildApi` composes the HTTP API: bearer authentication and the route table's roles, zod validation,
 * one error shape, per-token rate limiting, a body limit, the live feed, OpenAPI, health and metrics.
 */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '@pilewatch/config';
import type { Bus } from '@pilewatch/bus';
import type { Database } from '@pilewatch/store';
import { authenticate } from './auth/authenticate.js';
import { scopeOf } from './auth/roles.js';
import { busCommandSender, type CommandSender } from './commands/sender.js';
import type { ApiDeps, ApiSettings } from './deps.js';
import { ApiError, errorBody, toApiError } from './errors.js';
import { acceptCsvBodies } from './http/csv-body.js';
import { registerDashboard } from './http/dashboard.js';
import { registerOpenApi, routeSchema } from './http/openapi.js';
import { registerOperations } from './http/operations.js';
import type { Route } from './http/route.js';
import { parseInput } from './http/validation.js';
import { provinceLink } from './province/province-link.js';
import { LiveFeed } from './live/feed.js';
import { ApiMetrics, type MetricsSources } from './metrics/api-metrics.js';
import { routeTable } from './routes/route-table.js';

export interface ApiOptions {
  config: Config;
  db: Database;
  bus: Bus;
  /** pino logger (fastify logs requests through it; never headers, so never tokens). */
  log: FastifyBaseLogger;
  /** The in-process central system (`{ send: (id, c) => csms.sendCommand(id, c) }`); default: over the bus. */
  commands?: CommandSender;
  /** Figures from components in the same process, rendered at /metrics. */
  metrics?: MetricsSources;
  settings?: Partial<ApiSettings>;
}

export const defaultSettings: ApiSettings = {
  bodyLimitBytes: 64 * 1024,
  rateLimitMax: 600,
  rateLimitWindowMs: 60_000,
  liveKeepAliveMs: 15_000,
};

export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const settings = { ...defaultSettings, ...options.settings };
  const app = Fastify({ loggerInstance: options.log, bodyLimit: settings.bodyLimitBytes }) as unknown as FastifyInstance;
  const metrics = new ApiMetrics(options.metrics);
  const live = new LiveFeed(options.bus, options.db, options.log, { onSubscribers: (n) => metrics.liveSubscribers.set(n) });
  const deps: ApiDeps = {
    config: options.config,
    db: options.db,
    bus: options.bus,
    log: options.log,
    commands: options.commands ?? busCommandSender(options.bus, options.config.ocpp.callTimeoutS),
    live,
    metrics,
    settings,
  };

  // zod validates (in the handler wrapper); the JSON Schemas on routes only feed the OpenAPI document.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorateRequest('principal', null);
  // Bodies are JSON only: a text body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err, request, reply) => {
    const apiError = toApiError(err);
    if (apiError.code === 'PW_API_INTERNAL') request.log.error({ err }, 'request failed');
    return reply.status(apiError.statusCode).send(errorBody(apiError));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody(new ApiError('PW_API_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`))),
  );

  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('preClose', async () => {
    await live.close();
  });

  await app.register(rateLimit, {
    global: true,
    max: settings.rateLimitMax,
    timeWindow: settings.rateLimitWindowMs,
    // After authentication: the budget is per token (unauthenticated requests never get this far).
    hook: 'preHandler',
    keyGenerator: (request) => request.principal?.tokenId ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new ApiError('PW_API_RATE_LIMITED', `more than ${context.max} requests in ${settings.rateLimitWindowMs / 1000} s; retry in ${context.after}`),
  });
  await registerOpenApi(app);
  acceptCsvBodies(app);
  await registerDashboard(app);
  registerOperations(app, { db: options.db, bus: options.bus, metrics });
  for (const route of routeTable) register(app, route, deps);
  await app.register(provinceLink, { config: options.config, db: options.db, log: options.log });
  return app;
}

function register(app: FastifyInstance, route: Route, deps: ApiDeps): void {
  app.route({
    method: route.method,
    url: route.url,
    schema: routeSchema(route),
    onRequest: authenticate(deps.db, route.roles),
    handler: async (request, reply) => {
      const principal = request.principal!;
      const result = await route.handle({
        principal,
        scope: scopeOf(principal),
        params: route.params ? parseInput(route.params, 'params', request.params) : undefined,
        query: route.query ? parseInput(route.query, 'query', request.query) : undefined,
        body: route.body ? parseInput(route.body, 'body', request.body) : undefined,
        request,
        reply,
        deps,
      });
      if (route.eventStream) return reply;
      reply.status(route.status ?? 200);
      return route.status === 204 ? reply.send() : result;
    },
  });
}
