/** Tokens, revocation, rate limits and the limits every request meets — each answered in the one error shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '@pilewatch/api';
import { json, startHarness, type Harness } from './harness.js';

type ErrorBody = { error: { code: string; message: string } };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ settings: { rateLimitMax: 20, rateLimitWindowMs: 60_000, bodyLimitBytes: 4096 } });
});
afterAll(() => h?.close());

describe('bearer tokens', () => {
  it('creates a token through the API that works at once, shown once and stored as a hash', async () => {
    const created = await h.api.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: h.auth('admin'),
      payload: { name: 'dashboard of operator A', role: 'operator', operatorId: 'op-a' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id, createdBy } = json<{ token: string; id: string; createdBy: string }>(created);
    expect(token).toMatch(/^pwt_[A-Za-z0-9_-]{43}$/);
    expect(createdBy).toContain('test admin');
    const me = await h.api.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(json(me)).toEqual({ tokenId: id, name: 'dashboard of operator A', role: 'operator', operatorId: 'op-a' });
    const stored = await h.db.pool.query(`SELECT token_hash FROM api_tokens WHERE id = $1`, [id]);
    expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(json(await h.api.inject({ method: 'GET', url: '/api/v1/tokens', headers: h.auth('admin') })))).not.toContain(token);
  });

  it('stops a revoked token on its next request', async () => {
    const created = await h.api.inject({ method: 'POST', url: '/api/v1/tokens', headers: h.auth('admin'), payload: { name: 'temp', role: 'regulator' } });
    const { token, id } = json<{ token: string; id: string }>(created);
    const headers = { authorization: `Bearer ${token}` };
    expect((await h.api.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(200);
    expect((await h.api.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: h.auth('admin') })).statusCode).toBe(204);
    const after = await h.api.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(after.statusCode).toBe(401);
    expect(json<ErrorBody>(after).error).toEqual({ code: 'PW_API_UNAUTHENTICATED', message: 'the token is unknown or revoked' });
    expect((await h.api.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: h.auth('admin') })).statusCode).toBe(404);
  });

  it('binds operator tokens, and only operator tokens, to an operator that exists', async () => {
    const post = (payload: object) => h.api.inject({ method: 'POST', url: '/api/v1/tokens', headers: h.auth('admin'), payload });
    expect(json<ErrorBody>(await post({ name: 'x', role: 'operator' })).error.message).toBe('operatorId: an operator token must name its operator');
    expect(json<ErrorBody>(await post({ name: 'x', role: 'regulator', operatorId: 'op-a' })).error.message).toBe(
      'operatorId: only operator tokens are bound to an operator, not regulator tokens',
    );
    expect(json<ErrorBody>(await post({ name: 'x', role: 'operator', operatorId: 'op-zz' })).error.message).toBe('operatorId: no operator op-zz');
  });

  it('answers 401 for a missing, malformed or unknown token', async () => {
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer pwt_unknown']) {
      const res = await h.api.inject({ method: 'GET', url: '/api/v1/stations', headers: authorization ? { authorization } : {} });
      expect(res.statusCode, String(authorization)).toBe(401);
      expect(json<ErrorBody>(res).error.code).toBe('PW_API_UNAUTHENTICATED');
    }
  });
});

describe('request limits', () => {
  it('caps the request body', async () => {
    const res = await h.api.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: h.auth('admin'),
      payload: { id: 'st-big', operatorId: 'op-a', name: 'x', address: 'a'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
    expect(json<ErrorBody>(res).error.code).toBe('PW_API_BODY_TOO_LARGE');
  });

  it('wants JSON bodies, and says so when one is not JSON', async () => {
    const text = await h.api.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: { ...h.auth('admin'), 'content-type': 'text/plain' },
      payload: 'id=st-x',
    });
    expect(text.statusCode).toBe(415);
    expect(json<ErrorBody>(text).error.code).toBe('PW_API_UNSUPPORTED_MEDIA_TYPE');
    const broken = await h.api.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: { ...h.auth('admin'), 'content-type': 'application/json' },
      payload: '{"id": "st-x",',
    });
    expect(broken.statusCode).toBe(400);
    expect(json<ErrorBody>(broken).error.message).toMatch(/^body: not valid JSON/);
  });

  it('answers an unknown route with 404 in the same shape', async () => {
    const res = await h.api.inject({ method: 'GET', url: '/api/v1/piles?x=1', headers: h.auth('admin') });
    expect(res.statusCode).toBe(404);
    expect(json<ErrorBody>(res).error).toEqual({ code: 'PW_API_NOT_FOUND', message: 'no route GET /api/v1/piles' });
  });

  it('limits requests per token, not per address', async () => {
    const { token } = await createToken(h.db, { role: 'regulator', name: 'busy dashboard' });
    const busy = { authorization: `Bearer ${token}` };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await h.api.inject({ method: 'GET', url: '/api/v1/stations', headers: busy })).statusCode);
    expect(statuses).toEqual([...Array(20).fill(200), 429]);
    const limited = await h.api.inject({ method: 'GET', url: '/api/v1/stations', headers: busy });
    expect(json<ErrorBody>(limited).error.code).toBe('PW_API_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    // Same address, another token: its own budget.
    expect((await h.api.inject({ method: 'GET', url: '/api/v1/stations', headers: h.auth('otherOperator') })).statusCode).toBe(200);
  });
});
