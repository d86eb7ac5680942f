/**
 * Safety alerts end to end on the real stack (PostgreSQL, Redis, central system, worker, API): simulated
 * piles of both protocol versions fault on command; the right alert opens, shows in the API and on the
 * live feed, is acknowledged with a note, and resolves when the fault clears; a webhook receiver gets
 * the signed notification even though it failed the first time.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFleet } from '@pilewatch/store';
import { quietScenario, runFleet, type SimulationHandle } from '@pilewatch/simulator';
import { testFleet, until } from '@pilewatch/simulator/testing';
import { verifyWebhookSignature, webhookHeaders } from '@pilewatch/worker';
import { openSse, type SseStream } from '../api/sse-client.js';
import { eventually, startAlertStack, type AlertStack } from './stack.js';

const LONG = 60_000;

interface Alert {
  id: string;
  rule: string;
  severity: number;
  status: string;
  chargerId: string;
  evseId: number;
  operatorId: string | null;
  resolvedAt: string | null;
  resolveReason: string | null;
  acknowledgedBy: string | null;
  acknowledgementNote: string | null;
  transitions: Array<{ type: string; by: string | null; note: string | null }>;
}

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

let stack: AlertStack;
let sim: SimulationHandle;
let feed: SseStream;
let receiver: http.Server;
const received: Received[] = [];
/** The regulator's webhook, and the emergency-stop alert, as the tests below find them. */
let webhook = { id: '', secret: '' };
let emergency = '';
const piles = [
  { id: 'XZ-ALERT-16', protocol: 'ocpp1.6' as const },
  { id: 'XZ-ALERT-201', protocol: 'ocpp2.0.1' as const, dcKw: 120, guns: 2 },
];

beforeAll(async () => {
  // Deliveries retried quickly, so a receiver that fails once is tried again within the test.
  stack = await startAlertStack({ delivery: { attempts: 4, backoffMs: 200, timeoutMs: 5_000, concurrency: 2 } });
  // The receiver fails its first request and accepts every later one.
  receiver = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const status = received.length === 0 ? 500 : 204;
      received.push({ headers: req.headers, body, status });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

  const { seed: _seed, ...fleet } = testFleet(piles);
  await importFleet(stack.db, { ...fleet, chargers: fleet.chargers.map(({ serialNumber: _s, firmwareVersion: _f, ...c }) => c) });
  feed = await openSse(`${stack.apiUrl}/api/v1/live?types=alert`, { authorization: `Bearer ${stack.tokens.regulator}` });
  await feed.next((e) => e.event === 'ready');
  sim = runFleet({
    url: stack.ocppUrl,
    fleet: testFleet(piles),
    scenario: quietScenario({ speed: 1, meterIntervalS: 60 }),
    rampPerSecond: 100,
    backoff: { initialMs: 50, maxMs: 400 },
  });
  await until(() => sim.stats().booted === piles.length, 'both piles booted', { timeoutMs: 20_000, describe: () => sim.stats() });
}, LONG);

afterAll(async () => {
  feed?.close();
  await sim?.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await stack?.close();
}, LONG);

const alertEvents = (alertId: string, type: string) => (e: { event?: string; data: unknown }) =>
  e.event === 'alert' && (e.data as { alertId: string; transition: string }).alertId === alertId && (e.data as { transition: string }).transition === type;

async function alertsOf(chargerId: string, token = stack.tokens.regulator): Promise<Alert[]> {
  const { status, body } = await stack.call<{ items: Alert[] }>(token, 'GET', `/api/v1/alerts?chargerId=${chargerId}`);
  expect(status).toBe(200);
  return body.items;
}

async function alertById(id: string, token = stack.tokens.regulator): Promise<Alert> {
  const { status, body } = await stack.call<Alert>(token, 'GET', `/api/v1/alerts/${encodeURIComponent(id)}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

describe('safety alerts on the real stack', () => {
  it('registers the regulator’s webhook for personal-safety alerts through the API', async () => {
    const { port } = receiver.address() as AddressInfo;
    const { status, body } = await stack.call<{ id: string; secret: string; operatorId: string | null; minSeverity: number }>(
      stack.tokens.admin,
      'POST',
      '/api/v1/webhooks',
      { url: `http://127.0.0.1:${port}/pilewatch`, minSeverity: 1, description: 'city duty desk' },
    );
    expect(status).toBe(201);
    expect(body).toMatchObject({ operatorId: null, minSeverity: 1 });
    expect(body.secret).toMatch(/^whsec_/);
    webhook = body;
  });

  it('opens the emergency-stop alert when a 1.6 pile’s emergency stop is pressed: in the API and on the live feed', async () => {
    const pile = sim.charger('XZ-ALERT-16');
    pile.fault('emergencyStop', { durationMs: Infinity });
    const found = await eventually(async () => {
      const list = await alertsOf(pile.id);
      return list.length === 2 ? list : undefined;
    }, 'the alerts');
    // The pile reports the stop for itself (connector 0) and for its gun: a charger-wide alert and one on the gun.
    expect(found.map((a) => [a.rule, a.evseId, a.severity, a.status, a.operatorId]).sort()).toEqual([
      ['fault.emergency_stop', 0, 1, 'open', 'op-test'],
      ['fault.emergency_stop', 1, 1, 'open', 'op-test'],
    ]);
    const alert = found.find((a) => a.evseId === 0)!;
    const opened = await feed.next(alertEvents(alert.id, 'opened'));
    expect(opened.data).toMatchObject({ type: 'alert', chargerId: pile.id, rule: 'fault.emergency_stop', severity: 1, transition: 'opened' });
    emergency = alert.id;
  }, LONG);

  it('opens the insulation alert on the right gun of a 2.0.1 pile', async () => {
    const pile = sim.charger('XZ-ALERT-201');
    pile.fault('insulationFault', { evseId: 2, durationMs: Infinity });
    const found = await eventually(async () => {
      const list = await alertsOf(pile.id);
      return list.some((a) => a.rule === 'fault.insulation') ? list : undefined;
    }, 'the insulation alert');
    // Gun 2 only. (2.0.1 names the fault in NotifyEvent; its bare Faulted status also opens fault.other.)
    expect(found.every((a) => a.evseId === 2 && a.status === 'open')).toBe(true);
    const insulation = found.find((a) => a.rule === 'fault.insulation')!;
    expect(insulation.severity).toBe(1);
    await feed.next(alertEvents(insulation.id, 'opened'));
  }, LONG);

  it('lets the pile’s operator acknowledge it with a note; the transition is on the feed, and a second acknowledgement is refused', async () => {
    const token = await stack.operatorToken('op-test');
    const { status, body } = await stack.call<Alert>(token, 'POST', `/api/v1/alerts/${encodeURIComponent(emergency)}/acknowledge`, {
      note: '已派运维人员到场',
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'operator op-test (operator)', acknowledgementNote: '已派运维人员到场' });
    expect(body.transitions.map((t) => t.type)).toEqual(['opened', 'acknowledged']);
    const event = await feed.next(alertEvents(emergency, 'acknowledged'));
    expect(event.data).toMatchObject({ by: 'operator op-test (operator)', note: '已派运维人员到场' });
    const again = await stack.call<{ error: { code: string } }>(stack.tokens.regulator, 'POST', `/api/v1/alerts/${encodeURIComponent(emergency)}/acknowledge`, {
      note: 'seen',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PW_API_CONFLICT');
  }, LONG);

  it('hides the alert from another operator as if it did not exist', async () => {
    await stack.db.pool.query(`INSERT INTO operators (id, name) VALUES ('op-elsewhere', 'Elsewhere') ON CONFLICT DO NOTHING`);
    const other = await stack.operatorToken('op-elsewhere');
    expect((await stack.call(other, 'GET', `/api/v1/alerts/${encodeURIComponent(emergency)}`)).status).toBe(404);
    expect(await alertsOf('XZ-ALERT-16', other)).toEqual([]);
  });

  it('resolves the alert when the fault clears, recording when and why', async () => {
    const pile = sim.charger('XZ-ALERT-16');
    pile.clearFault();
    const event = await feed.next(alertEvents(emergency, 'resolved'));
    expect(event.data).toMatchObject({ reason: 'condition_cleared' });
    const alert = await alertById(emergency);
    expect(alert).toMatchObject({ status: 'resolved', resolveReason: 'condition_cleared' });
    await eventually(async () => ((await alertsOf(pile.id)).every((a) => a.status === 'resolved') ? true : undefined), 'the gun’s alert resolved too');
    expect(alert.resolvedAt).not.toBeNull();
    expect(alert.transitions.map((t) => t.type)).toEqual(['opened', 'acknowledged', 'resolved']);
    // Only the 2.0.1 pile's faults are still active.
    const active = await stack.call<{ items: Alert[] }>(stack.tokens.regulator, 'GET', '/api/v1/alerts?status=active');
    expect(active.body.items.map((a) => a.chargerId)).not.toContain('XZ-ALERT-16');
    expect(active.body.items.map((a) => a.rule)).toContain('fault.insulation');
  }, LONG);

  it('delivers each personal-safety transition to the webhook, signed, after it failed the first time', async () => {
    // Personal safety (severity 1): three alerts opened, one acknowledged, two resolved. (fault.other is a notice.)
    const deliveries = await eventually(async () => {
      const { body } = await stack.call<{ items: Array<{ status: string; attempts: number; transitionType: string; lastError: string | null }> }>(
        stack.tokens.admin,
        'GET',
        `/api/v1/webhooks/${webhook.id}/deliveries`,
      );
      return body.items.length === 6 && body.items.every((d) => d.status === 'delivered') ? body.items : undefined;
    }, 'six delivered notifications');
    // The first request failed with 500 and was retried: one delivery took two attempts.
    expect(deliveries.map((d) => d.attempts).sort()).toEqual([1, 1, 1, 1, 1, 2]);
    expect(received[0]!.status).toBe(500);
    const first = JSON.parse(received[0]!.body) as { id: string };
    const retried = received.slice(1).find((r) => (JSON.parse(r.body) as { id: string }).id === first.id)!;
    expect(retried.headers[webhookHeaders.attempt]).toBe('2');
    for (const r of received) {
      const ok = verifyWebhookSignature(webhook.secret, {
        signature: r.headers[webhookHeaders.signature] as string,
        timestamp: r.headers[webhookHeaders.timestamp] as string,
        body: r.body,
      });
      expect(ok).toBe(true);
    }
    const events = received.filter((r) => r.status === 204).map((r) => JSON.parse(r.body) as { type: string; alert: { rule: string } });
    expect(events.map((e) => `${e.type} ${e.alert.rule}`).sort()).toEqual([
      'alert.acknowledged fault.emergency_stop',
      'alert.opened fault.emergency_stop',
      'alert.opened fault.emergency_stop',
      'alert.opened fault.insulation',
      'alert.resolved fault.emergency_stop',
      'alert.resolved fault.emergency_stop',
    ]);
  }, LONG);
});
