import { afterEach, describe, expect, it } from 'vitest';
import { generateFleet } from '../fleet/generate.js';
import { parseScenario } from '../scenario/scenario.js';
import { startRecordingCentralSystem, until, type RecordingCentralSystem } from '../testing/index.js';
import { runFleet, type SimulationHandle } from './fleet-run.js';

let cs: RecordingCentralSystem | undefined;
let sim: SimulationHandle | undefined;
afterEach(async () => {
  await sim?.stop();
  await cs?.close();
  sim = cs = undefined;
});

async function stormRun(seed: string) {
  cs = await startRecordingCentralSystem();
  const fleet = generateFleet({ chargers: 40, seed: 'storm-fleet' });
  sim = runFleet({
    url: cs.url,
    fleet,
    seed,
    scenario: parseScenario({
      name: 'storm',
      speed: 60,
      demand: { multiplier: 0 },
      faults: { perChargerPerDay: 0 },
      connectivity: { dropsPerChargerPerDay: 0 },
      clock: { skewedShare: 0 },
      incidents: [
        { do: 'fault', at: 5, spreadS: 10, select: { share: 0.5 }, fault: 'insulationFault', durationS: [3600, 3600] },
        { do: 'powerLoss', at: 90, select: { counties: ['140981'] }, outageS: [30, 30] },
      ],
    }),
    rampPerSecond: 1000,
  });
  const s = sim;
  await until(() => s.clock.elapsed() > 100_000 && s.stats().faults > 0, 'the storm', { describe: () => s.stats() });
  return s;
}

describe('scenario incidents', () => {
  it('hits the share of piles it selects — the same ones for the same seed — and a whole county with a power cut', async () => {
    const first = await stormRun('s1');
    const faulted = first.chargers().filter((c) => c.connectors.some((k) => k.fault?.kind === 'insulationFault')).map((c) => c.id);
    expect(faulted.length).toBeGreaterThan(8);
    expect(faulted.length).toBeLessThan(32);
    const yuanping = first.chargers().filter((c) => c.station.countyCode === '140981');
    await until(() => yuanping.every((c) => cs!.received('BootNotification', c.id).length === 2), 'every Yuanping pile boots again after the cut', { timeoutMs: 10_000 });
    expect(first.chargers().filter((c) => c.station.countyCode !== '140981').every((c) => cs!.received('BootNotification', c.id).length === 1)).toBe(true);
    await sim!.stop();
    await cs!.close();

    const again = await stormRun('s1');
    expect(again.chargers().filter((c) => c.connectors.some((k) => k.fault?.kind === 'insulationFault')).map((c) => c.id)).toEqual(faulted);
  }, 30_000);
});
