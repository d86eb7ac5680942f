/**
 * The push delivery streams on PostgreSQL: one delivery at a time per partner and subject, in order;
 * an attempt claimed once; the next delivery handed over when one ends; lost ones found again.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestEngine, type TestStore } from '../testing.js';
import {
  claimProvinceAttempt,
  deferProvinceDelivery,
  findOverdueProvinceHeads,
  findProvinceStationEnergy,
  findProvinceDeliveries,
  findProvinceStreamHeads,
  insertProvinceDeliveries,
  lockProvinceCursor,
  type NewProvinceDelivery,
  provinceDeliverySummary,
  pruneProvinceDeliveries,
  saveProvinceCursor,
  settleProvinceDelivery,
} from './province.js';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore('postgresql');
});
afterAll(() => store?.close());
beforeEach(async () => {
  await store.db.pool.query('TRUNCATE province_deliveries, province_partner_state, province_cursors');
});

const status = (subject: string, code: number, partnerId = 'PROVINCE1'): NewProvinceDelivery => ({
  partnerId,
  interface: 'notification_stationStatus',
  subject,
  stationId: 'st-1',
  data: { ConnectorStatusInfo: { ConnectorID: subject, Status: code } },
  changedAt: new Date('2025-03-01T08:00:00Z'),
});
const lease = () => new Date(Date.now() + 60_000);

describe('delivery streams', () => {
  it('records deliveries in order and lets only the first pending one of each stream go', async () => {
    const pool = store.db.pool;
    const ids = await insertProvinceDeliveries(pool, [status('CP1011', 255), status('CP1011', 1), status('CP1021', 3), status('CP1011', 0, 'OTHER0001')]);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => a - b));
    const heads = await findProvinceStreamHeads(pool, ids);
    expect(heads.map((h) => h.id)).toEqual([ids[0], ids[2], ids[3]]);
    expect(heads[0]).toMatchObject({ attempts: 0 });
    // The second delivery of CP1011 cannot be claimed while the first is pending.
    expect(await claimProvinceAttempt(pool, ids[1]!, 0, lease())).toBeUndefined();
  });

  it('claims an attempt once: a duplicate job for the same attempt finds nothing to do', async () => {
    const pool = store.db.pool;
    const [id] = await insertProvinceDeliveries(pool, [status('CP1011', 255)]);
    expect(await claimProvinceAttempt(pool, id!, 0, lease())).toMatchObject({ id, attempts: 1, state: 'pending' });
    expect(await claimProvinceAttempt(pool, id!, 0, lease())).toBeUndefined();
    await deferProvinceDelivery(pool, id!, new Date(), 'PW_TCEC_HTTP_ERROR', 'HTTP 500');
    expect(await claimProvinceAttempt(pool, id!, 1, lease())).toMatchObject({ attempts: 2, errorCode: 'PW_TCEC_HTTP_ERROR', lastError: 'HTTP 500' });
  });

  it('hands over the next delivery of the stream when one ends, and records how the partner fares', async () => {
    const pool = store.db.pool;
    const [first, second] = await insertProvinceDeliveries(pool, [status('CP1011', 255), status('CP1011', 1)]);
    await claimProvinceAttempt(pool, first!, 0, lease());
    await deferProvinceDelivery(pool, first!, new Date(), 'PW_TCEC_UNREACHABLE', 'no answer');
    const next = await settleProvinceDelivery(pool, first!, { state: 'failed', errorCode: 'PW_TCEC_UNREACHABLE', error: 'gave up after 1 attempts' });
    expect(next).toMatchObject({ id: second, attempts: 0 });
    expect(await settleProvinceDelivery(pool, first!, { state: 'delivered' })).toBeUndefined();
    await claimProvinceAttempt(pool, second!, 0, lease());
    expect(await settleProvinceDelivery(pool, second!, { state: 'delivered' })).toBeUndefined();

    const [summary] = await provinceDeliverySummary(store.db);
    expect(summary).toMatchObject({
      partnerId: 'PROVINCE1',
      counts: { pending: 0, delivered: 1, ignored: 0, failed: 1 },
      lastError: 'gave up after 1 attempts',
      consecutiveFailures: 0,
    });
    expect(summary!.lastDeliveredAt).toBeInstanceOf(Date);
    const failed = await findProvinceDeliveries(store.db, { state: 'failed' }, { limit: 10, offset: 0 });
    expect(failed.items.map((d) => [d.id, d.errorCode, d.lastError])).toEqual([[first, 'PW_TCEC_UNREACHABLE', 'gave up after 1 attempts']]);
  });

  it('finds stream heads whose attempt is overdue (a lost job), not those still leased or waiting their turn', async () => {
    const pool = store.db.pool;
    const [lost, behind, leased] = await insertProvinceDeliveries(pool, [status('CP1011', 255), status('CP1011', 1), status('CP1021', 3)]);
    await claimProvinceAttempt(pool, lost!, 0, new Date(Date.now() - 1000));
    await claimProvinceAttempt(pool, leased!, 0, lease());
    const overdue = await findOverdueProvinceHeads(pool, new Date(), 10);
    expect(overdue.map((d) => [d.id, d.attempts])).toEqual([[lost, 1]]);
    expect(overdue.map((d) => d.id)).not.toContain(behind);
  });

  it('prunes finished deliveries older than the cut, never pending ones', async () => {
    const pool = store.db.pool;
    const [done, pending] = await insertProvinceDeliveries(pool, [status('CP1011', 1), status('CP1021', 1)]);
    await claimProvinceAttempt(pool, done!, 0, lease());
    await settleProvinceDelivery(pool, done!, { state: 'ignored' });
    expect(await pruneProvinceDeliveries(pool, new Date(Date.now() + 1000))).toBe(1);
    const left = await findProvinceDeliveries(store.db, {}, { limit: 10, offset: 0 });
    expect(left.items.map((d) => d.id)).toEqual([pending]);
  });
});

describe('cursors', () => {
  it('are unset until saved, and held by one transaction at a time', async () => {
    const a = await store.db.pool.connect();
    const b = await store.db.pool.connect();
    try {
      await a.query('BEGIN');
      expect(await lockProvinceCursor(a, 'live')).toBeNull();
      await saveProvinceCursor(a, 'live', '1-0');
      await b.query('BEGIN');
      const waiting = lockProvinceCursor(b, 'live');
      await a.query('COMMIT');
      // b waited for a, and sees what a saved.
      expect(await waiting).toBe('1-0');
      await b.query('COMMIT');
    } finally {
      a.release();
      b.release();
    }
  });
});

describe.each<TestEngine>(['postgresql', 'embedded'])('station energy on %s', (engine) => {
  let energyStore: TestStore;
  beforeAll(async () => {
    energyStore = await openTestStore(engine);
    const { pool } = energyStore.db;
    await pool.query(`INSERT INTO operators (id, name) VALUES ('op', 'Op')`);
    await pool.query(`INSERT INTO stations (id, operator_id, name) VALUES ('st', 'op', 'St')`);
    await pool.query(`INSERT INTO charge_points (id, operator_id, station_id) VALUES ('CP', 'op', 'st')`);
    // Register readings (Wh) in Shanghai time: a session across midnight on EVSE 1, a replaced meter on EVSE 2.
    const readings: Array<[number, string, number]> = [
      [1, '2025-03-01T10:00:00+08:00', 1000],
      [1, '2025-03-01T23:30:00+08:00', 6000],
      [1, '2025-03-02T00:30:00+08:00', 8000],
      [1, '2025-03-02T18:00:00+08:00', 12500],
      [2, '2025-03-02T08:00:00+08:00', 100000],
      [2, '2025-03-02T10:00:00+08:00', 130000],
      [2, '2025-03-03T07:00:00+08:00', 129000],
      [2, '2025-03-03T09:00:00+08:00', 131000],
    ];
    for (const [evse, time, wh] of readings) {
      await pool.query(
        `INSERT INTO meter_samples (time, received_at, charger_id, evse_id, connector_id, measurand, unit, value)
         VALUES ($1, now(), 'CP', $2, 1, 'Energy.Active.Import.Register', 'Wh', $3)`,
        [time, evse, wh],
      );
    }
    // TimescaleDB answers continuous aggregates from what has been materialised: the worker's refresh.
    if (energyStore.db.timescale) await pool.query(`CALL refresh_continuous_aggregate('meter_1d', NULL, NULL)`);
  });
  afterAll(() => energyStore?.close());

  it.each([
    ['the first day: max − min', '2025-03-01', '2025-03-01', [[1, 5]]],
    ['a day whose session began the evening before: the step after midnight counts', '2025-03-02', '2025-03-02', [[1, 6.5], [2, 30]]],
    ['a day after the meter went backwards: no negative step', '2025-03-03', '2025-03-03', [[2, 2]]],
    ['several days: the sum of each', '2025-03-01', '2025-03-03', [[1, 11.5], [2, 32]]],
    ['days without readings', '2025-03-05', '2025-03-06', []],
  ])('%s', async (_what, from, to, expected) => {
    const rows = await findProvinceStationEnergy(energyStore.db, 'st', from, to);
    expect(rows.map((r) => [r.evseId, r.energyKwh])).toEqual(expected);
  });
});
