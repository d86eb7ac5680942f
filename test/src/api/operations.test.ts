/** What operators of pilewatch itself use: the OpenAPI document, health and readiness, Prometheus metrics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '@pilewatch/api';
import { json, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    metrics: {
      csms: () => ({
        connected: { 'ocpp1.6': 2, 'ocpp2.0.1': 1 },
        messagesIn: { BootNotification: { ok: 3 } },
        messagesOut: {},
        badFrames: 0,
        refused: {},
        ackLatency: { count: 3, sumMs: 6, maxMs: 3, buckets: [{ leMs: 5, count: 3 }] },
      }),
    },
  });
});
afterAll(() => h?.close());

describe('the OpenAPI document', () => {
  it('lists every route of the table with its roles, schemas and the error shape', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = json<{ openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> }>(res);
    expect(doc.openapi).toMatch(/^3\./);
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((o) => o.operationId).sort()).toEqual(routeTable.map((r) => r.id).sort());
    const create = doc.paths['/api/v1/stations']!.post!;
    expect(create.description).toContain('Roles: admin, operator.');
    expect(JSON.stringify(create.requestBody)).toContain('countyCode');
    expect(JSON.stringify((create.responses as Record<string, unknown>)['400'])).toContain('PW_API_VALIDATION');
    expect(Object.keys(doc.paths)).not.toContain('/healthz');
  });

  it('serves a browsable page at /docs', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('health', () => {
  it('is alive without a token', async () => {
    expect(json(await h.api.inject({ method: 'GET', url: '/healthz' }))).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers (Redis not configured: in-process bus)', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'not configured (in-process bus)' } });
  });
});

describe('metrics', () => {
  it('reports API latency by route pattern, live subscribers and the central system’s figures', async () => {
    await h.api.inject({ method: 'GET', url: '/api/v1/chargers/CP-A', headers: h.auth('admin') });
    const res = await h.api.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/pilewatch_api_request_duration_seconds_count\{method="GET",route="\/api\/v1\/chargers\/:chargerId",status_code="200"\} 1/);
    expect(res.body).toContain('pilewatch_api_live_subscribers 0');
    expect(res.body).toContain('pilewatch_csms_connected_chargers{protocol="ocpp2.0.1"} 1');
    expect(res.body).toContain('pilewatch_csms_ack_latency_seconds_count 3');
  });
});

describe('readiness without a database', () => {
  it('answers 503 in the error shape, naming what is unreachable', async () => {
    await h.db.pool.end();
    const res = await h.api.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const body = json<{ error: { code: string; details: { checks: { database: string } } } }>(res);
    expect(body.error.code).toBe('PW_API_NOT_READY');
    expect(body.error.details.checks.database).toMatch(/^unreachable/);
    // Let close() end a pool that is already ended.
    h.db.close = async () => {};
  });
});
