/**
 * Scenarios: JSON files that say how the fleet behaves during a run — how busy each kind of site is, how
 * often things fail, and timed incidents (a fault storm at minute 2, a county-wide power cut at minute
 * 10). The format is documented in simulator/README.md; every field has a default, so `{"name": "x"}` is
 * a valid (normal weekday) scenario.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SimulatorError } from '../errors.js';
import { faultKinds } from '../charger/faults.js';
import { stationCategories } from '../fleet/station-categories.js';

const range = (min = 0) =>
  z
    .tuple([z.number().min(min), z.number().min(min)])
    .refine(([a, b]) => a <= b, 'the first number of a range must not exceed the second');

const category = z.enum(stationCategories);
const faultKind = z.enum(faultKinds);

/** Which chargers an incident hits: every filter given must match, then `share` of those are drawn. */
const selection = z
  .object({
    share: z.number().min(0).max(1).default(1),
    categories: z.array(category).optional(),
    /** County codes (or the plan's area id, e.g. `wutaishan-scenic-area`). */
    counties: z.array(z.string()).optional(),
    protocols: z.array(z.enum(['ocpp1.6', 'ocpp2.0.1'])).optional(),
    ids: z.array(z.string()).optional(),
  })
  .strict()
  .default({ share: 1 });

const at = z.number().min(0).describe('simulated seconds after the start');
/** Incidents start at `at` plus a random 0..spreadS seconds per charger, so a storm is not one instant. */
const spreadS = z.number().min(0).default(0);

const incident = z.discriminatedUnion('do', [
  z.object({ do: z.literal('fault'), at, spreadS, select: selection, fault: faultKind.optional(), durationS: range(1).default([600, 3600]) }).strict(),
  z.object({ do: z.literal('overheat'), at, spreadS, select: selection, riseCPerMin: z.number().positive().default(4) }).strict(),
  z.object({ do: z.literal('powerLoss'), at, spreadS, select: selection, outageS: range(1).default([60, 300]) }).strict(),
  z.object({ do: z.literal('networkLoss'), at, spreadS, select: selection, outageS: range(1).default([30, 300]) }).strict(),
  z
    .object({
      do: z.literal('flapping'),
      at,
      spreadS,
      select: selection,
      durationS: z.number().positive().default(600),
      upS: range(1).default([5, 60]),
      downS: range(1).default([2, 20]),
    })
    .strict(),
  z.object({ do: z.literal('clockSkew'), at, spreadS, select: selection, skewS: range(-86_400 * 7).default([-1800, 1800]) }).strict(),
  z.object({ do: z.literal('meterReset'), at, spreadS, select: selection }).strict(),
  z.object({ do: z.literal('chaos'), at, spreadS, select: selection, frames: z.number().int().positive().default(3) }).strict(),
]);

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    /** Simulated start: `now` or an ISO 8601 instant with offset (`2026-10-01T07:00:00+08:00`). */
    start: z.union([z.literal('now'), z.iso.datetime({ offset: true })]).default('now'),
    speed: z.number().positive().max(100_000).default(1),
    /** Simulated seconds to run; absent = until stopped. */
    durationS: z.number().positive().optional(),
    /** Seconds between meter samples while charging (simulated time). */
    meterIntervalS: z.number().int().min(1).max(86_400).default(60),
    demand: z
      .object({
        /** Scales every site's arrival rate; 0 = nobody comes to charge (useful in tests). */
        multiplier: z.number().min(0).default(1),
        /** Scales one kind of site on top of `multiplier`. */
        categories: z.partialRecord(category, z.number().min(0)).default({}),
        /** Replaces a kind of site's 24 hourly weights (Asia/Shanghai hours 0–23). */
        hourly: z.partialRecord(category, z.array(z.number().min(0)).length(24)).default({}),
      })
      .strict()
      .default({ multiplier: 1, categories: {}, hourly: {} }),
    faults: z
      .object({
        perChargerPerDay: z.number().min(0).default(0.02),
        mix: z.partialRecord(faultKind, z.number().min(0)).default({}),
        durationS: range(1).default([600, 7200]),
        /** Share of DC sessions whose gun heats up past the trip point. */
        overheatShareOfDcSessions: z.number().min(0).max(1).default(0.002),
      })
      .strict()
      .default({ perChargerPerDay: 0.02, mix: {}, durationS: [600, 7200], overheatShareOfDcSessions: 0.002 }),
    connectivity: z
      .object({
        dropsPerChargerPerDay: z.number().min(0).default(0.05),
        /** Share of drops that are power cuts (the pile reboots) rather than network losses. */
        powerLossShare: z.number().min(0).max(1).default(0.2),
        outageS: range(1).default([20, 600]),
      })
      .strict()
      .default({ dropsPerChargerPerDay: 0.05, powerLossShare: 0.2, outageS: [20, 600] }),
    /** Share of piles whose clock is off, and by how much. */
    clock: z
      .object({ skewedShare: z.number().min(0).max(1).default(0.01), skewS: range(-86_400 * 7).default([-900, 900]) })
      .strict()
      .default({ skewedShare: 0.01, skewS: [-900, 900] }),
    meterResetsPerChargerPerDay: z.number().min(0).default(0.001),
    /** Malformed frames per pile per hour, only sent when chaos is switched on (`--chaos`). */
    chaosFramesPerChargerPerHour: z.number().min(0).default(1),
    incidents: z.array(incident).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Incident = Scenario['incidents'][number];
export type Selection = Incident['select'];

const here = dirname(fileURLToPath(import.meta.url));
/** The bundled scenario files. */
export const scenariosDir = resolve(here, '../../scenarios');
export const bundledScenarios = ['weekday', 'holiday-highway-surge', 'fault-storm'] as const;

/** Validates a scenario object; the error names every bad field. */
export function parseScenario(raw: unknown, source?: string): Scenario {
  const parsed = scenarioSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
  throw new SimulatorError('PW_SIM_SCENARIO_INVALID', `${source ? `${source} is not` : 'not'} a valid scenario: ${problems.join('; ')}`);
}

/** A bundled scenario by name (`weekday`), or a file by path. */
export function loadScenario(nameOrPath: string): Scenario {
  const isName = /^[a-z0-9-]+$/.test(nameOrPath) && !nameOrPath.endsWith('.json');
  const path = isName ? resolve(scenariosDir, `${nameOrPath}.json`) : resolve(nameOrPath);
  if (!existsSync(path)) {
    throw new SimulatorError(
      'PW_SIM_SCENARIO_NOT_FOUND',
      isName
        ? `no scenario named "${nameOrPath}" (bundled: ${bundledScenarios.join(', ')}; or give a path to a .json file)`
        : `scenario file ${path} does not exist`,
    );
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SimulatorError('PW_SIM_SCENARIO_NOT_FOUND', `cannot read scenario file ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new SimulatorError('PW_SIM_SCENARIO_INVALID', `scenario file ${path} is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  return parseScenario(raw, `scenario file ${path}`);
}

/** A scenario with nothing random in it: no arrivals, faults, drops, skew or resets. Tests drive it. */
export function quietScenario(overrides: Partial<ScenarioInput> = {}): Scenario {
  return parseScenario({
    name: 'quiet',
    demand: { multiplier: 0 },
    faults: { perChargerPerDay: 0, overheatShareOfDcSessions: 0 },
    connectivity: { dropsPerChargerPerDay: 0 },
    clock: { skewedShare: 0 },
    meterResetsPerChargerPerDay: 0,
    chaosFramesPerChargerPerHour: 0,
    ...overrides,
  });
}
