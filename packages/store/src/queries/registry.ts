/** Reading the registry: operators, stations and chargers, as the caller's scope allows. */
import { Conditions, paged, type Page, type Paged, type ReadDb, type Scope } from './sql.js';

export interface OperatorView {
  id: string;
  name: string;
  creditCode: string | null;
  orgCode: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const operatorColumns = `id, name, credit_code, org_code, contact_name, contact_phone, contact_email, created_at, updated_at`;

interface OperatorRow {
  id: string;
  name: string;
  credit_code: string | null;
  org_code: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  created_at: Date;
  updated_at: Date;
}

const operator = (r: OperatorRow): OperatorView => ({
  id: r.id,
  name: r.name,
  creditCode: r.credit_code,
  orgCode: r.org_code,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  contactEmail: r.contact_email,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function findOperators(db: ReadDb, scope: Scope, page: Page): Promise<Paged<OperatorView>> {
  const c = new Conditions().add('id = $?', scope.operatorId);
  return paged(db, c, (lo) => `SELECT ${operatorColumns} FROM operators ${c.where} ORDER BY id ${lo}`, page, operator);
}

export async function findOperator(db: ReadDb, id: string, scope: Scope): Promise<OperatorView | undefined> {
  const c = new Conditions().add('id = $?', id).add('id = $?', scope.operatorId);
  const { rows } = await db.pool.query<OperatorRow>(`SELECT ${operatorColumns} FROM operators ${c.where}`, c.params);
  return rows[0] && operator(rows[0]);
}

export interface StationView {
  id: string;
  operatorId: string;
  name: string;
  address: string | null;
  countyCode: string | null;
  township: string | null;
  village: string | null;
  category: string;
  isPublic: boolean;
  lat: number | null;
  lon: number | null;
  parkingSpaces: number | null;
  openingHours: string | null;
  serviceTel: string | null;
  chargers: number;
  createdAt: Date;
  updatedAt: Date;
}

interface StationRow {
  id: string;
  operator_id: string;
  name: string;
  address: string | null;
  county_code: string | null;
  township: string | null;
  village: string | null;
  category: string;
  is_public: boolean;
  lat: number | null;
  lon: number | null;
  parking_spaces: number | null;
  opening_hours: string | null;
  service_tel: string | null;
  chargers: number;
  created_at: Date;
  updated_at: Date;
}

const station = (r: StationRow): StationView => ({
  id: r.id,
  operatorId: r.operator_id,
  name: r.name,
  address: r.address,
  countyCode: r.county_code,
  township: r.township,
  village: r.village,
  category: r.category,
  isPublic: r.is_public,
  lat: r.lat,
  lon: r.lon,
  parkingSpaces: r.parking_spaces,
  openingHours: r.opening_hours,
  serviceTel: r.service_tel,
  chargers: r.chargers,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const stationSelect = (where: string) => `
  SELECT s.*, (SELECT count(*)::int FROM charge_points cp WHERE cp.station_id = s.id) AS chargers
    FROM stations s ${where}`;

export interface StationQuery {
  operatorId?: string;
  countyCode?: string;
  category?: string;
  isPublic?: boolean;
}

export function findStations(db: ReadDb, scope: Scope, filter: StationQuery, page: Page): Promise<Paged<StationView>> {
  const c = new Conditions()
    .add('s.operator_id = $?', scope.operatorId)
    .add('s.operator_id = $?', filter.operatorId)
    .add('s.county_code = $?', filter.countyCode)
    .add('s.category = $?', filter.category)
    .add('s.is_public = $?', filter.isPublic);
  return paged(db, c, (lo) => `${stationSelect(c.where)} ORDER BY s.id ${lo}`, page, station);
}

export async function findStation(db: ReadDb, id: string, scope: Scope): Promise<StationView | undefined> {
  const c = new Conditions().add('s.id = $?', id).add('s.operator_id = $?', scope.operatorId);
  const { rows } = await db.pool.query<StationRow>(stationSelect(c.where), c.params);
  return rows[0] && station(rows[0]);
}

export interface ChargerSummary {
  id: string;
  operatorId: string | null;
  stationId: string | null;
  registrationStatus: 'Accepted' | 'Pending' | 'Rejected';
  protocol: string | null;
  vendor: string | null;
  model: string | null;
  online: boolean;
  lastSeenAt: Date | null;
}

export interface ConnectorView {
  evseId: number;
  connectorId: number;
  connectorType: string | null;
  currentType: 'AC' | 'DC' | null;
  maxPowerKw: number | null;
  status: string | null;
  errorCode: string | null;
  vendorErrorCode: string | null;
  info: string | null;
  statusAt: Date | null;
  transactionRef: string | null;
}

export interface ActiveTransaction {
  id: number;
  transactionRef: string;
  evseId: number | null;
  connectorId: number | null;
  idTag: string | null;
  startedAt: Date | null;
  meterStartWh: number | null;
  chargingState: string | null;
}

export interface ChargerView extends ChargerSummary {
  securityProfile: number;
  hasPassword: boolean;
  serialNumber: string | null;
  firmwareVersion: string | null;
  iccid: string | null;
  imsi: string | null;
  meterType: string | null;
  meterSerialNumber: string | null;
  lastBootAt: Date | null;
  connectedAt: Date | null;
  disconnectedAt: Date | null;
  heartbeatIntervalS: number | null;
  createdAt: Date;
  updatedAt: Date;
  /** EVSE 0: the charger as a whole (1.6 connector 0), when it has reported one. */
  chargerStatus: ConnectorView | null;
  connectors: ConnectorView[];
  activeTransactions: ActiveTransaction[];
}

export interface ChargerQuery {
  operatorId?: string;
  stationId?: string;
  registrationStatus?: 'Accepted' | 'Pending' | 'Rejected';
  online?: boolean;
}

interface ChargerRow {
  id: string;
  operator_id: string | null;
  station_id: string | null;
  registration_status: 'Accepted' | 'Pending' | 'Rejected';
  protocol: string | null;
  vendor: string | null;
  model: string | null;
  online: boolean;
  last_seen_at: Date | null;
}

const summary = (r: ChargerRow): ChargerSummary => ({
  id: r.id,
  operatorId: r.operator_id,
  stationId: r.station_id,
  registrationStatus: r.registration_status,
  protocol: r.protocol,
  vendor: r.vendor,
  model: r.model,
  online: r.online,
  lastSeenAt: r.last_seen_at,
});

export function findChargers(db: ReadDb, scope: Scope, filter: ChargerQuery, page: Page): Promise<Paged<ChargerSummary>> {
  const c = new Conditions()
    .add('cp.operator_id = $?', scope.operatorId)
    .add('cp.operator_id = $?', filter.operatorId)
    .add('cp.station_id = $?', filter.stationId)
    .add('cp.registration_status = $?', filter.registrationStatus)
    .add('coalesce(cs.online, false) = $?', filter.online);
  return paged(
    db,
    c,
    (lo) => `
      SELECT cp.id, cp.operator_id, cp.station_id, cp.registration_status, coalesce(cs.protocol, cp.protocol) AS protocol,
             cp.vendor, cp.model, coalesce(cs.online, false) AS online, cs.last_seen_at
        FROM charge_points cp LEFT JOIN charger_state cs ON cs.charger_id = cp.id
        ${c.where} ORDER BY cp.id ${lo}`,
    page,
    summary,
  );
}

/** True when the charger exists and the scope may see it: the gate before any per-charger history. */
export async function chargerVisible(db: ReadDb, id: string, scope: Scope): Promise<boolean> {
  const c = new Conditions().add('id = $?', id).add('operator_id = $?', scope.operatorId);
  const { rowCount } = await db.pool.query(`SELECT 1 FROM charge_points ${c.where}`, c.params);
  return (rowCount ?? 0) > 0;
}

export async function findCharger(db: ReadDb, id: string, scope: Scope): Promise<ChargerView | undefined> {
  const c = new Conditions().add('cp.id = $?', id).add('cp.operator_id = $?', scope.operatorId);
  const { rows } = await db.pool.query(
    `SELECT cp.*, coalesce(cs.protocol, cp.protocol) AS protocol, coalesce(cs.online, false) AS online,
            cs.last_seen_at, cs.connected_at, cs.disconnected_at, cs.heartbeat_interval_s
       FROM charge_points cp LEFT JOIN charger_state cs ON cs.charger_id = cp.id ${c.where}`,
    c.params,
  );
  const r = rows[0];
  if (!r) return undefined;
  const [connectors, transactions] = await Promise.all([
    db.pool.query(
      `WITH k AS (SELECT charger_id, evse_id, connector_id FROM connectors WHERE charger_id = $1
                  UNION SELECT charger_id, evse_id, connector_id FROM connector_state WHERE charger_id = $1)
       SELECT k.evse_id, k.connector_id, c.connector_type, c.current_type, c.max_power_kw,
              st.status, st.error_code, st.vendor_error_code, st.info, st.status_at, st.transaction_ref
         FROM k
         LEFT JOIN connectors c USING (charger_id, evse_id, connector_id)
         LEFT JOIN connector_state st USING (charger_id, evse_id, connector_id)
        ORDER BY k.evse_id, k.connector_id`,
      [id],
    ),
    db.pool.query(
      `SELECT id, transaction_ref, evse_id, connector_id, id_tag, started_at, meter_start_wh, charging_state
         FROM transactions WHERE charger_id = $1 AND stopped_at IS NULL ORDER BY started_at`,
      [id],
    ),
  ]);
  const all: ConnectorView[] = connectors.rows.map((k) => ({
    evseId: k.evse_id,
    connectorId: k.connector_id,
    connectorType: k.connector_type,
    currentType: k.current_type,
    maxPowerKw: k.max_power_kw,
    status: k.status,
    errorCode: k.error_code,
    vendorErrorCode: k.vendor_error_code,
    info: k.info,
    statusAt: k.status_at,
    transactionRef: k.transaction_ref,
  }));
  return {
    ...summary(r as ChargerRow),
    securityProfile: r.security_profile,
    hasPassword: r.password_hash !== null,
    serialNumber: r.serial_number,
    firmwareVersion: r.firmware_version,
    iccid: r.iccid,
    imsi: r.imsi,
    meterType: r.meter_type,
    meterSerialNumber: r.meter_serial_number,
    lastBootAt: r.last_boot_at,
    connectedAt: r.connected_at,
    disconnectedAt: r.disconnected_at,
    heartbeatIntervalS: r.heartbeat_interval_s,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    chargerStatus: all.find((k) => k.evseId === 0) ?? null,
    connectors: all.filter((k) => k.evseId > 0),
    activeTransactions: transactions.rows.map((t) => ({
      id: Number(t.id),
      transactionRef: t.transaction_ref,
      evseId: t.evse_id,
      connectorId: t.connector_id,
      idTag: t.id_tag,
      startedAt: t.started_at,
      meterStartWh: t.meter_start_wh,
      chargingState: t.charging_state,
    })),
  };
}

/** The operators owning each of `chargerIds` (chargers without an operator map to null). */
export async function chargerOperators(db: ReadDb, chargerIds: string[]): Promise<Map<string, string | null>> {
  if (chargerIds.length === 0) return new Map();
  const { rows } = await db.pool.query<{ id: string; operator_id: string | null }>(
    `SELECT id, operator_id FROM charge_points WHERE id = ANY($1)`,
    [chargerIds],
  );
  return new Map(rows.map((r) => [r.id, r.operator_id]));
}
