/**
 * Administrative divisions — townships and villages with codes, names and coordinates — imported by an
 * admin from a CSV file (docs/plan.md): what coverage and charging distance are measured over. Also the
 * plan's counties with their seats, which the dashboard draws its offline map around.
 */
import { z } from 'zod';
import { divisionTotals, findDivisions, importDivisions, uncoveredDivisions } from '@pilewatch/store';
import { xinzhouPlan } from '@pilewatch/supervision';
import { adminOnly, readers } from '../auth/roles.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { page, pagedOf, queryBoolean } from '../http/schemas.js';
import { parseDivisionsCsv } from '../plan/divisions-csv.js';
import { countyView, divisionImportView, divisionView, uncoveredDivisionView } from '../plan/views.js';

const tag = 'plan';
const countyCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 county code');
const level = z.enum(['township', 'village']);

export const divisionRoutes = [
  defineRoute({
    id: 'divisions.import',
    method: 'POST',
    url: '/api/v1/divisions/import',
    roles: adminOnly,
    tag,
    summary: 'Import townships and villages from a CSV file (Content-Type: text/csv; format in docs/plan.md)',
    description:
      'Columns (header row, any order): code (9-digit township or 12-digit village 统计用区划代码), name, and optionally ' +
      'lat, lon (WGS-84 decimal degrees) and kind (general | urban_core | urban_edge). All or nothing: any bad row ' +
      'refuses the whole file, and the error lists each problem with its line. `replace=true` also removes divisions ' +
      'the file does not list.',
    query: z.strictObject({ replace: queryBoolean.default(false).describe('make the table exactly what the file lists') }),
    body: z.string({ message: 'must be the CSV text, sent as Content-Type: text/csv' }),
    response: divisionImportView,
    handle: async ({ deps, query, body }) => {
      const parsed = parseDivisionsCsv(body);
      if (!parsed.ok) {
        const shown = parsed.problems.slice(0, 10).map((p) => `line ${p.line}: ${p.problem}`);
        const more = parsed.problems.length > 10 ? ` (and ${parsed.problems.length - 10} more)` : '';
        throw new ApiError('PW_API_VALIDATION', `body: ${shown.join('; ')}${more}`, { problems: parsed.problems });
      }
      return importDivisions(deps.db, parsed.rows, { replace: query.replace });
    },
  }),
  defineRoute({
    id: 'divisions.list',
    method: 'GET',
    url: '/api/v1/divisions',
    roles: readers,
    tag,
    summary: 'Imported townships and villages',
    query: z.strictObject({
      countyCode: countyCode.optional(),
      level: level.optional(),
      townshipCode: z.string().regex(/^\d{9}$/, 'must be a 9-digit township code').optional(),
      ...page,
    }),
    response: pagedOf(divisionView),
    handle: ({ deps, query }) => findDivisions(deps.db, query, query),
  }),
  defineRoute({
    id: 'divisions.uncovered',
    method: 'GET',
    url: '/api/v1/divisions/uncovered',
    roles: readers,
    tag,
    summary: 'Imported townships and villages that no public pile in service covers yet',
    description: 'A station covers the township and village it names (within its county); names are matched as imported.',
    query: z.strictObject({ countyCode: countyCode.optional(), level: level.optional(), ...page }),
    response: pagedOf(uncoveredDivisionView).extend({ total: z.number().int() }),
    handle: async ({ deps, query }) => {
      const all = (await uncoveredDivisions(deps.db)).filter(
        (d) => (!query.countyCode || d.countyCode === query.countyCode) && (!query.level || d.level === query.level),
      );
      const items = all.slice(query.offset, query.offset + query.limit);
      return { items, limit: query.limit, offset: query.offset, nextOffset: query.offset + query.limit < all.length ? query.offset + query.limit : null, total: all.length };
    },
  }),
  defineRoute({
    id: 'divisions.counties',
    method: 'GET',
    url: '/api/v1/divisions/counties',
    roles: readers,
    tag,
    summary: "The plan's areas (14 counties and the Mount Wutai Scenic Area) with their seats and imported townships and villages",
    response: z.object({ items: z.array(countyView) }),
    handle: async ({ deps }) => {
      const totals = new Map((await divisionTotals(deps.db)).map((t) => [t.countyCode, t]));
      return {
        items: xinzhouPlan.annex_1_new_public_piles.map((a) => ({
          areaId: a.id,
          code: a.code,
          nameZh: a.name_zh,
          nameEn: a.name_en,
          seat: a.seat_approx,
          townships: (a.code && totals.get(a.code)?.townships) || 0,
          villages: (a.code && totals.get(a.code)?.villages) || 0,
        })),
      };
    },
  }),
];
