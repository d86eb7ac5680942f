/**
 * History of one charger (status and connectivity events, reported events, meter aggregates, the raw
 * OCPP journal) and transactions. Callers check the charger is visible to them first (`chargerVisible`).
 * Newest first, except meter buckets, which read as a time series (oldest first).
 */
import { Conditions, paged, range, type Row, type Page, type Paged, type ReadDb, type Scope, type TimeRange } from './sql.js';

export interface StatusEventView {
  time: Date;
  receivedAt: Date;
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  vendorErrorCode: string | null;
  vendorId: string | null;
  info: string | null;
}

export function findStatusEvents(
  db: ReadDb,
  chargerId: string,
  filter: TimeRange & { evseId?: number; connectorId?: number; status?: string },
  page: Page,
): Promise<Paged<StatusEventView>> {
  const c = range(new Conditions().add('charger_id = $?', chargerId), 'time', filter)
    .add('evse_id = $?', filter.evseId)
    .add('connector_id = $?', filter.connectorId)
    .add('status = $?', filter.status);
  return paged(
    db,
    c,
    (lo) => `SELECT * FROM status_events ${c.where} ORDER BY time DESC, evse_id, connector_id ${lo}`,
    page,
    (r: Row) => ({
      time: r.time,
      receivedAt: r.received_at,
      evseId: r.evse_id,
      connectorId: r.connector_id,
      status: r.status,
      errorCode: r.error_code,
      vendorErrorCode: r.vendor_error_code,
      vendorId: r.vendor_id,
      info: r.info,
    }),
  );
}

export interface ConnectivityEventView {
  time: Date;
  event: string;
  protocol: string | null;
  nodeId: string | null;
  remoteAddress: string | null;
  detail: unknown;
}

export function findConnectivityEvents(
  db: ReadDb,
  chargerId: string,
  filter: TimeRange & { event?: string },
  page: Page,
): Promise<Paged<ConnectivityEventView>> {
  const c = range(new Conditions().add('charger_id = $?', chargerId), 'time', filter).add('event = $?', filter.event);
  return paged(
    db,
    c,
    (lo) => `SELECT * FROM connectivity_events ${c.where} ORDER BY time DESC ${lo}`,
    page,
    (r: Row) => ({
      time: r.time,
      event: r.event,
      protocol: r.protocol,
      nodeId: r.node_id,
      remoteAddress: r.remote_address,
      detail: r.detail,
    }),
  );
}

export interface ChargerEventView {
  time: Date;
  receivedAt: Date;
  kind: string;
  evseId: number | null;
  connectorId: number | null;
  payload: unknown;
}

/** Faults, security events, firmware/log/diagnostics status and data transfers the charger reported. */
export function findChargerEvents(
  db: ReadDb,
  chargerId: string,
  filter: TimeRange & { kind?: string },
  page: Page,
): Promise<Paged<ChargerEventView>> {
  const c = range(new Conditions().add('charger_id = $?', chargerId), 'time', filter).add('kind = $?', filter.kind);
  return paged(
    db,
    c,
    (lo) => `SELECT * FROM charger_events ${c.where} ORDER BY time DESC ${lo}`,
    page,
    (r: Row) => ({
      time: r.time,
      receivedAt: r.received_at,
      kind: r.kind,
      evseId: r.evse_id,
      connectorId: r.connector_id,
      payload: r.payload,
    }),
  );
}

export const meterBuckets = { '15m': 'meter_15m', '1h': 'meter_1h', '1d': 'meter_1d' } as const;
export type MeterBucket = keyof typeof meterBuckets;

export interface MeterBucketView {
  bucket: Date;
  evseId: number;
  connectorId: number;
  /** Energy delivered within the bucket as the register's rise (max - min), when the register was sampled. */
  energyWh: number | null;
  energyMaxWh: number | null;
  energyMinWh: number | null;
  powerAvgW: number | null;
  powerMaxW: number | null;
  samples: number;
}

/** Energy and power per connector and bucket, from the aggregates (continuous on TimescaleDB). */
export function findMeterBuckets(
  db: ReadDb,
  chargerId: string,
  filter: TimeRange & { bucket: MeterBucket; evseId?: number; connectorId?: number },
  page: Page,
): Promise<Paged<MeterBucketView>> {
  const c = range(new Conditions().add('charger_id = $?', chargerId), 'bucket', filter)
    .add('evse_id = $?', filter.evseId)
    .add('connector_id = $?', filter.connectorId);
  return paged(
    db,
    c,
    (lo) => `SELECT * FROM ${meterBuckets[filter.bucket]} ${c.where} ORDER BY bucket, evse_id, connector_id ${lo}`,
    page,
    (r: Row) => ({
      bucket: r.bucket,
      evseId: r.evse_id,
      connectorId: r.connector_id,
      energyWh: r.energy_max_wh === null || r.energy_min_wh === null ? null : r.energy_max_wh - r.energy_min_wh,
      energyMaxWh: r.energy_max_wh,
      energyMinWh: r.energy_min_wh,
      powerAvgW: r.power_avg_w,
      powerMaxW: r.power_max_w,
      samples: Number(r.samples),
    }),
  );
}

export interface JournalView {
  time: Date;
  direction: 'in' | 'out';
  messageType: number;
  messageId: string | null;
  action: string | null;
  protocol: string | null;
  frame: string;
}

export function findJournal(
  db: ReadDb,
  chargerId: string,
  filter: TimeRange & { action?: string; direction?: 'in' | 'out' },
  page: Page,
): Promise<Paged<JournalView>> {
  const c = range(new Conditions().add('charger_id = $?', chargerId), 'time', filter)
    .add('action = $?', filter.action)
    .add('direction = $?', filter.direction);
  return paged(
    db,
    c,
    // ctid keeps frames of the same instant in a stable order across pages.
    (lo) => `SELECT * FROM ocpp_messages ${c.where} ORDER BY time DESC, ctid DESC ${lo}`,
    page,
    (r: Row) => ({
      time: r.time,
      direction: r.direction,
      messageType: r.message_type,
      messageId: r.message_id,
      action: r.action,
      protocol: r.protocol,
      frame: r.frame,
    }),
  );
}

export interface TransactionView {
  id: number;
  chargerId: string;
  transactionRef: string;
  operatorId: string | null;
  stationId: string | null;
  evseId: number | null;
  connectorId: number | null;
  idTag: string | null;
  startedAt: Date | null;
  stoppedAt: Date | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  energyWh: number | null;
  durationS: number | null;
  stopReason: string | null;
  chargingState: string | null;
}

export interface TransactionQuery extends TimeRange {
  chargerId?: string;
  stationId?: string;
  operatorId?: string;
  /** `active`: not stopped yet; `completed`: stopped. */
  state?: 'active' | 'completed';
}

/** Transactions that started within the range, with energy (meter stop - start) and duration once stopped. */
export function findTransactions(db: ReadDb, scope: Scope, filter: TransactionQuery, page: Page): Promise<Paged<TransactionView>> {
  const c = range(new Conditions(), 't.started_at', filter)
    .add('cp.operator_id = $?', scope.operatorId)
    .add('cp.operator_id = $?', filter.operatorId)
    .add('t.charger_id = $?', filter.chargerId)
    .add('cp.station_id = $?', filter.stationId);
  if (filter.state === 'active') c.add('t.stopped_at IS NULL');
  if (filter.state === 'completed') c.add('t.stopped_at IS NOT NULL');
  return paged(
    db,
    c,
    (lo) => `
      SELECT t.*, cp.operator_id, cp.station_id,
             t.meter_stop_wh - t.meter_start_wh AS energy_wh,
             extract(epoch FROM t.stopped_at - t.started_at)::float8 AS duration_s
        FROM transactions t JOIN charge_points cp ON cp.id = t.charger_id
        ${c.where} ORDER BY t.started_at DESC NULLS LAST, t.id DESC ${lo}`,
    page,
    (r: Row) => ({
      id: Number(r.id),
      chargerId: r.charger_id,
      transactionRef: r.transaction_ref,
      operatorId: r.operator_id,
      stationId: r.station_id,
      evseId: r.evse_id,
      connectorId: r.connector_id,
      idTag: r.id_tag,
      startedAt: r.started_at,
      stoppedAt: r.stopped_at,
      meterStartWh: r.meter_start_wh,
      meterStopWh: r.meter_stop_wh,
      energyWh: r.energy_wh,
      durationS: r.duration_s,
      stopReason: r.stop_reason,
      chargingState: r.charging_state,
    }),
  );
}

export interface CommandAuditView {
  id: number;
  chargerId: string;
  command: unknown;
  tokenId: string | null;
  principalName: string;
  role: string;
  requestedAt: Date;
  answeredAt: Date | null;
  outcome: 'pending' | 'accepted' | 'refused' | 'failed';
  status: string | null;
  errorCode: string | null;
  result: unknown;
}

export function findCommandAudit(db: ReadDb, chargerId: string, filter: TimeRange, page: Page): Promise<Paged<CommandAuditView>> {
  const c = range(new Conditions().add('charger_id = $?', chargerId), 'requested_at', filter);
  return paged(
    db,
    c,
    (lo) => `SELECT * FROM command_audit ${c.where} ORDER BY requested_at DESC, id DESC ${lo}`,
    page,
    (r: Row) => ({
      id: Number(r.id),
      chargerId: r.charger_id,
      command: r.command,
      tokenId: r.token_id,
      principalName: r.principal_name,
      role: r.role,
      requestedAt: r.requested_at,
      answeredAt: r.answered_at,
      outcome: r.outcome,
      status: r.status,
      errorCode: r.error_code,
      result: r.result,
    }),
  );
}
