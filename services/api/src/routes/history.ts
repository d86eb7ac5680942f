/**
 * History: a charger's status and connectivity events, reported events, meter aggregates, the raw OCPP
 * journal (admins and the charger's operator only) and its command audit; transactions across chargers.
 */
import { z } from 'zod';
import {
  chargerVisible,
  findChargerEvents,
  findCommandAudit,
  findConnectivityEvents,
  findJournal,
  findMeterBuckets,
  findStatusEvents,
  findTransactions,
  meterBuckets,
  type Scope,
} from '@pilewatch/store';
import { readers, writers } from '../auth/roles.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { chargerIdentity, chargerParams, evseNumber, orderedRange, page, pagedOf, slug, timeRange } from '../http/schemas.js';
import {
  chargerEventView,
  commandAuditView,
  connectivityEventView,
  journalView,
  meterBucketView,
  statusEventView,
  transactionView,
} from '../http/views.js';

const tag = 'history';

async function visible(deps: ApiDeps, chargerId: string, scope: Scope): Promise<void> {
  if (!(await chargerVisible(deps.db, chargerId, scope))) throw notFound('charger', chargerId);
}

export const historyRoutes = [
  defineRoute({
    id: 'chargers.statusEvents',
    method: 'GET',
    url: '/api/v1/chargers/:chargerId/status-events',
    roles: readers,
    tag,
    summary: 'Status changes of a charger, newest first',
    params: chargerParams,
    query: orderedRange(
      z.strictObject({
        ...timeRange,
        evseId: evseNumber.optional(),
        connectorId: evseNumber.optional(),
        status: z.string().max(30).optional(),
        ...page,
      }),
    ),
    response: pagedOf(statusEventView),
    handle: async ({ deps, scope, params, query }) => {
      await visible(deps, params.chargerId, scope);
      return findStatusEvents(deps.db, params.chargerId, query, query);
    },
  }),
  defineRoute({
    id: 'chargers.connectivityEvents',
    method: 'GET',
    url: '/api/v1/chargers/:chargerId/connectivity-events',
    roles: readers,
    tag,
    summary: 'Connects, disconnects, boots and missed heartbeats of a charger, newest first',
    params: chargerParams,
    query: orderedRange(
      z.strictObject({
        ...timeRange,
        event: z.enum(['connected', 'disconnected', 'booted', 'heartbeat_missed', 'replaced', 'ping_timeout']).optional(),
        ...page,
      }),
    ),
    response: pagedOf(connectivityEventView),
    handle: async ({ deps, scope, params, query }) => {
      await visible(deps, params.chargerId, scope);
      return findConnectivityEvents(deps.db, params.chargerId, query, query);
    },
  }),
  defineRoute({
    id: 'chargers.events',
    method: 'GET',
    url: '/api/v1/chargers/:chargerId/events',
    roles: readers,
    tag,
    summary: 'Faults, security events, firmware/diagnostics/log status and data transfers a charger reported',
    params: chargerParams,
    query: orderedRange(z.strictObject({ ...timeRange, kind: z.string().max(50).optional(), ...page })),
    response: pagedOf(chargerEventView),
    handle: async ({ deps, scope, params, query }) => {
      await visible(deps, params.chargerId, scope);
      return findChargerEvents(deps.db, params.chargerId, query, query);
    },
  }),
  defineRoute({
    id: 'chargers.meter',
    method: 'GET',
    url: '/api/v1/chargers/:chargerId/meter',
    roles: readers,
    tag,
    summary: 'Energy and power per connector and time bucket (15 min, 1 h, 1 day in Asia/Shanghai), oldest first',
    params: chargerParams,
    query: orderedRange(
      z.strictObject({
        bucket: z.enum(Object.keys(meterBuckets) as [keyof typeof meterBuckets]).default('1h'),
        ...timeRange,
        evseId: evseNumber.optional(),
        connectorId: evseNumber.optional(),
        ...page,
      }),
    ),
    response: pagedOf(meterBucketView),
    handle: async ({ deps, scope, params, query }) => {
      await visible(deps, params.chargerId, scope);
      return findMeterBuckets(deps.db, params.chargerId, query, query);
    },
  }),
  defineRoute({
    id: 'chargers.journal',
    method: 'GET',
    url: '/api/v1/chargers/:chargerId/journal',
    roles: writers,
    tag,
    summary: 'The raw OCPP frames to and from a charger, newest first (admins and its operator only)',
    params: chargerParams,
    query: orderedRange(
      z.strictObject({
        ...timeRange,
        action: z.string().max(60).optional(),
        direction: z.enum(['in', 'out']).optional(),
        ...page,
      }),
    ),
    response: pagedOf(journalView),
    handle: async ({ deps, scope, params, query }) => {
      await visible(deps, params.chargerId, scope);
      return findJournal(deps.db, params.chargerId, query, query);
    },
  }),
  defineRoute({
    id: 'chargers.commandLog',
    method: 'GET',
    url: '/api/v1/chargers/:chargerId/commands',
    roles: readers,
    tag,
    summary: 'Commands sent to a charger: who sent what, and what the charger answered; newest first',
    params: chargerParams,
    query: orderedRange(z.strictObject({ ...timeRange, ...page })),
    response: pagedOf(commandAuditView),
    handle: async ({ deps, scope, params, query }) => {
      await visible(deps, params.chargerId, scope);
      return findCommandAudit(deps.db, params.chargerId, query, query);
    },
  }),
  defineRoute({
    id: 'transactions.list',
    method: 'GET',
    url: '/api/v1/transactions',
    roles: readers,
    tag,
    summary: 'Charging sessions that started in the range, with energy and duration, newest first',
    description: 'The regulator role sees sessions without their id tag, which identifies a driver.',
    query: orderedRange(
      z.strictObject({
        ...timeRange,
        chargerId: chargerIdentity.optional(),
        stationId: slug.optional(),
        operatorId: slug.optional(),
        state: z.enum(['active', 'completed']).optional(),
        ...page,
      }),
    ),
    response: pagedOf(transactionView),
    handle: async ({ deps, scope, principal, query }) => {
      const found = await findTransactions(deps.db, scope, query, query);
      if (principal.role === 'regulator') found.items = found.items.map((t) => ({ ...t, idTag: null }));
      return found;
    },
  }),
];
