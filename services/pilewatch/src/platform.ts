/**
 * The whole platform in one process: database (embedded or server), bus (Redis or in-process), OCPP
 * central system, HTTP API, worker and, optionally, a simulated Xinzhou fleet. `pilewatch start` runs
 * this; end-to-end tests and benchmarks do too.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { buildApi, bridgeCentralSystemEvents } from '@pilewatch/api';
import { createBus, type Bus } from '@pilewatch/bus';
import type { Config } from '@pilewatch/config';
import { announcePresence, createCentralSystem, type CentralSystem } from '@pilewatch/csms';
import { generateFleet, loadScenario, runFleet, type SimulationHandle } from '@pilewatch/simulator';
import { createWriter, importFleet, migrate, openDatabase, type Database } from '@pilewatch/store';
import { alertMetrics, startWorker } from '@pilewatch/worker';

export interface SimulateOptions {
  chargers: number;
  seed: number | string;
  /** Bundled scenario name or a scenario file; default `weekday`. */
  scenario?: string;
  speed?: number;
}

export interface PlatformOptions {
  config: Config;
  log: Logger;
  /** Start a simulated fleet against this platform's own OCPP endpoint. */
  simulate?: SimulateOptions;
  /** Identifies this node on the bus (default host name and pid). */
  nodeId?: string;
}

export interface Platform {
  db: Database;
  bus: Bus;
  csms: CentralSystem;
  /** `ws://…/ocpp`: chargers append `/<identity>`. */
  ocppUrl: string;
  /** Base URL of the API and dashboard. */
  apiUrl: string;
  fleet?: SimulationHandle;
  close(): Promise<void>;
}

export async function startPlatform({ config, log, simulate, nodeId = `${hostname()}-${process.pid}` }: PlatformOptions): Promise<Platform> {
  const stack: Array<{ what: string; undo: () => Promise<unknown> }> = [];
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const { what, undo } of stack.reverse()) {
        try {
          await undo();
        } catch (err) {
          log.error({ err, what }, 'error while shutting down');
        }
      }
    })());
  try {
    const db = await openDatabase(config, log);
    stack.push({ what: 'database', undo: () => db.close() });
    await migrate(db, config, log);
    const bus = await createBus(config, { log: { error: (details, message) => log.error(details, message) } });
    stack.push({ what: 'bus', undo: () => bus.close() });

    const writer = createWriter(db, config.write, log);
    stack.push({ what: 'writer', undo: () => writer.close() });
    const csms = createCentralSystem({ config, db, writer, log, nodeId });
    const detachEvents = bridgeCentralSystemEvents(csms.events, bus);
    const { url: ocppUrl } = await csms.listen();
    stack.push({ what: 'central system', undo: () => csms.close() });
    stack.push({ what: 'event bridge', undo: () => detachEvents() });
    const presence = await announcePresence(csms, bus, nodeId, log);
    stack.push({ what: 'presence', undo: () => presence.stop() });

    const worker = await startWorker({ config, db, bus, log });
    stack.push({ what: 'worker', undo: () => worker.stop() });

    const api = await buildApi({
      config,
      db,
      bus,
      log,
      commands: { send: (chargerId, command) => csms.sendCommand(chargerId, command) },
      // The worker's alert evaluation lag, rendered at /metrics with the csms figures.
      metrics: { csms: () => csms.stats(), writer: () => writer.stats(), families: () => alertMetrics.families() },
    });
    const apiAddress = await api.listen({ host: config.api.host, port: config.api.port });
    stack.push({ what: 'api', undo: () => api.close() });
    const apiUrl = localUrl(apiAddress);

    let fleet: SimulationHandle | undefined;
    if (simulate) {
      fleet = await startFleet(db, ocppUrl, simulate, log);
      const running = fleet;
      stack.push({ what: 'simulated fleet', undo: () => running.stop() });
    }
    return { db, bus, csms, ocppUrl: localUrl(ocppUrl), apiUrl, fleet, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Registers the simulated fleet (skipped when it already is) and connects it. */
async function startFleet(db: Database, ocppUrl: string, opts: SimulateOptions, log: Logger): Promise<SimulationHandle> {
  const fleet = generateFleet({ chargers: opts.chargers, seed: opts.seed });
  const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM charge_points WHERE id = ANY($1)`, [
    fleet.chargers.map((c) => c.id),
  ]);
  if (Number(rows[0]?.n) !== fleet.chargers.length) {
    log.info({ chargers: fleet.chargers.length }, 'registering the simulated fleet');
    await importFleet(db, fleet);
  }
  const scenario = loadScenario(opts.scenario ?? 'weekday');
  return runFleet({
    url: ocppUrl,
    fleet,
    scenario,
    ledger: 'counts',
    ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
  });
}

/** A URL a person on this machine can open: a wildcard listen address becomes 127.0.0.1. */
function localUrl(url: string): string {
  return url.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://127.0.0.1');
}
