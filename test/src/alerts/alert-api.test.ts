/**
 * The alert, rule, webhook, exclusion and job routes on a real API and database: filters, validation
 * with the field named, scope rules (an operator's own only; another operator's looks missing), secrets
 * shown once, and the dead-letter retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebhook,
  recordDeadLetter,
  updateChargerAlertState,
  type Database,
} from '@pilewatch/store';
import { alertRules, evaluateCharger, isAlertCode, type ChargerAlertState } from '@pilewatch/supervision';
import type { DomainEvent } from '@pilewatch/ocpp';
import { json, startHarness, type Harness } from '../api/harness.js';

let h: Harness;
let db: Database;
const severityOf = (rule: string) => (isAlertCode(rule) ? alertRules[rule].severity : 3);

type Who = 'admin' | 'operator' | 'otherOperator' | 'regulator';
async function call<T = Record<string, unknown>>(who: Who, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const res = await h.api.inject({ method, url, headers: h.auth(who), ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? json<T>(res) : ({} as T) };
}

/** Applies domain events to a charger's alert state as the worker does; returns the transitions' alert ids. */
async function feed(chargerId: string, events: DomainEvent[]): Promise<string[]> {
  const ids: string[] = [];
  for (const event of events) {
    const { transitions } = await updateChargerAlertState<ChargerAlertState>(db, chargerId, (s) => evaluateCharger(chargerId, s, event), { severityOf });
    ids.push(...transitions.map((t) => t.alertId));
  }
  return ids;
}

const status = (chargerId: string, evseId: number, at: string, extra: Partial<DomainEvent & { kind: 'connector.status' }>): DomainEvent =>
  ({ kind: 'connector.status', chargerId, evseId, connectorId: 1, status: 'Faulted', at: new Date(at), receivedAt: new Date(at), ...extra }) as DomainEvent;

beforeAll(async () => {
  h = await startHarness();
  db = h.db;
  // CP-A (op-a, county 140902): an insulation fault (severity 1) and a card reader fault (3); CP-B (op-b, 140922): ground failure (1), cleared.
  await feed('CP-A', [
    status('CP-A', 1, '2025-03-01T08:00:00Z', { errorCode: 'OtherError', vendorErrorCode: '绝缘故障' }),
    status('CP-A', 2, '2025-03-02T08:00:00Z', { errorCode: 'ReaderFailure' }),
  ]);
  await feed('CP-B', [
    status('CP-B', 1, '2025-03-03T08:00:00Z', { errorCode: 'GroundFailure' }),
    status('CP-B', 1, '2025-03-03T09:00:00Z', { status: 'Available' }),
  ]);
});
afterAll(() => h?.close());

interface AlertItem {
  id: string;
  rule: string;
  chargerId: string;
  status: string;
}
const ids = (body: { items: AlertItem[] }) => body.items.map((a) => `${a.chargerId} ${a.rule} ${a.status}`);

describe('listing alerts', () => {
  it.each([
    ['', ['CP-B fault.ground_failure resolved', 'CP-A fault.reader open', 'CP-A fault.insulation open']],
    ['?status=active', ['CP-A fault.reader open', 'CP-A fault.insulation open']],
    ['?severity=1', ['CP-B fault.ground_failure resolved', 'CP-A fault.insulation open']],
    ['?severity=1&status=resolved', ['CP-B fault.ground_failure resolved']],
    ['?rule=fault.reader', ['CP-A fault.reader open']],
    ['?rule=fault.', ['CP-B fault.ground_failure resolved', 'CP-A fault.reader open', 'CP-A fault.insulation open']],
    ['?countyCode=140922', ['CP-B fault.ground_failure resolved']],
    ['?operatorId=op-a', ['CP-A fault.reader open', 'CP-A fault.insulation open']],
    ['?from=2025-03-02T00:00:00%2B08:00&to=2025-03-03T00:00:00Z', ['CP-A fault.reader open']],
  ])('filters %s', async (query, expected) => {
    const { status: code, body } = await call<{ items: AlertItem[] }>('regulator', 'GET', `/api/v1/alerts${query}`);
    expect(code).toBe(200);
    expect(ids(body)).toEqual(expected);
  });

  it('shows an operator its own chargers’ alerts only', async () => {
    const { body } = await call<{ items: AlertItem[] }>('operator', 'GET', '/api/v1/alerts');
    expect(ids(body)).toEqual(['CP-A fault.reader open', 'CP-A fault.insulation open']);
  });

  it('names the filter at fault', async () => {
    const bad = await call<{ error: { message: string } }>('regulator', 'GET', '/api/v1/alerts?severity=4&rule=fault.nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('query.severity');
    expect(bad.body.error.message).toContain('query.rule');
  });

  it('follows the history of transitions after a given id', async () => {
    const all = await call<{ items: Array<{ id: number; type: string }> }>('admin', 'GET', '/api/v1/alerts/history?chargerId=CP-B');
    expect(all.body.items.map((t) => t.type)).toEqual(['resolved', 'opened']);
    const after = await call<{ items: Array<{ id: number; type: string }> }>('admin', 'GET', `/api/v1/alerts/history?chargerId=CP-B&afterId=${all.body.items[1]!.id}`);
    expect(after.body.items.map((t) => t.type)).toEqual(['resolved']);
  });
});

describe('rule settings', () => {
  it('change one rule, keep the rest, and show the change with a new version', async () => {
    const before = await call<{ version: number }>('admin', 'GET', '/api/v1/alert-rules');
    const changed = await call<{ code: string; settings: Record<string, unknown> }>('admin', 'PATCH', '/api/v1/alert-rules/temperature.connector_high', {
      thresholdC: 85,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toEqual({ enabled: true, thresholdC: 85, hysteresisC: 5 });
    const after = await call<{ version: number; items: Array<{ code: string; settings: Record<string, unknown> }> }>('regulator', 'GET', '/api/v1/alert-rules');
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.body.items.find((r) => r.code === 'temperature.connector_high')!.settings.thresholdC).toBe(85);
    expect(after.body.items.find((r) => r.code === 'connectivity.offline')!.settings).toEqual({ enabled: true, deadlineMinutes: 15 });
  });

  it('refuse a value the rule cannot take, naming its path, and an unknown rule', async () => {
    const bad = await call<{ error: { code: string; message: string } }>('admin', 'PATCH', '/api/v1/alert-rules/connectivity.offline', { deadlineMinutes: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('rules.connectivity.offline.deadlineMinutes');
    expect((await call('admin', 'PATCH', '/api/v1/alert-rules/fault.nonsense', { enabled: false })).status).toBe(400);
    const doc = await call<{ error: { message: string } }>('admin', 'PUT', '/api/v1/alert-config', { vendorFaultCodes: [{ code: 'E05', rule: 'fault.unknown' }] });
    expect(doc.status).toBe(400);
    expect(doc.body.error.message).toContain('vendorFaultCodes.0.rule');
  });

  it('replace the whole document, defaults filled in', async () => {
    const put = await call<{ config: unknown; effective: { reopenWithinMinutes: number; rules: Record<string, { thresholdC?: number }> } }>(
      'admin',
      'PUT',
      '/api/v1/alert-config',
      { reopenWithinMinutes: 30 },
    );
    expect(put.status).toBe(200);
    expect(put.body.config).toEqual({ reopenWithinMinutes: 30 });
    expect(put.body.effective.reopenWithinMinutes).toBe(30);
    // The earlier per-rule change is replaced with the document.
    expect(put.body.effective.rules['temperature.connector_high']!.thresholdC).toBe(90);
  });
});

describe('webhooks', () => {
  it('give the secret once, on creation and rotation, and never when read', async () => {
    const created = await call<{ id: string; secret: string; operatorId: string }>('operator', 'POST', '/api/v1/webhooks', { url: 'https://ops.example/hook' });
    expect(created.status).toBe(201);
    expect(created.body.operatorId).toBe('op-a');
    const read = await call<Record<string, unknown>>('operator', 'GET', `/api/v1/webhooks/${created.body.id}`);
    expect(read.body).not.toHaveProperty('secret');
    const changed = await call<Record<string, unknown>>('operator', 'PATCH', `/api/v1/webhooks/${created.body.id}`, { minSeverity: 2 });
    expect(changed.body).not.toHaveProperty('secret');
    const rotated = await call<{ secret: string }>('operator', 'PATCH', `/api/v1/webhooks/${created.body.id}`, { rotateSecret: true });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
  });

  it('keep an operator to its own: another operator’s id is “not found”, and the other operator cannot see it', async () => {
    const other = await call<{ error: { code: string } }>('operator', 'POST', '/api/v1/webhooks', { url: 'https://x.example', operatorId: 'op-b' });
    expect(other.status).toBe(404);
    const mine = await call<{ id: string }>('operator', 'POST', '/api/v1/webhooks', { url: 'https://ops.example/2' });
    expect((await call('otherOperator', 'GET', `/api/v1/webhooks/${mine.body.id}`)).status).toBe(404);
    expect((await call('otherOperator', 'DELETE', `/api/v1/webhooks/${mine.body.id}`)).status).toBe(404);
  });

  it('refuse a URL that is not http(s) or carries credentials, and an unknown severity', async () => {
    for (const url of ['ftp://x.example/hook', 'https://user:pw@x.example/hook', 'not a url']) {
      expect((await call('admin', 'POST', '/api/v1/webhooks', { url })).status).toBe(400);
    }
    expect((await call('admin', 'POST', '/api/v1/webhooks', { url: 'https://x.example', minSeverity: 4 })).status).toBe(400);
    expect((await call('admin', 'POST', '/api/v1/webhooks', { url: 'https://x.example', operatorId: 'op-nowhere' })).status).toBe(400);
  });
});

describe('exclusions', () => {
  const range = { from: '2025-03-01T00:00:00+08:00', to: '2025-03-01T06:00:00+08:00' };

  it('record the operator of the charger they name, and who entered them', async () => {
    const created = await call<{ operatorId: string; chargerId: string; createdBy: string }>('admin', 'POST', '/api/v1/exclusions', {
      reason: 'grid_outage',
      chargerId: 'CP-B',
      ...range,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ operatorId: 'op-b', chargerId: 'CP-B', createdBy: 'test admin (admin)' });
  });

  it('let an operator enter them for its own chargers only', async () => {
    expect((await call('operator', 'POST', '/api/v1/exclusions', { reason: 'maintenance', chargerId: 'CP-B', ...range })).status).toBe(404);
    expect((await call('operator', 'POST', '/api/v1/exclusions', { reason: 'maintenance', operatorId: 'op-b', ...range })).status).toBe(404);
    const own = await call<{ operatorId: string }>('operator', 'POST', '/api/v1/exclusions', { reason: 'vandalism', ...range });
    expect(own.status).toBe(201);
    expect(own.body.operatorId).toBe('op-a');
  });

  it('refuse an empty range, an EVSE without its charger, and a charger of another operator than the one named', async () => {
    expect((await call('admin', 'POST', '/api/v1/exclusions', { reason: 'maintenance', from: range.to, to: range.from })).status).toBe(400);
    expect((await call('admin', 'POST', '/api/v1/exclusions', { reason: 'maintenance', evseId: 1, ...range })).status).toBe(400);
    const mismatch = await call<{ error: { message: string } }>('admin', 'POST', '/api/v1/exclusions', {
      reason: 'maintenance',
      operatorId: 'op-a',
      chargerId: 'CP-B',
      ...range,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toContain('body.chargerId');
  });

  it('show an operator its own and the city-wide ones', async () => {
    await call('admin', 'POST', '/api/v1/exclusions', { reason: 'grid_outage', note: 'city-wide grid work', ...range });
    const { body } = await call<{ items: Array<{ operatorId: string | null }> }>('operator', 'GET', '/api/v1/exclusions');
    expect(new Set(body.items.map((e) => e.operatorId))).toEqual(new Set(['op-a', null]));
  });
});

describe('dead letters', () => {
  it('send a failed webhook delivery again: back to pending, and queued', async () => {
    const hook = await createWebhook(db, { id: 'wh-dead', operatorId: null, url: 'http://127.0.0.1:9/x', secret: 's', minSeverity: 3, createdBy: 'test' });
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (webhook_id, transition_id, status, attempts, last_error)
       SELECT $1, min(id), 'failed', 10, 'answered HTTP 500' FROM alert_transitions RETURNING id`,
      [hook.id],
    );
    const deliveryId = Number(rows[0]!.id);
    await recordDeadLetter(db, { queue: 'webhook-deliveries', jobName: 'deliver', jobId: `delivery-${deliveryId}`, data: { deliveryId }, error: 'answered HTTP 500', attempts: 10 });
    const letters = await call<{ items: Array<{ id: number; jobId: string; retriedAt: string | null }> }>('admin', 'GET', '/api/v1/jobs/dead-letters?queue=webhook-deliveries');
    const letter = letters.body.items.find((l) => l.jobId === `delivery-${deliveryId}`)!;
    expect(letter.retriedAt).toBeNull();
    const waitingBefore = (await h.bus.queue('webhook-deliveries').counts()).waiting;
    const retried = await call<{ retriedAt: string | null }>('admin', 'POST', `/api/v1/jobs/dead-letters/${letter.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.retriedAt).not.toBeNull();
    expect((await h.bus.queue('webhook-deliveries').counts()).waiting).toBe(waitingBefore + 1);
    const { rows: after } = await db.pool.query(`SELECT status FROM webhook_deliveries WHERE id = $1`, [deliveryId]);
    expect(after[0]!.status).toBe('pending');
    expect((await call('admin', 'GET', '/api/v1/jobs/dead-letters?retried=false')).body).toMatchObject({ items: [] });
  });
});
