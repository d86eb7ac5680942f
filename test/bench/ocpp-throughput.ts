/**
 * OCPP ingest benchmark: N simulated chargers, every connector charging, MeterValues every S seconds,
 * against `pilewatch start` running as its own process on the embedded engine or on the PostgreSQL server.
 * Measures, over a steady-state window after every charger is connected and charging:
 *   connected chargers, acknowledged messages per second, MeterValues acknowledgement latency
 *   (p50/p95/p99, as the chargers saw it), rows stored per second (meter_samples received in the window),
 *   and the central-system process's resident memory.
 * Prints what it measured and against what; asserts nothing.
 *
 *   npx tsx test/bench/ocpp-throughput.ts [--engine embedded|postgresql] [--chargers N] [--interval S] [--window S]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateFleet, quietScenario, runFleet } from '@pilewatch/simulator';
import { createTestDatabase } from '@pilewatch/store/testing';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'embedded' },
    chargers: { type: 'string', default: '500' },
    interval: { type: 'string', default: '10' },
    window: { type: 'string', default: '60' },
  },
});
const engine = values.engine as 'embedded' | 'postgresql';
if (engine !== 'embedded' && engine !== 'postgresql') throw new Error('--engine must be embedded or postgresql');
const chargers = Number(values.chargers);
const intervalS = Number(values.interval);
const windowS = Number(values.window);
const bin = fileURLToPath(new URL('../../services/pilewatch/bin/pilewatch.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const dir = await mkdtemp(join(tmpdir(), 'pw-bench-'));
const server = engine === 'postgresql' ? await createTestDatabase('pw_bench') : undefined;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PILEWATCH_DATA_DIR: join(dir, 'data'),
  PILEWATCH_OCPP_PORT: '0',
  PILEWATCH_API_PORT: '0',
  PILEWATCH_OCPP_HOST: '127.0.0.1',
  PILEWATCH_API_HOST: '127.0.0.1',
  PILEWATCH_LOG_LEVEL: 'warn',
  PILEWATCH_HEARTBEAT_INTERVAL_S: '3600',
};
delete env.REDIS_URL;
if (server) env.DATABASE_URL = server.url;
else delete env.DATABASE_URL;

try {
  const fleet = generateFleet({ chargers, seed: 'bench' });
  const connectors = fleet.chargers.reduce((n, c) => n + c.connectors.length, 0);
  const fleetFile = join(dir, 'fleet.json');
  await writeFile(fleetFile, JSON.stringify(fleet));
  log(`registering ${chargers} chargers (${connectors} connectors) on ${engine}...`);
  const reg = spawnSync(process.execPath, [bin, 'fleet', 'register', fleetFile], { env, encoding: 'utf8' });
  if (reg.status !== 0) throw new Error(`fleet register failed:\n${reg.stderr}`);

  const child = spawn(process.execPath, [bin, 'start'], { env });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => process.stderr.write(d));
  const until = Date.now() + 180_000;
  while (!out.includes('Press Ctrl-C')) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`pilewatch start did not come up:\n${out}`);
    await sleep(100);
  }
  const ocppUrl = out.match(/Chargers connect to +(\S+)\/<identity>/)![1]!;
  const rss = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    return Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) * 1024;
  };

  const sim = runFleet({
    url: ocppUrl,
    fleet,
    scenario: quietScenario({ meterIntervalS: intervalS }),
    ledger: 'counts',
    rampPerSecond: 200,
  });
  await sim.ramped;
  while (sim.stats().booted < chargers) await sleep(200);
  log(`all ${chargers} chargers booted; plugging in every connector...`);
  for (const c of sim.chargers()) {
    for (const conn of c.connectors) {
      c.plugIn({ evseId: conn.spec.evseId, plan: { socStart: 0.05, socTarget: 1, stayMs: 24 * 3600_000, authorizeAfterS: 1 } });
    }
  }
  // Let every session start and the meter cadence settle before measuring.
  await sleep((intervalS + 5) * 1000);
  const before = sim.stats();
  const t0 = new Date();
  let peakRss = 0;
  for (let s = 0; s < windowS; s++) {
    await sleep(1000);
    peakRss = Math.max(peakRss, await rss());
  }
  const t1 = new Date();
  const after = sim.stats();
  const endRss = await rss();
  await sim.stop();
  child.kill('SIGINT');
  await new Promise((r) => child.on('exit', r));

  // Rows whose receive time falls in the window were committed before their acknowledgement went out.
  const countUrl = server?.url;
  let rows: number;
  if (countUrl) {
    const client = new pg.Client({ connectionString: countUrl });
    await client.connect();
    rows = Number((await client.query(`SELECT count(*) FROM meter_samples WHERE received_at >= $1 AND received_at < $2`, [t0, t1])).rows[0].count);
    await client.end();
  } else {
    const { loadConfig } = await import('@pilewatch/config');
    const { openDatabase } = await import('@pilewatch/store');
    const db = await openDatabase(loadConfig(env));
    rows = Number((await db.pool.query(`SELECT count(*) FROM meter_samples WHERE received_at >= $1 AND received_at < $2`, [t0, t1])).rows[0].count);
    await db.close();
  }
  const seconds = (t1.getTime() - t0.getTime()) / 1000;
  const acked = after.messages.acked - before.messages.acked;
  const failed = after.messages.failed - before.messages.failed;
  const mv = after.byAction.MeterValues?.latencyMs ?? after.byAction.TransactionEvent?.latencyMs;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const lines = [
    `engine: ${engine === 'embedded' ? 'embedded TimescaleDB (PGlite, in the pilewatch process)' : 'PostgreSQL 15 server (no TimescaleDB), 127.0.0.1'}`,
    `load: ${chargers} chargers (${connectors} connectors, ${fleet.chargers.filter((c) => c.protocol === 'ocpp2.0.1').length} on OCPP 2.0.1), every connector charging, meter values every ${intervalS} s`,
    `window: ${seconds.toFixed(0)} s of steady state`,
    `connected chargers: ${after.connected} of ${chargers}`,
    `acknowledged messages/s: ${(acked / seconds).toFixed(1)}  (failed in window: ${failed})`,
    `meter-value ack latency over the run (ms): p50 ${mv?.p50} · p95 ${mv?.p95} · p99 ${mv?.p99} · max ${mv?.max}`,
    `meter_samples rows stored/s: ${(rows / seconds).toFixed(1)}`,
    `central system RSS: peak ${mb(peakRss)}, end ${mb(endRss)} (${((endRss / chargers) / 1024).toFixed(0)} KB per charger incl. ${engine === 'embedded' ? 'the embedded database' : 'runtime'})`,
  ];
  console.log(lines.join('\n'));
} finally {
  await server?.drop();
  await rm(dir, { recursive: true, force: true });
}
