import { createServer, type Server } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleet } from '../fleet/fleet.js';
import type { SimulationSummary } from '../run/fleet-run.js';
import { startRecordingCentralSystem, type RecordingCentralSystem } from '../testing/index.js';
import { simulateCommand } from './command.js';

function io(signal?: AbortSignal) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  return { io: { stdout: out, stderr: err, ...(signal ? { signal } : {}) }, text: () => ({ stdout, stderr }) };
}

const dir = mkdtempSync(join(tmpdir(), 'pw-simulate-'));

/** A TCP listener that counts connection attempts: proof that nothing was opened. */
let listener: Server;
let attempts = 0;
let tcpUrl: string;
beforeAll(async () => {
  listener = createServer((s) => {
    attempts++;
    s.destroy();
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  tcpUrl = `ws://127.0.0.1:${(listener.address() as { port: number }).port}/ocpp`;
});
afterAll(() => new Promise<void>((r) => listener.close(() => r())));

describe('simulate', () => {
  it('documents every flag in --help', async () => {
    const t = io();
    expect(await simulateCommand(['--help'], t.io)).toBe(0);
    for (const flag of ['--url', '--chargers', '--seed', '--speed', '--scenario', '--fleet', '--ocpp201-share', '--meter-interval', '--duration', '--json', '--chaos', '--start', '--ramp', '--quiet', '--out'])
      expect(t.text().stdout).toContain(flag);
  });

  it.each([
    [['--chargers', '5', '--url', 'TCP', '--speed', 'warp'], '--speed must be a number'],
    [['--chargers', '5', '--url', 'TCP', '--scenario', 'no-such-scenario'], 'no scenario named "no-such-scenario"'],
    [['--chargers', '5', '--url', 'TCP', '--scenario', join(dir, 'missing.json')], 'does not exist'],
    [['--chargers', '5', '--url', 'TCP', '--scenario', 'BROKEN'], 'is not valid JSON'],
    [['--chargers', '5', '--url', 'TCP', '--scenario', 'INVALID'], 'demand.multiplier'],
    [['--url', 'TCP', '--fleet', join(dir, 'no-fleet.json')], 'cannot read fleet file'],
    [['--url', 'TCP', '--fleet', 'BADFLEET'], 'chargers.0.stationId: unknown station'],
  ])('refuses %j with one clear message and exit code 2, before opening any connection', async (argv, message) => {
    writeFileSync(join(dir, 'broken.json'), '{"name": "broken", ');
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ name: 'invalid', demand: { multiplier: -1 } }));
    writeFileSync(join(dir, 'badfleet.json'), JSON.stringify({ seed: 1, operators: [], stations: [], chargers: [{ id: 'X', password: '0123456789abcdef', operatorId: 'o', stationId: 's', vendor: 'v', model: 'm', serialNumber: 's', firmwareVersion: 'f', protocol: 'ocpp1.6', connectors: [{ evseId: 1, connectorId: 1, connectorType: 'GBT_AC', currentType: 'AC', maxPowerKw: 7 }] }] }));
    const args = argv.map((a) =>
      a === 'TCP' ? tcpUrl : a === 'BROKEN' ? join(dir, 'broken.json') : a === 'INVALID' ? join(dir, 'invalid.json') : a === 'BADFLEET' ? join(dir, 'badfleet.json') : a,
    );
    const t = io();
    expect(await simulateCommand(args, t.io)).toBe(2);
    const { stderr } = t.text();
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(stderr.startsWith('simulate: ')).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(attempts).toBe(0);
  });

  it('writes the same fleet file for the same options, ready to run with --fleet', async () => {
    const a = join(dir, 'fleet-a.json');
    const b = join(dir, 'fleet-b.json');
    const t = io();
    expect(await simulateCommand(['fleet', '--chargers', '25', '--seed', 'x', '--out', a], t.io)).toBe(0);
    expect(await simulateCommand(['fleet', '--chargers', '25', '--seed', 'x', '--out', b], io().io)).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    expect(parseFleet(JSON.parse(readFileSync(a, 'utf8'))).chargers).toHaveLength(25);
    expect(t.text().stderr).toMatch(/25 piles .* at \d+ stations of 6 operators written to .*; plan targets from .*xinzhou-plan-targets\.json/);
  });

  describe('a run', () => {
    let cs: RecordingCentralSystem;
    beforeAll(async () => {
      cs = await startRecordingCentralSystem();
    });
    afterAll(() => cs.close());

    it('connects, shows progress, ends after --duration and writes the summary with per-action counts and latency percentiles', async () => {
      const json = join(dir, 'summary.json');
      const t = io();
      const code = await simulateCommand(
        ['--url', cs.url, '--chargers', '6', '--seed', '9', '--speed', '600', '--duration', '1800', '--scenario', 'fault-storm', '--json', json, '--ramp', '100'],
        t.io,
      );
      expect(code).toBe(0);
      const summary = JSON.parse(readFileSync(json, 'utf8')) as SimulationSummary;
      expect(summary).toMatchObject({ chargers: 6, scenario: 'fault-storm', speed: 600, seed: 9 });
      expect(summary.simulated.seconds).toBeGreaterThanOrEqual(1800);
      expect(summary.connects).toBeGreaterThanOrEqual(6);
      expect(summary.byAction.BootNotification!.acked).toBeGreaterThanOrEqual(6);
      expect(summary.byAction.BootNotification!.latencyMs).toMatchObject({ count: expect.any(Number), p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) });
      expect(summary.messages.sent).toBe(Object.values(summary.byAction).reduce((n, a) => n + a.sent, 0));
      const { stderr } = t.text();
      expect(stderr).toMatch(/connected \d+\/6 booted \d+ charging \d+ faulted \d+ \| msg\/s sent \d+ acked \d+ failed \d+/);
      expect(stderr).toContain('Simulated 6 piles');
      expect(stderr).toContain('per action');
    }, 30_000);

    it('stops on a signal and exits 1 when no pile could ever connect', async () => {
      const ac = new AbortController();
      const t = io(ac.signal);
      const running = simulateCommand(['--url', 'ws://127.0.0.1:1/ocpp', '--chargers', '2', '--quiet'], t.io);
      setTimeout(() => ac.abort(), 300);
      expect(await running).toBe(1);
      expect(t.text().stderr).toContain('no pile could connect to ws://127.0.0.1:1/ocpp');
    });
  });
});
