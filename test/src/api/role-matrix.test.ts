/**
 * Every route of the API with every role: what each role may do is allowed (and answers in the documented
 * shape), what it may not is refused with 403 — before the resource is even looked up, so a refusal
 * never reveals whether something exists — and an operator reaching for another operator's resource gets
 * the same 404 as for one that does not exist. Without a token, every route answers 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, roles, routeTable, type Role, type Route } from '@pilewatch/api';
import { saveMonthlyReport, upsertStation } from '@pilewatch/store';
import { alertAccessPolicy, alertRoleCases } from '../alerts/role-cases.js';
import { provinceAccessPolicy, provinceRoleCases } from '../province/role-cases.js';
import { json, startHarness, type Harness } from './harness.js';
import { openSse } from './sse-client.js';

interface Request {
  method: Route['method'];
  url: string;
  payload?: object | string;
  headers?: Record<string, string>;
}

interface Case {
  /** A request on op-a's resources (op-a is the operator token's own operator). */
  own(role: Role): Promise<Request> | Request;
  /** The same request on op-b's resources, for routes that name a resource in the path. */
  other?(role: Role): Promise<Request> | Request;
  /** The same request on a resource that does not exist, to compare refusals with. */
  missing?: Request;
  /** Status of an allowed call. */
  ok: number;
  /** For lists: every item an operator sees is its own. */
  owner?(body: unknown): Array<string | null>;
}

let h: Harness;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;
const get = (url: string): Request => ({ method: 'GET', url });
const items = (body: unknown) => (body as { items: Array<{ operatorId: string | null }> }).items.map((i) => i.operatorId);

async function freshStation(operatorId: string): Promise<string> {
  const id = unique(`st-${operatorId}`);
  await upsertStation(h.db, { id, operatorId, name: id, category: 'urban_public', isPublic: true });
  return id;
}

const perCharger = (path: string): Case => ({
  own: () => get(`/api/v1/chargers/CP-A${path}`),
  other: () => get(`/api/v1/chargers/CP-B${path}`),
  missing: get(`/api/v1/chargers/CP-NOWHERE${path}`),
  ok: 200,
});

const cases: Record<string, Case> = {
  me: { own: () => get('/api/v1/me'), ok: 200 },
  'tokens.list': { own: () => get('/api/v1/tokens'), ok: 200 },
  'tokens.create': { own: () => ({ method: 'POST', url: '/api/v1/tokens', payload: { name: unique('t'), role: 'regulator' } }), ok: 201 },
  'tokens.revoke': {
    own: async () => ({ method: 'DELETE', url: `/api/v1/tokens/${(await createToken(h.db, { role: 'regulator', name: unique('t') })).id}` }),
    ok: 204,
  },
  'operators.list': { own: () => get('/api/v1/operators'), ok: 200, owner: (b) => (b as { items: Array<{ id: string }> }).items.map((o) => o.id) },
  'operators.create': { own: () => ({ method: 'POST', url: '/api/v1/operators', payload: { id: unique('op-new'), name: 'New' } }), ok: 201 },
  'operators.get': { own: () => get('/api/v1/operators/op-a'), other: () => get('/api/v1/operators/op-b'), missing: get('/api/v1/operators/op-nowhere'), ok: 200 },
  'operators.update': {
    own: () => ({ method: 'PATCH', url: '/api/v1/operators/op-a', payload: { contactName: 'Li' } }),
    other: () => ({ method: 'PATCH', url: '/api/v1/operators/op-b', payload: { contactName: 'Li' } }),
    ok: 200,
  },
  'stations.list': { own: () => get('/api/v1/stations'), ok: 200, owner: items },
  'stations.create': {
    own: () => ({ method: 'POST', url: '/api/v1/stations', payload: { id: unique('st-new'), operatorId: 'op-a', name: 'New site' } }),
    ok: 201,
  },
  'stations.get': { own: () => get('/api/v1/stations/st-a'), other: () => get('/api/v1/stations/st-b'), missing: get('/api/v1/stations/st-nowhere'), ok: 200 },
  'stations.update': {
    own: () => ({ method: 'PATCH', url: '/api/v1/stations/st-a', payload: { parkingSpaces: 12 } }),
    other: () => ({ method: 'PATCH', url: '/api/v1/stations/st-b', payload: { parkingSpaces: 12 } }),
    missing: { method: 'PATCH', url: '/api/v1/stations/st-nowhere', payload: { parkingSpaces: 12 } },
    ok: 200,
  },
  'stations.delete': {
    own: async () => ({ method: 'DELETE', url: `/api/v1/stations/${await freshStation('op-a')}` }),
    other: async () => ({ method: 'DELETE', url: `/api/v1/stations/${await freshStation('op-b')}` }),
    missing: { method: 'DELETE', url: '/api/v1/stations/st-nowhere' },
    ok: 204,
  },
  'chargers.list': { own: () => get('/api/v1/chargers'), ok: 200, owner: items },
  'chargers.create': {
    own: () => ({ method: 'POST', url: '/api/v1/chargers', payload: { id: unique('CP-NEW'), stationId: 'st-a' } }),
    ok: 201,
  },
  'chargers.get': { own: () => get('/api/v1/chargers/CP-A'), other: () => get('/api/v1/chargers/CP-B'), missing: get('/api/v1/chargers/CP-NOWHERE'), ok: 200 },
  'chargers.update': {
    own: () => ({ method: 'PATCH', url: '/api/v1/chargers/CP-A', payload: { securityProfile: 1 } }),
    other: () => ({ method: 'PATCH', url: '/api/v1/chargers/CP-B', payload: { securityProfile: 1 } }),
    missing: { method: 'PATCH', url: '/api/v1/chargers/CP-NOWHERE', payload: { securityProfile: 1 } },
    ok: 200,
  },
  'chargers.connectors': {
    own: () => ({ method: 'PUT', url: '/api/v1/chargers/CP-A/connectors', payload: { connectors: [{ evseId: 1, connectorId: 1 }] } }),
    other: () => ({ method: 'PUT', url: '/api/v1/chargers/CP-B/connectors', payload: { connectors: [{ evseId: 1, connectorId: 1 }] } }),
    missing: { method: 'PUT', url: '/api/v1/chargers/CP-NOWHERE/connectors', payload: { connectors: [{ evseId: 1, connectorId: 1 }] } },
    ok: 200,
  },
  'chargers.password': {
    own: () => ({ method: 'POST', url: '/api/v1/chargers/CP-A/password', payload: {} }),
    other: () => ({ method: 'POST', url: '/api/v1/chargers/CP-B/password', payload: {} }),
    missing: { method: 'POST', url: '/api/v1/chargers/CP-NOWHERE/password', payload: {} },
    ok: 200,
  },
  'status.connectors': { own: () => get('/api/v1/status/connectors'), ok: 200, owner: items },
  'status.counts': {
    own: () => get('/api/v1/status/counts'),
    ok: 200,
    owner: (b) => (b as { operators: Array<{ operatorId: string | null }> }).operators.map((o) => o.operatorId),
  },
  'chargers.statusEvents': perCharger('/status-events'),
  'chargers.connectivityEvents': perCharger('/connectivity-events'),
  'chargers.events': perCharger('/events'),
  'chargers.meter': perCharger('/meter'),
  'chargers.journal': perCharger('/journal'),
  'chargers.commandLog': perCharger('/commands'),
  'transactions.list': { own: () => get('/api/v1/transactions'), ok: 200, owner: items },
  'chargers.command': {
    // Nobody holds the charger's socket here: an allowed command gets as far as "offline".
    own: () => ({ method: 'POST', url: '/api/v1/chargers/CP-A/commands', payload: { kind: 'reset', type: 'soft' } }),
    other: () => ({ method: 'POST', url: '/api/v1/chargers/CP-B/commands', payload: { kind: 'reset', type: 'soft' } }),
    missing: { method: 'POST', url: '/api/v1/chargers/CP-NOWHERE/commands', payload: { kind: 'reset', type: 'soft' } },
    ok: 409,
  },
  live: { own: () => get('/api/v1/live'), ok: 200 },
  ...alertRoleCases(() => h.db),
  ...provinceRoleCases(() => h.db),
  'plan.progress': { own: () => get('/api/v1/plan/progress'), ok: 200 },
  'plan.station': {
    own: () => ({ method: 'PATCH', url: '/api/v1/plan/stations/st-a', payload: { central: true } }),
    other: () => ({ method: 'PATCH', url: '/api/v1/plan/stations/st-b', payload: { central: true } }),
    missing: { method: 'PATCH', url: '/api/v1/plan/stations/st-nowhere', payload: { central: true } },
    ok: 204,
  },
  'plan.piles': {
    own: () => ({ method: 'PUT', url: '/api/v1/plan/piles', payload: { piles: [{ chargerId: 'CP-A', commissionedAt: '2024-03-01T00:00:00+08:00' }] } }),
    other: () => ({ method: 'PUT', url: '/api/v1/plan/piles', payload: { piles: [{ chargerId: 'CP-B', commissionedAt: '2024-03-01T00:00:00+08:00' }] } }),
    missing: { method: 'PUT', url: '/api/v1/plan/piles', payload: { piles: [{ chargerId: 'CP-NOWHERE', commissionedAt: null }] } },
    ok: 200,
  },
  'divisions.import': {
    own: () => ({ method: 'POST', url: '/api/v1/divisions/import', headers: { 'content-type': 'text/csv' }, payload: 'code,name\n140902001,长征街道\n' }),
    ok: 200,
  },
  'divisions.list': { own: () => get('/api/v1/divisions'), ok: 200 },
  'divisions.uncovered': { own: () => get('/api/v1/divisions/uncovered'), ok: 200 },
  'divisions.counties': { own: () => get('/api/v1/divisions/counties'), ok: 200 },
  'evs.list': { own: () => get('/api/v1/evs'), ok: 200 },
  'evs.record': { own: () => ({ method: 'PUT', url: '/api/v1/evs/140902/2025-06-30', payload: { evs: 1200 } }), ok: 200 },
  'reports.list': { own: () => get('/api/v1/reports/monthly'), ok: 200 },
  'reports.get': { own: () => get('/api/v1/reports/monthly/2025-04'), missing: get('/api/v1/reports/monthly/2001-01'), ok: 200 },
  'reports.csv': { own: () => get('/api/v1/reports/monthly/2025-04/csv'), missing: get('/api/v1/reports/monthly/2001-01/csv'), ok: 200 },
  'reports.generate': { own: () => ({ method: 'POST', url: '/api/v1/reports/monthly/2025-04' }), ok: 202 },
};

let baseUrl: string;
beforeAll(async () => {
  h = await startHarness();
  // Some transactions, so list ownership checks have something to check.
  await h.db.pool.query(
    `INSERT INTO transactions (charger_id, transaction_ref, evse_id, connector_id, started_at) VALUES
       ('CP-A', '1', 1, 1, now()), ('CP-B', '2', 1, 1, now())`,
  );
  const report = { month: '2025-04', window: { from: '2025-03-31T16:00:00.000Z', to: '2025-04-30T16:00:00.000Z' }, dueBy: '2025-05-03', counties: [] };
  await saveMonthlyReport(h.db, { month: '2025-04', generatedAt: new Date(), trigger: 'schedule', requestedBy: null, report, csv: 'a\n' });
  baseUrl = await h.api.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => h?.close());

/** Sends the request as `who`; the live feed goes over a real socket (its answer never ends by itself). */
async function send(route: Route, request: Request, who: Role | 'nobody') {
  const headers: Record<string, string> = who === 'nobody' ? {} : h.auth(who);
  if (route.eventStream) {
    const stream = await openSse(baseUrl + request.url, headers);
    const result = {
      statusCode: stream.status,
      contentType: stream.contentType,
      body: stream.contentType.startsWith('application/json') ? await stream.text() : '',
    };
    stream.close();
    return result;
  }
  const res = await h.api.inject({
    method: request.method,
    url: request.url,
    headers: { ...headers, ...request.headers },
    ...(request.payload ? { payload: request.payload } : {}),
  });
  return { statusCode: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body };
}

function checkAllowed(route: Route, c: Case, res: { statusCode: number; contentType: string; body: string }) {
  expect(res.statusCode, res.body).toBe(c.ok);
  if (route.eventStream) expect(res.contentType).toMatch(/^text\/event-stream/);
  else if (res.statusCode < 300 && route.response) route.response.parse(json(res));
}

describe('the route table', () => {
  it('has a matrix case for every route, and no case for a route that is gone', () => {
    expect(Object.keys(cases).sort()).toEqual(routeTable.map((r) => r.id).sort());
  });
});

describe('the access policy the table encodes (issue #4)', () => {
  const ids = (f: (r: Route) => boolean) => routeTable.filter(f).map((r) => r.id).sort();

  it('lets an admin use every route', () => {
    expect(ids((r) => !r.roles.includes('admin'))).toEqual([]);
  });

  it('lets a regulator read everything but the raw journal, the tokens, webhooks and job queues, and change nothing but alert acknowledgements', () => {
    expect(ids((r) => r.roles.includes('regulator') && r.method !== 'GET')).toEqual([...alertAccessPolicy.regulatorMayChange]);
    expect(ids((r) => r.method === 'GET' && !r.roles.includes('regulator'))).toEqual(
      ['chargers.journal', 'tokens.list', ...alertAccessPolicy.regulatorMayNotRead, ...provinceAccessPolicy.regulatorMayNotRead].sort(),
    );
  });

  it('keeps operators away from tokens and from the enterprise registry’s writes', () => {
    expect(ids((r) => r.roles.includes('operator') && (r.id.startsWith('tokens.') || r.id.startsWith('operators.') && r.method !== 'GET'))).toEqual([]);
  });

  it('gives the province token nothing here but who it is (its interface is T/CEC 102)', () => {
    expect(ids((r) => r.roles.includes('province'))).toEqual(['me']);
  });
});

describe.each(routeTable.map((route) => ({ id: route.id, route })))('$id', ({ route }) => {
  const c = cases[route.id]!;

  it('refuses a request without a token with 401', async () => {
    const res = await send(route, await c.own('admin'), 'nobody');
    expect(res.statusCode).toBe(401);
    expect(json(res)).toMatchObject({ error: { code: 'PW_API_UNAUTHENTICATED' } });
  });

  it.each(roles.map((role) => ({ role })))('as $role', async ({ role }) => {
    const allowed = route.roles.includes(role);
    const own = await send(route, await c.own(role), role);
    if (!allowed) {
      expect(own.statusCode, own.body).toBe(403);
      expect(json(own)).toMatchObject({ error: { code: 'PW_API_FORBIDDEN' } });
      // Refused before any lookup: the same answer whether the resource is someone else's or missing.
      if (c.other) expect((await send(route, await c.other(role), role)).statusCode).toBe(403);
      if (c.missing) expect((await send(route, c.missing, role)).statusCode).toBe(403);
      return;
    }
    checkAllowed(route, c, own);
    if (role === 'operator' && c.owner) {
      const owners = c.owner(json(own));
      expect(owners.length).toBeGreaterThan(0);
      expect(new Set(owners)).toEqual(new Set(['op-a']));
    }
    if (!c.other) return;
    const other = await send(route, await c.other(role), role);
    if (role === 'operator') {
      // Another operator's resource looks exactly like one that does not exist.
      expect(other.statusCode).toBe(404);
      const missing = await send(route, c.missing!, role);
      expect(missing.statusCode).toBe(404);
      const message = (r: { body: string }) => json<{ error: { code: string; message: string } }>(r).error;
      expect(message(other).code).toBe('PW_API_NOT_FOUND');
      expect(message(other).message.replace(/\S+ not found$/, '')).toBe(message(missing).message.replace(/\S+ not found$/, ''));
    } else {
      checkAllowed(route, c, other);
    }
  });
});
