import { describe, expect, it } from 'vitest';
import { planProgress } from '@pilewatch/supervision';
import type { CountyMonthActivity } from '@pilewatch/store';
import { buildMonthlyReport, dueBy, planYearOf } from './monthly-report-build.js';
import { monthlyReportCsv } from './monthly-report-csv.js';

const window = { from: new Date('2025-02-28T16:00:00Z'), to: new Date('2025-03-31T16:00:00Z') };
const minutes = (offline: number, faulted: number) => ({
  windowMinutes: 1000,
  noDataMinutes: 0,
  availableMinutes: 1000 - offline - faulted,
  occupiedMinutes: 0,
  faultedMinutes: faulted,
  unavailableMinutes: 0,
  offlineMinutes: offline,
  outageMinutes: offline + faulted,
  excludedMinutes: 0,
  outageCount: 1,
});
const none = { total: 0, severity1: 0, severity2: 0, severity3: 0 };

// Xinfu District: two piles commissioned in March 2025 and one older; Wutai: one station tagged for the scenic area.
const progress = planProgress({
  year: 2025,
  asOf: window.to,
  stations: [
    { id: 'a', isPublic: true, countyCode: '140902', piles: [{ id: 'p1', dc: true, commissionedAt: new Date('2025-03-02T00:00:00+08:00') }, { id: 'p2', dc: false, commissionedAt: new Date('2025-03-20T00:00:00+08:00') }, { id: 'p3', dc: false }] },
    { id: 'b', isPublic: true, countyCode: '140922', planAreaId: 'wutaishan-scenic-area', piles: [{ id: 'p4', dc: false }] },
  ],
});
const activity: CountyMonthActivity[] = [
  { countyCode: '140902', pilesAdded: 2, faults: 3, alerts: { total: 2, severity1: 1, severity2: 1, severity3: 0 }, minutes: minutes(100, 50) },
  { countyCode: '140922', pilesAdded: 0, faults: 1, alerts: { total: 1, severity1: 0, severity2: 0, severity3: 1 }, minutes: minutes(0, 0) },
  { countyCode: null, pilesAdded: 1, faults: 0, alerts: none, minutes: null },
];

describe('the monthly report', () => {
  const report = buildMonthlyReport({ month: '2025-03', window, generatedAt: new Date('2025-04-01T02:00:05+08:00'), progress, activity });

  it('has a row per Annex 1 area, in the plan order, with the month and its plan figures', () => {
    expect(report.counties).toHaveLength(15);
    expect(report.counties[0]).toMatchObject({
      areaId: '140902',
      nameZh: '忻府区',
      pilesAdded: 2,
      publicPiles: 3,
      planYearActual: 2,
      faults: 3,
      alerts: 2,
      alertsBySeverity: [1, 1, 0],
      // (1000 − 100) / 1000 online; (1000 − 150) / 1000 up.
      onlineRatePercent: 90,
      uptimePercent: 85,
    });
    expect(report).toMatchObject({ month: '2025-03', dueBy: '2025-04-03', planYear: 2025, asOf: '2025-03-31T16:00:00.000Z' });
  });

  it("leaves the scenic area's county-counted figures empty: its stations' activity is in Wutai County's row", () => {
    expect(report.counties.find((c) => c.areaId === 'wutaishan-scenic-area')).toMatchObject({ publicPiles: 1, pilesAdded: null, faults: null, uptimePercent: null });
    expect(report.counties.find((c) => c.code === '140922')).toMatchObject({ publicPiles: 0, faults: 1, uptimePercent: 100 });
  });

  it('shows a county without activity as zeros and without uptime data as empty, never as 100 %', () => {
    expect(report.counties.find((c) => c.code === '140981')).toMatchObject({ pilesAdded: 0, faults: 0, alerts: 0, onlineRatePercent: null, uptimePercent: null });
  });

  it('totals the city from every county (stations without a county included), rates from the summed minutes', () => {
    expect(report.city).toMatchObject({ pilesAdded: 3, faults: 4, alerts: 3, alertsBySeverity: [1, 1, 1], publicPiles: 4, onlineRatePercent: 95, uptimePercent: 92.5 });
    expect(report.unplaced).toEqual({ pilesAdded: 1, faults: 0, alerts: 0 });
  });

  it('is due on the 3rd of the next month, and measures months after the plan against its last year', () => {
    expect(dueBy('2025-12')).toBe('2026-01-03');
    expect(planYearOf('2026-10')).toBe(2025);
    expect(planYearOf('2022-05')).toBe(2023);
  });

  it('writes CSV with a bilingual header, the areas, then the city total', () => {
    const lines = monthlyReportCsv(report).trimEnd().split('\r\n');
    expect(lines).toHaveLength(17);
    expect(lines[0]).toMatch(/^月份 Month,区划代码 Code,区县 Area,Area \(en\),本月新增桩 Piles added,/);
    expect(lines[1]).toBe('2025-03,140902,忻府区,Xinfu District,2,3,2,' + `${progress.areas[0]!.year.target},${progress.areas[0]!.year.percent!.toFixed(1)},2,${progress.areas[0]!.cumulative.target},${progress.areas[0]!.cumulative.percent!.toFixed(1)},90.0,85.0,3,2,1,1,0`);
    expect(lines[16]).toMatch(/^2025-03,,忻州市,Xinzhou City,3,4,/);
    expect(lines.find((l) => l.includes('wutaishan') || l.includes('五台山'))).toMatch(/,五台山风景区,Mount Wutai Scenic Area,,1,/);
  });
});
