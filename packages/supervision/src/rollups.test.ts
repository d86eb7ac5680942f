import { describe, expect, it } from 'vitest';
import { at } from './fixtures/charger-messages.js';
import { rollup, type DailyConnectorMinutes } from './rollups.js';
import type { StatusRecord } from './timeline.js';
import { connectorUptime, zeroMinutes, type UptimeMinutes } from './uptime.js';

function row(day: string, chargerId: string, evseId: number, labels: Partial<DailyConnectorMinutes>, minutes: Partial<UptimeMinutes>): DailyConnectorMinutes {
  return { ...zeroMinutes(), windowMinutes: 1440, day, chargerId, evseId, connectorId: 1, ...labels, ...minutes };
}

const st1 = { stationId: 'st-1', operatorId: 'op-A', countyCode: '140902' };
const st2 = { stationId: 'st-2', operatorId: 'op-B', countyCode: '140981' };
const rows: DailyConnectorMinutes[] = [
  // st-1: connector A down 144 of 1440 minutes (one outage), connector B reported only from noon and never down
  row('2024-03-01', 'CP-1', 1, st1, { availableMinutes: 1296, faultedMinutes: 144, outageMinutes: 144, outageCount: 1 }),
  row('2024-03-01', 'CP-1', 2, st1, { noDataMinutes: 720, availableMinutes: 720 }),
  // st-2: offline 60 minutes of which 30 under a grid outage, on two days
  row('2024-03-01', 'CP-2', 1, st2, { availableMinutes: 1380, offlineMinutes: 60, outageMinutes: 60, excludedMinutes: 30, outageCount: 1 }),
  row('2024-03-02', 'CP-2', 1, st2, { availableMinutes: 1380, offlineMinutes: 60, outageMinutes: 60, excludedMinutes: 30, outageCount: 1 }),
  // a connector never heard from, on a station not yet assigned to a county
  row('2024-03-01', 'CP-3', 1, { stationId: 'st-3', operatorId: 'op-A' }, { noDataMinutes: 1440 }),
];

describe('rollup', () => {
  it('a station sums its connectors: uptime from summed minutes, not the mean of percentages', () => {
    const [s1] = rollup(rows, 'station', { toDay: '2024-03-01' });
    expect(s1).toMatchObject({ key: 'st-1', windowMinutes: 2880, noDataMinutes: 720, observedMinutes: 2160, countedOutageMinutes: 144, outageCount: 1, connectors: 2, connectorsWithData: 2 });
    expect(s1!.uptimePercent).toBe((100 * (2160 - 144)) / 2160); // 93.33…, where the mean of 90 % and 100 % would say 95 %
    expect(s1!.faultRatePercent).toBe((100 * 144) / 2160);
    expect(s1!.mttrMinutes).toBe(144);
  });

  it('over several days, minutes and outage counts add up', () => {
    const [c] = rollup(rows, 'charger').filter((r) => r.key === 'CP-2');
    expect(c).toMatchObject({ connectorDays: 2, firstDay: '2024-03-01', lastDay: '2024-03-02', outageMinutes: 120, excludedMinutes: 60, outageCount: 2, mttrMinutes: 30 });
    expect(c!.uptimePercent).toBe((100 * (2880 - 60)) / 2880);
    expect(c!.onlineRatePercent).toBe((100 * (2880 - 120)) / 2880);
  });

  it('operators and counties group their stations; rows without a county gather under null, last', () => {
    expect(rollup(rows, 'operator').map((r) => [r.key, r.connectors, r.connectorsWithData])).toEqual([
      ['op-A', 3, 2],
      ['op-B', 1, 1],
    ]);
    expect(rollup(rows, 'county').map((r) => r.key)).toEqual(['140902', '140981', null]);
    const [none] = rollup(rows, 'county').filter((r) => r.key === null);
    expect(none).toMatchObject({ observedMinutes: 0, uptimePercent: null, connectorsWithData: 0 });
  });

  it('the city is everything; day limits are inclusive', () => {
    const [city] = rollup(rows, 'city');
    expect(city).toMatchObject({ key: 'city', connectors: 4, connectorDays: 5, windowMinutes: 7200, noDataMinutes: 2160, outageMinutes: 264, excludedMinutes: 60 });
    expect(city!.uptimePercent).toBe((100 * (5040 - 204)) / 5040);
    expect(rollup(rows, 'city', { fromDay: '2024-03-02', toDay: '2024-03-02' })[0]).toMatchObject({ connectorDays: 1, outageMinutes: 60 });
    expect(rollup(rows, 'city', { fromDay: '2024-03-03' })).toEqual([]);
  });

  it('daily figures rolled up equal the figures computed over the whole window', () => {
    const statuses: StatusRecord[] = [
      { evseId: 1, connectorId: 1, status: 'Available', at: at(-10) },
      { evseId: 1, connectorId: 1, status: 'Faulted', at: at(1400) },
      { evseId: 1, connectorId: 1, status: 'Available', at: at(1500) },
      { evseId: 1, connectorId: 1, status: 'Unavailable', at: at(2000) },
      { evseId: 1, connectorId: 1, status: 'Available', at: at(2010) },
    ];
    const h = { evseId: 1, connectorId: 1, statuses, connectivity: [] };
    const exclusions = [{ from: at(1420), to: at(1450), reason: 'maintenance' as const }];
    const daily = [0, 1440].map((start, i) => ({
      ...connectorUptime(h, exclusions, { from: at(start), to: at(start + 1440) }),
      day: `2024-03-0${i + 1}`,
      chargerId: 'CP-1',
      evseId: 1,
      connectorId: 1,
    }));
    const whole = connectorUptime(h, exclusions, { from: at(0), to: at(2880) });
    const [rolled] = rollup(daily, 'connector');
    expect(rolled).toMatchObject({
      windowMinutes: whole.windowMinutes,
      outageMinutes: whole.outageMinutes,
      excludedMinutes: whole.excludedMinutes,
      outageCount: whole.outageCount,
      uptimePercent: whole.uptimePercent,
      mttrMinutes: whole.mttrMinutes,
    });
    expect(whole).toMatchObject({ outageMinutes: 110, excludedMinutes: 30, outageCount: 2, mttrMinutes: 40 });
  });
});
