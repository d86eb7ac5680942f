/**
 * Chargers (piles): registration with credentials (the password is shown once and stored hashed),
 * connectors, acceptance of a Pending charger, and the current state.
 */
import { z } from 'zod';
import {
  addCharger,
  findCharger,
  findChargers,
  findStation,
  generatePassword,
  hashPassword,
  maxPasswordLength,
  upsertConnectors,
  type ChargerView,
} from '@pilewatch/store';
import type { Principal } from '../auth/roles.js';
import { readers, writers } from '../auth/roles.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { chargerIdentity, chargerParams, page, pagedOf, queryBoolean, slug } from '../http/schemas.js';
import { chargerSummary, chargerView } from '../http/views.js';
import { registryWrite } from '../registry/store-errors.js';
import type { Scope } from '@pilewatch/store';

const tag = 'registry';

const registrationStatus = z.enum(['Accepted', 'Pending', 'Rejected']);
const securityProfile = z.union([z.literal(1), z.literal(2), z.literal(3)]).describe('OCPP security profile: 1 Basic over ws, 2 TLS + Basic, 3 mutual TLS');
const password = z.string().min(1).max(maxPasswordLength).describe(`1-${maxPasswordLength} characters; generated when omitted`);

const connector = z.strictObject({
  evseId: z.number().int().min(1).max(1000),
  connectorId: z.number().int().min(1).max(100),
  connectorType: z.string().min(1).max(50).optional().describe('e.g. GBT-DC, GBT-AC, cType2'),
  currentType: z.enum(['AC', 'DC']).optional(),
  maxPowerKw: z.number().positive().max(2000).optional(),
});
const connectors = z
  .array(connector)
  .max(64)
  .refine(
    (list) => new Set(list.map((c) => `${c.evseId}:${c.connectorId}`)).size === list.length,
    'must not list the same evseId/connectorId twice',
  );

const withPassword = z.object({ charger: chargerView, password: z.string().describe('shown once; the store keeps only its hash') });

/** The station a charger goes to, which decides its operator; a station the caller cannot see does not exist for it. */
async function placement(deps: ApiDeps, scope: Scope, stationId: string) {
  const station = await findStation(deps.db, stationId, scope);
  if (!station) throw new ApiError('PW_API_VALIDATION', `stationId: no station ${stationId}`);
  return station;
}

function operatorFor(principal: Principal, requested: string | undefined, stationOperator: string | undefined): string | undefined {
  if (principal.role === 'operator') {
    if (requested !== undefined && requested !== principal.operatorId) {
      throw new ApiError('PW_API_FORBIDDEN', `operatorId: an operator token can only register chargers of operator ${principal.operatorId}`);
    }
    return principal.operatorId!;
  }
  if (requested !== undefined && stationOperator !== undefined && requested !== stationOperator) {
    throw new ApiError('PW_API_VALIDATION', `operatorId: the station belongs to operator ${stationOperator}`);
  }
  return requested ?? stationOperator;
}

async function visibleCharger(deps: ApiDeps, id: string, scope: Scope): Promise<ChargerView> {
  const charger = await findCharger(deps.db, id, scope);
  if (!charger) throw notFound('charger', id);
  return charger;
}

export const chargerRoutes = [
  defineRoute({
    id: 'chargers.list',
    method: 'GET',
    url: '/api/v1/chargers',
    roles: readers,
    tag,
    summary: 'List chargers',
    query: z.strictObject({
      operatorId: slug.optional(),
      stationId: slug.optional(),
      registrationStatus: registrationStatus.optional(),
      online: queryBoolean.optional(),
      ...page,
    }),
    response: pagedOf(chargerSummary),
    handle: ({ deps, scope, query }) => findChargers(deps.db, scope, query, query),
  }),
  defineRoute({
    id: 'chargers.create',
    method: 'POST',
    url: '/api/v1/chargers',
    roles: writers,
    tag,
    summary: 'Register a charger; the answer carries its password, once',
    status: 201,
    body: z.strictObject({
      id: chargerIdentity.describe('the OCPP identity: the last segment of the URL the charger connects to'),
      stationId: slug.optional(),
      operatorId: slug.optional(),
      password: password.optional(),
      registrationStatus: registrationStatus.default('Accepted'),
      securityProfile: securityProfile.default(1),
      connectors: connectors.optional(),
    }),
    response: withPassword,
    handle: async ({ deps, scope, principal, body }) => {
      const station = body.stationId === undefined ? undefined : await placement(deps, scope, body.stationId);
      const operatorId = operatorFor(principal, body.operatorId, station?.operatorId);
      const { password } = await registryWrite(() =>
        addCharger(deps.db, {
          id: body.id,
          ...(operatorId === undefined ? {} : { operatorId }),
          ...(body.stationId === undefined ? {} : { stationId: body.stationId }),
          ...(body.password === undefined ? {} : { password: body.password }),
          registrationStatus: body.registrationStatus,
          securityProfile: body.securityProfile,
        }),
      );
      if (body.connectors?.length) await registryWrite(() => upsertConnectors(deps.db, body.id, body.connectors!));
      return { charger: await visibleCharger(deps, body.id, {}), password };
    },
  }),
  defineRoute({
    id: 'chargers.get',
    method: 'GET',
    url: '/api/v1/chargers/:chargerId',
    roles: readers,
    tag,
    summary: 'One charger: identity, boot information, connectors and their status, active transactions',
    params: chargerParams,
    response: chargerView,
    handle: async ({ deps, scope, principal, params }) => {
      const charger = await visibleCharger(deps, params.chargerId, scope);
      // An id tag identifies a driver: the regulator reads sessions, not people.
      if (principal.role === 'regulator') charger.activeTransactions = charger.activeTransactions.map((t) => ({ ...t, idTag: null }));
      return charger;
    },
  }),
  defineRoute({
    id: 'chargers.update',
    method: 'PATCH',
    url: '/api/v1/chargers/:chargerId',
    roles: writers,
    tag,
    summary: 'Move a charger to a station, accept (or reject) it, change its security profile',
    params: chargerParams,
    body: z.strictObject({
      stationId: slug.nullable().optional().describe('null detaches the charger from its station'),
      registrationStatus: registrationStatus.optional().describe('Accepted admits a Pending charger at its next boot'),
      securityProfile: securityProfile.optional(),
    }),
    response: chargerView,
    handle: async ({ deps, scope, params, body }) => {
      const current = await visibleCharger(deps, params.chargerId, scope);
      const station = body.stationId ? await placement(deps, scope, body.stationId) : undefined;
      await deps.db.pool.query(
        `UPDATE charge_points SET
           station_id = CASE WHEN $2 THEN $3 ELSE station_id END,
           operator_id = coalesce($4, operator_id),
           registration_status = coalesce($5, registration_status),
           security_profile = coalesce($6, security_profile),
           updated_at = now()
         WHERE id = $1`,
        [
          current.id,
          body.stationId !== undefined,
          body.stationId ?? null,
          station?.operatorId ?? null,
          body.registrationStatus ?? null,
          body.securityProfile ?? null,
        ],
      );
      return visibleCharger(deps, current.id, {});
    },
  }),
  defineRoute({
    id: 'chargers.connectors',
    method: 'PUT',
    url: '/api/v1/chargers/:chargerId/connectors',
    roles: writers,
    tag,
    summary: 'Declare connectors (type, AC/DC, power); connectors not listed are kept',
    params: chargerParams,
    body: z.strictObject({ connectors: connectors.refine((l) => l.length > 0, 'must list at least one connector') }),
    response: chargerView,
    handle: async ({ deps, scope, params, body }) => {
      const current = await visibleCharger(deps, params.chargerId, scope);
      await registryWrite(() => upsertConnectors(deps.db, current.id, body.connectors));
      return visibleCharger(deps, current.id, {});
    },
  }),
  defineRoute({
    id: 'chargers.password',
    method: 'POST',
    url: '/api/v1/chargers/:chargerId/password',
    roles: writers,
    tag,
    summary: "Set or rotate the charger's password (HTTP Basic, security profiles 1 and 2); shown once",
    description: 'Takes effect at the next connection: a connected charger keeps its session until it reconnects.',
    params: chargerParams,
    body: z.strictObject({ password: password.optional() }),
    response: z.object({ password: z.string() }),
    handle: async ({ deps, scope, params, body }) => {
      const current = await visibleCharger(deps, params.chargerId, scope);
      const plain = body.password ?? generatePassword();
      await deps.db.pool.query(`UPDATE charge_points SET password_hash = $2, updated_at = now() WHERE id = $1`, [
        current.id,
        await hashPassword(plain),
      ]);
      return { password: plain };
    },
  }),
];
