/**
 * The monthly report the plan asks for by the 3rd: one row per Annex 1 area (and the city) with the
 * piles added in the month, plan progress, online rate, uptime, faults and alerts. Pure: the figures
 * come in (plan progress as of the month's end, the month's activity per county), the report goes out.
 */
import { withRates, type PlanProgress, type UptimeMinutes } from '@pilewatch/supervision';
import type { CountyMonthActivity, MonthlyReport, MonthlyReportRow } from '@pilewatch/store';

export type { MonthlyReport, MonthlyReportRow };

export interface MonthlyReportInputs {
  month: string;
  window: { from: Date; to: Date };
  generatedAt: Date;
  progress: PlanProgress;
  activity: readonly CountyMonthActivity[];
}

/** `YYYY-MM` → the 3rd of the next month, `YYYY-MM-DD`. */
export function dueBy(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-03` : `${y}-${String(m + 1).padStart(2, '0')}-03`;
}

/** The plan year a month is measured against: its own year, kept within 2023–2025. */
export function planYearOf(month: string): 2023 | 2024 | 2025 {
  return Math.min(2025, Math.max(2023, Number(month.slice(0, 4)))) as 2023 | 2024 | 2025;
}

const rates = (minutes: UptimeMinutes | null) => {
  if (!minutes) return { onlineRatePercent: null, uptimePercent: null };
  const figures = withRates(minutes);
  return { onlineRatePercent: figures.onlineRatePercent, uptimePercent: figures.uptimePercent };
};

function addMinutes(a: UptimeMinutes | null, b: UptimeMinutes | null): UptimeMinutes | null {
  if (!a) return b && { ...b };
  if (!b) return a;
  const sum = { ...a };
  for (const key of Object.keys(sum) as Array<keyof UptimeMinutes>) sum[key] += b[key];
  return sum;
}

export function buildMonthlyReport(inputs: MonthlyReportInputs): MonthlyReport {
  const { progress } = inputs;
  const byCounty = new Map(inputs.activity.map((a) => [a.countyCode, a]));
  const counties: MonthlyReportRow[] = progress.areas.map((area) => {
    const activity = area.code === null ? undefined : (byCounty.get(area.code) ?? null);
    const counted = activity !== undefined;
    return {
      areaId: area.areaId,
      code: area.code,
      nameZh: area.nameZh,
      nameEn: area.nameEn,
      pilesAdded: counted ? (activity?.pilesAdded ?? 0) : null,
      publicPiles: area.publicPiles,
      planYearActual: area.year.actual,
      planYearTarget: area.year.target,
      planYearPercent: area.year.percent,
      planCumulativeActual: area.cumulative.actual,
      planCumulativeTarget: area.cumulative.target,
      planCumulativePercent: area.cumulative.percent,
      ...(counted ? rates(activity?.minutes ?? null) : { onlineRatePercent: null, uptimePercent: null }),
      faults: counted ? (activity?.faults ?? 0) : null,
      alerts: counted ? (activity?.alerts.total ?? 0) : null,
      alertsBySeverity: counted ? [activity?.alerts.severity1 ?? 0, activity?.alerts.severity2 ?? 0, activity?.alerts.severity3 ?? 0] : null,
    };
  });

  const all = inputs.activity;
  const sum = (f: (a: CountyMonthActivity) => number) => all.reduce((n, a) => n + f(a), 0);
  const cityMinutes = all.reduce<UptimeMinutes | null>((m, a) => addMinutes(m, a.minutes), null);
  const city: MonthlyReportRow = {
    areaId: 'city',
    code: null,
    nameZh: '忻州市',
    nameEn: 'Xinzhou City',
    pilesAdded: sum((a) => a.pilesAdded),
    publicPiles: progress.city.publicPiles.actual,
    planYearActual: progress.areas.reduce((n, a) => n + a.year.actual, 0),
    planYearTarget: progress.areas.reduce((n, a) => n + (a.year.target ?? 0), 0),
    planYearPercent: null,
    planCumulativeActual: progress.city.newPublicPiles.actual,
    planCumulativeTarget: progress.city.newPublicPiles.target,
    planCumulativePercent: progress.city.newPublicPiles.percent,
    ...rates(cityMinutes),
    faults: sum((a) => a.faults),
    alerts: sum((a) => a.alerts.total),
    alertsBySeverity: [sum((a) => a.alerts.severity1), sum((a) => a.alerts.severity2), sum((a) => a.alerts.severity3)],
  };
  city.planYearPercent = city.planYearTarget ? (100 * city.planYearActual) / city.planYearTarget : null;
  const unplaced = byCounty.get(null);

  return {
    month: inputs.month,
    window: { from: inputs.window.from.toISOString(), to: inputs.window.to.toISOString() },
    dueBy: dueBy(inputs.month),
    generatedAt: inputs.generatedAt.toISOString(),
    planYear: progress.year,
    asOf: progress.cutoff,
    city,
    counties,
    plan: {
      publicPiles: progress.city.publicPiles,
      newPublicPiles: progress.city.newPublicPiles,
      evsPerPile: progress.pileToEvRatio.evsPerPile,
      targetEvsPerPile: progress.pileToEvRatio.targetEvsPerPile,
      goalEvsPerPile: progress.pileToEvRatio.goalEvsPerPile,
      townshipsCovered: progress.coverage.townships,
      villagesCovered: progress.coverage.villages,
      maxChargingDistanceKm: progress.chargingDistance?.maxKm ?? null,
      placesOverLimit: progress.chargingDistance ? progress.chargingDistance.overLimit.length : null,
    },
    unplaced: { pilesAdded: unplaced?.pilesAdded ?? 0, faults: unplaced?.faults ?? 0, alerts: unplaced?.alerts.total ?? 0 },
  };
}
