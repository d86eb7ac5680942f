import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCharger, registerPendingCharger } from './chargers.js';
import { isStoreError } from './errors.js';
import { chargerSnapshot } from './queries/charger-snapshot.js';
import { ocppCall, retransmission } from './test-support/ocpp-calls.js';
import { openTestStore, type TestEngine, type TestStore } from './testing.js';
import { createWriter, type Writer } from './writer.js';
import type { ApplyItem } from './writer-types.js';

describe.each<TestEngine>(['postgresql', 'embedded'])('writer on %s', (engine) => {
  let store: TestStore;
  let writer: Writer;
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await store.db.pool.query(sql, params)).rows as T[];

  beforeAll(async () => {
    store = await openTestStore(engine);
    writer = createWriter(store.db, { batchMax: 50, batchWaitMs: 20 });
  });
  afterAll(async () => {
    await writer?.close();
    await store?.close();
  });

  const charger = async (id: string) => {
    await addCharger(store.db, { id, password: 'correct-horse-battery' });
    return id;
  };

  it('commits 200 concurrent messages in a few transactions, each row once', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => charger(`GC-${i}`)));
    const items = ids.flatMap((id) =>
      Array.from({ length: 10 }, (_, n) =>
        ocppCall(id, 'ocpp1.6', 'MeterValues', {
          connectorId: 1,
          meterValue: [{ timestamp: new Date(Date.UTC(2025, 2, 1, 10, n)).toISOString(), sampledValue: [{ value: String(1000 + n), unit: 'Wh' }] }],
        }),
      ),
    );
    const statsBefore = writer.stats();
    const results = await Promise.all(items.map((item) => writer.apply(item)));
    const stats = writer.stats();

    expect(results.every((r) => r.duplicate === false)).toBe(true);
    // /metrics sees the same group commit: 200 messages in batches of at most 50.
    expect(stats.items - statsBefore.items).toBe(200);
    const batches = stats.batches - statsBefore.batches;
    expect(batches).toBeGreaterThanOrEqual(4);
    expect(batches).toBeLessThanOrEqual(8);
    expect(stats.batchSize.counts[stats.batchSize.bounds.indexOf(50)]).toBe(stats.batchSize.count);
    expect(stats.commitMs.count).toBe(stats.batches);
    const [samples] = await q<{ n: string }>(`SELECT count(*) AS n FROM meter_samples WHERE charger_id LIKE 'GC-%'`);
    expect(Number(samples!.n)).toBe(200);
    // Rows written by one transaction share its xmin: 200 messages, at most 50 per batch.
    const [commits] = await q<{ n: string }>(`SELECT count(DISTINCT xmin::text) AS n FROM ocpp_messages WHERE charger_id LIKE 'GC-%'`);
    expect(Number(commits!.n)).toBeGreaterThanOrEqual(4);
    expect(Number(commits!.n)).toBeLessThanOrEqual(8);
  });

  it('answers a retransmitted StartTransaction with the transaction id it assigned first', async () => {
    const id = await charger('RT-1');
    const start = ocppCall(id, 'ocpp1.6', 'StartTransaction', { connectorId: 1, idTag: 'TAG1', meterStart: 1000, timestamp: '2025-03-01T10:00:00Z' });
    const first = await writer.apply(start);
    const again = await writer.apply(retransmission(start));
    // The same start under a new message id (a charger that lost its queue's ids) is the same session.
    const renamed = await writer.apply(ocppCall(id, 'ocpp1.6', 'StartTransaction', { connectorId: 1, idTag: 'TAG1', meterStart: 1000, timestamp: '2025-03-01T10:00:00Z' }));

    expect(first).toMatchObject({ duplicate: false, transactionId: expect.any(Number) });
    expect(again).toEqual({ duplicate: true, transactionId: first.transactionId });
    expect(renamed.transactionId).toBe(first.transactionId);
    expect(await q(`SELECT id FROM transactions WHERE charger_id = $1`, [id])).toHaveLength(1);
    // The journal keeps every frame that arrived, retransmissions included.
    expect(await q(`SELECT 1 FROM ocpp_messages WHERE charger_id = $1 AND direction = 'in'`, [id])).toHaveLength(3);
  });

  it('recognises a retransmission sent within the same batch', async () => {
    const id = await charger('RT-2');
    const start = ocppCall(id, 'ocpp1.6', 'StartTransaction', { connectorId: 1, idTag: 'TAG2', meterStart: 0, timestamp: '2025-03-01T10:00:00Z' });
    const [a, b] = await Promise.all([writer.apply(start), writer.apply(retransmission(start))]);
    expect(a.duplicate).toBe(false);
    expect(b).toEqual({ duplicate: true, transactionId: a.transactionId });
  });

  it('stores a sample resent under a new message id once', async () => {
    const id = await charger('RS-1');
    const payload = {
      connectorId: 1,
      meterValue: [{ timestamp: '2025-03-01T10:15:00Z', sampledValue: [{ value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
    };
    expect((await writer.apply(ocppCall(id, 'ocpp1.6', 'MeterValues', payload))).duplicate).toBe(false);
    expect((await writer.apply(ocppCall(id, 'ocpp1.6', 'MeterValues', payload))).duplicate).toBe(false);
    expect(await q(`SELECT value FROM meter_samples WHERE charger_id = $1`, [id])).toEqual([{ value: 1500 }]);
  });

  it('keeps the newer connector status when an older one arrives late', async () => {
    const id = await charger('LS-1');
    await writer.apply(ocppCall(id, 'ocpp1.6', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: '2025-03-01T10:05:00Z' }));
    await writer.apply(ocppCall(id, 'ocpp1.6', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: '2025-03-01T10:00:00Z' }));

    const snapshot = await chargerSnapshot(store.db, id);
    expect(snapshot?.connectors).toMatchObject([{ evseId: 1, connectorId: 1, status: 'Charging', statusAt: new Date('2025-03-01T10:05:00Z') }]);
    // The late report still goes to history, at the charger's time.
    expect(await q(`SELECT status FROM status_events WHERE charger_id = $1 ORDER BY time`, [id])).toEqual([{ status: 'Preparing' }, { status: 'Charging' }]);
    expect(await q(`SELECT evse_id, connector_id FROM connectors WHERE charger_id = $1`, [id])).toEqual([{ evse_id: 1, connector_id: 1 }]);
  });

  it('lets the later of two reports with one timestamp win, also within one batch', async () => {
    const id = await charger('LS-2');
    await Promise.all([
      writer.apply(ocppCall(id, 'ocpp1.6', 'StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available', timestamp: '2025-03-01T10:00:00Z' })),
      writer.apply(ocppCall(id, 'ocpp1.6', 'StatusNotification', { connectorId: 2, errorCode: 'GroundFailure', status: 'Faulted', timestamp: '2025-03-01T10:00:00Z' })),
    ]);
    expect(await q(`SELECT status, error_code FROM connector_state WHERE charger_id = $1`, [id])).toEqual([{ status: 'Faulted', error_code: 'GroundFailure' }]);
  });

  it('keeps the first stop when a session is stopped twice', async () => {
    const id = await charger('ST-1');
    await writer.apply(ocppCall(id, 'ocpp1.6', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: '2025-03-01T09:59:00Z' }));
    const { transactionId } = await writer.apply(
      ocppCall(id, 'ocpp1.6', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 100, timestamp: '2025-03-01T10:00:00Z' }),
    );
    expect((await chargerSnapshot(store.db, id))?.connectors[0]?.transactionRef).toBe(String(transactionId));

    await writer.apply(ocppCall(id, 'ocpp1.6', 'StopTransaction', { transactionId, meterStop: 500, timestamp: '2025-03-01T11:00:00Z', reason: 'Local' }));
    await writer.apply(ocppCall(id, 'ocpp1.6', 'StopTransaction', { transactionId, meterStop: 600, timestamp: '2025-03-01T11:30:00Z', reason: 'Remote' }));

    expect(await q(`SELECT stopped_at, meter_stop_wh, stop_reason FROM transactions WHERE charger_id = $1`, [id])).toEqual([
      { stopped_at: new Date('2025-03-01T11:00:00Z'), meter_stop_wh: 500, stop_reason: 'Local' },
    ]);
    const snapshot = await chargerSnapshot(store.db, id);
    expect(snapshot?.connectors[0]?.transactionRef).toBeNull();
    expect(snapshot?.openTransactions).toEqual([]);
  });

  it('creates the session when a stop arrives for a transaction it never saw', async () => {
    const id = await charger('ST-2');
    const stop = ocppCall(id, 'ocpp1.6', 'StopTransaction', {
      transactionId: 4242,
      meterStop: 900,
      timestamp: '2025-03-01T12:00:00Z',
      transactionData: [{ timestamp: '2025-03-01T12:00:00Z', sampledValue: [{ value: '900', context: 'Transaction.End' }] }],
    });
    expect(await writer.apply(stop)).toEqual({ duplicate: false });
    expect(await q(`SELECT transaction_ref, started_at, stopped_at, meter_stop_wh FROM transactions WHERE charger_id = $1`, [id])).toEqual([
      { transaction_ref: '4242', started_at: null, stopped_at: new Date('2025-03-01T12:00:00Z'), meter_stop_wh: 900 },
    ]);
    // Samples that name only an unknown transaction are kept against the charger as a whole.
    expect(await q(`SELECT evse_id, connector_id, transaction_ref FROM meter_samples WHERE charger_id = $1`, [id])).toEqual([
      { evse_id: 0, connector_id: 0, transaction_ref: '4242' },
    ]);
  });

  it('follows a 2.0.1 transaction through its events, placing samples on its EVSE', async () => {
    const id = await charger('TX201-1');
    const event = (eventType: string, seqNo: number, extra: Record<string, unknown>) =>
      ocppCall(id, 'ocpp2.0.1', 'TransactionEvent', { eventType, seqNo, triggerReason: 'Authorized', ...extra });
    await writer.apply(
      event('Started', 0, { timestamp: '2025-03-01T10:00:00Z', transactionInfo: { transactionId: 'tx-1', chargingState: 'Charging' }, evse: { id: 2, connectorId: 1 } }),
    );
    await writer.apply(
      event('Updated', 1, {
        timestamp: '2025-03-01T10:05:00Z',
        transactionInfo: { transactionId: 'tx-1', chargingState: 'SuspendedEV' },
        meterValue: [{ timestamp: '2025-03-01T10:05:00Z', sampledValue: [{ value: 1500 }] }],
      }),
    );
    await writer.apply(event('Ended', 2, { timestamp: '2025-03-01T11:00:00Z', transactionInfo: { transactionId: 'tx-1', stoppedReason: 'EVDisconnected' } }));

    expect(await q(`SELECT evse_id, started_at, stopped_at, charging_state, stop_reason, last_seq_no FROM transactions WHERE charger_id = $1`, [id])).toEqual([
      {
        evse_id: 2,
        started_at: new Date('2025-03-01T10:00:00Z'),
        stopped_at: new Date('2025-03-01T11:00:00Z'),
        charging_state: 'SuspendedEV',
        stop_reason: 'EVDisconnected',
        last_seq_no: 2,
      },
    ]);
    expect(await q(`SELECT seq_no, event_type FROM transaction_events WHERE charger_id = $1 ORDER BY seq_no`, [id])).toEqual([
      { seq_no: 0, event_type: 'Started' },
      { seq_no: 1, event_type: 'Updated' },
      { seq_no: 2, event_type: 'Ended' },
    ]);
    expect(await q(`SELECT evse_id, connector_id, value FROM meter_samples WHERE charger_id = $1`, [id])).toEqual([{ evse_id: 2, connector_id: 1, value: 1500 }]);
  });

  it('fails only the message the database refuses, the rest of its batch commits', async () => {
    const id = await charger('BAD-1');
    const good = [1, 2, 3].map((n) =>
      ocppCall(id, 'ocpp1.6', 'StatusNotification', { connectorId: n, errorCode: 'NoError', status: 'Available', timestamp: '2025-03-01T10:00:00Z' }),
    );
    const bad: ApplyItem = ocppCall(id, 'ocpp1.6', 'StatusNotification', { connectorId: 9, errorCode: 'NoError', status: 'Available', timestamp: '2025-03-01T10:00:00Z' });
    // A connector number PostgreSQL's integer cannot hold: the statement carrying it fails.
    bad.events = bad.events.map((e) => (e.kind === 'connector.status' ? { ...e, evseId: 2 ** 40 } : e));

    const settled = await Promise.allSettled([good[0]!, bad, good[1]!, good[2]!].map((item) => writer.apply(item)));

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const reason = (settled[1] as PromiseRejectedResult).reason;
    expect(isStoreError(reason, 'PW_STORE_WRITE_REJECTED')).toBe(true);
    expect(await q(`SELECT evse_id FROM connector_state WHERE charger_id = $1 ORDER BY evse_id`, [id])).toEqual([{ evse_id: 1 }, { evse_id: 2 }, { evse_id: 3 }]);
    // The refused message was not claimed: when the charger retries it is applied, not called a duplicate.
    expect(await q(`SELECT 1 FROM processed_messages WHERE charger_id = $1 AND message_id = $2`, [id, bad.messageId])).toEqual([]);
  });

  it('refuses messages from chargers that are not registered', async () => {
    const err = await writer.apply(ocppCall('NOBODY', 'ocpp1.6', 'Heartbeat', {})).catch((e: unknown) => e);
    expect(isStoreError(err, 'PW_STORE_UNKNOWN_CHARGER')).toBe(true);
  });

  it('records a boot and answers with the registration status on record', async () => {
    await registerPendingCharger(store.db, 'BOOT-1');
    const result = await writer.apply(
      ocppCall('BOOT-1', 'ocpp2.0.1', 'BootNotification', {
        reason: 'PowerUp',
        chargingStation: { vendorName: 'Acme', model: 'X2', serialNumber: 'SN-9', firmwareVersion: '1.2.3' },
      }),
    );
    expect(result).toEqual({ duplicate: false, registrationStatus: 'Pending' });
    const snapshot = await chargerSnapshot(store.db, 'BOOT-1');
    expect(snapshot?.charger).toMatchObject({ vendor: 'Acme', model: 'X2', serialNumber: 'SN-9', firmwareVersion: '1.2.3', protocol: 'ocpp2.0.1' });
    expect(await q(`SELECT event, detail->>'reason' AS reason FROM connectivity_events WHERE charger_id = 'BOOT-1'`)).toEqual([{ event: 'booted', reason: 'PowerUp' }]);
  });

  it('stores faults and other charger reports as charger events', async () => {
    const id = await charger('EV-1');
    await writer.apply(
      ocppCall(id, 'ocpp2.0.1', 'NotifyEvent', {
        generatedAt: '2025-03-01T10:00:00Z',
        seqNo: 0,
        eventData: [
          {
            eventId: 1,
            timestamp: '2025-03-01T10:00:00Z',
            trigger: 'Alerting',
            actualValue: 'true',
            techCode: 'OverTemp',
            component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
            variable: { name: 'Problem' },
            eventNotificationType: 'HardWiredNotification',
          },
        ],
      }),
    );
    expect(await q(`SELECT kind, evse_id, payload->>'code' AS code FROM charger_events WHERE charger_id = $1`, [id])).toEqual([
      { kind: 'fault.reported', evse_id: 1, code: 'OverTemp' },
    ]);
  });

  it('keeps a reconnected charger online when its old connection reports closing late', async () => {
    const id = await charger('CONN-1');
    await writer.connectivity({ chargerId: id, event: 'connected', time: new Date('2025-03-01T10:00:00Z'), nodeId: 'a', protocol: 'ocpp1.6', heartbeatIntervalS: 300 });
    await writer.connectivity({ chargerId: id, event: 'connected', time: new Date('2025-03-01T10:10:00Z'), nodeId: 'b', protocol: 'ocpp1.6' });
    await writer.connectivity({ chargerId: id, event: 'disconnected', time: new Date('2025-03-01T10:10:01Z'), nodeId: 'a' });
    expect((await chargerSnapshot(store.db, id))?.state).toMatchObject({ online: true, nodeId: 'b', heartbeatIntervalS: 300 });

    await writer.connectivity({ chargerId: id, event: 'ping_timeout', time: new Date('2025-03-01T10:20:00Z'), nodeId: 'b' });
    expect((await chargerSnapshot(store.db, id))?.state).toMatchObject({ online: false, disconnectedAt: new Date('2025-03-01T10:20:00Z') });
    expect(await q(`SELECT count(*)::int AS n FROM connectivity_events WHERE charger_id = $1`, [id])).toEqual([{ n: 4 }]);
  });

  it('journals outbound frames with the next batch', async () => {
    const id = await charger('JR-1');
    writer.journal({ chargerId: id, direction: 'out', messageType: 3, messageId: 'm-1', frame: '[3,"m-1",{}]', time: new Date() });
    await writer.flush();
    expect(await q(`SELECT direction, message_type, frame FROM ocpp_messages WHERE charger_id = $1`, [id])).toEqual([
      { direction: 'out', message_type: 3, frame: '[3,"m-1",{}]' },
    ]);
  });

  it('refuses new items once closed', async () => {
    const own = createWriter(store.db, { batchMax: 10, batchWaitMs: 0 });
    await own.close();
    const err = await own.apply(ocppCall('JR-1', 'ocpp1.6', 'Heartbeat', {})).catch((e: unknown) => e);
    expect(isStoreError(err, 'PW_STORE_WRITER_CLOSED')).toBe(true);
  });
});
