/**
 * The Xinzhou plan's numbers the fleet is generated from (Annex 1 piles per county, seats, site counts).
 *
 * Which file is read: an explicit path if one is given; otherwise the first `shared/plan/` directory found
 * walking up from this module (the team's shared folder next to the repo, kept current with the plan);
 * otherwise the copy committed at `simulator/data/`, so a fresh clone works without the shared folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SimulatorError } from '../errors.js';

const FILE_NAME = 'xinzhou-plan-targets.json';

const planTargetsSchema = z.object({
  city: z.object({
    code: z.string(),
    townships: z.number().int().positive(),
    administrative_villages: z.number().int().positive(),
    highway_service_areas: z.number().int().positive(),
  }),
  annual_targets: z.object({
    '2025': z.object({
      scenic_areas_covered: z.number().int().positive(),
      tourist_road_posts_covered: z.number().int().positive(),
      tourist_road_rv_camps_covered: z.number().int().positive(),
      trunk_road_parking_areas_covered: z.number().int().positive(),
      min_central_stations_per_county: z.number().int().positive(),
    }),
  }),
  annex_1_new_public_piles: z
    .array(
      z.object({
        code: z.string().regex(/^\d{6}$/).nullable(),
        id: z.string().min(1),
        name_zh: z.string().min(1),
        name_en: z.string().min(1),
        new_public_piles: z.object({ total: z.number().int().positive() }),
        seat_approx: z.object({ lat: z.number(), lon: z.number() }),
      }),
    )
    .min(1),
});

export type PlanTargets = z.infer<typeof planTargetsSchema>;
export type Annex1Area = PlanTargets['annex_1_new_public_piles'][number];

export interface LoadedPlanTargets {
  targets: PlanTargets;
  /** Absolute path of the file that was read. */
  path: string;
  source: 'explicit' | 'shared' | 'bundled';
}

const here = dirname(fileURLToPath(import.meta.url));
/** The copy committed with the simulator. */
export const bundledPlanTargetsPath = resolve(here, '../../data', FILE_NAME);

/** Walks up from `start` to the first directory holding `shared/plan/<file>`. */
export function findSharedPlanTargets(start: string = here): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'shared', 'plan', FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function loadPlanTargets(path?: string): LoadedPlanTargets {
  const shared = path ? undefined : findSharedPlanTargets();
  const file = path ? resolve(path) : (shared ?? bundledPlanTargetsPath);
  const source = path ? 'explicit' : shared ? 'shared' : 'bundled';
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new SimulatorError('PW_SIM_PLAN_TARGETS', `cannot read plan targets ${file}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const parsed = planTargetsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SimulatorError(
      'PW_SIM_PLAN_TARGETS',
      `plan targets ${file} are not in the expected shape: ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return { targets: parsed.data, path: file, source };
}
