/**
 * A month's report as a printable page (A4 landscape): the table the city files by the 3rd, with the
 * plan summary above it. The browser's print (or "save as PDF") makes the paper copy.
 */
import type { MonthlyReport, ReportRow } from '../api/types.js';
import type { ReportSummary } from '../api/types.js';
import { lang, t } from '../i18n/i18n.js';
import { dateTime, num, percent } from '../model/format.js';
import { link } from '../router.js';
import { h, replace, table, td } from '../ui/dom.js';
import type { View } from './view.js';

export const reportView: View = async ({ root, api, params }) => {
  const stored = await api.get<ReportSummary & { report: MonthlyReport }>(`/api/v1/reports/monthly/${params.month}`);
  const r = stored.report;
  const name = (row: ReportRow) => (lang() === 'zh' ? row.nameZh : row.nameEn);
  const rows = [...r.counties, r.city];
  const grid = table(
    [t('report.area'), t('report.pilesAdded'), t('report.publicPiles'), t('report.yearProgress'), t('report.cumulative'), t('report.onlineRate'), t('report.uptime'), t('report.faults'), t('report.alerts')],
    rows,
    (row) => [
      td(name(row), { class: row.areaId === 'city' ? 'total' : '' }),
      num(row.pilesAdded),
      num(row.publicPiles),
      `${num(row.planYearActual)} / ${num(row.planYearTarget)} (${percent(row.planYearPercent)})`,
      `${num(row.planCumulativeActual)} / ${num(row.planCumulativeTarget)} (${percent(row.planCumulativePercent)})`,
      percent(row.onlineRatePercent),
      percent(row.uptimePercent),
      num(row.faults),
      row.alertsBySeverity ? `${num(row.alerts)} (${row.alertsBySeverity.join(' / ')})` : num(row.alerts),
    ],
    { id: 'report-table' },
  );
  const plan = r.plan;
  replace(
    root,
    h(
      'div',
      { class: 'no-print toolbar' },
      h('a', { href: link.plan() }, `← ${t('nav.plan')}`),
      h('button', { class: 'primary', onclick: () => window.print() }, t('report.print')),
    ),
    h(
      'article',
      { class: 'report-page' },
      h('h1', {}, t('report.heading', { month: r.month })),
      h('p', { class: 'report-meta' }, t('report.meta', { from: dateTime(r.window.from), to: dateTime(r.window.to), due: r.dueBy, generated: dateTime(r.generatedAt), year: r.planYear })),
      h(
        'ul',
        { class: 'report-summary' },
        h('li', {}, t('report.sumPublicPiles', { actual: num(plan.publicPiles.actual), target: num(plan.publicPiles.target), pct: percent(plan.publicPiles.percent) })),
        h('li', {}, t('report.sumNewPiles', { actual: num(plan.newPublicPiles.actual), target: num(plan.newPublicPiles.target), pct: percent(plan.newPublicPiles.percent) })),
        h('li', {}, t('report.sumRatio', { ratio: plan.evsPerPile === null ? '—' : `1:${num(plan.evsPerPile, 1)}`, target: `1:${plan.targetEvsPerPile}` })),
        h('li', {}, t('report.sumCoverage', { townships: num(plan.townshipsCovered.actual), townshipsTarget: num(plan.townshipsCovered.target), villages: num(plan.villagesCovered.actual), villagesTarget: num(plan.villagesCovered.target) })),
        plan.maxChargingDistanceKm !== null ? h('li', {}, t('report.sumDistance', { km: num(plan.maxChargingDistanceKm, 1), over: num(plan.placesOverLimit) })) : null,
      ),
      grid,
      h('p', { class: 'report-notes' }, t('report.notes')),
    ),
  );
};
