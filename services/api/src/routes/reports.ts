/**
 * The monthly report the plan asks for (due by the 3rd): per county, piles added, plan progress, online
 * rate, uptime, faults and alerts of the month. The worker generates and stores it on the 1st (Asia/Shanghai)
 * and whenever an admin asks; here it is listed, read as JSON (the dashboard's printable page) or as CSV.
 */
import { z } from 'zod';
import { findMonthlyReport, listMonthlyReports, monthlyReportQueue, type MonthlyReportJob } from '@pilewatch/store';
import { shanghaiDay } from '@pilewatch/supervision';
import type { Role } from '../auth/roles.js';
import { adminOnly } from '../auth/roles.js';
import { ApiError, notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { page, pagedOf, timestamp } from '../http/schemas.js';
import { reportSummaryView } from '../plan/views.js';

const tag = 'reports';
/** The city's report: admins and regulators (an operator's own figures are on its dashboard). */
const cityReaders: readonly Role[] = ['admin', 'regulator'];

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM')
  .describe('calendar month in Asia/Shanghai');
const monthParams = z.strictObject({ month });

const figure = z.number().nullable();
const reportView = reportSummaryView.extend({
  report: z
    .looseObject({
      month: z.string(),
      window: z.object({ from: timestamp, to: timestamp }),
      dueBy: z.iso.date().describe('the plan wants the report by the 3rd of the next month'),
      counties: z.array(
        z.looseObject({
          areaId: z.string(),
          code: z.string().nullable(),
          nameZh: z.string(),
          nameEn: z.string(),
          pilesAdded: z.number().int().nullable(),
          publicPiles: z.number().int(),
          planYearPercent: figure,
          planCumulativePercent: figure,
          onlineRatePercent: figure,
          uptimePercent: figure,
          faults: z.number().int().nullable(),
          alerts: z.number().int().nullable(),
        }),
      ),
    })
    .describe('the figures the worker computed (see docs/plan.md, "Monthly report")'),
});

export const reportRoutes = [
  defineRoute({
    id: 'reports.list',
    method: 'GET',
    url: '/api/v1/reports/monthly',
    roles: cityReaders,
    tag,
    summary: 'Monthly reports generated so far, newest month first',
    query: z.strictObject({ ...page }),
    response: pagedOf(reportSummaryView),
    handle: ({ deps, query }) => listMonthlyReports(deps.db, query),
  }),
  defineRoute({
    id: 'reports.get',
    method: 'GET',
    url: '/api/v1/reports/monthly/:month',
    roles: cityReaders,
    tag,
    summary: "A month's report as JSON (what the dashboard's printable page shows)",
    params: monthParams,
    response: reportView,
    handle: async ({ deps, params }) => {
      const found = await findMonthlyReport(deps.db, params.month);
      if (!found) throw notFound('monthly report', params.month);
      const { csv: _csv, ...rest } = found;
      return rest;
    },
  }),
  defineRoute({
    id: 'reports.csv',
    method: 'GET',
    url: '/api/v1/reports/monthly/:month/csv',
    roles: cityReaders,
    tag,
    summary: "A month's report as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese names)",
    params: monthParams,
    handle: async ({ deps, params, reply }) => {
      const found = await findMonthlyReport(deps.db, params.month);
      if (!found) throw notFound('monthly report', params.month);
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="pilewatch-monthly-report-${params.month}.csv"`);
      return `\uFEFF${found.csv}`;
    },
  }),
  defineRoute({
    id: 'reports.generate',
    method: 'POST',
    url: '/api/v1/reports/monthly/:month',
    roles: adminOnly,
    tag,
    summary: "Ask the worker to generate (or regenerate) a month's report now",
    description:
      'Answers 202 at once; the report replaces any stored one for the month when the worker has made it (poll ' +
      '`GET /api/v1/reports/monthly/{month}` for a newer `generatedAt`). A month still running is reported up to now.',
    params: monthParams,
    status: 202,
    response: z.object({ month: z.string(), jobId: z.string() }),
    handle: async ({ deps, principal, params }) => {
      if (params.month > shanghaiDay(new Date()).slice(0, 7)) {
        throw new ApiError('PW_API_VALIDATION', `params.month: ${params.month} has not begun yet`);
      }
      const job: MonthlyReportJob = { month: params.month, trigger: 'on_demand', requestedBy: principal.name };
      // A fresh id per request: a regeneration must not be taken for the scheduled run (or an earlier request) and dropped.
      const jobId = await deps.bus.queue(monthlyReportQueue).add('generate', job, { jobId: `monthly-report-${params.month}-on-demand-${Date.now()}`, attempts: 3 });
      return { month: params.month, jobId };
    },
  }),
];
