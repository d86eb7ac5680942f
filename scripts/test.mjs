#!/usr/bin/env node
// `npm test`: every workspace's vitest suite through turbo, then one closing line that counts them all
// ("N passed, N failed"), read from each workspace's JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const report = '.vitest-report.json';

const workspaceDirs = pkg.workspaces.flatMap((pattern) => {
  if (!pattern.endsWith('/*')) return [pattern];
  const base = pattern.slice(0, -2);
  return spawnSync('ls', [join(root, base)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map((d) => `${base}/${d}`);
});
for (const dir of workspaceDirs) rmSync(join(root, dir, report), { force: true });

const concurrency = process.env.PILEWATCH_TEST_CONCURRENCY ?? '2';
const extra = process.argv.slice(2);
const run = spawnSync(
  'npx',
  [
    'turbo', 'run', 'test', `--concurrency=${concurrency}`, '--continue', '--output-logs=full',
    '--', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra,
  ],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const dir of workspaceDirs) {
  const file = join(root, dir, report);
  if (!existsSync(join(root, dir, 'package.json'))) continue;
  const scripts = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).scripts ?? {};
  if (!scripts.test) continue;
  if (!existsSync(file)) {
    missing.push(dir);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  console.log(`  ${dir}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
}
for (const dir of missing) console.log(`  ${dir}: no test report (the suite did not run to the end)`);
const code = run.status ?? 1;
// vitest's JSON report does not count errors outside any test (an uncaught exception); turbo's exit code does.
if (code !== 0 && failed === 0) console.log('  a suite failed outside its tests (an uncaught error or no test files): see its output above');
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code !== 0 ? code : failed > 0 || missing.length > 0 ? 1 : 0);
