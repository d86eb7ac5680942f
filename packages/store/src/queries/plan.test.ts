/**
 * The plan tracker's queries on both engines (PostgreSQL without TimescaleDB, and the embedded
 * TimescaleDB of the quick start): the registry as the plan reads it, divisions, registered EV counts,
 * the month's activity per county and stored monthly reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestEngine, type TestStore } from '../testing.js';
import { addCharger, setRegistrationStatus } from '../chargers.js';
import { upsertConnectors, upsertOperator, upsertStation } from '../registry.js';
import {
  divisionPlaces,
  findDivisions,
  findMonthlyReport,
  findRegisteredEvs,
  importDivisions,
  latestRegisteredEvs,
  listMonthlyReports,
  monthActivity,
  planStations,
  recordRegisteredEvs,
  saveMonthlyReport,
  setCommissioning,
  setStationPlanAttributes,
  uncoveredDivisions,
} from './index.js';

const page = { limit: 50, offset: 0 };

describe.each<TestEngine>(['postgresql', 'embedded'])('plan queries on %s', (engine) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await openTestStore(engine);
    const { db } = store;
    await upsertOperator(db, { id: 'op-a', name: 'A' });
    await upsertOperator(db, { id: 'op-b', name: 'B' });
    await upsertStation(db, { id: 'st-hub', operatorId: 'op-a', name: 'Hub', countyCode: '140902', township: '长征街道', category: 'central_public', isPublic: true, lat: 38.41, lon: 112.73 });
    await upsertStation(db, { id: 'st-sa', operatorId: 'op-b', name: 'Service area', countyCode: '140921', township: '东冶镇', village: '东冶村', category: 'highway_service_area', isPublic: true, lat: 38.7, lon: 113.1 });
    await upsertStation(db, { id: 'st-rv', operatorId: 'op-b', name: 'RV camp', countyCode: '140922', category: 'rv_camp', isPublic: true });
    await upsertStation(db, { id: 'st-depot', operatorId: 'op-a', name: 'Depot', countyCode: '140902', category: 'bus_depot', isPublic: false });
    await addCharger(db, { id: 'HUB-1', operatorId: 'op-a', stationId: 'st-hub' });
    await addCharger(db, { id: 'HUB-2', operatorId: 'op-a', stationId: 'st-hub' });
    await addCharger(db, { id: 'SA-1', operatorId: 'op-b', stationId: 'st-sa' });
    await addCharger(db, { id: 'SA-PENDING', operatorId: 'op-b', stationId: 'st-sa' });
    await setRegistrationStatus(db, 'SA-PENDING', 'Pending');
    await addCharger(db, { id: 'DEPOT-1', operatorId: 'op-a', stationId: 'st-depot' });
    await upsertConnectors(db, 'HUB-1', [{ evseId: 1, connectorId: 1, currentType: 'AC' }]);
    await upsertConnectors(db, 'SA-1', [
      { evseId: 1, connectorId: 1, currentType: 'AC' },
      { evseId: 2, connectorId: 1, currentType: 'DC' },
    ]);
  });

  afterAll(() => store?.close());

  describe('the registry as the plan reads it', () => {
    it('lists stations with their piles in service, DC when any connector is, commissioning when known', async () => {
      await setCommissioning(store.db, {}, [{ chargerId: 'HUB-2', commissionedAt: new Date('2024-05-01T00:00:00+08:00') }]);
      const stations = await planStations(store.db, {});
      expect(stations.map((s) => [s.id, s.isPublic, s.piles.map((p) => [p.id, p.dc, p.commissionedAt?.toISOString() ?? null])])).toEqual([
        ['st-depot', false, [['DEPOT-1', false, null]]],
        ['st-hub', true, [['HUB-1', false, null], ['HUB-2', false, '2024-04-30T16:00:00.000Z']]],
        ['st-rv', true, []],
        // The Pending pile is not in service yet.
        ['st-sa', true, [['SA-1', true, null]]],
      ]);
    });

    it("speaks the plan's coverage categories and takes central stations from the category unless set", async () => {
      const byId = new Map((await planStations(store.db, {})).map((s) => [s.id, s]));
      expect(byId.get('st-rv')).toMatchObject({ category: 'tourist_road_rv_camp', central: false });
      expect(byId.get('st-sa')).toMatchObject({ category: 'highway_service_area', township: '东冶镇', village: '东冶村', lat: 38.7, lon: 113.1 });
      expect(byId.get('st-hub')).toMatchObject({ category: 'central_public', central: true, countyCode: '140902' });
      expect(byId.get('st-hub')).not.toHaveProperty('village');

      expect(await setStationPlanAttributes(store.db, 'st-rv', {}, { planAreaId: 'wutaishan-scenic-area', placeId: 'camp-7', central: true })).toBe(true);
      expect((await planStations(store.db, {})).find((s) => s.id === 'st-rv')).toMatchObject({
        planAreaId: 'wutaishan-scenic-area',
        placeId: 'camp-7',
        central: true,
      });
      await setStationPlanAttributes(store.db, 'st-rv', {}, { planAreaId: null, placeId: null, central: null });
      expect((await planStations(store.db, {})).find((s) => s.id === 'st-rv')).toMatchObject({ central: false });
    });

    it("keeps an operator to its own stations and piles", async () => {
      expect((await planStations(store.db, { operatorId: 'op-b' })).map((s) => s.id)).toEqual(['st-rv', 'st-sa']);
      expect(await setStationPlanAttributes(store.db, 'st-hub', { operatorId: 'op-b' }, { central: false })).toBe(false);
      expect(await setCommissioning(store.db, { operatorId: 'op-b' }, [{ chargerId: 'SA-1', commissionedAt: null }, { chargerId: 'HUB-1', commissionedAt: null }])).toEqual({
        updated: 0,
        missing: ['HUB-1'],
      });
    });
  });

  describe('administrative divisions', () => {
    const townships = [
      { code: '140902001', name: '长征街道', lat: 38.416, lon: 112.734, kind: 'urban_core' as const },
      { code: '140921100', name: '东冶镇', lat: 38.69, lon: 113.09 },
      { code: '140921101', name: '建安乡' },
    ];
    const villages = [
      { code: '140921100201', name: '东冶村', lat: 38.7, lon: 113.1 },
      { code: '140921100202', name: '西冶村', lat: 38.71, lon: 113.05 },
    ];

    it('imports townships and villages, deriving level, county and township from the code', async () => {
      expect(await importDivisions(store.db, [...townships, ...villages], { replace: true })).toEqual({ townships: 3, villages: 2, removed: 0 });
      const all = await findDivisions(store.db, {}, page);
      expect(all.items.map((d) => [d.code, d.level, d.countyCode, d.townshipCode, d.kind])).toEqual([
        ['140902001', 'township', '140902', '140902001', 'urban_core'],
        ['140921100', 'township', '140921', '140921100', 'general'],
        ['140921100201', 'village', '140921', '140921100', 'general'],
        ['140921100202', 'village', '140921', '140921100', 'general'],
        ['140921101', 'township', '140921', '140921101', 'general'],
      ]);
      expect((await findDivisions(store.db, { level: 'village', townshipCode: '140921100' }, page)).items).toHaveLength(2);
    });

    it('measures distance only from places with coordinates', async () => {
      expect((await divisionPlaces(store.db)).map((p) => p.id)).toEqual(['140902001', '140921100', '140921100201', '140921100202']);
    });

    it('names the townships and villages no public pile covers yet', async () => {
      // 长征街道 has the hub, 东冶镇/东冶村 the service area; 建安乡 and 西冶村 have nothing.
      expect((await uncoveredDivisions(store.db)).map((d) => d.code)).toEqual(['140921100202', '140921101']);
    });

    it('replaces the whole table when asked, and updates in place otherwise', async () => {
      expect(await importDivisions(store.db, [{ ...townships[1]!, name: '东冶镇（新）' }], { replace: false })).toEqual({ townships: 1, villages: 0, removed: 0 });
      expect((await findDivisions(store.db, {}, page)).items).toHaveLength(5);
      expect(await importDivisions(store.db, townships, { replace: true })).toMatchObject({ removed: 2 });
      expect((await findDivisions(store.db, {}, page)).items.map((d) => d.name)).toEqual(['长征街道', '东冶镇', '建安乡']);
    });

    it('refuses a code that is neither a township nor a village code, changing nothing', async () => {
      await expect(importDivisions(store.db, [{ code: '1409', name: 'bad' }, { code: '140921102', name: 'ok' }], { replace: false })).rejects.toThrow();
      expect((await findDivisions(store.db, {}, page)).items).toHaveLength(3);
    });
  });

  describe('registered EV counts', () => {
    it('keeps each entry with its date, corrects a repeated one, and finds the latest on or before a day', async () => {
      await recordRegisteredEvs(store.db, { countyCode: '140902', asOf: '2025-01-31', evs: 9000, enteredBy: 'city' });
      await recordRegisteredEvs(store.db, { countyCode: '140902', asOf: '2025-03-31', evs: 9800, enteredBy: 'city' });
      await recordRegisteredEvs(store.db, { countyCode: '140921', asOf: '2025-02-28', evs: 1200, enteredBy: 'city' });
      const corrected = await recordRegisteredEvs(store.db, { countyCode: '140921', asOf: '2025-02-28', evs: 1250, enteredBy: 'clerk' });
      expect(corrected).toMatchObject({ countyCode: '140921', asOf: '2025-02-28', evs: 1250, enteredBy: 'clerk' });
      expect((await findRegisteredEvs(store.db, {}, page)).items.map((e) => [e.countyCode, e.asOf, e.evs])).toEqual([
        ['140902', '2025-03-31', 9800],
        ['140921', '2025-02-28', 1250],
        ['140902', '2025-01-31', 9000],
      ]);
      expect((await latestRegisteredEvs(store.db, '2025-03-01')).map((e) => [e.countyCode, e.evs])).toEqual([
        ['140902', 9000],
        ['140921', 1250],
      ]);
      expect(await latestRegisteredEvs(store.db, '2024-12-31')).toEqual([]);
    });
  });

  describe("the month's activity per county", () => {
    it('counts piles commissioned, faults, alerts by severity and sums the uptime rollups', async () => {
      const { pool } = store.db;
      await setCommissioning(store.db, {}, [
        { chargerId: 'HUB-1', commissionedAt: new Date('2025-03-01T00:00:00+08:00') },
        { chargerId: 'SA-1', commissionedAt: new Date('2025-04-01T00:00:00+08:00') },
      ]);
      await pool.query(
        `INSERT INTO status_events (time, received_at, charger_id, evse_id, connector_id, status) VALUES
           ('2025-03-02T10:00:00+08:00', now(), 'SA-1', 1, 1, 'Faulted'),
           ('2025-03-02T11:00:00+08:00', now(), 'SA-1', 1, 1, 'Available'),
           ('2025-03-09T10:00:00+08:00', now(), 'SA-1', 2, 1, 'Faulted'),
           ('2025-02-28T10:00:00+08:00', now(), 'HUB-1', 1, 1, 'Faulted')`,
      );
      await pool.query(
        `INSERT INTO alerts (id, rule, severity, charger_id, evse_id, connector_id, occurrence, status, opened_at, last_seen_at) VALUES
           ('a1', 'fault.insulation', 1, 'SA-1', 1, 1, 1, 'resolved', '2025-03-02T10:00:00+08:00', '2025-03-02T10:00:00+08:00'),
           ('a2', 'fault.other', 3, 'SA-1', 2, 1, 1, 'open', '2025-03-09T10:00:00+08:00', '2025-03-09T10:00:00+08:00'),
           ('a3', 'fault.other', 3, 'HUB-1', 1, 1, 1, 'open', '2025-04-01T10:00:00+08:00', '2025-04-01T10:00:00+08:00')`,
      );
      const minutes = `1440, 0, 1000, 300, 60, 0, 80, 140, 20, 2`;
      await pool.query(
        `INSERT INTO uptime_monthly (month, charger_id, evse_id, connector_id, county_code, window_minutes, no_data_minutes,
           available_minutes, occupied_minutes, faulted_minutes, unavailable_minutes, offline_minutes, outage_minutes,
           excluded_minutes, outage_count, days, first_day, last_day) VALUES
           ('2025-03-01', 'SA-1', 1, 1, '140921', ${minutes}, 1, '2025-03-01', '2025-03-01'),
           ('2025-03-01', 'SA-1', 2, 1, '140921', ${minutes}, 1, '2025-03-01', '2025-03-01'),
           ('2025-02-01', 'SA-1', 2, 1, '140921', ${minutes}, 1, '2025-02-01', '2025-02-01')`,
      );
      const activity = await monthActivity(store.db, {
        from: new Date('2025-03-01T00:00:00+08:00'),
        to: new Date('2025-04-01T00:00:00+08:00'),
        month: '2025-03-01',
      });
      expect(activity).toEqual([
        { countyCode: '140902', pilesAdded: 1, faults: 0, alerts: { total: 0, severity1: 0, severity2: 0, severity3: 0 }, minutes: null },
        {
          countyCode: '140921',
          pilesAdded: 0,
          faults: 2,
          alerts: { total: 2, severity1: 1, severity2: 0, severity3: 1 },
          minutes: {
            windowMinutes: 2880,
            noDataMinutes: 0,
            availableMinutes: 2000,
            occupiedMinutes: 600,
            faultedMinutes: 120,
            unavailableMinutes: 0,
            offlineMinutes: 160,
            outageMinutes: 280,
            excludedMinutes: 40,
            outageCount: 4,
          },
        },
      ]);
    });
  });

  describe('monthly reports', () => {
    it('stores a report per month, replaces it when generated again, and lists newest first', async () => {
      const base = { trigger: 'schedule' as const, requestedBy: null, csv: 'a,b\n' };
      await saveMonthlyReport(store.db, { ...base, month: '2025-02', generatedAt: new Date('2025-03-01T00:00:05+08:00'), report: { n: 1 } });
      await saveMonthlyReport(store.db, { ...base, month: '2025-03', generatedAt: new Date('2025-04-01T00:00:05+08:00'), report: { n: 2 } });
      await saveMonthlyReport(store.db, {
        month: '2025-03',
        generatedAt: new Date('2025-04-02T09:00:00+08:00'),
        trigger: 'on_demand',
        requestedBy: 'city admin',
        report: { n: 3 },
        csv: 'c\n',
      });
      expect((await listMonthlyReports(store.db, page)).items.map((r) => [r.month, r.trigger])).toEqual([
        ['2025-03', 'on_demand'],
        ['2025-02', 'schedule'],
      ]);
      expect(await findMonthlyReport(store.db, '2025-03')).toMatchObject({ requestedBy: 'city admin', report: { n: 3 }, csv: 'c\n' });
      expect(await findMonthlyReport(store.db, '2025-01')).toBeUndefined();
    });
  });
});
