/**
 * Command-line arguments of `simulate`, parsed and checked without touching the network or reading
 * files: every bad value is reported with the flag's name and what it must be.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SimulatorError } from '../errors.js';
import { MAX_FLEET_SIZE } from '../fleet/generate.js';

export interface RunRequest {
  kind: 'run';
  url: string;
  chargers?: number;
  seed: number | string;
  fleetFile?: string;
  ocpp201Share?: number;
  scenario: string;
  speed?: number;
  start?: number;
  meterIntervalS?: number;
  durationS?: number;
  ramp?: number;
  chaos: boolean;
  json?: string;
  quiet: boolean;
}

export interface FleetRequest {
  kind: 'fleet';
  chargers: number;
  seed: number | string;
  out: string;
  ocpp201Share: number;
  plan?: string;
}

export type SimulateRequest = { kind: 'help' } | RunRequest | FleetRequest;

const options = {
  url: { type: 'string' },
  chargers: { type: 'string' },
  seed: { type: 'string' },
  fleet: { type: 'string' },
  'ocpp201-share': { type: 'string' },
  scenario: { type: 'string' },
  speed: { type: 'string' },
  start: { type: 'string' },
  'meter-interval': { type: 'string' },
  duration: { type: 'string' },
  ramp: { type: 'string' },
  chaos: { type: 'boolean' },
  json: { type: 'string' },
  quiet: { type: 'boolean' },
  out: { type: 'string' },
  plan: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function bad(message: string): never {
  throw new SimulatorError('PW_SIM_BAD_ARGUMENT', message);
}

function number(flag: string, raw: string | undefined, rule: { min: number; max: number; whole?: boolean; minExclusive?: boolean }) {
  if (raw === undefined) return undefined;
  const n = Number(raw.trim());
  const kind = rule.whole ? 'a whole number' : 'a number';
  const low = rule.minExclusive ? `above ${rule.min}` : `from ${rule.min}`;
  if (raw.trim() === '' || !Number.isFinite(n) || (rule.whole && !Number.isInteger(n)) || n > rule.max || (rule.minExclusive ? n <= rule.min : n < rule.min))
    bad(`--${flag} must be ${kind} ${low} to ${rule.max}, got "${raw}"`);
  return n;
}

function seedOf(raw: string | undefined): number | string {
  if (raw === undefined) return 1;
  if (raw.trim() === '') bad('--seed must not be empty');
  return /^-?\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
}

/** An output path whose directory exists (checked before the run, not after an hour of it). */
function outputPath(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw === '-') return raw;
  if (raw.trim() === '') bad(`--${flag} must be a file path`);
  const dir = dirname(resolve(raw));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) bad(`--${flag} ${raw}: directory ${dir} does not exist`);
  if (existsSync(raw) && statSync(raw).isDirectory()) bad(`--${flag} ${raw} is a directory, not a file`);
  return raw;
}

export function parseSimulateArgs(argv: string[]): SimulateRequest {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util names the flag ("Unknown option '--sped'"); its hints about dashes do not help here.
    const message = (err as Error).message;
    const missing = /Option '(-[^' ]+)[^']*' argument missing/.exec(message);
    const ambiguous = /Option '(-[^' ]+)' argument is ambiguous/.exec(message);
    if (missing) bad(`${missing[1]} needs a value`);
    if (ambiguous) bad(`${ambiguous[1]} needs a value (for one that starts with "-", write ${ambiguous[1]}=VALUE)`);
    bad(message.split(/\.\s/)[0]!.replace(/\.$/, ''));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { kind: 'help' };
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'fleet'))
    bad(`unexpected argument "${positionals.find((p) => p !== 'fleet') ?? positionals[1]}" (the only subcommand is "fleet")`);

  const chargers = number('chargers', v.chargers, { min: 1, max: MAX_FLEET_SIZE, whole: true });
  const share = number('ocpp201-share', v['ocpp201-share'], { min: 0, max: 1 });
  const seed = seedOf(v.seed);

  if (positionals[0] === 'fleet') {
    const runOnly = (['url', 'fleet', 'scenario', 'speed', 'start', 'meter-interval', 'duration', 'ramp', 'chaos', 'json', 'quiet'] as const).filter(
      (f) => v[f] !== undefined,
    );
    if (runOnly.length) bad(`--${runOnly[0]} does not apply to "simulate fleet"`);
    if (chargers === undefined) bad('simulate fleet needs --chargers N');
    if (v.out === undefined) bad('simulate fleet needs --out FILE (or --out - for stdout)');
    return {
      kind: 'fleet',
      chargers,
      seed,
      out: outputPath('out', v.out)!,
      ocpp201Share: share ?? 0.3,
      ...(v.plan !== undefined ? { plan: v.plan } : {}),
    };
  }

  if (v.out !== undefined) bad('--out belongs to "simulate fleet"; use --json FILE for the run summary');
  if (v.plan !== undefined) bad('--plan belongs to "simulate fleet"');
  if (v.url === undefined) bad('--url is required, e.g. --url ws://127.0.0.1:9000/ocpp');
  let url: URL;
  try {
    url = new URL(v.url);
  } catch {
    bad(`--url must be a ws:// or wss:// URL, got "${v.url}"`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') bad(`--url must be a ws:// or wss:// URL, got "${v.url}"`);
  if (chargers === undefined && v.fleet === undefined) bad('--chargers N is required (or --fleet FILE)');
  if (v.fleet !== undefined && share !== undefined)
    bad('--ocpp201-share applies to generated fleets only; a fleet file sets each pile\'s protocol');
  let start: number | undefined;
  if (v.start !== undefined) {
    start = Date.parse(v.start);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(v.start) || Number.isNaN(start))
      bad(`--start must be an ISO 8601 instant such as 2026-10-01T07:00:00+08:00, got "${v.start}"`);
  }
  const json = outputPath('json', v.json);
  if (json === '-') bad('--json needs a file path (the progress and the summary already go to stderr)');
  return {
    kind: 'run',
    url: v.url,
    seed,
    scenario: v.scenario ?? 'weekday',
    chaos: v.chaos ?? false,
    quiet: v.quiet ?? false,
    ...(chargers !== undefined ? { chargers } : {}),
    ...(v.fleet !== undefined ? { fleetFile: v.fleet } : {}),
    ...(share !== undefined ? { ocpp201Share: share } : {}),
    ...(v.speed !== undefined ? { speed: number('speed', v.speed, { min: 0, max: 100_000, minExclusive: true })! } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(v['meter-interval'] !== undefined ? { meterIntervalS: number('meter-interval', v['meter-interval'], { min: 1, max: 86_400, whole: true })! } : {}),
    ...(v.duration !== undefined ? { durationS: number('duration', v.duration, { min: 0, max: 365 * 86_400, minExclusive: true })! } : {}),
    ...(v.ramp !== undefined ? { ramp: number('ramp', v.ramp, { min: 0, max: 100_000, minExclusive: true })! } : {}),
    ...(json !== undefined ? { json } : {}),
  };
}
