/**
 * The read queries on both engines (a PostgreSQL server without TimescaleDB, and the embedded
 * TimescaleDB), fed through the real write path (the writer the central system uses), so what they
 * read is what production writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@pilewatch/ocpp';
import { openTestStore, type TestEngine, type TestStore } from '../testing.js';
import type { Database } from '../database.js';
import { addCharger } from '../chargers.js';
import { upsertConnectors, upsertOperator, upsertStation } from '../registry.js';
import { createWriter, type Writer } from '../writer.js';
import {
  chargerOperators,
  chargerVisible,
  findCharger,
  findChargers,
  findConnectorStatuses,
  findJournal,
  findMeterBuckets,
  findOperators,
  findStations,
  findStatusEvents,
  findTransactions,
  statusOverview,
} from './index.js';

describe.each<TestEngine>(['postgresql', 'embedded'])('read queries on %s', (engine) => {
  let store: TestStore;
  let db: Database;
  let writer: Writer;
  const page = { limit: 50, offset: 0 };
  const t0 = new Date('2025-03-01T08:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  let seq = 0;

  async function apply(chargerId: string, action: string, events: DomainEvent[], protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp1.6') {
    seq += 1;
    return writer.apply({
      chargerId,
      protocol,
      messageId: `m${seq}`,
      action,
      payloadHash: `h${seq}`,
      events,
      frame: JSON.stringify([2, `m${seq}`, action, {}]),
      receivedAt: new Date(),
    });
  }

  const status = (chargerId: string, evseId: number, s: string, minute: number, errorCode?: string): DomainEvent => ({
    kind: 'connector.status',
    chargerId,
    evseId,
    connectorId: evseId === 0 ? 0 : 1,
    status: s as never,
    ...(errorCode ? { errorCode } : {}),
    at: at(minute),
    receivedAt: at(minute),
  });

  beforeAll(async () => {
    store = await openTestStore(engine);
    db = store.db;
    writer = createWriter(db, { batchMax: 50, batchWaitMs: 1 });

    await upsertOperator(db, { id: 'op-a', name: 'Operator A' });
    await upsertOperator(db, { id: 'op-b', name: 'Operator B' });
    await upsertStation(db, { id: 'st-a1', operatorId: 'op-a', name: 'A1', countyCode: '140902', category: 'urban_public', isPublic: true });
    await upsertStation(db, { id: 'st-b1', operatorId: 'op-b', name: 'B1', countyCode: '140981', category: 'township', isPublic: true });
    await addCharger(db, { id: 'CP-A1', operatorId: 'op-a', stationId: 'st-a1', password: 'secret-secret-01' });
    await addCharger(db, { id: 'CP-A2', operatorId: 'op-a', stationId: 'st-a1', password: 'secret-secret-02' });
    await addCharger(db, { id: 'CP-B1', operatorId: 'op-b', stationId: 'st-b1', password: 'secret-secret-03' });
    await addCharger(db, { id: 'CP-PENDING', registrationStatus: 'Pending' });
    await upsertConnectors(db, 'CP-A1', [
      { evseId: 1, connectorId: 1, currentType: 'DC', maxPowerKw: 120 },
      { evseId: 2, connectorId: 1, currentType: 'DC', maxPowerKw: 120 },
    ]);
    await upsertConnectors(db, 'CP-B1', [{ evseId: 1, connectorId: 1, currentType: 'AC', maxPowerKw: 7 }]);

    // CP-A1 online: connector 1 charging, connector 2 faulted. CP-B1 online, available. CP-A2 never connected.
    await writer.connectivity({ chargerId: 'CP-A1', event: 'connected', time: at(0), protocol: 'ocpp1.6' });
    await writer.connectivity({ chargerId: 'CP-B1', event: 'connected', time: at(0), protocol: 'ocpp1.6' });
    await apply('CP-A1', 'StatusNotification', [status('CP-A1', 1, 'Available', 1)]);
    await apply('CP-A1', 'StatusNotification', [status('CP-A1', 2, 'Faulted', 2, 'GroundFailure')]);
    await apply('CP-B1', 'StatusNotification', [status('CP-B1', 1, 'Available', 2)]);
    const started = await apply('CP-A1', 'StartTransaction', [
      { kind: 'transaction.started', chargerId: 'CP-A1', evseId: 1, connectorId: 1, idTag: 'TAG1', meterStartWh: 1000, at: at(3), receivedAt: at(3) },
    ]);
    await apply('CP-A1', 'StatusNotification', [status('CP-A1', 1, 'Charging', 3)]);
    await apply('CP-A1', 'MeterValues', [
      {
        kind: 'meter.sampled',
        chargerId: 'CP-A1',
        evseId: 1,
        connectorId: 1,
        transactionId: String(started.transactionId),
        samples: [
          { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 1500 },
          { measurand: 'Power.Active.Import', unit: 'W', value: 30000 },
        ],
        at: at(5),
        receivedAt: at(5),
      },
      {
        kind: 'meter.sampled',
        chargerId: 'CP-A1',
        evseId: 1,
        connectorId: 1,
        transactionId: String(started.transactionId),
        samples: [
          { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 4000 },
          { measurand: 'Power.Active.Import', unit: 'W', value: 50000 },
        ],
        at: at(10),
        receivedAt: at(10),
      },
    ]);
    // CP-B1 had a finished session.
    const b = await apply('CP-B1', 'StartTransaction', [
      { kind: 'transaction.started', chargerId: 'CP-B1', evseId: 1, connectorId: 1, idTag: 'TAG2', meterStartWh: 200, at: at(1), receivedAt: at(1) },
    ]);
    await apply('CP-B1', 'StopTransaction', [
      { kind: 'transaction.ended', chargerId: 'CP-B1', transactionId: String(b.transactionId), meterStopWh: 2200, reason: 'Local', at: at(31), receivedAt: at(31) },
    ]);
    await writer.flush();
    // TimescaleDB serves continuous aggregates from what has been materialised: the worker's refresh.
    if (db.timescale) await db.pool.query(`CALL refresh_continuous_aggregate('meter_15m', NULL, NULL)`);
  });

  afterAll(async () => {
    await writer?.close();
    await store?.close();
  });

  describe('registry reads', () => {
    it('scopes operators, stations and chargers to an operator', async () => {
      expect((await findOperators(db, {}, page)).items.map((o) => o.id)).toEqual(['op-a', 'op-b']);
      expect((await findOperators(db, { operatorId: 'op-b' }, page)).items.map((o) => o.id)).toEqual(['op-b']);
      expect((await findStations(db, { operatorId: 'op-a' }, {}, page)).items).toMatchObject([{ id: 'st-a1', chargers: 2 }]);
      expect((await findChargers(db, { operatorId: 'op-a' }, {}, page)).items.map((c) => c.id)).toEqual(['CP-A1', 'CP-A2']);
      expect(await findCharger(db, 'CP-B1', { operatorId: 'op-a' })).toBeUndefined();
      expect(await chargerVisible(db, 'CP-B1', { operatorId: 'op-a' })).toBe(false);
      expect(await chargerVisible(db, 'CP-B1', {})).toBe(true);
      expect(await chargerOperators(db, ['CP-A1', 'CP-PENDING', 'nope'])).toEqual(
        new Map([
          ['CP-A1', 'op-a'],
          ['CP-PENDING', null],
        ]),
      );
    });

    it('pages with a next offset until the last page', async () => {
      const first = await findChargers(db, {}, {}, { limit: 3, offset: 0 });
      expect(first.items.map((c) => c.id)).toEqual(['CP-A1', 'CP-A2', 'CP-B1']);
      expect(first.nextOffset).toBe(3);
      const last = await findChargers(db, {}, {}, { limit: 3, offset: 3 });
      expect(last.items.map((c) => c.id)).toEqual(['CP-PENDING']);
      expect(last.nextOffset).toBeNull();
    });

    it('reads a charger with its connectors, their status and the open session', async () => {
      const c = await findCharger(db, 'CP-A1', {});
      expect(c).toMatchObject({ id: 'CP-A1', online: true, hasPassword: true, protocol: 'ocpp1.6' });
      expect(c!.connectors.map((k) => [k.evseId, k.status, k.currentType, k.maxPowerKw])).toEqual([
        [1, 'Charging', 'DC', 120],
        [2, 'Faulted', 'DC', 120],
      ]);
      expect(c!.activeTransactions).toMatchObject([{ evseId: 1, idTag: 'TAG1', meterStartWh: 1000 }]);
    });
  });

  describe('status', () => {
    it('lists connectors with an effective status: offline chargers count as Offline', async () => {
      const all = await findConnectorStatuses(db, {}, {}, page);
      expect(all.items.map((s) => [s.chargerId, s.evseId, s.effectiveStatus])).toEqual([
        ['CP-A1', 1, 'Charging'],
        ['CP-A1', 2, 'Faulted'],
        ['CP-B1', 1, 'Available'],
      ]);
      expect((await findConnectorStatuses(db, {}, { status: 'Faulted' }, page)).items.map((s) => s.chargerId)).toEqual(['CP-A1']);
      expect((await findConnectorStatuses(db, {}, { countyCode: '140981' }, page)).items.map((s) => s.chargerId)).toEqual(['CP-B1']);
      expect((await findConnectorStatuses(db, { operatorId: 'op-b' }, {}, page)).items).toHaveLength(1);
    });

    it('counts chargers and connectors for the city, each county and each operator', async () => {
      const o = await statusOverview(db, {});
      expect(o.city.chargers).toEqual({ total: 3, online: 2, offline: 1, charging: 1, faulted: 1 });
      expect(o.city.connectors).toMatchObject({ total: 3, Charging: 1, Faulted: 1, Available: 1, Offline: 0 });
      expect(o.counties.map((c) => [c.countyCode, c.chargers.total, c.connectors.total])).toEqual([
        ['140902', 2, 2],
        ['140981', 1, 1],
      ]);
      expect(o.operators.map((c) => [c.operatorId, c.name, c.chargers.online])).toEqual([
        ['op-a', 'Operator A', 1],
        ['op-b', 'Operator B', 1],
      ]);
      const own = await statusOverview(db, { operatorId: 'op-b' });
      expect(own.city.chargers.total).toBe(1);
      expect(own.operators.map((c) => c.operatorId)).toEqual(['op-b']);
    });
  });

  describe('history', () => {
    it('reads status events newest first within a range', async () => {
      const events = await findStatusEvents(db, 'CP-A1', { from: at(2), to: at(60) }, page);
      expect(events.items.map((e) => [e.evseId, e.status])).toEqual([
        [1, 'Charging'],
        [2, 'Faulted'],
      ]);
      expect(events.items[1]!.errorCode).toBe('GroundFailure');
    });

    it('aggregates meter samples into buckets with the energy delivered in each', async () => {
      const buckets = await findMeterBuckets(db, 'CP-A1', { bucket: '15m' }, page);
      expect(buckets.items).toMatchObject([
        { evseId: 1, connectorId: 1, energyWh: 2500, energyMaxWh: 4000, powerAvgW: 40000, powerMaxW: 50000, samples: 4 },
      ]);
    });

    it('lists transactions with energy and duration once stopped, scoped to an operator', async () => {
      const all = await findTransactions(db, {}, {}, page);
      expect(all.items.map((t) => [t.chargerId, t.energyWh, t.durationS])).toEqual([
        ['CP-A1', null, null],
        ['CP-B1', 2000, 1800],
      ]);
      expect((await findTransactions(db, { operatorId: 'op-b' }, { state: 'completed' }, page)).items).toHaveLength(1);
      expect((await findTransactions(db, { operatorId: 'op-a' }, { state: 'completed' }, page)).items).toHaveLength(0);
    });

    it('reads the raw journal of a charger', async () => {
      const frames = await findJournal(db, 'CP-B1', { action: 'StopTransaction' }, page);
      expect(frames.items).toHaveLength(1);
      expect(frames.items[0]).toMatchObject({ direction: 'in', messageType: 2, action: 'StopTransaction' });
    });
  });
});
