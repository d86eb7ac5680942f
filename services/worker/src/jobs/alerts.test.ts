/**
 * Alert evaluation on a real PostgreSQL database: inputs through the durable queue (in-process and on
 * Redis), each charger's state in its row, every transition stored and published; repeated jobs,
 * clock ticks, late connectivity changes, and the events the bridge leaves out.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { alertInputKinds, enqueueAlertInput, type CentralSystemMessage, type LiveEvent } from '@pilewatch/api';
import { createBus, createMemoryBus, type Bus, type Job } from '@pilewatch/bus';
import type { DomainEvent } from '@pilewatch/ocpp';
import { addCharger, saveAlertRulesConfig, upsertOperator, type Database } from '@pilewatch/store';
import { openTestStore, type TestStore } from '@pilewatch/store/testing';
import { alertRules, evaluateCharger, isAlertCode, type ChargerAlertState } from '@pilewatch/supervision';
import { startWorker } from '../worker.js';
import { alertEvaluator, alerts, defaultAlertOptions, type AlertEvaluator } from './alerts.js';
import { AlertInputBatcher } from './alerts-batch.js';
import { RulesConfigSource } from './alerts-config.js';
import { AlertMetrics } from './alerts-metrics.js';

const log = pino({ level: 'silent' });
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let store: TestStore;
let db: Database;
beforeAll(async () => {
  store = await openTestStore('postgresql');
  db = store.db;
  await upsertOperator(db, { id: 'op-a', name: 'A' });
  for (const id of ['CP-Q1', 'CP-Q2', 'CP-DUP', 'CP-OFF', 'CP-LATE']) await addCharger(db, { id, operatorId: 'op-a' });
});
afterAll(() => store?.close());

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const status = (chargerId: string, at: Date, status: 'Faulted' | 'Available', errorCode?: string): CentralSystemMessage => ({
  type: 'domain',
  chargerId,
  event: { kind: 'connector.status', chargerId, evseId: 1, connectorId: 1, status, ...(errorCode ? { errorCode } : {}), at, receivedAt: at },
});
const connectivity = (chargerId: string, event: 'connected' | 'disconnected', time: Date): CentralSystemMessage => ({
  type: 'connectivity',
  chargerId,
  event,
  time,
});
/** A job as the queue hands it over: the message after its JSON trip. */
const job = (message: CentralSystemMessage, id = randomBytes(4).toString('hex')): Job => ({
  id,
  name: 'test',
  data: JSON.parse(JSON.stringify(message)),
  attempt: 1,
});

async function transitionsOf(chargerId: string) {
  const { rows } = await db.pool.query<{ type: string; alert_id: string; at: Date }>(
    `SELECT type, alert_id, at FROM alert_transitions WHERE charger_id = $1 ORDER BY id`,
    [chargerId],
  );
  return rows;
}

describe.each([
  ['in-process bus', undefined, 'CP-Q1'],
  ['Redis bus', redisUrl, 'CP-Q2'],
])('alert inputs through the queue on the %s', (_name, url, chargerId) => {
  let bus: Bus;
  beforeAll(async () => {
    bus = await createBus({ redis: { url } }, { prefix: `pw-test-${randomBytes(4).toString('hex')}` });
  });
  afterAll(() => bus?.close());

  it('opens an alert from a queued fault, resolves it when the status clears, and publishes both transitions', async () => {
    const worker = await startWorker({ config: store.config, db, bus, log }, [alerts({ metrics: new AlertMetrics() })]);
    try {
      const t0 = new Date(Date.now() - 60_000);
      await enqueueAlertInput(bus, status(chargerId, t0, 'Faulted', 'GroundFailure'));
      const opened = await waitFor(async () => {
        const { rows } = await db.pool.query(`SELECT * FROM alerts WHERE charger_id = $1`, [chargerId]);
        return rows[0];
      }, 'the alert to open');
      expect(opened).toMatchObject({ rule: 'fault.ground_failure', severity: 1, status: 'open', evse_id: 1, connector_id: 1 });
      expect(opened.opened_at.toISOString()).toBe(t0.toISOString());

      const t1 = new Date(t0.getTime() + 30_000);
      await enqueueAlertInput(bus, status(chargerId, t1, 'Available'));
      const resolved = await waitFor(async () => {
        const { rows } = await db.pool.query(`SELECT * FROM alerts WHERE charger_id = $1 AND status = 'resolved'`, [chargerId]);
        return rows[0];
      }, 'the alert to resolve');
      expect(resolved.resolved_at.toISOString()).toBe(t1.toISOString());
      expect(resolved.resolve_reason).toBe('condition_cleared');
      expect((await transitionsOf(chargerId)).map((t) => t.type)).toEqual(['opened', 'resolved']);

      const published = await waitFor(async () => {
        const alertsOut = (await bus.readAfter('live', undefined, 100)).map((e) => e.event as LiveEvent).filter((e) => e.type === 'alert' && e.chargerId === chargerId);
        return alertsOut.length >= 2 ? alertsOut : undefined;
      }, 'both transitions on the live feed');
      expect(published.map((e) => e.type === 'alert' && [e.transition, e.rule, e.severity])).toEqual([
        ['opened', 'fault.ground_failure', 1],
        ['resolved', 'fault.ground_failure', 1],
      ]);
    } finally {
      await worker.stop();
    }
  });
});

describe('the alert evaluator', () => {
  let bus: Bus;
  let evaluator: AlertEvaluator;
  let metrics: AlertMetrics;
  beforeAll(async () => {
    bus = createMemoryBus();
    // Flapping after two connections, so a connection applied twice would open it.
    await saveAlertRulesConfig(db, { rules: { 'connectivity.flapping': { reconnects: 2, windowMinutes: 10 } } }, 'test');
    metrics = new AlertMetrics();
    evaluator = alertEvaluator(db, bus, log, new RulesConfigSource(db, log), { ...defaultAlertOptions, metrics });
  });
  afterAll(() => bus?.close());

  it('applies an input once however many times its job runs, and the next one normally', async () => {
    const t0 = new Date(Date.now() - 120_000);
    const first = job(connectivity('CP-DUP', 'connected', t0));
    expect(await evaluator.apply(first)).toBe(0);
    // The same job again (a retry after a crash between commit and acknowledgement): a second connection would flap.
    expect(await evaluator.apply({ ...first, attempt: 2 })).toBe(0);
    expect(await transitionsOf('CP-DUP')).toEqual([]);
    expect(metrics.duplicates).toBe(1);
    // A genuinely new connection is the second one: now it flaps.
    expect(await evaluator.apply(job(connectivity('CP-DUP', 'connected', new Date(t0.getTime() + 1000))))).toBe(1);
    expect((await transitionsOf('CP-DUP')).map((t) => [t.type, t.alert_id])).toEqual([['opened', 'connectivity.flapping:CP-DUP:0:0#1']]);
  });

  it('opens the offline alert on a clock tick, dated when the deadline passed, and resolves it on reconnection', async () => {
    const down = new Date(Date.now() - 20 * 60_000);
    await evaluator.apply(job(connectivity('CP-OFF', 'disconnected', down)));
    expect(await transitionsOf('CP-OFF')).toEqual([]);
    await evaluator.tick(new Date());
    const [opened] = await transitionsOf('CP-OFF');
    expect(opened).toMatchObject({ type: 'opened', alert_id: 'connectivity.offline:CP-OFF:0:0#1' });
    // The default deadline is 15 minutes.
    expect(opened!.at.toISOString()).toBe(new Date(down.getTime() + 15 * 60_000).toISOString());
    // A second tick changes nothing.
    await evaluator.tick(new Date());
    expect(await transitionsOf('CP-OFF')).toHaveLength(1);
    const back = new Date();
    await evaluator.apply(job(connectivity('CP-OFF', 'connected', back)));
    expect((await transitionsOf('CP-OFF')).map((t) => t.type)).toEqual(['opened', 'resolved']);
  });

  it('ignores a connectivity change older than the one already applied (two workers raced)', async () => {
    const t = Date.now() - 30 * 60_000;
    await evaluator.apply(job(connectivity('CP-LATE', 'disconnected', new Date(t + 1000))));
    await evaluator.apply(job(connectivity('CP-LATE', 'connected', new Date(t))));
    const { rows } = await db.pool.query<{ state: ChargerAlertState }>(`SELECT state FROM alert_charger_state WHERE charger_id = 'CP-LATE'`);
    expect(rows[0]!.state.memory.online).toBe(false);
    await evaluator.tick(new Date());
    expect((await transitionsOf('CP-LATE')).map((t) => t.alert_id)).toEqual(['connectivity.offline:CP-LATE:0:0#1']);
  });

  it('keeps a job that is not an alert input as a dead letter instead of retrying it', async () => {
    expect(await evaluator.apply({ id: 'junk-1', name: 'junk', data: { type: 'domain', chargerId: 'CP-Q1', event: { kind: 'nonsense' } }, attempt: 1 })).toBe(0);
    const { rows } = await db.pool.query(`SELECT queue, job_id, error FROM dead_letters WHERE job_id = 'junk-1'`);
    expect(rows).toEqual([{ queue: 'alert-inputs', job_id: 'junk-1', error: 'not an alert input' }]);
  });

  it('measures the lag from receiving each input to storing its evaluation', () => {
    expect(metrics.inputs).toBeGreaterThanOrEqual(7);
    const lag = metrics.families().find((f) => f.name === 'pilewatch_worker_alert_evaluation_lag_seconds')!;
    expect(lag.samples.find((s) => s.suffix === '_count')!.value).toBe(metrics.inputs);
    // Inputs dated up to 30 minutes back count their full age: the lag is from receipt, not from the job.
    expect(metrics.percentiles([100]).p100).toBeGreaterThan(1000);
  });
});

describe('group commit of alert inputs', () => {
  const severityOf = (rule: string) => (isAlertCode(rule) ? alertRules[rule].severity : 3);
  const statusStep = (at: Date, status: 'Faulted' | 'Available') => (state: ChargerAlertState | undefined) =>
    evaluateCharger('CP-BATCH', state, { kind: 'connector.status', chargerId: 'CP-BATCH', evseId: 1, connectorId: 1, status, errorCode: status === 'Faulted' ? 'GroundFailure' : undefined, at, receivedAt: at });

  it('applies inputs handed in together in one transaction, each seeing the state the one before left', async () => {
    const batches: string[][] = [];
    const batcher = new AlertInputBatcher(db, severityOf, 200, (stored) => batches.push(stored.map((t) => t.type)));
    const t = Date.now() - 600_000;
    const results = await Promise.all(
      [
        statusStep(new Date(t), 'Faulted'),
        statusStep(new Date(t + 1000), 'Available'),
        statusStep(new Date(t + 2000), 'Faulted'),
      ].map((step, n) => batcher.apply({ chargerId: 'CP-BATCH', step, inputKey: `k${n}` })),
    );
    expect(results.map((r) => r.transitions.map((x) => x.type))).toEqual([['opened'], ['resolved'], ['reopened']]);
    expect(batches).toEqual([['opened', 'resolved', 'reopened']]);
  });

  it('fails only the input that cannot be applied, and counts a key repeated within a batch once', async () => {
    const batcher = new AlertInputBatcher(db, severityOf, 200, () => {});
    const t = Date.now() - 300_000;
    const outcomes = await Promise.allSettled([
      batcher.apply({ chargerId: 'CP-BATCH', step: statusStep(new Date(t), 'Available'), inputKey: 'again' }),
      batcher.apply({ chargerId: 'CP-BATCH', step: statusStep(new Date(t), 'Available'), inputKey: 'again' }),
      batcher.apply({
        chargerId: 'CP-BATCH',
        step: () => {
          throw new Error('poison');
        },
        inputKey: 'poison',
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(outcomes.slice(0, 2).map((o) => (o as PromiseFulfilledResult<{ duplicate: boolean }>).value.duplicate)).toEqual([false, true]);
    expect((await transitionsOf('CP-BATCH')).map((x) => x.type)).toEqual(['opened', 'resolved', 'reopened', 'resolved']);
  });
});

describe('what the event bridge leaves out of the alert queue', () => {
  const at = new Date('2025-03-01T08:00:00Z');
  const base = { chargerId: 'CP-X', at, receivedAt: at };
  // One of every domain event kind the bridge does not queue.
  const ignored: DomainEvent[] = [
    { ...base, kind: 'charger.booted', vendor: 'V', model: 'M' },
    { ...base, kind: 'charger.heartbeat' },
    { ...base, kind: 'diagnostics.status', status: 'Uploaded' },
    { ...base, kind: 'log.status', status: 'Uploaded' },
    { ...base, kind: 'authorize.requested', idToken: 'TAG' },
    { ...base, kind: 'data.transfer', vendorId: 'V', data: 'x' },
    { ...base, kind: 'report.received', requestId: 1, seqNo: 0, tbc: false, variables: [] },
  ];

  it('covers every kind of domain event between the queued and the ignored ones', () => {
    expect(ignored.some((e) => alertInputKinds.has(e.kind))).toBe(false);
    expect(alertInputKinds.size + ignored.length).toBe(15);
  });

  it.each(ignored.map((e) => [e.kind, e] as const))('%s never changes a charger’s alert state', (_kind, event) => {
    // A charger in the middle of things: offline, a transaction running, an alert open.
    let state: ChargerAlertState | undefined;
    for (const input of [
      { ...base, kind: 'transaction.started', evseId: 1, connectorId: 1, transactionId: 'T1' } as DomainEvent,
      { ...base, kind: 'connector.status', evseId: 1, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' } as DomainEvent,
      { kind: 'connectivity.changed' as const, chargerId: 'CP-X', online: false, at },
    ]) {
      state = evaluateCharger('CP-X', state, input).state;
    }
    expect(evaluateCharger('CP-X', state, event).changed).toBe(false);
  });
});
