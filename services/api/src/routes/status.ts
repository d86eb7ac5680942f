/** Live status: every connector's current state, and the counts a regulator looks at first. */
import { z } from 'zod';
import { effectiveStatuses, findConnectorStatuses, statusOverview } from '@pilewatch/store';
import { readers } from '../auth/roles.js';
import { defineRoute } from '../http/route.js';
import { page, pagedOf, queryBoolean, slug } from '../http/schemas.js';
import { connectorStatusView, statusOverview as statusOverviewView } from '../http/views.js';
import { stationCategories } from '../registry/station-categories.js';

const tag = 'status';

export const statusRoutes = [
  defineRoute({
    id: 'status.connectors',
    method: 'GET',
    url: '/api/v1/status/connectors',
    roles: readers,
    tag,
    summary: 'Current status of every connector',
    description:
      '`effectiveStatus` is `Offline` while the charger is disconnected (its last reported `status` is kept) and `Unknown` ' +
      'for a connected charger that has not reported one.',
    query: z.strictObject({
      countyCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code').optional(),
      operatorId: slug.optional(),
      stationId: slug.optional(),
      category: z.enum(stationCategories).optional(),
      status: z.enum(effectiveStatuses).optional().describe('matches effectiveStatus'),
      online: queryBoolean.optional(),
      ...page,
    }),
    response: pagedOf(connectorStatusView),
    handle: ({ deps, scope, query }) => findConnectorStatuses(deps.db, scope, query, query),
  }),
  defineRoute({
    id: 'status.counts',
    method: 'GET',
    url: '/api/v1/status/counts',
    roles: readers,
    tag,
    summary: 'Chargers online/offline/charging/faulted and connectors by status: city, each county, each operator',
    description: 'Counts cover chargers accepted into service; an operator token sees its own fleet only.',
    response: statusOverviewView,
    handle: ({ deps, scope }) => statusOverview(deps.db, scope),
  }),
];
