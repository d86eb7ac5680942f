/**
 * A real central system for the csms tests: config from an environment, a real database (a fresh
 * PostgreSQL database per call, or the embedded TimescaleDB in a temporary directory), migrations, the
 * group-commit writer, and the endpoint on a free port. Chargers are real ocpp-rpc clients, or raw `ws`
 * sockets where a test needs to send what a well-behaved client never would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ocppRpc from 'ocpp-rpc';
import type RPCClientType from 'ocpp-rpc/lib/client';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import { pino } from 'pino';
import WebSocket from 'ws';
import { loadConfig, type Config } from '@pilewatch/config';
import { createCentralSystem, type CentralSystem, type ConnectivityEventMessage } from '@pilewatch/csms';
import type { ProtocolVersion } from '@pilewatch/ocpp';
import { addCharger, createWriter, migrate, openDatabase, type Database, type NewCharger, type Writer } from '@pilewatch/store';
import { createTestDatabase, type TestDatabase } from '@pilewatch/store/testing';

const { RPCClient } = ocppRpc;
export type Charger = RPCClientType;

export type EngineName = 'postgresql' | 'embedded';

export interface HarnessOptions {
  engine?: EngineName;
  /** environment on top of the harness defaults (127.0.0.1, a free port, silent logs) */
  env?: Record<string, string>;
  logLevel?: 'debug' | 'info' | 'warn' | 'silent';
}

export interface Harness {
  config: Config;
  db: Database;
  writer: Writer;
  csms: CentralSystem;
  /** endpoint prefix: chargers connect to `${url}/<identity>` */
  url: string;
  /** every log line the central system wrote, as JSON text */
  logs: string[];
  register(charger: NewCharger): Promise<{ password: string }>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startCsms(options: HarnessOptions = {}): Promise<Harness> {
  const engine = options.engine ?? 'postgresql';
  let testDb: TestDatabase | undefined;
  let dataDir: string | undefined;
  const env: Record<string, string> = {
    PILEWATCH_OCPP_HOST: '127.0.0.1',
    PILEWATCH_OCPP_PORT: '0',
    PILEWATCH_WS_PING_INTERVAL_S: '0',
    PILEWATCH_CALL_TIMEOUT_S: '5',
    ...options.env,
  };
  if (engine === 'postgresql') {
    testDb = await createTestDatabase('pw_csms');
    env.DATABASE_URL = testDb.url;
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'pw-csms-'));
    env.PILEWATCH_DATA_DIR = dataDir;
  }
  const config = loadConfig(env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino({ level: options.logLevel ?? 'warn' }, sink);
  const db = await openDatabase(config, log);
  await migrate(db, config, log);
  const writer = createWriter(db, config.write, log);
  const csms = createCentralSystem({ config, db, writer, log, shutdownGraceMs: 2_000 });
  const { url } = await csms.listen();
  return {
    config,
    db,
    writer,
    csms,
    url,
    logs,
    register: (charger) => addCharger(db, charger),
    async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      await writer.flush();
      return (await db.pool.query<T>(sql, params)).rows;
    },
    async close() {
      try {
        await csms.close();
        await writer.close();
        await db.close();
      } finally {
        await testDb?.drop();
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export interface ChargerOptions {
  password?: string;
  /** `null`: offer no subprotocol at all */
  protocol?: ProtocolVersion | null;
  callTimeoutMs?: number;
}

/** An ocpp-rpc client in strict mode, as a well-behaved charger would be; not yet connected. */
export function charger(url: string, identity: string, { password, protocol = 'ocpp1.6', callTimeoutMs = 10_000 }: ChargerOptions = {}): Charger {
  const options: Partial<RPC_ClientOptions> = {
    endpoint: url,
    identity,
    password: password ?? null,
    protocols: protocol ? [protocol] : [],
    strictMode: protocol ? true : false,
    reconnect: false,
    callTimeoutMs,
    pingIntervalMs: 0,
  };
  return new RPCClient(options as RPC_ClientOptions);
}

export async function connectCharger(url: string, identity: string, options: ChargerOptions = {}): Promise<Charger> {
  const c = charger(url, identity, options);
  await c.connect();
  return c;
}

/** The HTTP status an upgrade to `${url}/${path}` gets: 101 when the WebSocket opens. */
export function upgradeStatus(
  url: string,
  path: string,
  { authorization, protocols = ['ocpp1.6'] }: { authorization?: string; protocols?: string[] } = {},
): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url}/${path}`, protocols, { headers: authorization ? { authorization } : {} });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', () => resolve(-1));
  });
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * A charger speaking raw frames over `ws`: sends anything, and collects every frame the server sends,
 * keyed by message id.
 */
export class RawCharger {
  readonly frames: unknown[][] = [];
  private readonly waiters: Array<{ match: (f: unknown[]) => boolean; resolve: (f: unknown[]) => void }> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      this.frames.push(frame);
      for (const w of [...this.waiters]) {
        if (w.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    });
  }

  static open(
    url: string,
    identity: string,
    { password, protocols, autoPong = true }: { password: string; protocols: string[]; autoPong?: boolean },
  ): Promise<RawCharger> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url}/${encodeURIComponent(identity)}`, protocols, {
        headers: { authorization: basic(identity, password) },
        autoPong,
      });
      ws.once('open', () => resolve(new RawCharger(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(frame: string | unknown[]): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame for `messageId` (answers are matched by id; '-1' for unreadable frames). */
  answer(messageId: string): Promise<unknown[]> {
    const seen = this.frames.findIndex((f) => f[1] === messageId);
    if (seen >= 0) return Promise.resolve(this.frames.splice(seen, 1)[0]!);
    return new Promise((resolve) => this.waiters.push({ match: (f) => f[1] === messageId, resolve: (f) => {
      this.frames.splice(this.frames.indexOf(f), 1);
      resolve(f);
    } }));
  }

  /** Sends a CALL and waits for its answer. */
  call(messageId: string, action: string, payload: unknown): Promise<unknown[]> {
    const answered = this.answer(messageId);
    this.send([2, messageId, action, payload]);
    return answered;
  }

  closed(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(1006);
    return new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  close(): Promise<number> {
    const done = this.closed();
    this.ws.close();
    return done;
  }
}

/** Resolves with the first connectivity event matching `predicate` (from now on). */
export function nextConnectivity(
  csms: CentralSystem,
  predicate: (e: ConnectivityEventMessage) => boolean,
): Promise<ConnectivityEventMessage> {
  return new Promise((resolve) => {
    const listener = (e: ConnectivityEventMessage) => {
      if (!predicate(e)) return;
      csms.events.off('connectivity', listener);
      resolve(e);
    };
    csms.events.on('connectivity', listener);
  });
}

export const boot16 = {
  chargePointVendor: 'Xinzhou Charging',
  chargePointModel: 'XZ-AC7',
  chargePointSerialNumber: 'SN-16-0001',
  firmwareVersion: '1.4.2',
};

export const boot201 = {
  reason: 'PowerUp',
  chargingStation: { vendorName: 'Xinzhou Charging', model: 'XZ-DC120', serialNumber: 'SN-201-0001', firmwareVersion: '2.0.7' },
};
