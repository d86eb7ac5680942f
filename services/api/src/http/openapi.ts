/** The OpenAPI document, generated from the route table's schemas; JSON at /openapi.json, a browsable UI at /docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { apiErrors } from '../errors.js';
import type { Route } from './route.js';
import { jsonSchema } from './validation.js';

const errorShape = z.object({
  error: z.object({
    code: z.enum(Object.keys(apiErrors) as [keyof typeof apiErrors]),
    message: z.string().describe('what was wrong; for 400, names each field and its problem'),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'pilewatch API',
        version: '1',
        description:
          'Supervision of the Xinzhou EV charging network: registry, live status, history, commands and a live feed. ' +
          'Every /api/v1 route needs a bearer token; each lists the roles that may call it. Errors have one shape: ' +
          '`{ "error": { "code", "message", "details"? } }`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { config: { rateLimit: false }, schema: { hide: true } }, async () => app.swagger());
}

/** The fastify schema of a table route: JSON Schemas for the document only (zod does the validating). */
export function routeSchema(route: Route): FastifySchema & Record<string, unknown> {
  const success = route.status ?? 200;
  const responses: Record<string, unknown> = {};
  if (route.eventStream) {
    responses[success] = { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } };
  } else if (success === 204) {
    responses[204] = { description: 'done', type: 'null' };
  } else {
    responses[success] = { description: 'success', ...(route.response ? jsonSchema(route.response, 'output') : {}) };
  }
  const error = jsonSchema(errorShape, 'output');
  for (const status of [400, 401, 403, 404, 429]) responses[status] = { description: 'error', ...error };
  return {
    operationId: route.id,
    summary: route.summary,
    description: `${route.description ? `${route.description}\n\n` : ''}Roles: ${route.roles.join(', ')}.`,
    tags: [route.tag],
    security: [{ bearer: [] }],
    ...(route.params ? { params: jsonSchema(route.params) } : {}),
    ...(route.query ? { querystring: jsonSchema(route.query) } : {}),
    ...(route.body ? { body: jsonSchema(route.body) } : {}),
    response: responses,
  };
}
