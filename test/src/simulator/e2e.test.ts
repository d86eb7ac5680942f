/**
 * The simulator against the real central system and a real PostgreSQL database: a fleet of both protocol
 * versions registered with `importFleet`, booting, charging, faulting, losing power and network, and every
 * message it saw acknowledged proven to be stored exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFleet } from '@pilewatch/store';
import { generateFleet, quietScenario, runFleet, type Fleet, type LedgerEntry, type SimulationHandle, type VirtualCharger } from '@pilewatch/simulator';
import { until } from '@pilewatch/simulator/testing';
import { startCsms, type Harness } from '../csms/harness.js';

const LONG = 90_000;

const car = { batteryKwh: 60, maxAcKw: 7, maxDcKw: 120, highVoltage: false };

let csms: Harness;
let fleet: Fleet;
let sim: SimulationHandle;
let v16: VirtualCharger[];
let v201: VirtualCharger[];

beforeAll(async () => {
  csms = await startCsms({ env: { PILEWATCH_BOOT_RETRY_INTERVAL_S: '1' } });
  fleet = generateFleet({ chargers: 10, seed: 'e2e', ocpp201Share: 0.5 });
  // The fleet file exactly as the simulator writes it is what the store imports.
  await importFleet(csms.db, JSON.parse(JSON.stringify(fleet)));
  sim = runFleet({
    url: csms.url,
    fleet,
    scenario: quietScenario({ speed: 60, meterIntervalS: 10 }),
    rampPerSecond: 50,
    backoff: { initialMs: 50, maxMs: 500 },
    callTimeoutMs: 10_000,
  });
  v16 = sim.chargers().filter((c) => c.protocol === 'ocpp1.6');
  v201 = sim.chargers().filter((c) => c.protocol === 'ocpp2.0.1');
}, LONG);

afterAll(async () => {
  await sim?.stop();
  await csms?.close();
}, LONG);

const settled = () =>
  until(() => sim.chargers().every((c) => c.queuedTransactionMessages === 0 && c.ledger.entries().every((e) => e.outcome !== 'sent')), 'every message delivered', {
    timeoutMs: 30_000,
    describe: () => sim.stats(),
  });

describe('the simulator against the real central system', () => {
  it('boots a fleet of both protocol versions, each pile registered and online', async () => {
    expect(v16).toHaveLength(5);
    expect(v201).toHaveLength(5);
    await until(() => sim.stats().booted === 10, 'all ten booted', { timeoutMs: 30_000, describe: () => sim.stats() });
    const rows = await csms.query<{ charger_id: string; online: boolean; protocol: string }>(
      'SELECT charger_id, online, protocol FROM charger_state ORDER BY charger_id',
    );
    expect(rows.map((r) => r.charger_id)).toEqual(fleet.chargers.map((c) => c.id).sort());
    expect(rows.every((r) => r.online)).toBe(true);
    for (const c of sim.chargers()) expect(rows.find((r) => r.charger_id === c.id)!.protocol).toBe(c.protocol);
    const registered = await csms.query<{ id: string; serial_number: string; station_id: string }>('SELECT id, serial_number, station_id FROM charge_points ORDER BY id');
    expect(registered).toEqual(
      fleet.chargers.map((c) => ({ id: c.id, serial_number: c.serialNumber, station_id: c.stationId })).sort((x, y) => x.id.localeCompare(y.id)),
    );
    const booted = await csms.query<{ n: string }>("SELECT count(DISTINCT charger_id) AS n FROM connectivity_events WHERE event = 'booted'");
    expect(Number(booted[0]!.n)).toBe(10);
  }, LONG);

  it('charges: each session becomes one transaction with its meter samples', async () => {
    const drivers = [v16[0]!, v16[1]!, v201[0]!, v201[1]!];
    for (const c of drivers)
      c.plugIn({ plan: { authorizeAfterS: 2, socStart: 0.5, socTarget: 0.55, stayMs: 4 * 60_000, vehicle: car } });
    await until(() => drivers.every((c) => c.connectors.every((k) => !k.session)), 'the sessions end', { timeoutMs: 30_000 });
    await settled();
    const tx = await csms.query<{ charger_id: string; started_at: Date; stopped_at: Date | null; meter_start_wh: number; meter_stop_wh: number }>(
      'SELECT charger_id, started_at, stopped_at, meter_start_wh, meter_stop_wh FROM transactions WHERE charger_id = ANY($1) ORDER BY charger_id',
      [drivers.map((c) => c.id)],
    );
    expect(tx.map((t) => t.charger_id)).toEqual(drivers.map((c) => c.id).sort());
    for (const t of tx) {
      expect(t.stopped_at).not.toBeNull();
      expect(t.meter_stop_wh).toBeGreaterThan(t.meter_start_wh);
    }
    const samples = await csms.query<{ charger_id: string; n: string }>(
      "SELECT charger_id, count(*) AS n FROM meter_samples WHERE measurand = 'Energy.Active.Import.Register' AND charger_id = ANY($1) GROUP BY charger_id",
      [drivers.map((c) => c.id)],
    );
    expect(samples).toHaveLength(4);
  }, LONG);

  it('gets faults: a 1.6 emergency stop and a 2.0.1 insulation fault show as Faulted with their codes', async () => {
    const [a, b] = [v16[2]!, v201[2]!];
    a.fault('emergencyStop', { durationMs: Infinity });
    b.fault('insulationFault', { evseId: 1, durationMs: Infinity });
    await settled();
    const state = await csms.query<{ charger_id: string; evse_id: number; status: string; error_code: string | null; vendor_error_code: string | null }>(
      "SELECT charger_id, evse_id, status, error_code, vendor_error_code FROM connector_state WHERE status = 'Faulted' AND charger_id = ANY($1) ORDER BY charger_id, evse_id",
      [[a.id, b.id]],
    );
    expect(state.filter((s) => s.charger_id === a.id && s.evse_id > 0).every((s) => s.vendor_error_code === 'E01')).toBe(true);
    expect(state.filter((s) => s.charger_id === a.id && s.evse_id > 0)).toHaveLength(a.connectors.length);
    expect(state.some((s) => s.charger_id === b.id && s.evse_id === 1)).toBe(true);
    const faults = await csms.query<{ n: string }>("SELECT count(*) AS n FROM charger_events WHERE charger_id = $1 AND kind = 'fault.reported'", [b.id]);
    expect(Number(faults[0]!.n)).toBe(1);
    a.clearFault();
    b.clearFault();
    await settled();
    const after = await csms.query<{ n: string }>("SELECT count(*) AS n FROM connector_state WHERE status = 'Faulted' AND charger_id = ANY($1)", [[a.id, b.id]]);
    expect(Number(after[0]!.n)).toBe(0);
  }, LONG);

  it('reconnects after a power cut (booting again) and after a network loss (without booting)', async () => {
    const [p, n] = [v16[3]!, v201[3]!];
    const bootsBefore = p.ledger.entries().filter((e) => e.action === 'BootNotification' && e.outcome === 'acked').length;
    p.powerLoss(30_000);
    n.networkLoss(30_000);
    await until(() => p.registration === 'Accepted' && p.link === 'open' && n.link === 'open' && !p.ledger.entries().some((e) => e.outcome === 'queued'), 'both back', {
      timeoutMs: 30_000,
    });
    await settled();
    expect(p.ledger.entries().filter((e) => e.action === 'BootNotification' && e.outcome === 'acked')).toHaveLength(bootsBefore + 1);
    const events = await csms.query<{ charger_id: string; event: string }>(
      "SELECT charger_id, event FROM connectivity_events WHERE charger_id = ANY($1) AND event IN ('connected', 'disconnected', 'booted') ORDER BY time, event",
      [[p.id, n.id]],
    );
    const of = (id: string) => events.filter((e) => e.charger_id === id).map((e) => e.event);
    expect(of(p.id).filter((e) => e === 'disconnected')).toHaveLength(1);
    expect(of(p.id).filter((e) => e === 'booted')).toHaveLength(bootsBefore + 1);
    expect(of(n.id).filter((e) => e === 'disconnected')).toHaveLength(1);
    expect(of(n.id).filter((e) => e === 'connected')).toHaveLength(2);
    const online = await csms.query<{ n: string }>('SELECT count(*) AS n FROM charger_state WHERE online AND charger_id = ANY($1)', [[p.id, n.id]]);
    expect(Number(online[0]!.n)).toBe(2);
  }, LONG);

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    'stores transaction messages queued offline (%s) after reconnection, with their original timestamps',
    async (protocol) => {
      const c = (protocol === 'ocpp1.6' ? v16 : v201)[4]!;
      c.plugIn({ plan: { authorizeAfterS: 2, socStart: 0.2, socTarget: 0.9, vehicle: car } });
      await until(() => c.ledger.entries().some((e) => e.outcome === 'acked' && (e.action === 'MeterValues' || e.payload.triggerReason === 'MeterValuePeriodic')), 'a sample online', {
        timeoutMs: 20_000,
      });
      c.goOffline();
      await until(() => c.ledger.entries().filter((e) => e.createdOffline).length >= 3, 'samples queued offline', { timeoutMs: 20_000 });
      c.endSession(c.connectors[0]!, sim.clock.now(), { kind: 'Local' });
      const queued = c.ledger.entries().filter((e) => e.createdOffline);
      const back = new Date();
      c.networkRestored();
      await until(() => queued.every((e) => e.outcome === 'acked'), 'the queue delivered', { timeoutMs: 20_000 });
      await settled();
      const times = queued.map((e) => e.timestamp!);
      const rows = await csms.query<{ time: Date; received_at: Date }>(
        "SELECT time, received_at FROM meter_samples WHERE charger_id = $1 AND measurand = 'Energy.Active.Import.Register' AND time = ANY($2::timestamptz[]) ORDER BY time",
        [c.id, times],
      );
      // Every queued message that carried samples is stored at the instant the pile stamped, received after the reconnection.
      expect(rows.map((r) => r.time.toISOString())).toEqual(times.slice().sort());
      for (const r of rows) expect(r.received_at.getTime()).toBeGreaterThanOrEqual(back.getTime() - 1000);
      const stop = await csms.query<{ stopped_at: Date; stop_reason: string }>(
        'SELECT stopped_at, stop_reason FROM transactions WHERE charger_id = $1 AND stopped_at IS NOT NULL',
        [c.id],
      );
      expect(stop).toHaveLength(1);
      expect(stop[0]!.stopped_at.toISOString()).toBe(queued.at(-1)!.timestamp);
      expect(stop[0]!.stop_reason).toBe('Local');
    },
    LONG,
  );

  it('has every acknowledged message in the database exactly once', async () => {
    await settled();
    const acked = sim.ledger().filter((e) => e.outcome === 'acked');
    expect(acked.length).toBeGreaterThan(100);

    // The journal holds each acknowledged frame, under the message id of the attempt that was answered.
    const journal = await csms.query<{ charger_id: string; message_id: string; n: string }>(
      "SELECT charger_id, message_id, count(*) AS n FROM ocpp_messages WHERE direction = 'in' AND message_type = 2 GROUP BY charger_id, message_id",
    );
    const inJournal = new Map(journal.map((r) => [`${r.charger_id}/${r.message_id}`, Number(r.n)]));
    for (const e of acked) expect(inJournal.get(`${e.chargerId}/${e.messageIds.at(-1)}`), `${e.chargerId} ${e.action} #${e.seq}`).toBe(1);

    // What each message carried is stored once: samples, statuses, transaction events.
    const samples = await csms.query<{ charger_id: string; evse_id: number; measurand: string; location: string; time: Date; n: string }>(
      'SELECT charger_id, evse_id, measurand, location, time, count(*) AS n FROM meter_samples GROUP BY 1, 2, 3, 4, 5',
    );
    const sampleCount = new Map(samples.map((r) => [`${r.charger_id}/${r.evse_id}/${r.measurand}/${r.location}/${r.time.toISOString()}`, Number(r.n)]));
    const statuses = await csms.query<{ charger_id: string; evse_id: number; status: string; time: Date; n: string }>(
      'SELECT charger_id, evse_id, status, time, count(*) AS n FROM status_events GROUP BY 1, 2, 3, 4',
    );
    const statusCount = new Map(statuses.map((r) => [`${r.charger_id}/${r.evse_id}/${r.status}/${r.time.toISOString()}`, Number(r.n)]));
    const txEvents = await csms.query<{ charger_id: string; transaction_ref: string; seq_no: number }>(
      'SELECT charger_id, transaction_ref, seq_no FROM transaction_events',
    );
    const txEventKeys = new Set(txEvents.map((r) => `${r.charger_id}/${r.transaction_ref}/${r.seq_no}`));
    expect(txEventKeys.size).toBe(txEvents.length);

    const connectorOfTransaction = new Map(
      acked
        .filter((e) => e.action === 'StartTransaction')
        .map((e) => [(e.response as { transactionId: number }).transactionId, e.payload.connectorId as number]),
    );
    let checkedSamples = 0;
    for (const e of acked) {
      for (const { evse, values } of carriedSamples(e, connectorOfTransaction)) {
        for (const v of values) {
          const key = `${e.chargerId}/${evse}/${v.measurand}/${v.location ?? ''}/${new Date(v.timestamp).toISOString()}`;
          expect(sampleCount.get(key), key).toBe(1);
          checkedSamples++;
        }
      }
      if (e.action === 'StatusNotification') {
        const p = e.payload;
        const evse = (p.evseId ?? p.connectorId) as number;
        const status = (p.connectorStatus ?? p.status) as string;
        const key = `${e.chargerId}/${evse}/${status}/${new Date(p.timestamp as string).toISOString()}`;
        expect(statusCount.get(key), key).toBe(1);
      }
      if (e.action === 'TransactionEvent') {
        const p = e.payload as { transactionInfo: { transactionId: string }; seqNo: number };
        expect(txEventKeys.has(`${e.chargerId}/${p.transactionInfo.transactionId}/${p.seqNo}`)).toBe(true);
      }
    }
    expect(checkedSamples).toBeGreaterThan(100);

    // 1.6 transactions: one row per acknowledged start, under the id the central system answered with.
    const starts = acked.filter((e) => e.action === 'StartTransaction');
    const ids = starts.map((e) => String((e.response as { transactionId: number }).transactionId));
    const rows = await csms.query<{ id: string }>('SELECT id::text AS id FROM transactions WHERE id::text = ANY($1)', [ids]);
    expect(rows.map((r) => r.id).sort()).toEqual([...new Set(ids)].sort());
    expect(new Set(ids).size).toBe(starts.length);
  }, LONG);
});

/** The meter readings a message carries, with the EVSE the central system files them under. */
function carriedSamples(e: LedgerEntry, connectorOfTransaction: Map<number, number>): Array<{ evse: number; values: Array<{ measurand: string; location?: string; timestamp: string }> }> {
  const p = e.payload as Record<string, unknown>;
  type MeterValue = { timestamp: string; sampledValue: Array<{ measurand?: string; location?: string }> };
  const flatten = (evse: number, mvs: MeterValue[] | undefined) =>
    (mvs ?? []).map((mv) => ({ evse, values: mv.sampledValue.map((s) => ({ measurand: s.measurand ?? 'Energy.Active.Import.Register', ...(s.location ? { location: s.location } : {}), timestamp: mv.timestamp })) }));
  if (e.action === 'MeterValues') return flatten((p.connectorId ?? p.evseId) as number, p.meterValue as MeterValue[]);
  // A 1.6 stop names only its transaction; its readings belong to the connector the transaction started on.
  if (e.action === 'StopTransaction') return flatten(connectorOfTransaction.get(p.transactionId as number) ?? 0, p.transactionData as MeterValue[] | undefined);
  if (e.action === 'TransactionEvent') return flatten((p.evse as { id: number } | undefined)?.id ?? 0, p.meterValue as MeterValue[] | undefined);
  return [];
}
