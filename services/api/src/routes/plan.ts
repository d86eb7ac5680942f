/**
 * Plan progress: the registry and live data against the Xinzhou plan's targets (Annex 1 per county,
 * city totals, pile-to-EV ratio, coverage, central stations, charging distance), and the attributes of
 * stations and piles the plan reads that the registry does not otherwise hold.
 */
import { z } from 'zod';
import { divisionTotals, planInputs, setCommissioning, setStationPlanAttributes } from '@pilewatch/store';
import { planProgress, planYears, shanghaiDay, xinzhouPlan, yearWindow } from '@pilewatch/supervision';
import { readers, writers } from '../auth/roles.js';
import { ApiError, notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { chargerIdentity, slug } from '../http/schemas.js';
import { planAnswerView } from '../plan/views.js';

const tag = 'plan';

const annexAreaIds = xinzhouPlan.annex_1_new_public_piles.map((a) => a.id);

/** The plan year a report "now" belongs to: the current Shanghai year, kept within the plan's 2023–2025. */
export function defaultPlanYear(now: Date): (typeof planYears)[number] {
  const year = Number(shanghaiDay(now).slice(0, 4));
  return Math.min(Math.max(year, planYears[0]), planYears[planYears.length - 1]!) as (typeof planYears)[number];
}

export const planRoutes = [
  defineRoute({
    id: 'plan.progress',
    method: 'GET',
    url: '/api/v1/plan/progress',
    roles: readers,
    tag,
    summary: 'Progress against the plan: piles per county (Annex 1), city totals, pile-to-EV ratio, coverage, charging distance',
    description:
      'Figures are counted at the cutoff: the end of `year` (Asia/Shanghai), or `asOf` when earlier. A pile counts from ' +
      'its commissioning time (`PUT /api/v1/plan/piles`); one without predates the plan. Only public stations and piles ' +
      'accepted into service count. Charging distance is measured from the imported divisions that have coordinates. ' +
      'An operator token sees its own fleet’s contribution.',
    query: z.strictObject({
      year: z.coerce
        .number()
        .int()
        .refine((y) => (planYears as readonly number[]).includes(y), `must be one of ${planYears.join(', ')}`)
        .optional()
        .describe('plan year; default the current year within 2023–2025'),
      asOf: z.iso
        .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
        .transform((v) => new Date(v))
        .optional()
        .describe('count up to this instant (default now)'),
    }),
    response: planAnswerView,
    handle: async ({ deps, scope, query }) => {
      const asOf = query.asOf ?? new Date();
      const year = (query.year as (typeof planYears)[number] | undefined) ?? defaultPlanYear(asOf);
      const cutoff = new Date(Math.min(asOf.getTime(), yearWindow(year).to.getTime()));
      const [{ registeredEvsUsed, ...inputs }, totals] = await Promise.all([planInputs(deps.db, scope, cutoff), divisionTotals(deps.db)]);
      return {
        progress: planProgress({ year, asOf, ...inputs }),
        registeredEvs: registeredEvsUsed,
        divisions: {
          townships: totals.reduce((n, t) => n + t.townships, 0),
          villages: totals.reduce((n, t) => n + t.villages, 0),
          withCoordinates: totals.reduce((n, t) => n + t.withCoordinates, 0),
        },
      };
    },
  }),
  defineRoute({
    id: 'plan.station',
    method: 'PATCH',
    url: '/api/v1/plan/stations/:stationId',
    roles: writers,
    tag,
    summary: "Set a station's plan attributes: its Annex 1 area, the place it serves, whether it is a central station",
    description:
      '`planAreaId` is needed only when the Annex 1 area is not the county (`wutaishan-scenic-area`); `placeId` names the ' +
      'service area, parking area, post, camp or scenic area a station serves, so two stations at one place count once; ' +
      '`central` marks a 集中式经营性公共充电站 (default: stations of category central_public). null clears a value.',
    params: z.strictObject({ stationId: slug }),
    body: z.strictObject({
      planAreaId: z.enum(annexAreaIds as [string, ...string[]]).nullable().optional(),
      placeId: z.string().trim().min(1).max(100).nullable().optional(),
      central: z.boolean().nullable().optional(),
    }),
    status: 204,
    handle: async ({ deps, scope, params, body }) => {
      if (!(await setStationPlanAttributes(deps.db, params.stationId, scope, body))) throw notFound('station', params.stationId);
      return undefined;
    },
  }),
  defineRoute({
    id: 'plan.piles',
    method: 'PUT',
    url: '/api/v1/plan/piles',
    roles: writers,
    tag,
    summary: 'Set when piles entered service (their commissioning time), up to 1,000 at once',
    description: 'All or nothing: when any pile is unknown (or not the operator’s own), nothing changes and the answer names them. null: before the plan.',
    body: z.strictObject({
      piles: z
        .array(
          z.strictObject({
            chargerId: chargerIdentity,
            commissionedAt: z.iso
              .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
              .transform((v) => new Date(v))
              .nullable(),
          }),
        )
        .min(1)
        .max(1000),
    }),
    response: z.object({ updated: z.number().int() }),
    handle: async ({ deps, scope, body }) => {
      const ids = body.piles.map((p) => p.chargerId);
      const twice = ids.find((id, i) => ids.indexOf(id) !== i);
      if (twice) throw new ApiError('PW_API_VALIDATION', `body.piles: charger ${twice} is listed twice`);
      const result = await setCommissioning(deps.db, scope, body.piles);
      if (result.missing.length) {
        throw new ApiError('PW_API_NOT_FOUND', `charger ${result.missing.slice(0, 20).join(', ')} not found`, { missing: result.missing });
      }
      return { updated: result.updated };
    },
  }),
];
