/**
 * Webhooks: signatures a receiver can check, and deliveries through the queue to a real HTTP receiver —
 * retried with backoff after a failure, given up (and kept as a dead letter) after the last attempt, and
 * sent only to the webhooks whose scope and severity match.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createMemoryBus, type Bus } from '@pilewatch/bus';
import { addCharger, createWebhook, updateChargerAlertState, upsertOperator, type Database } from '@pilewatch/store';
import { openTestStore, type TestStore } from '@pilewatch/store/testing';
import { alertRules, evaluateCharger, isAlertCode, type ChargerAlertState } from '@pilewatch/supervision';
import { startWorker, type Worker } from '../worker.js';
import { notifyAlertTransitions } from './alerts-notify.js';
import { signWebhook, verifyWebhookSignature, webhookHeaders } from './webhooks-signature.js';
import { webhooks, type DeliveryPolicy } from './webhooks.js';

const log = pino({ level: 'silent' });

describe('webhook signatures', () => {
  const body = '{"id":"1","type":"alert.opened"}';
  const now = 1_750_000_000;

  it('sign HMAC-SHA256 over "<timestamp>.<body>" as sha256=<hex>', () => {
    // echo -n '1750000000.{"id":"1","type":"alert.opened"}' | openssl dgst -sha256 -hmac secret
    expect(signWebhook('secret', now, body)).toBe('sha256=337128fe354fac3ae958cbb234c368e85c3acdaef7f944e203edb94755eec97a');
  });

  it('verify a genuine request, and refuse a changed body, another secret, an old timestamp or no signature', () => {
    const signature = signWebhook('secret', now, body);
    const ok = { signature, timestamp: String(now), body };
    expect(verifyWebhookSignature('secret', ok, { now })).toBe(true);
    expect(verifyWebhookSignature('secret', { ...ok, body: body.replace('opened', 'resolved') }, { now })).toBe(false);
    expect(verifyWebhookSignature('other', ok, { now })).toBe(false);
    expect(verifyWebhookSignature('secret', ok, { now: now + 301 })).toBe(false);
    expect(verifyWebhookSignature('secret', { ...ok, timestamp: String(now + 1) }, { now })).toBe(false);
    expect(verifyWebhookSignature('secret', { ...ok, signature: undefined }, { now })).toBe(false);
  });
});

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver answering each request with the next status of `script` (the last one repeats). */
async function receiver(script: number[]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = script[Math.min(received.length, script.length) - 1]!;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, url: (path: string) => `http://127.0.0.1:${port}${path}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('webhook deliveries', () => {
  const policy: DeliveryPolicy = { attempts: 3, backoffMs: 50, timeoutMs: 2_000, concurrency: 2 };
  let store: TestStore;
  let db: Database;
  let bus: Bus;
  let worker: Worker;
  let evse = 0;

  beforeAll(async () => {
    store = await openTestStore('postgresql');
    db = store.db;
    bus = createMemoryBus();
    await upsertOperator(db, { id: 'op-a', name: 'A' });
    await upsertOperator(db, { id: 'op-b', name: 'B' });
    await addCharger(db, { id: 'CP-A', operatorId: 'op-a' });
    worker = await startWorker({ config: store.config, db, bus, log }, [webhooks(policy)]);
  });
  afterAll(async () => {
    await worker?.stop();
    await bus?.close();
    await store?.close();
  });

  /** Stores a fault alert of `errorCode` on a fresh connector of CP-A and notifies it; returns the transition. */
  async function raise(errorCode: string, vendorErrorCode?: string) {
    const at = new Date();
    const evseId = ++evse;
    const { transitions } = await updateChargerAlertState<ChargerAlertState>(
      db,
      'CP-A',
      (s) =>
        evaluateCharger('CP-A', s, {
          kind: 'connector.status',
          chargerId: 'CP-A',
          evseId,
          connectorId: 1,
          status: 'Faulted',
          errorCode,
          ...(vendorErrorCode ? { vendorErrorCode } : {}),
          at,
          receivedAt: at,
        }),
      { severityOf: (r) => (isAlertCode(r) ? alertRules[r].severity : 3) },
    );
    await notifyAlertTransitions(db, bus, { ids: transitions.map((t) => t.id) }, policy);
    return transitions[0]!;
  }

  // Each test's transitions go to its own webhooks only.
  beforeEach(async () => {
    await db.pool.query(`UPDATE webhooks SET enabled = false`);
  });

  const deliveriesOf = async (webhookId: string) =>
    (await db.pool.query(`SELECT status, attempts, last_status_code, last_error FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id`, [webhookId])).rows;

  it('delivers a signed notification, retrying after the receiver failed the first time', async () => {
    const r = await receiver([500, 200]);
    try {
      const hook = await createWebhook(db, { id: 'wh-retry', operatorId: 'op-a', url: r.url('/hook'), secret: 'whsec_test', minSeverity: 3, createdBy: 'test' });
      const t = await raise('GroundFailure');
      const [row] = await waitFor(async () => {
        const rows = await deliveriesOf(hook.id);
        return rows[0]?.status === 'delivered' ? rows : undefined;
      }, 'the delivery');
      expect(row).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200, last_error: null });
      expect(r.received).toHaveLength(2);
      const last = r.received[1]!;
      expect(last.headers[webhookHeaders.attempt]).toBe('2');
      expect(last.headers[webhookHeaders.event]).toBe('alert.opened');
      expect(
        verifyWebhookSignature('whsec_test', {
          signature: last.headers[webhookHeaders.signature] as string,
          timestamp: last.headers[webhookHeaders.timestamp] as string,
          body: last.body,
        }),
      ).toBe(true);
      const payload = JSON.parse(last.body);
      expect(payload).toMatchObject({
        type: 'alert.opened',
        webhookId: 'wh-retry',
        transition: { id: t.id, type: 'opened' },
        alert: { id: t.alertId, rule: 'fault.ground_failure', severity: 1, titleZh: '接地故障', chargerId: 'CP-A', operatorId: 'op-a', status: 'open' },
      });
      // Every attempt carries the same body: receivers dedupe on its id.
      expect(r.received[0]!.body).toBe(last.body);
    } finally {
      await r.close();
    }
  });

  it('gives up after the last attempt: the delivery fails with the last error and becomes a dead letter', async () => {
    const r = await receiver([503]);
    try {
      const hook = await createWebhook(db, { id: 'wh-down', operatorId: null, url: r.url('/down'), secret: 's', minSeverity: 3, createdBy: 'test' });
      await raise('OverCurrentFailure');
      const [row] = await waitFor(async () => {
        const rows = await deliveriesOf(hook.id);
        return rows[0]?.status === 'failed' ? rows : undefined;
      }, 'the delivery to fail');
      expect(row).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 503, last_error: 'answered HTTP 503' });
      expect(r.received).toHaveLength(3);
      const dead = await waitFor(async () => {
        const { rows } = await db.pool.query(
          `SELECT queue, job_name, attempts, error FROM dead_letters
            WHERE queue = 'webhook-deliveries' AND (data->>'deliveryId')::bigint IN (SELECT id FROM webhook_deliveries WHERE webhook_id = $1)`,
          [hook.id],
        );
        return rows[0];
      }, 'the dead letter');
      expect(dead).toEqual({ queue: 'webhook-deliveries', job_name: 'deliver', attempts: 3, error: 'answered HTTP 503' });
    } finally {
      await r.close();
    }
  });

  it('sends a transition only to webhooks whose operator and severity match', async () => {
    const r = await receiver([200]);
    try {
      const make = (id: string, operatorId: string | null, minSeverity: number) =>
        createWebhook(db, { id, operatorId, url: r.url(`/${id}`), secret: 's', minSeverity, createdBy: 'test' });
      await make('wh-city-all', null, 3);
      await make('wh-city-safety', null, 1);
      await make('wh-a-all', 'op-a', 3);
      await make('wh-b-all', 'op-b', 3);
      // A card reader failure is a notice (severity 3).
      await raise('OtherError', '读卡器故障');
      await waitFor(async () => (r.received.length >= 2 ? true : undefined), 'two deliveries');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(r.received.map((x) => x.path).sort()).toEqual(['/wh-a-all', '/wh-city-all']);
    } finally {
      await r.close();
    }
  });
});
