/**
 * A running pilewatch for the province tests: a fresh PostgreSQL database, the bus on the real Redis
 * (BullMQ jobs, the live stream) under a prefix of its own, the central system with its event bridge,
 * the API listening on a port (T/CEC interface included) and the worker's province module — wired as
 * `pilewatch start` wires them, with a partners file written for the test. Every log line is kept, so
 * tests can check that no secret was ever logged.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { bridgeCentralSystemEvents, buildApi, createToken } from '@pilewatch/api';
import { createBus, type Bus } from '@pilewatch/bus';
import { loadConfig, type Config } from '@pilewatch/config';
import { createCentralSystem, type CentralSystem } from '@pilewatch/csms';
import { createWriter, migrate, openDatabase, type Database } from '@pilewatch/store';
import { createTestDatabase } from '@pilewatch/store/testing';
import { province, startWorker, type Worker } from '@pilewatch/worker';

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface StackOptions {
  /** The partners file's content (docs/province.md). */
  partners: unknown[];
  /** Further settings. */
  env?: Record<string, string>;
  /** Start the worker's province module (default true). */
  worker?: boolean;
  /** `memory`: the in-process bus and T/CEC state, as in the embedded quick start (default `redis`). */
  bus?: 'redis' | 'memory';
  /** `embedded`: the in-process TimescaleDB with its one connection (default a fresh PostgreSQL database). */
  engine?: 'postgresql' | 'embedded';
}

export interface Stack {
  config: Config;
  db: Database;
  bus: Bus;
  csms: CentralSystem;
  /** Chargers connect to `${ocppUrl}/<identity>`. */
  ocppUrl: string;
  apiUrl: string;
  /** `{base}` of the T/CEC interface. */
  tcecUrl: string;
  /** Bearer token of an API admin. */
  adminToken: string;
  /** Every log line, as JSON text. */
  logs: string[];
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** GET on the API as admin; the parsed body. */
  admin<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** A random 9-character OperatorID (digits and capitals), so parallel test files never share keys in Redis. */
export function operatorIdFor(prefix: string): string {
  return (prefix + randomBytes(8).toString('hex').toUpperCase()).slice(0, 9);
}

/** A random secret of exactly 16 characters (an AES key or IV). */
export function secret16(): string {
  return randomBytes(8).toString('hex');
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const undo: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'pw-province-'));
    undo.push(() => rm(dir, { recursive: true, force: true }));
    const partnersFile = join(dir, 'partners.json');
    await writeFile(partnersFile, JSON.stringify(options.partners), { mode: 0o600 });
    let database: Record<string, string>;
    let name: string;
    if (options.engine === 'embedded') {
      database = { PILEWATCH_DATA_DIR: join(dir, 'data') };
      name = randomBytes(5).toString('hex');
    } else {
      const testDb = await createTestDatabase('pw_province');
      undo.push(() => testDb.drop());
      database = { DATABASE_URL: testDb.url };
      name = testDb.name;
    }

    const config = loadConfig({
      ...database,
      ...(options.bus === 'memory' ? {} : { REDIS_URL: redisUrl }),
      PILEWATCH_OCPP_HOST: '127.0.0.1',
      PILEWATCH_OCPP_PORT: '0',
      PILEWATCH_WS_PING_INTERVAL_S: '0',
      PILEWATCH_CALL_TIMEOUT_S: '2',
      PILEWATCH_PROVINCE_PARTNERS_FILE: partnersFile,
      PILEWATCH_PROVINCE_PUSH_RETRY_S: '0.2',
      PILEWATCH_PROVINCE_STATION_SCAN_S: '0.3',
      ...options.env,
    });
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const log = pino({ level: 'debug' }, sink);

    const db = await openDatabase(config, log);
    undo.push(() => db.close());
    await migrate(db, config, log);
    const bus = await createBus(config, { prefix: `pw-province-${name}`, log });
    undo.push(() => bus.close());
    const writer = createWriter(db, config.write, log);
    undo.push(() => writer.close());
    const csms = createCentralSystem({ config, db, writer, log, shutdownGraceMs: 1000 });
    const detach = bridgeCentralSystemEvents(csms.events, bus);
    const { url: ocppUrl } = await csms.listen();
    undo.push(() => csms.close());
    undo.push(() => detach());

    let worker: Worker | undefined;
    if (options.worker !== false) {
      worker = await startWorker({ config, db, bus, log }, [province]);
      undo.push(() => worker!.stop());
    }
    const api = await buildApi({ config, db, bus, log, commands: { send: (id, command) => csms.sendCommand(id, command) } });
    const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
    undo.push(() => api.close());
    const adminToken = (await createToken(db, { role: 'admin', name: 'province test admin' })).token;

    return {
      config,
      db,
      bus,
      csms,
      ocppUrl,
      apiUrl,
      tcecUrl: `${apiUrl}${config.province.basePath}`,
      adminToken,
      logs,
      async query(sql, params) {
        return (await db.pool.query(sql, params)).rows;
      },
      async admin(path) {
        const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
        return { status: res.status, body: (await res.json()) as never };
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Polls `probe` until it returns something other than undefined (no fixed sleeps). */
export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
