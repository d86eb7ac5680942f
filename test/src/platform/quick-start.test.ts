/**
 * The README's quick start, as a newcomer runs it: `pilewatch start --simulate` with no DATABASE_URL and
 * no REDIS_URL runs on the embedded TimescaleDB, prints where chargers connect and an admin token that
 * works, stops cleanly on Ctrl-C, and a second start keeps the data.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../services/pilewatch/bin/pilewatch.js', import.meta.url));

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(cwd: string, args: string[]): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, PILEWATCH_API_PORT: '0', PILEWATCH_OCPP_PORT: '0', PILEWATCH_API_HOST: '127.0.0.1', PILEWATCH_OCPP_HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [bin, ...args], { cwd, env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitForOutput(r: Running, pattern: RegExp, ms = 240_000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms;
  for (;;) {
    const m = r.stdout().match(pattern);
    if (m) return m;
    if (r.child.exitCode !== null) throw new Error(`pilewatch exited (${r.child.exitCode}):\n${r.stdout()}\n${r.stderr().slice(-3000)}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}:\n${r.stdout()}\n${r.stderr().slice(-3000)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function stop(r: Running): Promise<number | null> {
  r.child.kill('SIGINT');
  return r.exited;
}

describe('quick start: pilewatch start --simulate on embedded defaults', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-quick-start-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints where chargers connect and a working admin token, serves the fleet, stops cleanly, and keeps the data', async () => {
    const first = start(dir, ['start', '--simulate', '--chargers', '6', '--speed', '30']);
    try {
      await waitForOutput(first, /Press Ctrl-C to stop/);
      expect(first.stdout()).toContain('running on embedded-timescaledb');
      const ocpp = first.stdout().match(/Chargers connect to +(ws:\/\/127\.0\.0\.1:\d+\/ocpp)\/<identity>/);
      expect(ocpp).not.toBeNull();
      const api = first.stdout().match(/Dashboard and API +(http:\/\/127\.0\.0\.1:\d+)\//)![1]!;
      const token = first.stdout().match(/Admin API token +(\S+)/)![1]!;

      const online = async () => {
        const res = await fetch(`${api}/api/v1/status/counts`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        return ((await res.json()) as { city: { chargers: { online: number; total: number } } }).city.chargers;
      };
      const until = Date.now() + 60_000;
      let c = await online();
      while (c.online < 6 && Date.now() < until) {
        await new Promise((res) => setTimeout(res, 250));
        c = await online();
      }
      expect(c).toMatchObject({ total: 6, online: 6 });
      const unauthenticated = await fetch(`${api}/api/v1/status/counts`);
      expect(unauthenticated.status).toBe(401);
    } finally {
      expect(await stop(first)).toBe(0);
    }
    expect(first.stdout()).toContain('Stopped.');
    expect(first.stderr()).not.toMatch(/"level":(50|60)/);

    // Second start on the same data directory: the fleet is already registered, and the old token is replaced.
    const second = start(dir, ['start', '--simulate', '--chargers', '6']);
    try {
      await waitForOutput(second, /Press Ctrl-C to stop/);
      expect(second.stderr()).not.toContain('registering the simulated fleet');
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 600_000);

  it('refuses bad arguments with a clear message and exit code 2, before starting anything', async () => {
    const r = start(dir, ['start', '--chargers', '5']);
    expect(await r.exited).toBe(2);
    expect(r.stderr()).toContain('--chargers, --seed, --scenario and --speed go with --simulate');
  }, 60_000);

  it('stops cleanly when Ctrl-C arrives while it is still starting', async () => {
    const r = start(dir, ['start']);
    await waitForOutput(r, /Starting pilewatch/);
    r.child.kill('SIGINT');
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toContain('Stopped.');
    expect(r.stdout()).not.toContain('Press Ctrl-C');
  }, 240_000);
});
