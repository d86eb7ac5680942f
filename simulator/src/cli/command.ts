/**
 * `simulate`: parse and check everything (arguments, scenario, fleet file) before opening a single
 * connection, then run the fleet with live progress on stderr until the duration ends or Ctrl-C, and
 * finish with a summary (and `--json FILE`).
 */
import { writeFileSync } from 'node:fs';
import { SimulatorError } from '../errors.js';
import { readFleetFile, type Fleet } from '../fleet/fleet.js';
import { generateFleet } from '../fleet/generate.js';
import { loadPlanTargets } from '../fleet/plan-targets.js';
import { runFleet, type SimulationSummary } from '../run/fleet-run.js';
import { loadScenario, type Scenario } from '../scenario/scenario.js';
import { parseSimulateArgs, type FleetRequest, type RunRequest } from './args.js';
import { simulateHelp } from './help.js';
import { progressLine, summaryText } from './progress.js';

export interface SimulateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Stops the run like Ctrl-C (tests); without one, SIGINT and SIGTERM do. */
  signal?: AbortSignal;
}

const USAGE_HINT = '(run "simulate --help" for the options)';

/** Runs the `simulate` command; resolves with the process exit code. */
export async function simulateCommand(argv: string[], io: SimulateIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let request;
  try {
    request = parseSimulateArgs(argv);
  } catch (err) {
    return failUsage(io, err);
  }
  if (request.kind === 'help') {
    io.stdout.write(`${simulateHelp}\n`);
    return 0;
  }
  if (request.kind === 'fleet') return writeFleet(request, io);

  let scenario: Scenario;
  let fleet: Fleet;
  try {
    scenario = loadScenario(request.scenario);
    fleet = request.fleetFile
      ? readFleetFile(request.fleetFile)
      : generateFleet({ chargers: request.chargers!, seed: request.seed, ...(request.ocpp201Share !== undefined ? { ocpp201Share: request.ocpp201Share } : {}) });
    if (request.chargers !== undefined && request.chargers > fleet.chargers.length)
      throw new SimulatorError('PW_SIM_BAD_ARGUMENT', `--chargers ${request.chargers} is more than the ${fleet.chargers.length} piles in ${request.fleetFile}`);
  } catch (err) {
    return failUsage(io, err);
  }
  return run(request, scenario, fleet, io);
}

function failUsage(io: SimulateIo, err: unknown): number {
  if (!(err instanceof SimulatorError)) throw err;
  io.stderr.write(`simulate: ${err.message}\n${err.code === 'PW_SIM_BAD_ARGUMENT' ? `${USAGE_HINT}\n` : ''}`);
  return 2;
}

function writeFleet(req: FleetRequest, io: SimulateIo): number {
  let fleet: Fleet;
  let source: string;
  try {
    const plan = loadPlanTargets(req.plan);
    source = `${plan.path} (${plan.source})`;
    fleet = generateFleet({ chargers: req.chargers, seed: req.seed, ocpp201Share: req.ocpp201Share, planTargets: plan.targets });
  } catch (err) {
    return failUsage(io, err);
  }
  const text = `${JSON.stringify(fleet, null, 2)}\n`;
  if (req.out === '-') io.stdout.write(text);
  else {
    try {
      writeFileSync(req.out, text);
    } catch (err) {
      io.stderr.write(`simulate fleet: cannot write ${req.out}: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const dc = fleet.chargers.filter((c) => c.connectors[0]!.currentType === 'DC').length;
  const v201 = fleet.chargers.filter((c) => c.protocol === 'ocpp2.0.1').length;
  io.stderr.write(
    `simulate fleet: ${fleet.chargers.length} piles (${dc} DC, ${fleet.chargers.length - dc} AC; ${v201} OCPP 2.0.1) at ` +
      `${fleet.stations.length} stations of ${fleet.operators.length} operators${req.out === '-' ? '' : ` written to ${req.out}`}; ` +
      `plan targets from ${source}\n`,
  );
  return 0;
}

async function run(req: RunRequest, scenario: Scenario, fleet: Fleet, io: SimulateIo): Promise<number> {
  const sim = runFleet({
    url: req.url,
    fleet,
    ...(req.chargers !== undefined ? { chargers: req.chargers } : {}),
    scenario,
    seed: req.seed,
    ...(req.speed !== undefined ? { speed: req.speed } : {}),
    ...(req.meterIntervalS !== undefined ? { meterIntervalS: req.meterIntervalS } : {}),
    ...(req.start !== undefined ? { start: req.start } : {}),
    ...(req.durationS !== undefined ? { durationS: req.durationS } : {}),
    ...(req.ramp !== undefined ? { rampPerSecond: req.ramp } : {}),
    chaos: req.chaos,
    ledger: 'counts',
  });
  const tty = io.stderr.isTTY === true;
  const wallStart = Date.now();
  let prev = sim.stats();
  let prevAt = wallStart;
  const tick = () => {
    const now = sim.stats();
    const t = Date.now();
    const line = progressLine(prev, now, (t - prevAt) / 1000, { wallSeconds: (t - wallStart) / 1000, simNow: sim.clock.now(), speed: sim.scenario.speed });
    io.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    prev = now;
    prevAt = t;
  };
  const progress = req.quiet ? undefined : setInterval(tick, tty ? 1000 : 2000);

  let release = () => {};
  const stopped = new Promise<void>((resolve) => {
    if (io.signal) {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    } else {
      const onSignal = () => resolve();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      release = () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      };
    }
  });
  await Promise.race([sim.finished, stopped]);
  release();
  if (progress) clearInterval(progress);
  if (tty && !req.quiet) io.stderr.write('\n');
  const summary: SimulationSummary = await sim.stop();
  io.stderr.write(`${summaryText(summary)}\n`);
  if (req.json) {
    try {
      writeFileSync(req.json, `${JSON.stringify(summary, null, 2)}\n`);
    } catch (err) {
      io.stderr.write(`simulate: cannot write the summary to ${req.json}: ${(err as Error).message}\n`);
      return 1;
    }
  }
  if (summary.connects === 0) {
    io.stderr.write(`simulate: no pile could connect to ${req.url}\n`);
    return 1;
  }
  return 0;
}
