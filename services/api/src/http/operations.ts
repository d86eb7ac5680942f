/** Operations endpoints, open without a token: liveness, readiness, Prometheus metrics. */
import type { FastifyInstance } from 'fastify';
import type { Bus } from '@pilewatch/bus';
import type { ReadDb } from '@pilewatch/store';
import { ApiError, errorBody } from '../errors.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';

const checkTimeoutMs = 2000;

async function check(probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
      }),
    ]);
    return 'ok';
  } catch (err) {
    return `unreachable: ${(err as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

export function registerOperations(app: FastifyInstance, deps: { db: ReadDb; bus: Bus; metrics: ApiMetrics }): void {
  const open = { config: { rateLimit: false }, schema: { hide: true } } as const;

  app.get('/healthz', open, async () => ({ status: 'ok' }));

  app.get('/readyz', open, async (_request, reply) => {
    const [database, redis] = await Promise.all([
      check(() => deps.db.pool.query('SELECT 1')),
      deps.bus.kind === 'redis' ? check(() => deps.bus.ping()) : Promise.resolve('not configured (in-process bus)'),
    ]);
    const checks = { database, redis };
    if (database !== 'ok' || (deps.bus.kind === 'redis' && redis !== 'ok')) {
      return reply
        .status(503)
        .send(errorBody(new ApiError('PW_API_NOT_READY', `not ready: database ${database}; redis ${redis}`, { checks })));
    }
    return { status: 'ready', checks };
  });

  app.get('/metrics', open, async (_request, reply) => {
    reply.header('content-type', deps.metrics.contentType);
    return deps.metrics.render();
  });
}
