/** Stations (sites): managed by their operator and by admins, read by regulators. */
import { z } from 'zod';
import { findStation, findStations, upsertStation, type StationView } from '@pilewatch/store';
import type { Principal } from '../auth/roles.js';
import { readers, writers } from '../auth/roles.js';
import { ApiError, notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { page, pagedOf, queryBoolean, slug } from '../http/schemas.js';
import { stationView } from '../http/views.js';
import { stationCategories } from '../registry/station-categories.js';
import { registryWrite } from '../registry/store-errors.js';

const tag = 'registry';

const countyCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 county-level code, e.g. 140902');
const category = z.enum(stationCategories);

const stationFields = {
  name: z.string().trim().min(1).max(100),
  address: z.string().max(300).nullable().optional(),
  countyCode: countyCode.nullable().optional(),
  township: z.string().max(100).nullable().optional().describe('乡镇/街道'),
  village: z.string().max(100).nullable().optional().describe('行政村'),
  category: category.describe('kind of site the plan names'),
  isPublic: z.boolean().describe('public (公共) or dedicated (专用)'),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
  parkingSpaces: z.number().int().min(0).max(100_000).nullable().optional(),
  openingHours: z.string().max(100).nullable().optional().describe('e.g. 00:00-24:00'),
  serviceTel: z.string().regex(/^[0-9+() -]{3,30}$/, 'must be a telephone number').nullable().optional(),
};

const stationParams = z.strictObject({ stationId: slug });

/** The operator a write acts for: an operator always acts for itself; an admin names one. */
function actingOperator(principal: Principal, requested: string | undefined): string {
  if (principal.role === 'operator') {
    if (requested !== undefined && requested !== principal.operatorId) {
      throw new ApiError('PW_API_FORBIDDEN', `operatorId: an operator token can only manage stations of operator ${principal.operatorId}`);
    }
    return principal.operatorId!;
  }
  if (requested === undefined) throw new ApiError('PW_API_VALIDATION', 'operatorId: required (the operator owning the station)');
  return requested;
}

type StationInput = Omit<StationView, 'chargers' | 'createdAt' | 'updatedAt'>;

function save(deps: { db: Parameters<typeof upsertStation>[0] }, s: StationInput) {
  const u = <T>(v: T | null | undefined) => (v === null ? undefined : v);
  return registryWrite(() =>
    upsertStation(deps.db, {
      id: s.id,
      operatorId: s.operatorId,
      name: s.name,
      address: u(s.address),
      countyCode: u(s.countyCode),
      township: u(s.township),
      village: u(s.village),
      category: s.category,
      isPublic: s.isPublic,
      lat: u(s.lat),
      lon: u(s.lon),
      parkingSpaces: u(s.parkingSpaces),
      openingHours: u(s.openingHours),
      serviceTel: u(s.serviceTel),
    }),
  );
}

export const stationRoutes = [
  defineRoute({
    id: 'stations.list',
    method: 'GET',
    url: '/api/v1/stations',
    roles: readers,
    tag,
    summary: 'List stations',
    query: z.strictObject({
      operatorId: slug.optional(),
      countyCode: countyCode.optional(),
      category: category.optional(),
      isPublic: queryBoolean.optional(),
      ...page,
    }),
    response: pagedOf(stationView),
    handle: ({ deps, scope, query }) => findStations(deps.db, scope, query, query),
  }),
  defineRoute({
    id: 'stations.create',
    method: 'POST',
    url: '/api/v1/stations',
    roles: writers,
    tag,
    summary: 'Register a station',
    status: 201,
    body: z.strictObject({
      id: slug,
      operatorId: slug.optional().describe('required for admins; an operator token registers its own stations'),
      ...stationFields,
      category: category.default('urban_public'),
      isPublic: z.boolean().default(true),
    }),
    response: stationView,
    handle: async ({ deps, principal, body }) => {
      const operatorId = actingOperator(principal, body.operatorId);
      if (await findStation(deps.db, body.id, {})) throw new ApiError('PW_API_CONFLICT', `id: station ${body.id} already exists`);
      await save(deps, { address: null, countyCode: null, township: null, village: null, lat: null, lon: null, parkingSpaces: null, openingHours: null, serviceTel: null, ...body, operatorId });
      return findStation(deps.db, body.id, {});
    },
  }),
  defineRoute({
    id: 'stations.get',
    method: 'GET',
    url: '/api/v1/stations/:stationId',
    roles: readers,
    tag,
    summary: 'One station',
    params: stationParams,
    response: stationView,
    handle: async ({ deps, scope, params }) =>
      (await findStation(deps.db, params.stationId, scope)) ?? Promise.reject(notFound('station', params.stationId)),
  }),
  defineRoute({
    id: 'stations.update',
    method: 'PATCH',
    url: '/api/v1/stations/:stationId',
    roles: writers,
    tag,
    summary: 'Change a station; fields left out keep their value, null clears one',
    params: stationParams,
    body: z.strictObject({
      ...stationFields,
      name: stationFields.name.optional(),
      category: category.optional(),
      isPublic: z.boolean().optional(),
      operatorId: slug.optional().describe('admins only: hand the station to another operator'),
    }),
    response: stationView,
    handle: async ({ deps, scope, principal, params, body }) => {
      const current = await findStation(deps.db, params.stationId, scope);
      if (!current) throw notFound('station', params.stationId);
      if (body.operatorId !== undefined && body.operatorId !== current.operatorId && principal.role !== 'admin') {
        throw new ApiError('PW_API_FORBIDDEN', 'operatorId: only an admin can hand a station to another operator');
      }
      await save(deps, { ...current, ...body });
      if (body.operatorId !== undefined && body.operatorId !== current.operatorId) {
        // The chargers at a site belong to whoever runs the site.
        await deps.db.pool.query(`UPDATE charge_points SET operator_id = $2, updated_at = now() WHERE station_id = $1`, [
          current.id,
          body.operatorId,
        ]);
      }
      return findStation(deps.db, current.id, {});
    },
  }),
  defineRoute({
    id: 'stations.delete',
    method: 'DELETE',
    url: '/api/v1/stations/:stationId',
    roles: writers,
    tag,
    summary: 'Remove a station that has no chargers',
    status: 204,
    params: stationParams,
    handle: async ({ deps, scope, params }) => {
      const current = await findStation(deps.db, params.stationId, scope);
      if (!current) throw notFound('station', params.stationId);
      const { rowCount } = await deps.db.pool.query(
        `DELETE FROM stations s WHERE s.id = $1 AND NOT EXISTS (SELECT 1 FROM charge_points cp WHERE cp.station_id = s.id)`,
        [current.id],
      );
      if (rowCount === 0) throw new ApiError('PW_API_CONFLICT', `station ${current.id} still has chargers; move or remove them first`);
      return undefined;
    },
  }),
];
