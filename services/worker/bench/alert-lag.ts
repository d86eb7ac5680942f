/**
 * Alert evaluation lag under the ingest benchmark's load: N simulated chargers, every connector
 * charging, meter values every S seconds, against the central system and the alert worker in their own
 * process (bench/alert-stack.ts) on PostgreSQL, with BullMQ on Redis (or the in-process bus).
 * Measures over a steady-state window: inputs evaluated per second, and the lag from an event's receipt
 * to its evaluation being stored (p50/p90/p99/max); then the queue left behind and how long it takes to
 * drain once the chargers stop. Prints what it measured; asserts nothing.
 *
 *   npx tsx services/worker/bench/alert-lag.ts [--chargers N] [--interval S] [--window S] [--bus redis|memory]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { alertQueues } from '@pilewatch/api';
import { createBus } from '@pilewatch/bus';
import { generateFleet, quietScenario, runFleet } from '@pilewatch/simulator';
import { importFleet, migrate, openDatabase } from '@pilewatch/store';
import { loadConfig } from '@pilewatch/config';
import { createTestDatabase } from '@pilewatch/store/testing';

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '1000' },
    interval: { type: 'string', default: '10' },
    window: { type: 'string', default: '60' },
    bus: { type: 'string', default: 'redis' },
  },
});
const chargers = Number(values.chargers);
const intervalS = Number(values.interval);
const windowS = Number(values.window);
const redisUrl = values.bus === 'redis' ? (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const server = await createTestDatabase('pw_bench_alerts');
const prefix = `pw-bench-${randomBytes(4).toString('hex')}`;
try {
  const env = {
    ...process.env,
    DATABASE_URL: server.url,
    PILEWATCH_OCPP_HOST: '127.0.0.1',
    PILEWATCH_OCPP_PORT: '0',
    PILEWATCH_HEARTBEAT_INTERVAL_S: '3600',
    PILEWATCH_LOG_LEVEL: 'warn',
    BENCH_BUS_PREFIX: prefix,
  } as NodeJS.ProcessEnv;
  if (redisUrl) env.REDIS_URL = redisUrl;
  else delete env.REDIS_URL;

  const fleet = generateFleet({ chargers, seed: 'bench' });
  const connectors = fleet.chargers.reduce((n, c) => n + c.connectors.length, 0);
  log(`registering ${chargers} chargers (${connectors} connectors)...`);
  const config = loadConfig(env);
  const db = await openDatabase(config);
  await migrate(db, config);
  await importFleet(db, fleet);

  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./alert-stack.ts', import.meta.url))], { env });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => process.stderr.write(d));
  const deadline = Date.now() + 120_000;
  while (!/ready (\S+)/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the stack did not come up:\n${out}`);
    await sleep(100);
  }
  const ocppUrl = /ready (\S+)/.exec(out)![1]!;

  const sim = runFleet({ url: ocppUrl, fleet, scenario: quietScenario({ meterIntervalS: intervalS }), ledger: 'counts', rampPerSecond: 200 });
  await sim.ramped;
  while (sim.stats().booted < chargers) await sleep(200);
  log(`all ${chargers} chargers booted; plugging in every connector...`);
  for (const c of sim.chargers()) {
    for (const conn of c.connectors) {
      c.plugIn({ evseId: conn.spec.evseId, plan: { socStart: 0.05, socTarget: 1, stayMs: 24 * 3600_000, authorizeAfterS: 1 } });
    }
  }
  await sleep((intervalS + 5) * 1000);
  const bus = await createBus({ redis: { url: redisUrl } }, { prefix });
  // Boots and plug-ins arrive in a burst: measure once the worker has caught up with it (on Redis, where the queue is visible).
  if (redisUrl) {
    const since = Date.now();
    for (;;) {
      const c = await bus.queue(alertQueues.inputs).counts();
      if (c.waiting < connectors / 4 || Date.now() - since > 120_000) break;
      await sleep(500);
    }
    log(`caught up with the start-up burst after ${((Date.now() - since) / 1000).toFixed(0)} s more`);
  }
  child.kill('SIGUSR2');
  const before = sim.stats();
  log(`measuring for ${windowS} s...`);
  await sleep(windowS * 1000);
  const lines = out.split('\n').length;
  child.kill('SIGUSR1');
  const after = sim.stats();
  const backlog = redisUrl ? await bus.queue(alertQueues.inputs).counts() : undefined;
  const ackedPerS = (after.messages.acked - before.messages.acked) / windowS;
  while (out.split('\n').length <= lines) await sleep(50);
  const figures = JSON.parse(out.trim().split('\n').at(-1)!) as {
    seconds: number;
    inputs: number;
    transitions: number;
    lagS: Record<string, number | null>;
  };

  // How long the worker takes to clear what is queued once the load stops.
  await sim.stop();
  const stopped = Date.now();
  let drainS: number | null = null;
  if (redisUrl) {
    for (;;) {
      const c = await bus.queue(alertQueues.inputs).counts();
      if (c.waiting + c.active + c.delayed === 0) break;
      if (Date.now() - stopped > 120_000) break;
      await sleep(100);
    }
    drainS = (Date.now() - stopped) / 1000;
  }
  await bus.close();
  child.kill('SIGINT');
  await new Promise((r) => child.on('exit', r));
  await db.close();

  const mv = after.byAction.MeterValues?.latencyMs ?? after.byAction.TransactionEvent?.latencyMs;
  const ms = (s: number | null | undefined) => (s === null || s === undefined ? '-' : (s * 1000).toFixed(0));
  console.log(
    [
      `engine: PostgreSQL 15 server; bus: ${redisUrl ? 'Redis (BullMQ queue alert-inputs)' : 'in-process'}; worker: alert module (group commit, up to 64 jobs at once)`,
      `load: ${chargers} chargers (${connectors} connectors), every connector charging, meter values every ${intervalS} s; ${ackedPerS.toFixed(1)} OCPP messages acknowledged/s`,
      `window: ${windowS} s of steady state (${figures.seconds.toFixed(0)} s measured by the worker)`,
      `alert inputs evaluated/s: ${(figures.inputs / figures.seconds).toFixed(1)}  (transitions stored: ${figures.transitions})`,
      `evaluation lag, event received → evaluation stored (ms): p50 ${ms(figures.lagS.p50)} · p90 ${ms(figures.lagS.p90)} · p99 ${ms(figures.lagS.p99)} · max ${ms(figures.lagS.p100)}`,
      `  of which the write path before the event is published — meter-value ack latency as the chargers saw it (ms): p50 ${mv?.p50} · p99 ${mv?.p99}`,
      backlog
        ? `queue at the end of the window: ${backlog.waiting} waiting, ${backlog.active} active; empty ${drainS!.toFixed(1)} s after the chargers stopped`
        : 'queue: in-process (not observable from here)',
    ].join('\n'),
  );
} finally {
  await server.drop();
}
