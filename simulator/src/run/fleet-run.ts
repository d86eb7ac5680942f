/**
 * Runs a fleet against a central system: one clock, one scheduler, one stats object, and a virtual
 * charger per pile, started at a steady ramp so ten thousand piles do not all knock at once.
 */
import { VirtualCharger, type ChargerEvent, type FleetContext } from '../charger/charger.js';
import type { LedgerEntry, LedgerMode } from '../charger/ledger.js';
import { SimClock } from '../clock.js';
import { SimulatorError } from '../errors.js';
import type { Fleet } from '../fleet/fleet.js';
import { ocpp16 } from '../ocpp16/dialect.js';
import { ocpp201 } from '../ocpp201/dialect.js';
import { Scheduler } from '../scheduler.js';
import { loadScenario, type Scenario } from '../scenario/scenario.js';
import { scheduleIncidents } from './incidents.js';
import { FleetStats, type StatsSnapshot } from './stats.js';

export interface RunFleetOptions {
  /** Central system endpoint, without the identity: `ws://127.0.0.1:9000/ocpp`. */
  url: string;
  fleet: Fleet;
  /** Run only the first N piles of the fleet; default all. */
  chargers?: number;
  /** Default: the bundled `weekday` scenario. */
  scenario?: Scenario;
  /** Seed of the behaviour (arrivals, incidents); default the fleet's seed. */
  seed?: number | string;
  /** Overrides the scenario's speed. */
  speed?: number;
  /** Overrides the scenario's meter interval (simulated seconds). */
  meterIntervalS?: number;
  /** Simulated start instant; overrides the scenario's `start`. */
  start?: Date | number;
  /** Overrides the scenario's duration (simulated seconds). */
  durationS?: number;
  /** Send malformed frames at the scenario's rate; default false. */
  chaos?: boolean;
  /** `full` keeps every message with its payload (tests); `counts` only the statistics. Default `full`. */
  ledger?: LedgerMode;
  /** Piles started per wall-clock second; default 200. */
  rampPerSecond?: number;
  callTimeoutMs?: number;
  /** Reconnect backoff, wall-clock ms; default 1 s doubling to 60 s, ±50% jitter. */
  backoff?: { initialMs: number; maxMs: number };
  /** Transaction messages a pile keeps while offline; default 5000. */
  queueLimit?: number;
  onEvent?: (event: ChargerEvent) => void;
}

export interface SimulationSummary extends StatsSnapshot {
  url: string;
  seed: number | string;
  scenario: string;
  speed: number;
  protocols: Record<string, number>;
  startedAt: string;
  endedAt: string;
  wallSeconds: number;
  simulated: { from: string; to: string; seconds: number };
  ackedPerSecond: number;
  sentPerSecond: number;
  /** Distinct reasons piles could not connect at the end, with how many piles each. */
  connectErrors: Record<string, number>;
  memory: { rssBytes: number; heapUsedBytes: number; heapPerChargerBytes: number };
}

export interface SimulationHandle {
  readonly clock: SimClock;
  readonly scenario: Scenario;
  /** Resolves when every pile has been started. */
  readonly ramped: Promise<void>;
  /** Resolves when the scenario's duration has passed in simulated time (never without one). */
  readonly finished: Promise<void>;
  stats(): StatsSnapshot;
  /** The virtual charger with this identity (throws PW_SIM_UNKNOWN_CHARGER). */
  charger(id: string): VirtualCharger;
  chargers(): readonly VirtualCharger[];
  /** Every pile's ledger, in pile order then message order (`full` ledger mode). */
  ledger(): LedgerEntry[];
  /** Stops every pile (closing its connection cleanly) and returns the summary. */
  stop(): Promise<SimulationSummary>;
}

export function runFleet(opts: RunFleetOptions): SimulationHandle {
  const base = opts.scenario ?? loadScenario('weekday');
  const scenario: Scenario = {
    ...base,
    ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
    ...(opts.meterIntervalS !== undefined ? { meterIntervalS: opts.meterIntervalS } : {}),
    ...(opts.durationS !== undefined ? { durationS: opts.durationS } : {}),
  };
  const start =
    opts.start !== undefined ? Number(opts.start) : scenario.start === 'now' ? undefined : Date.parse(scenario.start);
  const clock = new SimClock({ speed: scenario.speed, ...(start !== undefined ? { start } : {}) });
  const stats = new FleetStats();
  const scheduler = new Scheduler(clock, { onError: (err) => stats.internalError(err) });
  const seed = opts.seed ?? opts.fleet.seed;
  const ctx: FleetContext = {
    url: opts.url.replace(/\/+$/, ''),
    clock,
    scheduler,
    stats,
    scenario,
    seed,
    ledgerMode: opts.ledger ?? 'full',
    chaos: opts.chaos ?? false,
    callTimeoutMs: opts.callTimeoutMs ?? 30_000,
    backoff: opts.backoff ?? { initialMs: 1000, maxMs: 60_000 },
    queueLimit: opts.queueLimit ?? 5000,
    dialects: { 'ocpp1.6': ocpp16, 'ocpp2.0.1': ocpp201 },
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
  };
  const stations = new Map(opts.fleet.stations.map((s) => [s.id, s]));
  const specs = opts.fleet.chargers.slice(0, opts.chargers ?? opts.fleet.chargers.length);
  const chargers = specs.map((spec) => {
    const station = stations.get(spec.stationId);
    if (!station) throw new SimulatorError('PW_SIM_FLEET_INVALID', `charger ${spec.id} names unknown station ${spec.stationId}`);
    return new VirtualCharger(spec, station, ctx);
  });
  const byId = new Map(chargers.map((c) => [c.id, c]));
  const wallStart = Date.now();
  const simStart = clock.start;

  const ramp = opts.rampPerSecond ?? 200;
  const ramped = new Promise<void>((resolve) => {
    if (chargers.length === 0) return resolve();
    chargers.forEach((c, i) => {
      scheduler.at(simStart + clock.fromReal((i * 1000) / ramp), (at) => {
        c.start(at);
        if (i === chargers.length - 1) resolve();
      });
    });
  });
  scheduleIncidents({ scenario, chargers, scheduler, start: simStart, seed, chaos: ctx.chaos });
  const finished = new Promise<void>((resolve) => {
    if (scenario.durationS !== undefined) scheduler.at(simStart + scenario.durationS * 1000, () => resolve());
  });

  let stopping: Promise<SimulationSummary> | undefined;
  return {
    clock,
    scenario,
    ramped,
    finished,
    stats: () => stats.snapshot(),
    charger(id) {
      const c = byId.get(id);
      if (!c) throw new SimulatorError('PW_SIM_UNKNOWN_CHARGER', `no charger ${id} in this simulation`);
      return c;
    },
    chargers: () => chargers,
    ledger: () => chargers.flatMap((c) => c.ledger.entries()),
    stop() {
      stopping ??= (async () => {
        const simEnd = clock.now();
        const connectErrors: Record<string, number> = {};
        for (const c of chargers)
          if (c.link !== 'open' && c.lastConnectError) connectErrors[c.lastConnectError] = (connectErrors[c.lastConnectError] ?? 0) + 1;
        const snapshot = stats.snapshot();
        const mem = process.memoryUsage();
        await Promise.all(chargers.map((c) => c.stop()));
        scheduler.stop();
        const wallSeconds = (Date.now() - wallStart) / 1000;
        const protocols: Record<string, number> = {};
        for (const c of chargers) protocols[c.protocol] = (protocols[c.protocol] ?? 0) + 1;
        return {
          url: ctx.url,
          seed,
          scenario: scenario.name,
          speed: scenario.speed,
          protocols,
          startedAt: new Date(wallStart).toISOString(),
          endedAt: new Date().toISOString(),
          wallSeconds: Math.round(wallSeconds * 100) / 100,
          simulated: { from: new Date(simStart).toISOString(), to: new Date(simEnd).toISOString(), seconds: Math.round((simEnd - simStart) / 1000) },
          ...snapshot,
          ackedPerSecond: wallSeconds > 0 ? Math.round((snapshot.messages.acked / wallSeconds) * 10) / 10 : 0,
          sentPerSecond: wallSeconds > 0 ? Math.round((snapshot.messages.sent / wallSeconds) * 10) / 10 : 0,
          connectErrors,
          memory: {
            rssBytes: mem.rss,
            heapUsedBytes: mem.heapUsed,
            heapPerChargerBytes: chargers.length ? Math.round(mem.heapUsed / chargers.length) : 0,
          },
        };
      })();
      return stopping;
    },
  };
}
