#!/usr/bin/env node
// `npm run bench`: runs every benchmark in turn, prints what each measured, and writes the figures with the
// machine they ran on to docs/benchmarks.md. Benchmarks never fail on time; a crash fails the run.
//   npm run bench                 all of them
//   npm run bench -- ingest       only those whose name contains "ingest"
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, loadavg } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const tsx = ['--import', 'tsx'];

/** name, what it answers, command. Each prints its figures on stdout (progress goes to stderr). */
const benches = [
  {
    name: 'ingest-embedded',
    what: 'OCPP ingest against `pilewatch start` on the embedded TimescaleDB (the quick-start engine)',
    args: [...tsx, 'test/bench/ocpp-throughput.ts', '--engine', 'embedded', '--chargers', '500', '--interval', '10', '--window', '60'],
  },
  {
    name: 'ingest-postgresql',
    what: 'OCPP ingest against `pilewatch start` on the PostgreSQL 15 server',
    args: [...tsx, 'test/bench/ocpp-throughput.ts', '--engine', 'postgresql', '--chargers', '2000', '--interval', '10', '--window', '60'],
  },
  {
    name: 'alert-lag',
    what: 'alert evaluation lag (event received → evaluation stored) under the ingest-postgresql load, alert worker on BullMQ/Redis',
    args: [...tsx, 'services/worker/bench/alert-lag.ts', '--chargers', '2000', '--interval', '10', '--window', '60'],
  },
  {
    name: 'uptime-query',
    what: 'uptime figures over the rolling 12 months for 6,000 piles from the daily and monthly rollups, at every level',
    args: [...tsx, 'services/worker/bench/uptime-query.ts', '--piles', '6000', '--days', '365'],
  },
  {
    name: 'simulator-memory',
    what: 'memory per virtual charger in one simulator process (10,000 chargers)',
    args: ['--expose-gc', ...tsx, 'simulator/bench/memory.ts', '--chargers', '10000', '--server', 'child'],
  },
];

const filter = process.argv[2];
const selected = benches.filter((b) => !filter || b.name.includes(filter));
if (selected.length === 0) {
  console.error(`no benchmark matches '${filter}'; there are: ${benches.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const machine = [
  `CPU: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  `memory: ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  `Node.js ${process.version}, ${process.platform}/${process.arch}`,
  `load average before the run: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  `date: ${new Date().toISOString()}`,
];
console.log(`Benchmarks on: ${machine.join('; ')}\n`);

const sections = [];
let failed = false;
for (const b of selected) {
  console.log(`== ${b.name}: ${b.what}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, b.args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  const output = (r.stdout ?? '').trim();
  console.log(output);
  const took = ((Date.now() - started) / 1000).toFixed(0);
  if (r.status !== 0) {
    failed = true;
    console.log(`!! ${b.name} exited with ${r.status ?? r.signal}`);
    continue;
  }
  console.log(`(${took} s)\n`);
  sections.push(`### ${b.name}\n\n${b.what}. Command: \`node ${b.args.join(' ')}\`\n\n\`\`\`\n${output}\n\`\`\`\n`);
}

if (sections.length) {
  const path = new URL('../docs/benchmarks.md', import.meta.url);
  let doc;
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    doc = '# Benchmarks\n';
  }
  const marker = '<!-- results -->';
  const [head] = doc.split(marker);
  writeFileSync(path, `${head.trimEnd()}\n\n${marker}\n\n## Latest run\n\n${machine.map((m) => `- ${m}`).join('\n')}\n\n${sections.join('\n')}`);
  console.log(`Written to docs/benchmarks.md`);
}
process.exit(failed ? 1 : 0);
