/**
 * Uptime exclusions: time ranges whose outage does not count against uptime (maintenance, grid outage,
 * vandalism, outside opening hours), with a reason, a note and a scope. Admins enter them for anyone;
 * an operator for its own chargers, stations or whole fleet (every exclusion records who entered it).
 * The days they touch are recomputed by the next uptime rollup.
 */
import { z } from 'zod';
import {
  createExclusion,
  deleteExclusion,
  exclusionReasonNames,
  findCharger,
  findExclusions,
  findOperator,
  findStation,
  type ExclusionView,
  type Scope,
} from '@pilewatch/store';
import { readers, writers, type Principal } from '../auth/roles.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { chargerIdentity, evseNumber, orderedRange, page, pagedOf, slug, timeRange, timestamp } from '../http/schemas.js';
import { matches } from '../http/views.js';

const tag = 'uptime';

export const exclusionView = matches<ExclusionView>()(
  z.object({
    id: z.number().int(),
    reason: z.enum(exclusionReasonNames),
    note: z.string().nullable(),
    from: timestamp,
    to: timestamp,
    operatorId: z.string().nullable(),
    stationId: z.string().nullable(),
    chargerId: z.string().nullable(),
    evseId: z.number().int().nullable(),
    connectorId: z.number().int().nullable(),
    createdBy: z.string().nullable(),
    createdAt: timestamp,
  }),
);

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2025-01-31T08:00:00+08:00' })
  .transform((v) => new Date(v));

const newExclusion = z
  .strictObject({
    reason: z.enum(exclusionReasonNames),
    note: z.string().trim().max(2000).optional(),
    from: instant,
    to: instant,
    operatorId: slug.optional().describe('an operator’s whole fleet (operators: their own, the default)'),
    stationId: slug.optional(),
    chargerId: chargerIdentity.optional(),
    evseId: evseNumber.optional(),
    connectorId: evseNumber.optional(),
  })
  .refine((e) => e.from < e.to, { message: 'must be later than from', path: ['to'] })
  .refine((e) => (e.evseId === undefined && e.connectorId === undefined) || e.chargerId !== undefined, {
    message: 'an EVSE or connector needs its chargerId',
    path: ['evseId'],
  });

/**
 * The scope as stored: the named charger or station must exist and be visible, and its operator is
 * recorded with it (so operators see and manage their own). An operator's exclusion is always its own.
 */
async function resolveScope(deps: ApiDeps, principal: Principal, scope: Scope, body: z.output<typeof newExclusion>) {
  let operatorId = body.operatorId ?? scope.operatorId ?? null;
  if (scope.operatorId && body.operatorId && body.operatorId !== scope.operatorId) throw notFound('operator', body.operatorId);
  if (body.operatorId && !scope.operatorId && !(await findOperator(deps.db, body.operatorId, {}))) {
    throw new ApiError('PW_API_VALIDATION', `body.operatorId: no operator ${body.operatorId}`);
  }
  const owner = async (kind: 'station' | 'charger', id: string) => {
    const found = kind === 'station' ? await findStation(deps.db, id, scope) : await findCharger(deps.db, id, scope);
    if (!found) {
      if (principal.role === 'operator') throw notFound(kind, id);
      throw new ApiError('PW_API_VALIDATION', `body.${kind}Id: no ${kind} ${id}`);
    }
    const of = found.operatorId;
    if (operatorId !== null && of !== operatorId) {
      throw new ApiError('PW_API_VALIDATION', `body.${kind}Id: ${kind} ${id} belongs to operator ${of ?? '(none)'}, not ${operatorId}`);
    }
    operatorId = of;
  };
  if (body.stationId) await owner('station', body.stationId);
  if (body.chargerId) await owner('charger', body.chargerId);
  return {
    operatorId,
    stationId: body.stationId ?? null,
    chargerId: body.chargerId ?? null,
    evseId: body.evseId ?? null,
    connectorId: body.connectorId ?? null,
  };
}

export const exclusionRoutes = [
  defineRoute({
    id: 'exclusions.list',
    method: 'GET',
    url: '/api/v1/exclusions',
    roles: readers,
    tag,
    summary: 'Uptime exclusions overlapping the range, newest first',
    description: 'An operator sees its own and the city-wide ones (no operator), which apply to its connectors too.',
    query: orderedRange(
      z.strictObject({
        ...timeRange,
        reason: z.enum(exclusionReasonNames).optional(),
        operatorId: slug.optional(),
        stationId: slug.optional(),
        chargerId: chargerIdentity.optional(),
        ...page,
      }),
    ),
    response: pagedOf(exclusionView),
    handle: ({ deps, scope, query }) => findExclusions(deps.db, scope, query, query),
  }),
  defineRoute({
    id: 'exclusions.create',
    method: 'POST',
    url: '/api/v1/exclusions',
    roles: writers,
    tag,
    summary: 'Enter an exclusion: a reason, a time range and a scope (operator, station, charger, EVSE/connector)',
    description: 'Every field of the scope given must match a connector for the exclusion to cover it; none covers every connector (admins only).',
    status: 201,
    body: newExclusion,
    response: exclusionView,
    handle: async ({ deps, scope, principal, body }) =>
      createExclusion(deps.db, {
        reason: body.reason,
        note: body.note ?? null,
        from: body.from,
        to: body.to,
        ...(await resolveScope(deps, principal, scope, body)),
        createdBy: `${principal.name} (${principal.role})`,
      }),
  }),
  defineRoute({
    id: 'exclusions.delete',
    method: 'DELETE',
    url: '/api/v1/exclusions/:exclusionId',
    roles: writers,
    tag,
    summary: 'Remove an exclusion (an operator, its own); the days it covered are recomputed',
    status: 204,
    params: z.strictObject({ exclusionId: z.coerce.number().int().min(1) }),
    handle: async ({ deps, scope, params }) => {
      if (!(await deleteExclusion(deps.db, params.exclusionId, scope))) throw notFound('exclusion', String(params.exclusionId));
      return undefined;
    },
  }),
];
