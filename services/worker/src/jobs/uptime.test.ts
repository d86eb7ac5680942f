/**
 * Uptime rollups on a real PostgreSQL database against a hand-computed day: statuses, a disconnection
 * and an exclusion give exactly the expected minutes; late data and exclusions entered afterwards
 * recompute the days they touch; months read the same as their days; a connector that never reported
 * is "no data", not 100 %.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import {
  addCharger,
  createExclusion,
  deleteExclusion,
  monthsAndEdges,
  upsertConnectors,
  upsertOperator,
  upsertStation,
  uptimeSums,
  type Database,
  type UptimeQuery,
} from '@pilewatch/store';
import { openTestStore, type TestStore } from '@pilewatch/store/testing';
import { withRates } from '@pilewatch/supervision';
import { rollupUptime } from './uptime.js';

const log = pino({ level: 'silent' });
/** Shanghai time. */
const sh = (local: string) => new Date(`${local}+08:00`);

let store: TestStore;
let db: Database;

beforeAll(async () => {
  store = await openTestStore('postgresql');
  db = store.db;
  await upsertOperator(db, { id: 'op-u', name: 'U' });
  await upsertStation(db, { id: 'st-u', operatorId: 'op-u', name: 'U', countyCode: '140902', category: 'urban_public', isPublic: true });
  await addCharger(db, { id: 'CP-U', operatorId: 'op-u', stationId: 'st-u' });
  await addCharger(db, { id: 'CP-N', operatorId: 'op-u', stationId: 'st-u' });
  await upsertConnectors(db, 'CP-U', [
    { evseId: 1, connectorId: 1 },
    { evseId: 2, connectorId: 1 },
  ]);
  await upsertConnectors(db, 'CP-N', [{ evseId: 1, connectorId: 1 }]);
  // A charger not placed at any station yet.
  await addCharger(db, { id: 'CP-Z', operatorId: 'op-u' });
  await upsertConnectors(db, 'CP-Z', [{ evseId: 1, connectorId: 1 }]);
  // CP-U on 2025-03-10: gun 1 faulted 06:00-08:00, the charger offline 20:00-21:00. CP-N never reports.
  const statuses: Array<[number, string, string]> = [
    [1, 'Available', '2025-03-09T23:00:00'],
    [2, 'Available', '2025-03-09T23:00:00'],
    [1, 'Faulted', '2025-03-10T06:00:00'],
    [1, 'Available', '2025-03-10T08:00:00'],
  ];
  for (const [evse, status, at] of statuses) {
    await db.pool.query(
      `INSERT INTO status_events (time, received_at, charger_id, evse_id, connector_id, status) VALUES ($1, $1, 'CP-U', $2, 1, $3)`,
      [sh(at), evse, status],
    );
  }
  await db.pool.query(
    `INSERT INTO connector_state (charger_id, evse_id, connector_id, status, status_at, received_at)
     VALUES ('CP-U', 1, 1, 'Available', $1, $1), ('CP-U', 2, 1, 'Available', $2, $2)`,
    [sh('2025-03-10T08:00:00'), sh('2025-03-09T23:00:00')],
  );
  await db.pool.query(`INSERT INTO connectivity_events (time, charger_id, event) VALUES ($1, 'CP-U', 'disconnected'), ($2, 'CP-U', 'connected')`, [
    sh('2025-03-10T20:00:00'),
    sh('2025-03-10T21:00:00'),
  ]);
  await createExclusion(db, {
    reason: 'maintenance',
    note: 'gun 1 repair',
    from: sh('2025-03-10T07:00:00'),
    to: sh('2025-03-10T07:30:00'),
    operatorId: 'op-u',
    stationId: null,
    chargerId: 'CP-U',
    evseId: 1,
    connectorId: 1,
    createdBy: 'test',
  });
});
afterAll(() => store?.close());

const page = { limit: 100, offset: 0 };
const figures = async (q: Omit<UptimeQuery, 'fromDay' | 'toDay'> & { fromDay?: string; toDay?: string }) =>
  (await uptimeSums(db, {}, { fromDay: '2025-03-10', toDay: '2025-03-10', ...q }, page)).items.map((s) => ({ ...withRates(s), key: s.key, connectors: s.connectors, connectorsWithData: s.connectorsWithData }));

describe('the uptime rollup', () => {
  it('computes each connector-day from its history, the exclusion included, exactly', async () => {
    const report = await rollupUptime(db, sh('2025-03-11T12:00:00'), log);
    expect(report.fullDays).toEqual(['2025-03-09', '2025-03-10', '2025-03-11']);
    const [never, gun1, gun2] = await figures({ level: 'connector' });
    // Gun 1: 120 faulted + 60 offline = 180 outage minutes, 30 of them excluded: (1440 − 150) / 1440.
    expect(gun1).toMatchObject({
      key: 'CP-U:1:1',
      windowMinutes: 1440,
      noDataMinutes: 0,
      faultedMinutes: 120,
      offlineMinutes: 60,
      outageMinutes: 180,
      excludedMinutes: 30,
      outageCount: 2,
      mttrMinutes: 75,
    });
    expect(gun1!.uptimePercent).toBeCloseTo((100 * 1290) / 1440, 10);
    expect(gun1!.onlineRatePercent).toBeCloseTo((100 * 1380) / 1440, 10);
    expect(gun1!.faultRatePercent).toBeCloseTo((100 * 120) / 1440, 10);
    // Gun 2: only the disconnection.
    expect(gun2).toMatchObject({ key: 'CP-U:2:1', outageMinutes: 60, excludedMinutes: 0, outageCount: 1 });
    expect(gun2!.uptimePercent).toBeCloseTo((100 * 1380) / 1440, 10);
    // Never reported: no data, and no rates at all.
    expect(never).toMatchObject({ key: 'CP-N:1:1', noDataMinutes: 1440, observedMinutes: 0, uptimePercent: null, onlineRatePercent: null, connectorsWithData: 0 });
  });

  it('sums minutes for a station and recomputes its rates from them (never averages percentages)', async () => {
    const [station, unplaced] = await figures({ level: 'station' });
    // Connectors without a station group under null, last.
    expect(unplaced).toMatchObject({ key: null, connectors: 1, connectorsWithData: 0, observedMinutes: 0, uptimePercent: null });
    expect(station).toMatchObject({ key: 'st-u', connectors: 3, connectorsWithData: 2, windowMinutes: 3 * 1440, observedMinutes: 2 * 1440 });
    expect(station!.uptimePercent).toBeCloseTo((100 * (2880 - 150 - 60)) / 2880, 10);
  });

  it('reads a whole month from the monthly rows exactly as the sum of its days', async () => {
    const [month] = await figures({ level: 'charger', chargerId: 'CP-U', fromDay: '2025-03-01', toDay: '2025-03-31' });
    const [days] = await figures({ level: 'charger', chargerId: 'CP-U', fromDay: '2025-03-09', toDay: '2025-03-11' });
    expect(monthsAndEdges('2025-03-01', '2025-03-31')).toEqual({ months: ['2025-03-01', '2025-03-01'], days: [] });
    expect(month).toEqual(days);
    // The 9th had an hour of data (from 23:00), the 11th half a day so far.
    expect(month).toMatchObject({ windowMinutes: 2 * (1440 + 1440 + 720), noDataMinutes: 2 * 1380 });
  });

  it('recomputes a rolled-up day when late status reports arrive for it', async () => {
    // Gun 2 replays what it queued while it could not send: a fault 12:00-13:00 on the 10th.
    for (const [status, at] of [
      ['Faulted', '2025-03-10T12:00:00'],
      ['Available', '2025-03-10T13:00:00'],
    ]) {
      await db.pool.query(
        `INSERT INTO status_events (time, received_at, charger_id, evse_id, connector_id, status) VALUES ($1, $2, 'CP-U', 2, 1, $3)`,
        [sh(at!), sh('2025-03-11T12:30:00'), status],
      );
    }
    const report = await rollupUptime(db, sh('2025-03-11T13:00:00'), log);
    expect(report.fullDays).toEqual(['2025-03-11']);
    expect(report.dirtyDays).toEqual({ '2025-03-10': 1 });
    const gun2 = (await figures({ level: 'connector' })).find((f) => f.key === 'CP-U:2:1')!;
    expect(gun2).toMatchObject({ faultedMinutes: 60, offlineMinutes: 60, outageMinutes: 120, outageCount: 2 });
  });

  it('recomputes the days of an exclusion deleted after they were rolled up', async () => {
    const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM uptime_exclusions`);
    expect(await deleteExclusion(db, Number(rows[0]!.id), {})).toBe(true);
    const report = await rollupUptime(db, sh('2025-03-11T13:05:00'), log);
    expect(report.dirtyDays).toEqual({ '2025-03-10': 1 });
    const gun1 = (await figures({ level: 'connector' })).find((f) => f.key === 'CP-U:1:1')!;
    expect(gun1).toMatchObject({ outageMinutes: 180, excludedMinutes: 0 });
    expect(gun1.uptimePercent).toBeCloseTo((100 * 1260) / 1440, 10);
  });

  it('finishes a day at the first run after it ends and then only rolls today forward', async () => {
    const report = await rollupUptime(db, sh('2025-03-12T00:10:00'), log);
    expect(report.fullDays).toEqual(['2025-03-11', '2025-03-12']);
    const [day11] = await figures({ level: 'charger', chargerId: 'CP-U', fromDay: '2025-03-11', toDay: '2025-03-11' });
    expect(day11!.windowMinutes).toBe(2 * 1440);
  });
});

describe('monthsAndEdges', () => {
  it.each([
    ['2025-03-10', '2025-03-10', { days: [['2025-03-10', '2025-03-10']] }],
    ['2025-01-01', '2025-12-31', { months: ['2025-01-01', '2025-12-01'], days: [] }],
    ['2024-03-16', '2025-03-15', { months: ['2024-04-01', '2025-02-01'], days: [['2024-03-16', '2024-03-31'], ['2025-03-01', '2025-03-15']] }],
    ['2024-02-01', '2024-02-29', { months: ['2024-02-01', '2024-02-01'], days: [] }],
    ['2024-02-02', '2024-03-30', { days: [['2024-02-02', '2024-03-30']] }],
  ])('%s … %s', (from, to, expected) => {
    expect(monthsAndEdges(from, to)).toEqual(expected);
  });
});
