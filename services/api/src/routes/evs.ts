/**
 * Registered EV counts per county, entered by the city with the day they refer to: the denominator of
 * the pile-to-EV ratio (桩车比). Each entry is kept; the plan figures use each county's latest on or
 * before their cutoff.
 */
import { z } from 'zod';
import { findRegisteredEvs, recordRegisteredEvs } from '@pilewatch/store';
import { adminOnly, readers } from '../auth/roles.js';
import { defineRoute } from '../http/route.js';
import { page, pagedOf } from '../http/schemas.js';
import { xinzhouPlan } from '@pilewatch/supervision';
import { registeredEvsView } from '../plan/views.js';

const tag = 'plan';
const countyCodes = xinzhouPlan.annex_1_new_public_piles.flatMap((a) => (a.code ? [a.code] : []));
const countyCode = z.string().refine((c) => countyCodes.includes(c), `must be one of the city's county codes (${countyCodes.join(', ')})`);

export const evRoutes = [
  defineRoute({
    id: 'evs.list',
    method: 'GET',
    url: '/api/v1/evs',
    roles: readers,
    tag,
    summary: 'Registered EV counts the city entered, newest day first',
    query: z.strictObject({ countyCode: countyCode.optional(), ...page }),
    response: pagedOf(registeredEvsView),
    handle: ({ deps, query }) => findRegisteredEvs(deps.db, query, query),
  }),
  defineRoute({
    id: 'evs.record',
    method: 'PUT',
    url: '/api/v1/evs/:countyCode/:asOf',
    roles: adminOnly,
    tag,
    summary: 'Enter the number of EVs registered in a county on a day (entering the same county and day again corrects it)',
    params: z.strictObject({
      countyCode,
      asOf: z.iso.date({ message: 'must be a date, YYYY-MM-DD' }).describe('the day the count refers to'),
    }),
    body: z.strictObject({ evs: z.number().int().min(0).max(10_000_000) }),
    response: registeredEvsView,
    handle: ({ deps, principal, params, body }) =>
      recordRegisteredEvs(deps.db, { countyCode: params.countyCode, asOf: params.asOf, evs: body.evs, enteredBy: principal.name }),
  }),
];
