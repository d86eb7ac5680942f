import type { ConnectorStatus } from '@pilewatch/ocpp';
import { describe, expect, it } from 'vitest';
import type { Exclusion, ExclusionReason } from './exclusions.js';
import { at, minuteOf } from './fixtures/charger-messages.js';
import { connectorTimeline, type ConnectivityRecord, type ConnectorHistory, type StatusRecord } from './timeline.js';
import { connectorUptime } from './uptime.js';

// The window under test is minute 0 to minute 1440 (one day); negative minutes lie before it.
const day = { from: at(0), to: at(1440) };
const st = (minute: number, status: ConnectorStatus, evseId = 1, receivedMinute?: number): StatusRecord => ({
  evseId,
  connectorId: evseId === 0 ? 0 : 1,
  status,
  at: at(minute),
  ...(receivedMinute !== undefined ? { receivedAt: at(receivedMinute) } : {}),
});
const up = (minute: number): ConnectivityRecord => ({ at: at(minute), online: true });
const down = (minute: number): ConnectivityRecord => ({ at: at(minute), online: false });
const ex = (from: number, to: number, reason: ExclusionReason = 'maintenance'): Exclusion => ({ from: at(from), to: at(to), reason });
const history = (statuses: StatusRecord[], connectivity: ConnectivityRecord[] = []): ConnectorHistory => ({
  evseId: 1,
  connectorId: 1,
  statuses,
  connectivity,
});

describe('connectorTimeline', () => {
  it('turns statuses and connectivity into contiguous intervals covering exactly the window', () => {
    const h = history(
      [st(-10, 'Available'), st(60, 'Preparing'), st(62, 'Charging'), st(120, 'Finishing'), st(125, 'Available'), st(160, 'Available'), st(1398, 'Faulted')],
      [up(-20), down(100), up(160)],
    );
    const intervals = connectorTimeline(h, day).map((i) => `${minuteOf(i.from.toISOString())}-${minuteOf(i.to.toISOString())} ${i.state}${i.status ? ` ${i.status}` : ''}`);
    expect(intervals).toEqual([
      '0-60 available Available',
      '60-62 occupied Preparing',
      '62-100 occupied Charging',
      '100-160 offline',
      '160-1398 available Available',
      '1398-1440 faulted Faulted',
    ]);
  });

  it('is the same whatever order the records arrive in', () => {
    const statuses = [st(-10, 'Available'), st(60, 'Charging'), st(120, 'Available'), st(600, 'Faulted'), st(636, 'Available')];
    const connectivity = [up(-30), down(700), up(760)];
    const shuffled = history([statuses[3]!, statuses[0]!, statuses[4]!, statuses[2]!, statuses[1]!], [connectivity[2]!, connectivity[0]!, connectivity[1]!]);
    expect(connectorTimeline(shuffled, day)).toEqual(connectorTimeline(history(statuses, connectivity), day));
  });

  it('at the same instant, the record received last wins', () => {
    const h = history([st(-10, 'Available'), st(100, 'Available', 1, 101), st(100, 'Faulted', 1, 100)]);
    expect(connectorTimeline(h, day).map((i) => i.state)).toEqual(['available']);
  });

  it('the charger as a whole being Unavailable or Faulted (EVSE 0) takes the connector down with it', () => {
    const h = history([st(-10, 'Available'), st(-10, 'Available', 2), st(300, 'Unavailable', 0), st(330, 'Available', 0)]);
    expect(connectorTimeline(h, day).map((i) => `${minuteOf(i.from.toISOString())} ${i.state}`)).toEqual(['0 available', '300 unavailable', '330 available']);
  });

  it('refuses an empty window', () => {
    expect(() => connectorTimeline(history([]), { from: at(10), to: at(10) })).toThrow(expect.objectContaining({ code: 'PW_SUP_WINDOW_INVALID' }));
  });
});

describe('connectorUptime: hand-computed days', () => {
  it('a 36-minute fault in a day: 97.5 % uptime, 2.5 % fault rate, one outage of 36 minutes', () => {
    const h = history([st(-10, 'Available'), st(60, 'Charging'), st(120, 'Available'), st(600, 'Faulted'), st(636, 'Available')]);
    expect(connectorUptime(h, [], day)).toEqual({
      windowMinutes: 1440,
      noDataMinutes: 0,
      availableMinutes: 1344,
      occupiedMinutes: 60,
      faultedMinutes: 36,
      unavailableMinutes: 0,
      offlineMinutes: 0,
      outageMinutes: 36,
      excludedMinutes: 0,
      outageCount: 1,
      observedMinutes: 1440,
      countedOutageMinutes: 36,
      uptimePercent: 97.5,
      onlineRatePercent: 100,
      faultRatePercent: 2.5,
      mttrMinutes: 36,
    });
  });

  it('an offline gap partly under maintenance, and a fault running past the window end', () => {
    const h = history([st(-10, 'Available'), st(160, 'Available'), st(1398, 'Faulted')], [up(-20), down(100), up(160)]);
    const f = connectorUptime(h, [ex(120, 150)], day);
    expect(f).toMatchObject({
      offlineMinutes: 60,
      faultedMinutes: 42,
      outageMinutes: 102,
      excludedMinutes: 30,
      countedOutageMinutes: 72,
      uptimePercent: 95, // (1440 − (102 − 30)) / 1440 × 100
      onlineRatePercent: (100 * 1380) / 1440,
      faultRatePercent: (100 * 42) / 1440,
      outageCount: 2,
      mttrMinutes: 36,
    });
  });

  it('an exclusion inside an outage does not split it into two', () => {
    const h = history([st(-10, 'Available'), st(100, 'Faulted'), st(200, 'Available')]);
    expect(connectorUptime(h, [ex(120, 150, 'grid_outage')], day)).toMatchObject({
      outageMinutes: 100,
      excludedMinutes: 30,
      outageCount: 1,
      mttrMinutes: 70,
    });
  });

  it('an outage entirely excused is no outage: 100 % uptime, no count, no MTTR', () => {
    const h = history([st(-10, 'Available'), st(100, 'Faulted'), st(130, 'Available')]);
    expect(connectorUptime(h, [ex(90, 140, 'vandalism')], day)).toMatchObject({
      outageMinutes: 30,
      excludedMinutes: 30,
      outageCount: 0,
      mttrMinutes: null,
      uptimePercent: 100,
      faultRatePercent: (100 * 30) / 1440,
    });
  });

  it('overlapping exclusions count their overlap once', () => {
    const h = history([st(-10, 'Available'), st(100, 'Faulted'), st(200, 'Available')]);
    expect(connectorUptime(h, [ex(100, 160), ex(140, 200, 'vandalism')], day)).toMatchObject({ excludedMinutes: 100, outageCount: 0, uptimePercent: 100 });
  });

  it('exclusions over working minutes change nothing', () => {
    const h = history([st(-10, 'Available'), st(100, 'Faulted'), st(200, 'Available')]);
    const without = connectorUptime(h, [], day);
    expect(connectorUptime(h, [ex(300, 900, 'outside_opening_hours')], day)).toEqual(without);
  });

  it('an outage that began before the window counts its minutes here but its occurrence in the window where it began', () => {
    const h = history([st(-100, 'Available'), st(-30, 'Faulted'), st(30, 'Available')]);
    const previous = connectorUptime(h, [], { from: at(-1440), to: at(0) });
    const today = connectorUptime(h, [], day);
    const both = connectorUptime(h, [], { from: at(-1440), to: at(1440) });
    expect(previous).toMatchObject({ faultedMinutes: 30, outageCount: 1, mttrMinutes: 30, noDataMinutes: 1340 });
    expect(today).toMatchObject({ faultedMinutes: 30, outageCount: 0, mttrMinutes: null, uptimePercent: (100 * 1410) / 1440 });
    expect(both).toMatchObject({ faultedMinutes: 60, outageCount: 1, mttrMinutes: 60 });
  });

  it('an outage excused until the window starts is counted in the window of its first counted minute', () => {
    const h = history([st(-100, 'Available'), st(-30, 'Faulted'), st(30, 'Available')]);
    const excusedBefore = [ex(-60, 0, 'grid_outage')];
    expect(connectorUptime(h, excusedBefore, { from: at(-1440), to: at(0) })).toMatchObject({ outageCount: 0, excludedMinutes: 30 });
    expect(connectorUptime(h, excusedBefore, day)).toMatchObject({ outageCount: 1, mttrMinutes: 30 });
  });

  it('window edges: a change exactly at the start or the end of the window', () => {
    const h = history([st(-10, 'Available'), st(0, 'Faulted'), st(1440, 'Available')]);
    expect(connectorUptime(h, [], day)).toMatchObject({ faultedMinutes: 1440, availableMinutes: 0, outageCount: 1, uptimePercent: 0, mttrMinutes: 1440 });
    const next = connectorUptime(h, [], { from: at(1440), to: at(2880) });
    expect(next).toMatchObject({ faultedMinutes: 0, availableMinutes: 1440, outageCount: 0, uptimePercent: 100 });
  });

  it('a connector that never reported is "no data", not 100 %', () => {
    expect(connectorUptime(history([]), [], day)).toMatchObject({
      noDataMinutes: 1440,
      observedMinutes: 0,
      uptimePercent: null,
      onlineRatePercent: null,
      faultRatePercent: null,
      mttrMinutes: null,
    });
  });

  it('minutes before the first report are no data and left out of W', () => {
    const h = history([st(720, 'Available'), st(1080, 'Faulted'), st(1152, 'Available')]);
    expect(connectorUptime(h, [], day)).toMatchObject({ noDataMinutes: 720, observedMinutes: 720, faultedMinutes: 72, uptimePercent: 90 });
  });

  it('a charger known to be offline is an outage even for a connector that has not reported yet', () => {
    const h = history([st(60, 'Available')], [up(-100), down(-50), up(60)]);
    expect(connectorUptime(h, [], day)).toMatchObject({ noDataMinutes: 0, offlineMinutes: 60, outageCount: 0, uptimePercent: (100 * 1380) / 1440 });
  });

  it('a heartbeat deadline missed and then the socket closing are one offline stretch', () => {
    const h = history([st(-10, 'Available'), st(300, 'Available')], [up(-20), down(200), down(230), up(300)]);
    expect(connectorUptime(h, [], day)).toMatchObject({ offlineMinutes: 100, outageCount: 1, onlineRatePercent: (100 * 1340) / 1440 });
  });

  it('faulted then offline then unavailable, back to back, is one outage', () => {
    const h = history([st(-10, 'Available'), st(100, 'Faulted'), st(150, 'Unavailable'), st(200, 'Available')], [up(-20), down(120), up(150)]);
    expect(connectorUptime(h, [], day)).toMatchObject({ faultedMinutes: 20, offlineMinutes: 30, unavailableMinutes: 50, outageMinutes: 100, outageCount: 1 });
  });

  it('works at second resolution (minutes may be fractional)', () => {
    const h = history([st(-10, 'Available'), st(100, 'Faulted'), st(100.5, 'Available')]);
    expect(connectorUptime(h, [], day)).toMatchObject({ faultedMinutes: 0.5, outageCount: 1, mttrMinutes: 0.5 });
  });
});
