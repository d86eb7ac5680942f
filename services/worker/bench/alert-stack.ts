/**
 * The process the alert-lag benchmark measures: the central system (with its writer and event bridge)
 * and a worker running the alert module, on the database at DATABASE_URL and the bus at REDIS_URL
 * (in-process without it) — the production path of an event from a charger to its alert evaluation.
 *
 * Prints `ready <ocpp url>` when chargers may connect. SIGUSR2 starts the measuring window (the lag
 * figures are reset); SIGUSR1 prints the figures since then as one JSON line; SIGINT stops.
 */
import { pino } from 'pino';
import { bridgeCentralSystemEvents } from '@pilewatch/api';
import { createBus } from '@pilewatch/bus';
import { loadConfig } from '@pilewatch/config';
import { createCentralSystem } from '@pilewatch/csms';
import { createWriter, openDatabase } from '@pilewatch/store';
import { startWorker } from '../src/worker.js';
import { alerts } from '../src/jobs/alerts.js';
import { AlertMetrics } from '../src/jobs/alerts-metrics.js';

const config = loadConfig();
const log = pino({ level: 'warn' }, pino.destination(2));
const db = await openDatabase(config, log);
const bus = await createBus(config, { prefix: process.env.BENCH_BUS_PREFIX ?? 'pw-bench', log: { error: (d, m) => log.error(d, m) } });
const writer = createWriter(db, config.write, log);
const csms = createCentralSystem({ config, db, writer, log });
const detach = bridgeCentralSystemEvents(csms.events, bus);
const { url } = await csms.listen();
const metrics = new AlertMetrics(1_000_000);
const worker = await startWorker({ config, db, bus, log }, [alerts({ metrics, tickIntervalMs: 60_000 })]);
process.stdout.write(`ready ${url}\n`);

let windowStart = Date.now();
process.on('SIGUSR2', () => {
  metrics.reset();
  windowStart = Date.now();
});
process.on('SIGUSR1', () => {
  const seconds = (Date.now() - windowStart) / 1000;
  process.stdout.write(
    `${JSON.stringify({ seconds, inputs: metrics.inputs, duplicates: metrics.duplicates, transitions: metrics.transitions, lagS: metrics.percentiles([50, 90, 99, 100]) })}\n`,
  );
});
process.once('SIGINT', async () => {
  await csms.close();
  await detach();
  await worker.stop();
  await writer.close();
  await bus.close();
  await db.close();
  process.exit(0);
});
