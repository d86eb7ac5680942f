/**
 * Memory per virtual charger: starts N piles against a central system kept off the simulator's heap,
 * waits until every pile is booted and a share of them are charging, and prints the simulator's heap and
 * the process's resident memory per pile. Figures are printed, never asserted.
 *
 *   npm run bench:memory -w @pilewatch/simulator -- --chargers 10000 [--charging 0.2] [--server worker|child]
 *
 * `--server worker` (default) runs the central system in a worker thread of this process; resident memory
 * then includes it, the heap figure does not. Every connection costs a file descriptor on both ends, so a
 * fleet near half the descriptor limit (`ulimit -n`) needs `--server child`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { cpus, totalmem } from 'node:os';
import { generateFleet } from '../src/fleet/generate.js';
import { runFleet } from '../src/run/fleet-run.js';
import { parseScenario } from '../src/scenario/scenario.js';
import { until } from '../src/testing/until.js';

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '2000' },
    charging: { type: 'string', default: '0.2' },
    server: { type: 'string', default: 'worker' },
    ramp: { type: 'string', default: '500' },
  },
});
const n = Number(values.chargers);
const chargingShare = Number(values.charging);
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
  }
};

const workerFile = fileURLToPath(new URL('./central-system-worker.ts', import.meta.url));
let stopServer: () => Promise<unknown>;
const url = await new Promise<string>((resolve, reject) => {
  if (values.server === 'child') {
    const child = fork(workerFile, [], { execArgv: ['--import', 'tsx'] });
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('error', reject);
    stopServer = async () => child.kill();
  } else {
    // A worker does not inherit tsx's loader on Node 20: it loads the TypeScript file through tsx's API.
    const boot = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(workerFile)}, ${JSON.stringify(import.meta.url)}))`;
    const worker = new Worker(boot, { eval: true });
    worker.once('message', (m: { url: string }) => resolve(m.url));
    worker.once('error', reject);
    stopServer = () => worker.terminate();
  }
});

const fleet = generateFleet({ chargers: n, seed: 'memory-bench' });
await settle();
const before = process.memoryUsage();
const started = Date.now();
const sim = runFleet({
  url,
  fleet,
  // Real time, the normal weekday's meter interval, nothing random: only what a connected pile holds.
  scenario: parseScenario({ name: 'memory', demand: { multiplier: 0 }, faults: { perChargerPerDay: 0 }, connectivity: { dropsPerChargerPerDay: 0 } }),
  ledger: 'counts',
  rampPerSecond: Number(values.ramp),
});
await until(() => sim.stats().booted === n, `all ${n} piles booted`, { timeoutMs: 600_000, everyMs: 500 });
const bootedAfter = (Date.now() - started) / 1000;
const drivers = sim.chargers().slice(0, Math.round(n * chargingShare));
for (const c of drivers) c.plugIn({ plan: { authorizeAfterS: 1 } });
await until(() => sim.stats().charging >= drivers.length, `${drivers.length} piles charging`, { timeoutMs: 120_000, everyMs: 500 });
await new Promise((r) => setTimeout(r, 2000));
await settle();
const after = process.memoryUsage();
const stats = sim.stats();
const heap = after.heapUsed - before.heapUsed;
const rss = after.rss - before.rss;

console.log(`Memory per virtual charger — ${n} piles (${drivers.length} charging), central system in a ${values.server === 'child' ? 'child process' : 'worker thread'}`);
console.log(`  machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())}, Node ${process.version}${gc ? '' : ' (run with --expose-gc for steadier figures)'}`);
console.log(`  all piles booted after ${bootedAfter.toFixed(1)} s (ramp ${values.ramp}/s); messages sent ${stats.messages.sent}, acked ${stats.messages.acked}, failed ${stats.messages.failed}`);
console.log(`  simulator heap:   ${mb(heap)} → ${kb(heap / n)} per pile`);
console.log(`  process resident: ${mb(rss)} → ${kb(rss / n)} per pile${values.server === 'child' ? '' : ' (includes the central system in its worker)'}`);
console.log(JSON.stringify({ chargers: n, charging: drivers.length, server: values.server, heapPerChargerBytes: Math.round(heap / n), rssPerChargerBytes: Math.round(rss / n), bootedAfterS: bootedAfter }));
await sim.stop();
await stopServer!();
process.exit(0);
