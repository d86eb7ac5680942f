/**
 * A 1.6 and a 2.0.1 charger live through a whole session — boot, status, authorisation, a transaction
 * with meter values, stop — against the real central system, on the PostgreSQL server and on the
 * embedded TimescaleDB. What lands in the database must match what was sent, sample for sample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot16, boot201, connectCharger, nextConnectivity, startCsms, type Charger, type EngineName, type Harness } from './harness.js';

const engines: Array<[string, EngineName]> = [
  ['the PostgreSQL server', 'postgresql'],
  ['the embedded TimescaleDB', 'embedded'],
];

const t = (s: string) => `2025-06-01T08:${s}.000Z`;

interface SampleRow {
  time: Date;
  evse_id: number;
  connector_id: number;
  transaction_ref: string | null;
  measurand: string;
  phase: string;
  location: string;
  unit: string;
  value: number;
  context: string | null;
}

describe.each(engines)('a charging session stored on %s', (_name, engine) => {
  let h: Harness;
  const sent = new Map<string, string[]>();

  /** Records the exact frames a charger sends, to compare with the journal. */
  function recordFrames(id: string, c: Charger) {
    sent.set(id, []);
    c.on('message', ({ message, outbound }: { message: string; outbound: boolean }) => {
      if (outbound) sent.get(id)!.push(String(message));
    });
  }

  beforeAll(async () => {
    h = await startCsms({ engine });
    await h.register({ id: 'XZ-16-0001', password: 'pw-16-0001-secret' });
    await h.register({ id: 'XZ-201-0001', password: 'pw-201-0001-secret' });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  }, 60_000);

  it('stores a 1.6 session: boot, statuses, start, meter values, stop', async () => {
    const id = 'XZ-16-0001';
    const booted = nextConnectivity(h.csms, (e) => e.chargerId === id && e.event === 'booted');
    const cp = await connectCharger(h.url, id, { password: 'pw-16-0001-secret', protocol: 'ocpp1.6' });
    recordFrames(id, cp);

    expect(await cp.call('BootNotification', boot16)).toMatchObject({ status: 'Accepted', interval: 300 });
    expect((await booted).detail).toEqual({ registrationStatus: 'Accepted' });
    const status = (timestamp: string, s: string) =>
      cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: s, timestamp });
    expect(await status(t('00:00'), 'Available')).toEqual({});
    expect(await cp.call('Authorize', { idTag: 'TAG-16' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    await status(t('00:10'), 'Preparing');
    const start = (await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-16', meterStart: 1000, timestamp: t('00:20') })) as {
      transactionId: number;
      idTagInfo: { status: string };
    };
    expect(start.idTagInfo).toEqual({ status: 'Accepted' });
    expect(Number.isInteger(start.transactionId)).toBe(true);
    await status(t('00:21'), 'Charging');
    expect(
      await cp.call('MeterValues', {
        connectorId: 1,
        transactionId: start.transactionId,
        meterValue: [
          {
            timestamp: t('05:00'),
            sampledValue: [
              { value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic', location: 'Outlet' },
              { value: '7200', measurand: 'Power.Active.Import', unit: 'W', context: 'Sample.Periodic', location: 'Outlet' },
              { value: '31.5', measurand: 'Current.Import', unit: 'A', phase: 'L1', context: 'Sample.Periodic', location: 'Outlet' },
            ],
          },
          { timestamp: t('10:00'), sampledValue: [{ value: '2.1', unit: 'kWh', context: 'Sample.Periodic' }] },
        ],
      }),
    ).toEqual({});
    expect(
      await cp.call('StopTransaction', {
        transactionId: start.transactionId,
        idTag: 'TAG-16',
        meterStop: 2500,
        timestamp: t('12:00'),
        reason: 'Local',
        transactionData: [{ timestamp: t('12:00'), sampledValue: [{ value: '2500', unit: 'Wh', context: 'Transaction.End' }] }],
      }),
    ).toEqual({ idTagInfo: { status: 'Accepted' } });
    await status(t('12:01'), 'Finishing');
    await status(t('12:30'), 'Available');

    const tx = String(start.transactionId);
    const samples = await h.query<SampleRow & Record<string, unknown>>(
      `SELECT time, evse_id, connector_id, transaction_ref, measurand, phase, location, unit, value, context
         FROM meter_samples WHERE charger_id = $1 ORDER BY time, measurand, phase`,
      [id],
    );
    const row = (time: string, measurand: string, value: number, unit: string, extra: Partial<SampleRow> = {}) => ({
      time: new Date(time),
      evse_id: 1,
      connector_id: 1,
      transaction_ref: tx,
      measurand,
      phase: '',
      location: '',
      unit,
      value,
      context: 'Sample.Periodic',
      ...extra,
    });
    expect(samples).toEqual([
      row(t('05:00'), 'Current.Import', 31.5, 'A', { phase: 'L1', location: 'Outlet' }),
      row(t('05:00'), 'Energy.Active.Import.Register', 1500, 'Wh', { location: 'Outlet' }),
      row(t('05:00'), 'Power.Active.Import', 7200, 'W', { location: 'Outlet' }),
      row(t('10:00'), 'Energy.Active.Import.Register', 2100, 'Wh'),
      row(t('12:00'), 'Energy.Active.Import.Register', 2500, 'Wh', { context: 'Transaction.End' }),
    ]);

    const [transaction] = await h.query(
      `SELECT id, transaction_ref, evse_id, connector_id, id_tag, started_at, stopped_at, meter_start_wh, meter_stop_wh, stop_reason
         FROM transactions WHERE charger_id = $1`,
      [id],
    );
    expect(transaction).toEqual({
      id: tx,
      transaction_ref: tx,
      evse_id: 1,
      connector_id: 1,
      id_tag: 'TAG-16',
      started_at: new Date(t('00:20')),
      stopped_at: new Date(t('12:00')),
      meter_start_wh: 1000,
      meter_stop_wh: 2500,
      stop_reason: 'Local',
    });

    const statuses = await h.query(`SELECT time, evse_id, status FROM status_events WHERE charger_id = $1 ORDER BY time`, [id]);
    expect(statuses.map((s) => s.status)).toEqual(['Available', 'Preparing', 'Charging', 'Finishing', 'Available']);
    const [point] = await h.query(`SELECT vendor, model, serial_number, firmware_version, protocol FROM charge_points WHERE id = $1`, [id]);
    expect(point).toEqual({ vendor: 'Xinzhou Charging', model: 'XZ-AC7', serial_number: 'SN-16-0001', firmware_version: '1.4.2', protocol: 'ocpp1.6' });

    // The journal holds every frame the charger sent, byte for byte, and an answer to each.
    const journal = await h.query<{ direction: string; message_type: number; message_id: string; action: string; frame: string }>(
      `SELECT direction, message_type, message_id, action, frame FROM ocpp_messages WHERE charger_id = $1 ORDER BY time`,
      [id],
    );
    const inbound = journal.filter((j) => j.direction === 'in').map((j) => j.frame);
    expect(inbound.sort()).toEqual([...sent.get(id)!].sort());
    const answers = journal.filter((j) => j.direction === 'out');
    expect(answers).toHaveLength(sent.get(id)!.length);
    expect(answers.every((a) => a.message_type === 3)).toBe(true);
    expect(answers.find((a) => a.action === 'StartTransaction')?.frame).toContain(`"transactionId":${start.transactionId}`);

    await cp.close();
  });

  it('stores a 2.0.1 session: boot, statuses, TransactionEvent lifecycle, meter values', async () => {
    const id = 'XZ-201-0001';
    const cs = await connectCharger(h.url, id, { password: 'pw-201-0001-secret', protocol: 'ocpp2.0.1' });
    recordFrames(id, cs);
    expect(await cs.call('BootNotification', boot201)).toMatchObject({ status: 'Accepted', interval: 300 });
    const status = (timestamp: string, connectorStatus: string) =>
      cs.call('StatusNotification', { timestamp, connectorStatus, evseId: 1, connectorId: 1 });
    await status(t('00:00'), 'Available');
    const transactionInfo = { transactionId: 'TX-201-1' };
    expect(
      await cs.call('TransactionEvent', {
        eventType: 'Started',
        timestamp: t('00:20'),
        triggerReason: 'Authorized',
        seqNo: 0,
        transactionInfo: { ...transactionInfo, chargingState: 'EVConnected' },
        evse: { id: 1, connectorId: 1 },
        idToken: { idToken: 'TAG-201', type: 'ISO14443' },
        meterValue: [
          {
            timestamp: t('00:20'),
            sampledValue: [{ value: 5000, context: 'Transaction.Begin', measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }],
          },
        ],
      }),
    ).toEqual({ idTokenInfo: { status: 'Accepted' } });
    await status(t('00:21'), 'Occupied');
    expect(
      await cs.call('TransactionEvent', {
        eventType: 'Updated',
        timestamp: t('05:00'),
        triggerReason: 'MeterValuePeriodic',
        seqNo: 1,
        transactionInfo: { ...transactionInfo, chargingState: 'Charging' },
        evse: { id: 1, connectorId: 1 },
        meterValue: [
          {
            timestamp: t('05:00'),
            sampledValue: [
              { value: 5600, context: 'Sample.Periodic' },
              { value: 11, measurand: 'Power.Active.Import', context: 'Sample.Periodic', unitOfMeasure: { unit: 'kW' } },
              { value: 16.2, measurand: 'Current.Import', phase: 'L2', context: 'Sample.Periodic', unitOfMeasure: { unit: 'A' } },
            ],
          },
        ],
      }),
    ).toEqual({});
    expect(
      await cs.call('MeterValues', {
        evseId: 1,
        meterValue: [
          {
            timestamp: t('06:00'),
            sampledValue: [{ value: 230.1, measurand: 'Voltage', phase: 'L1-N', location: 'Outlet', context: 'Sample.Periodic', unitOfMeasure: { unit: 'V' } }],
          },
        ],
      }),
    ).toEqual({});
    await cs.call('TransactionEvent', {
      eventType: 'Ended',
      timestamp: t('12:00'),
      triggerReason: 'EVDeparted',
      seqNo: 2,
      transactionInfo: { ...transactionInfo, chargingState: 'Idle', stoppedReason: 'EVDisconnected' },
      evse: { id: 1, connectorId: 1 },
      meterValue: [{ timestamp: t('12:00'), sampledValue: [{ value: 7000, context: 'Transaction.End' }] }],
    });
    await status(t('12:01'), 'Available');

    const samples = await h.query(
      `SELECT time, evse_id, connector_id, transaction_ref, measurand, phase, location, unit, value, context
         FROM meter_samples WHERE charger_id = $1 ORDER BY time, measurand, phase`,
      [id],
    );
    const row = (time: string, measurand: string, value: number, unit: string, extra: Partial<SampleRow> = {}) => ({
      time: new Date(time),
      evse_id: 1,
      connector_id: 1,
      transaction_ref: 'TX-201-1',
      measurand,
      phase: '',
      location: '',
      unit,
      value,
      context: 'Sample.Periodic',
      ...extra,
    });
    expect(samples).toEqual([
      row(t('00:20'), 'Energy.Active.Import.Register', 5000, 'Wh', { context: 'Transaction.Begin' }),
      row(t('05:00'), 'Current.Import', 16.2, 'A', { phase: 'L2' }),
      row(t('05:00'), 'Energy.Active.Import.Register', 5600, 'Wh'),
      row(t('05:00'), 'Power.Active.Import', 11000, 'W'),
      row(t('06:00'), 'Voltage', 230.1, 'V', { phase: 'L1-N', location: 'Outlet', transaction_ref: null }),
      row(t('12:00'), 'Energy.Active.Import.Register', 7000, 'Wh', { context: 'Transaction.End' }),
    ]);
    const [transaction] = await h.query(
      `SELECT transaction_ref, evse_id, id_tag, started_at, stopped_at, meter_start_wh, meter_stop_wh, stop_reason, last_seq_no
         FROM transactions WHERE charger_id = $1`,
      [id],
    );
    expect(transaction).toEqual({
      transaction_ref: 'TX-201-1',
      evse_id: 1,
      id_tag: 'TAG-201',
      started_at: new Date(t('00:20')),
      stopped_at: new Date(t('12:00')),
      meter_start_wh: 5000,
      meter_stop_wh: 7000,
      stop_reason: 'EVDisconnected',
      last_seq_no: 2,
    });
    const statuses = await h.query(`SELECT status FROM status_events WHERE charger_id = $1 ORDER BY time`, [id]);
    expect(statuses.map((s) => s.status)).toEqual(['Available', 'Occupied', 'Available']);
    const inbound = await h.query<{ frame: string }>(`SELECT frame FROM ocpp_messages WHERE charger_id = $1 AND direction = 'in'`, [id]);
    expect(inbound.map((r) => r.frame).sort()).toEqual([...sent.get(id)!].sort());

    const disconnected = nextConnectivity(h.csms, (e) => e.chargerId === id && e.event === 'disconnected');
    await cs.close();
    await disconnected;
    const events = await h.query(`SELECT event, protocol FROM connectivity_events WHERE charger_id = $1 ORDER BY time`, [id]);
    expect(events).toEqual([
      { event: 'connected', protocol: 'ocpp2.0.1' },
      { event: 'booted', protocol: 'ocpp2.0.1' },
      { event: 'disconnected', protocol: 'ocpp2.0.1' },
    ]);
    const [state] = await h.query(`SELECT online, protocol, heartbeat_interval_s FROM charger_state WHERE charger_id = $1`, [id]);
    expect(state).toEqual({ online: false, protocol: 'ocpp2.0.1', heartbeat_interval_s: 300 });
  });
}, 180_000);
