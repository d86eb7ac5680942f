import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatorError } from '../errors.js';
import { bundledScenarios, loadScenario, parseScenario, quietScenario } from './scenario.js';

describe('scenarios', () => {
  it.each(bundledScenarios)('bundles a valid "%s" scenario', (name) => {
    const s = loadScenario(name);
    expect(s.name).toBe(name);
    expect(s.description.length).toBeGreaterThan(20);
  });

  it('fills every default from a bare name, as a normal weekday in real time', () => {
    const s = parseScenario({ name: 'bare' });
    expect(s).toMatchObject({ start: 'now', speed: 1, meterIntervalS: 60, demand: { multiplier: 1 }, incidents: [] });
    expect(s.faults.perChargerPerDay).toBeGreaterThan(0);
  });

  it('runs the holiday surge a day in ten minutes, busiest at highway service areas', () => {
    const s = loadScenario('holiday-highway-surge');
    expect(s.speed * 600).toBe(86_400);
    expect(s.demand.categories.highway_service_area).toBeGreaterThan(s.demand.categories.scenic_area ?? 0);
  });

  it('puts a fault storm and a county power cut in the fault storm', () => {
    const s = loadScenario('fault-storm');
    expect(s.incidents.filter((i) => i.do === 'fault').length).toBeGreaterThanOrEqual(2);
    expect(s.incidents.find((i) => i.do === 'powerLoss')?.select.counties).toEqual(['140902']);
  });

  it.each([
    [{}, /name: /],
    [{ name: 'x', speed: 0 }, /speed: Too small/],
    [{ name: 'x', start: 'tomorrow' }, /start: /],
    [{ name: 'x', demand: { categories: { airport: 2 } } }, /demand\.categories: Unrecognized key: "airport"/],
    [{ name: 'x', faults: { durationS: [600, 60] } }, /faults\.durationS: the first number of a range must not exceed the second/],
    [{ name: 'x', incidents: [{ do: 'fault', at: 1, fault: 'gremlins' }] }, /incidents\.0\.fault/],
    [{ name: 'x', incidents: [{ do: 'meltdown', at: 1 }] }, /incidents\.0\.do/],
    [{ name: 'x', surprise: true }, /surprise/],
  ])('names the bad field of %j', (raw, message) => {
    expect(() => parseScenario(raw)).toThrow(message);
  });

  it('reports an unknown name, a missing file and a file that is not JSON with their own codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as SimulatorError).code;
      }
      return 'no error';
    };
    expect(code(() => loadScenario('no-such-scenario'))).toBe('PW_SIM_SCENARIO_NOT_FOUND');
    expect(code(() => loadScenario('/nonexistent/dir/x.json'))).toBe('PW_SIM_SCENARIO_NOT_FOUND');
    const dir = mkdtempSync(join(tmpdir(), 'pw-scenario-'));
    writeFileSync(join(dir, 'broken.json'), '{ "name": ');
    expect(code(() => loadScenario(join(dir, 'broken.json')))).toBe('PW_SIM_SCENARIO_INVALID');
  });

  it('has a quiet scenario in which nothing happens unless a test makes it happen', () => {
    const q = quietScenario({ speed: 60 });
    expect(q).toMatchObject({ speed: 60, demand: { multiplier: 0 }, faults: { perChargerPerDay: 0 }, connectivity: { dropsPerChargerPerDay: 0 } });
  });
});
