/**
 * The real stack for the alert and uptime end-to-end tests, composed as `pilewatch start` composes it:
 * a fresh PostgreSQL database, Redis (bus and BullMQ queues under a prefix of its own), the central
 * system with its writer and event bridge, the worker's alert, webhook and uptime modules, and the API
 * on a real port. Chargers connect over OCPP to `ocppUrl`; tests talk HTTP to `apiUrl`.
 */
import { pino } from 'pino';
import { bridgeCentralSystemEvents, buildApi, createToken } from '@pilewatch/api';
import { createBus, type Bus } from '@pilewatch/bus';
import { loadConfig, type Config } from '@pilewatch/config';
import { createCentralSystem, type CentralSystem } from '@pilewatch/csms';
import { createWriter, migrate, openDatabase, type Database, type Writer } from '@pilewatch/store';
import { createTestDatabase } from '@pilewatch/store/testing';
import { alerts, startWorker, uptime, webhooks, type DeliveryPolicy } from '@pilewatch/worker';

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface AlertStack {
  config: Config;
  db: Database;
  bus: Bus;
  writer: Writer;
  csms: CentralSystem;
  ocppUrl: string;
  apiUrl: string;
  /** Bearer tokens by name: `admin`, `regulator`, and whatever `operatorToken` made. */
  tokens: { admin: string; regulator: string; [name: string]: string };
  operatorToken(operatorId: string): Promise<string>;
  /** An API call with a token; the body is parsed when it is JSON. */
  call<T = unknown>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export interface StackOptions {
  delivery: DeliveryPolicy;
  /** The uptime rollup's wait before a received status report counts as late data (default 2 minutes). */
  lateDataMarginMs?: number;
}

const log = pino({ level: 'silent' });

export async function startAlertStack(options: StackOptions): Promise<AlertStack> {
  const testDb = await createTestDatabase('pw_alerts');
  const config = loadConfig({
    DATABASE_URL: testDb.url,
    REDIS_URL: redisUrl,
    PILEWATCH_OCPP_HOST: '127.0.0.1',
    PILEWATCH_OCPP_PORT: '0',
    PILEWATCH_WS_PING_INTERVAL_S: '0',
    PILEWATCH_CALL_TIMEOUT_S: '5',
    PILEWATCH_LOG_LEVEL: 'silent',
  });
  const undo: Array<() => Promise<unknown>> = [() => testDb.drop()];
  const close = async () => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
  };
  try {
    const db = await openDatabase(config);
    undo.push(() => db.close());
    await migrate(db, config);
    const bus = await createBus(config, { prefix: `pw-${testDb.name}`, log: { error: () => {} } });
    undo.push(() => bus.close());
    const writer = createWriter(db, config.write, log);
    undo.push(() => writer.close());
    const csms = createCentralSystem({ config, db, writer, log, shutdownGraceMs: 1_000 });
    const detach = bridgeCentralSystemEvents(csms.events, bus);
    const { url: ocppUrl } = await csms.listen();
    undo.push(() => csms.close());
    undo.push(() => detach());
    const worker = await startWorker({ config, db, bus, log }, [
      // Ticks and rollups on demand in these tests (each also runs once when the worker starts).
      alerts({ tickIntervalMs: 3_600_000, delivery: options.delivery }),
      webhooks(options.delivery),
      uptime({ intervalMs: 3_600_000, ...(options.lateDataMarginMs === undefined ? {} : { lateDataMarginMs: options.lateDataMarginMs }) }),
    ]);
    undo.push(() => worker.stop());
    const api = await buildApi({ config, db, bus, log, commands: { send: (id, c) => csms.sendCommand(id, c) } });
    const apiUrl = (await api.listen({ host: '127.0.0.1', port: 0 })).replace('://0.0.0.0', '://127.0.0.1');
    undo.push(() => api.close());
    const tokens: AlertStack['tokens'] = {
      admin: (await createToken(db, { role: 'admin', name: 'e2e admin' })).token,
      regulator: (await createToken(db, { role: 'regulator', name: '市能源局' })).token,
    };
    return {
      config,
      db,
      bus,
      writer,
      csms,
      ocppUrl,
      apiUrl,
      tokens,
      async operatorToken(operatorId) {
        const token = tokens[operatorId] ?? (await createToken(db, { role: 'operator', operatorId, name: `operator ${operatorId}` })).token;
        tokens[operatorId] = token;
        return token;
      },
      async call<T>(token: string, method: string, path: string, body?: unknown) {
        const res = await fetch(apiUrl + path, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        return { status: res.status, body: (text && res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text) as T };
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Polls `probe` until it returns something other than undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
