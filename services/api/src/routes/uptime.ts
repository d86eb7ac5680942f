/**
 * Uptime figures per connector, charger, station, operator, county or the city over a window of
 * Asia/Shanghai days (a day, a month, the rolling 12 months, or any range), from the worker's daily
 * rollups. Rates are recomputed from summed minutes, never averaged; a group whose connectors never
 * reported has no rates ("no data"), never 100 %. Definitions: docs/supervision.md.
 */
import { z } from 'zod';
import { uptimeSums, type UptimeLevel, type UptimeSums } from '@pilewatch/store';
import { addDays, monthWindow, rolling12Months, shanghaiDay, startOfDay, withRates } from '@pilewatch/supervision';
import { readers } from '../auth/roles.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { chargerIdentity, page, pagedOf, slug, timestamp } from '../http/schemas.js';

const levels = ['connector', 'charger', 'station', 'operator', 'county', 'city'] as const satisfies readonly UptimeLevel[];
const dayText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day written YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real day');
const monthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');

/** The longest custom range: three years of days. */
const maxRangeDays = 3 * 366;

const query = z
  .strictObject({
    level: z.enum(levels).default('station'),
    day: dayText.optional().describe('one Shanghai day'),
    month: monthText.optional().describe('one calendar month'),
    rolling12MonthsTo: dayText.optional().describe('the 12 months ending with this day (included)'),
    fromDay: dayText.optional().describe('first day of a range (with toDay)'),
    toDay: dayText.optional().describe('last day of a range, included'),
    operatorId: slug.optional(),
    countyCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code').optional(),
    stationId: slug.optional(),
    chargerId: chargerIdentity.optional(),
    ...page,
  })
  .superRefine((q, ctx) => {
    const given = [q.day, q.month, q.rolling12MonthsTo, q.fromDay ?? q.toDay].filter((v) => v !== undefined).length;
    if (given !== 1) {
      ctx.addIssue({ code: 'custom', path: ['day'], message: 'give exactly one window: day, month, rolling12MonthsTo, or fromDay with toDay' });
    } else if ((q.fromDay === undefined) !== (q.toDay === undefined)) {
      ctx.addIssue({ code: 'custom', path: [q.fromDay ? 'toDay' : 'fromDay'], message: 'fromDay and toDay go together' });
    } else if (q.fromDay && q.toDay && q.fromDay > q.toDay) {
      ctx.addIssue({ code: 'custom', path: ['toDay'], message: 'must not be before fromDay' });
    } else if (q.fromDay && q.toDay && (Date.parse(q.toDay) - Date.parse(q.fromDay)) / 86_400_000 >= maxRangeDays) {
      ctx.addIssue({ code: 'custom', path: ['toDay'], message: `a range covers at most ${maxRangeDays} days` });
    }
  });

function daysOfWindow(q: z.output<typeof query>): { fromDay: string; toDay: string } {
  if (q.day) return { fromDay: q.day, toDay: q.day };
  if (q.month) {
    const w = monthWindow(q.month);
    return { fromDay: shanghaiDay(w.from), toDay: addDays(shanghaiDay(w.to), -1) };
  }
  if (q.rolling12MonthsTo) {
    const w = rolling12Months(q.rolling12MonthsTo);
    return { fromDay: shanghaiDay(w.from), toDay: q.rolling12MonthsTo };
  }
  if (q.fromDay && q.toDay) return { fromDay: q.fromDay, toDay: q.toDay };
  throw new ApiError('PW_API_VALIDATION', 'query.day: give exactly one window');
}

const rate = z.number().nullable();
const figuresView = z.object({
  key: z.string().nullable().describe('the group: connector `charger:evse:connector`, charger, station, operator or county id, or `city`; null collects rows without one'),
  noData: z.boolean().describe('true when no connector of the group reported in the window: the rates are null, not 100'),
  connectors: z.number().int(),
  connectorsWithData: z.number().int(),
  connectorDays: z.number().int(),
  firstDay: z.string(),
  lastDay: z.string(),
  windowMinutes: z.number(),
  noDataMinutes: z.number(),
  observedMinutes: z.number().describe('W: window minutes less no-data minutes'),
  availableMinutes: z.number(),
  occupiedMinutes: z.number(),
  faultedMinutes: z.number(),
  unavailableMinutes: z.number(),
  offlineMinutes: z.number(),
  outageMinutes: z.number().describe('T_outage: offline + faulted + unavailable'),
  excludedMinutes: z.number().describe('T_excluded: outage minutes inside an exclusion'),
  countedOutageMinutes: z.number(),
  outageCount: z.number().int(),
  uptimePercent: rate.describe('(W − (T_outage − T_excluded)) / W × 100'),
  onlineRatePercent: rate.describe('(W − offline) / W × 100'),
  faultRatePercent: rate.describe('faulted / W × 100'),
  mttrMinutes: rate.describe('counted outage minutes per outage'),
});

function figures(s: UptimeSums) {
  const r = withRates(s);
  return {
    key: s.key,
    noData: r.observedMinutes <= 0,
    connectors: s.connectors,
    connectorsWithData: s.connectorsWithData,
    connectorDays: s.connectorDays,
    firstDay: s.firstDay,
    lastDay: s.lastDay,
    windowMinutes: r.windowMinutes,
    noDataMinutes: r.noDataMinutes,
    observedMinutes: r.observedMinutes,
    availableMinutes: r.availableMinutes,
    occupiedMinutes: r.occupiedMinutes,
    faultedMinutes: r.faultedMinutes,
    unavailableMinutes: r.unavailableMinutes,
    offlineMinutes: r.offlineMinutes,
    outageMinutes: r.outageMinutes,
    excludedMinutes: r.excludedMinutes,
    countedOutageMinutes: r.countedOutageMinutes,
    outageCount: r.outageCount,
    uptimePercent: r.uptimePercent,
    onlineRatePercent: r.onlineRatePercent,
    faultRatePercent: r.faultRatePercent,
    mttrMinutes: r.mttrMinutes,
  };
}

export const uptimeRoutes = [
  defineRoute({
    id: 'uptime.figures',
    method: 'GET',
    url: '/api/v1/uptime',
    roles: readers,
    tag: 'uptime',
    summary: 'Uptime, online rate, fault rate, outages and MTTR per connector, charger, station, operator, county or city',
    description:
      'Give one window: `day`, `month`, `rolling12MonthsTo`, or `fromDay` + `toDay` (Asia/Shanghai days, both included). ' +
      'Figures come from the daily rollups (today is rolled up as far as it has gone, every few minutes). A connector ' +
      'appears once it is registered or has reported; one that never reported counts as no data. An operator sees its own.',
    query,
    response: pagedOf(figuresView).extend({
      level: z.enum(levels),
      fromDay: z.string(),
      toDay: z.string(),
      from: timestamp.describe('window start (Shanghai midnight of fromDay)'),
      to: timestamp.describe('window end (Shanghai midnight after toDay)'),
    }),
    handle: async ({ deps, scope, query: q }) => {
      const { fromDay, toDay } = daysOfWindow(q);
      const found = await uptimeSums(
        deps.db,
        scope,
        { level: q.level, fromDay, toDay, operatorId: q.operatorId, countyCode: q.countyCode, stationId: q.stationId, chargerId: q.chargerId },
        q,
      );
      return {
        level: q.level,
        fromDay,
        toDay,
        from: startOfDay(fromDay).toISOString(),
        to: startOfDay(addDays(toDay, 1)).toISOString(),
        ...found,
        items: found.items.map(figures),
      };
    },
  }),
];
