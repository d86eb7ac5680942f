/**
 * The monthly report as CSV: one row per area and a city total, headers in Chinese and English, numbers
 * as plain decimals (percentages to one place) so a spreadsheet reads them as numbers.
 */
import type { MonthlyReport, MonthlyReportRow } from './monthly-report-build.js';

const columns: Array<[string, (r: MonthlyReportRow) => string | number | null]> = [
  ['月份 Month', () => null],
  ['区划代码 Code', (r) => r.code],
  ['区县 Area', (r) => r.nameZh],
  ['Area (en)', (r) => r.nameEn],
  ['本月新增桩 Piles added', (r) => r.pilesAdded],
  ['公共充电桩 Public piles', (r) => r.publicPiles],
  ['本年新建 New this year', (r) => r.planYearActual],
  ['本年目标 Year target', (r) => r.planYearTarget],
  ['本年完成率% Year progress %', (r) => pct(r.planYearPercent)],
  ['累计新建 New since 2023', (r) => r.planCumulativeActual],
  ['累计目标 Target since 2023', (r) => r.planCumulativeTarget],
  ['累计完成率% Cumulative %', (r) => pct(r.planCumulativePercent)],
  ['在线率% Online rate %', (r) => pct(r.onlineRatePercent)],
  ['可用率% Uptime %', (r) => pct(r.uptimePercent)],
  ['故障次数 Faults', (r) => r.faults],
  ['告警 Alerts', (r) => r.alerts],
  ['一级告警 Severity 1', (r) => r.alertsBySeverity?.[0] ?? null],
  ['二级告警 Severity 2', (r) => r.alertsBySeverity?.[1] ?? null],
  ['三级告警 Severity 3', (r) => r.alertsBySeverity?.[2] ?? null],
];

function pct(v: number | null): string | null {
  return v === null ? null : v.toFixed(1);
}

/** RFC 4180: quote a field holding a comma, quote or line break; double its quotes. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function monthlyReportCsv(report: MonthlyReport): string {
  const lines = [columns.map(([name]) => csvField(name)).join(',')];
  for (const row of [...report.counties, report.city]) {
    lines.push(columns.map(([, get], i) => csvField(i === 0 ? report.month : get(row))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
