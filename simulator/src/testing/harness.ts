/** A recording central system and a small simulated fleet pointed at it, torn down together. */
import { runFleet, type RunFleetOptions, type SimulationHandle } from '../run/fleet-run.js';
import { quietScenario, type ScenarioInput } from '../scenario/scenario.js';
import { testFleet, type TestPile } from './fleets.js';
import { startRecordingCentralSystem, type RecordingCentralSystem, type RecordingCentralSystemOptions } from './recording-central-system.js';
import { until } from './until.js';

export interface Harness {
  cs: RecordingCentralSystem;
  sim: SimulationHandle;
  /** Waits until every pile is connected and accepted. */
  booted(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  piles: TestPile[],
  opts: {
    central?: RecordingCentralSystemOptions;
    scenario?: Partial<ScenarioInput>;
    run?: Partial<RunFleetOptions>;
  } = {},
): Promise<Harness> {
  const cs = await startRecordingCentralSystem(opts.central);
  const sim = runFleet({
    url: cs.url,
    fleet: testFleet(piles),
    scenario: quietScenario({ speed: 60, meterIntervalS: 10, ...opts.scenario }),
    rampPerSecond: 1000,
    backoff: { initialMs: 50, maxMs: 400 },
    ...opts.run,
  });
  return {
    cs,
    sim,
    booted: async () => {
      await until(() => sim.stats().booted === piles.length, `all ${piles.length} piles are booted`, { describe: () => sim.stats() });
    },
    close: async () => {
      const summary = await sim.stop();
      await cs.close();
      // A test that passed while the simulator threw inside a scheduled callback has not passed.
      if (summary.internalErrors.count) throw new Error(`simulator errors:\n${summary.internalErrors.samples.join('\n')}`);
    },
  };
}
