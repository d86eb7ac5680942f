/**
 * What the province link reads and records (docs/province.md): registry and live rows shaped for the
 * T/CEC 102 mapping, station energy per day from `meter_1d`, and the push deliveries the worker owes
 * partners, with their streams, attempts and cursors.
 *
 * Partner scopes are lists of our operator ids and county codes (absent = everything). Only stations a
 * partner could be told about count: with the operator's organisation code, coordinates, county code,
 * address, a service telephone and an id T/CEC accepts (≤ 20 characters); only piles accepted into
 * service are listed.
 */
import type pg from 'pg';
import type { Page, ReadDb, Row } from './sql.js';

/** A pool or a client inside a transaction. */
export type ProvinceSql = Pick<pg.ClientBase, 'query'>;

export interface ProvinceScope {
  /** Our operator ids whose stations may be read; absent = all. */
  operators?: readonly string[] | undefined;
  /** County codes whose stations may be read; absent = all. */
  counties?: readonly string[] | undefined;
}

// ---- registry and live state ------------------------------------------------------------------

/** A station with its operator's organisation code and phone: what `toStationInfo` takes. */
export interface ProvinceStationRow {
  id: string;
  name: string;
  address: string | null;
  countyCode: string | null;
  category: string;
  isPublic: boolean;
  lat: number | null;
  lon: number | null;
  parkingSpaces: number | null;
  openingHours: string | null;
  serviceTel: string | null;
  operatorId: string;
  operatorOrgCode: string | null;
  operatorPhone: string | null;
}

export interface ProvinceConnectorRow {
  evseId: number;
  connectorId: number;
  connectorType: string | null;
  currentType: 'AC' | 'DC' | null;
  maxPowerKw: number | null;
}

/** An accepted pile with its declared connectors (EVSE 0 left out). */
export interface ProvincePileRow {
  id: string;
  stationId: string;
  vendor: string | null;
  model: string | null;
  connectors: ProvinceConnectorRow[];
}

/** A connector's last reported status and whether its charger is connected now. */
export interface ProvinceConnectorLive {
  stationId: string;
  chargerId: string;
  evseId: number;
  connectorId: number;
  status: string | null;
  online: boolean;
}

const reportable = `o.org_code IS NOT NULL AND s.lat IS NOT NULL AND s.lon IS NOT NULL AND s.county_code IS NOT NULL
  AND coalesce(s.address, '') <> '' AND coalesce(nullif(s.service_tel, ''), nullif(o.contact_phone, '')) IS NOT NULL
  AND length(s.id) <= 20`;

// $1 operators, $2 counties, $3 changed since, $4 ids.
const stationFilter = `FROM stations s JOIN operators o ON o.id = s.operator_id
  WHERE ${reportable}
    AND ($1::text[] IS NULL OR s.operator_id = ANY($1))
    AND ($2::text[] IS NULL OR s.county_code = ANY($2))
    AND ($3::timestamptz IS NULL OR greatest(
          s.updated_at, o.updated_at,
          (SELECT max(cp.updated_at) FROM charge_points cp WHERE cp.station_id = s.id),
          (SELECT d.changed_at FROM province_station_digests d WHERE d.station_id = s.id)) >= $3)
    AND ($4::text[] IS NULL OR s.id = ANY($4))`;

const stationOf = (r: Row): ProvinceStationRow => ({
  id: r.id,
  name: r.name,
  address: r.address,
  countyCode: r.county_code,
  category: r.category,
  isPublic: r.is_public,
  lat: r.lat,
  lon: r.lon,
  parkingSpaces: r.parking_spaces,
  openingHours: r.opening_hours,
  serviceTel: r.service_tel,
  operatorId: r.operator_id,
  operatorOrgCode: r.org_code === null ? null : String(r.org_code).trim(),
  operatorPhone: r.contact_phone,
});

export interface ProvinceStationQuery {
  /** Only stations whose station, operator, piles or reported form changed at or after this instant. */
  changedSince?: Date | undefined;
  /** Only these station ids. */
  ids?: readonly string[] | undefined;
}

function stationParams(scope: ProvinceScope, query: ProvinceStationQuery): unknown[] {
  return [scope.operators ?? null, scope.counties ?? null, query.changedSince ?? null, query.ids ?? null];
}

/** Reportable stations in the scope, ordered by id; every one when no page is given. */
export async function findProvinceStations(
  db: ReadDb,
  scope: ProvinceScope,
  query: ProvinceStationQuery = {},
  page?: Page,
): Promise<ProvinceStationRow[]> {
  const params = stationParams(scope, query);
  const limit = page ? `LIMIT $5 OFFSET $6` : '';
  const { rows } = await db.pool.query(
    `SELECT s.*, o.org_code, o.contact_phone ${stationFilter} ORDER BY s.id ${limit}`,
    page ? [...params, page.limit, page.offset] : params,
  );
  return rows.map(stationOf);
}

export async function countProvinceStations(db: ReadDb, scope: ProvinceScope, query: ProvinceStationQuery = {}): Promise<number> {
  const { rows } = await db.pool.query(`SELECT count(*)::int AS n ${stationFilter}`, stationParams(scope, query));
  return rows[0].n as number;
}

/** Accepted piles of the stations, each with its connectors, by station id. */
export async function findProvincePiles(db: ReadDb, stationIds: readonly string[]): Promise<Map<string, ProvincePileRow[]>> {
  const { rows } = await db.pool.query(
    `SELECT cp.id, cp.station_id, cp.vendor, cp.model, c.evse_id, c.connector_id, c.connector_type, c.current_type, c.max_power_kw
       FROM charge_points cp
       LEFT JOIN connectors c ON c.charger_id = cp.id AND c.evse_id > 0
      WHERE cp.station_id = ANY($1) AND cp.registration_status = 'Accepted'
      ORDER BY cp.station_id, cp.id, c.evse_id, c.connector_id`,
    [stationIds],
  );
  const byStation = new Map<string, ProvincePileRow[]>();
  let pile: ProvincePileRow | undefined;
  for (const r of rows) {
    if (pile?.id !== r.id) {
      pile = { id: r.id, stationId: r.station_id, vendor: r.vendor, model: r.model, connectors: [] };
      byStation.set(r.station_id, [...(byStation.get(r.station_id) ?? []), pile]);
    }
    if (r.evse_id !== null && pile) {
      pile.connectors.push({
        evseId: r.evse_id,
        connectorId: r.connector_id,
        connectorType: r.connector_type,
        currentType: r.current_type,
        maxPowerKw: r.max_power_kw,
      });
    }
  }
  return byStation;
}

/**
 * Every connector of the stations' accepted piles — declared, or known only from a status report —
 * with its last status and whether its charger is online.
 */
export async function findProvinceConnectorLive(db: ReadDb, stationIds: readonly string[]): Promise<ProvinceConnectorLive[]> {
  const { rows } = await db.pool.query(
    `WITH piles AS (SELECT id, station_id FROM charge_points WHERE station_id = ANY($1) AND registration_status = 'Accepted'),
          k AS (SELECT charger_id, evse_id, connector_id FROM connectors WHERE evse_id > 0 AND charger_id IN (SELECT id FROM piles)
                UNION SELECT charger_id, evse_id, connector_id FROM connector_state WHERE evse_id > 0 AND charger_id IN (SELECT id FROM piles))
     SELECT p.station_id, k.charger_id, k.evse_id, k.connector_id, st.status, coalesce(cs.online, false) AS online
       FROM k JOIN piles p ON p.id = k.charger_id
       LEFT JOIN charger_state cs ON cs.charger_id = k.charger_id
       LEFT JOIN connector_state st ON (st.charger_id, st.evse_id, st.connector_id) = (k.charger_id, k.evse_id, k.connector_id)
      ORDER BY p.station_id, k.charger_id, k.evse_id, k.connector_id`,
    [stationIds],
  );
  return rows.map((r) => ({
    stationId: r.station_id,
    chargerId: r.charger_id,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    status: r.status,
    online: r.online,
  }));
}

/** Where a charger sits, for chargers accepted into service and placed at a station. */
export interface ProvinceChargerPlace {
  chargerId: string;
  stationId: string;
  operatorId: string;
  countyCode: string | null;
}

export async function findProvinceChargerPlaces(q: ProvinceSql, chargerIds: readonly string[]): Promise<Map<string, ProvinceChargerPlace>> {
  const { rows } = await q.query(
    `SELECT cp.id, s.id AS station_id, s.operator_id, s.county_code
       FROM charge_points cp JOIN stations s ON s.id = cp.station_id
      WHERE cp.id = ANY($1) AND cp.registration_status = 'Accepted'`,
    [chargerIds],
  );
  return new Map(
    rows.map((r: Row) => [r.id, { chargerId: r.id, stationId: r.station_id, operatorId: r.operator_id, countyCode: r.county_code }]),
  );
}

/** The connectors of one charger (declared or reported, EVSE 0 left out) and their last reported status. */
export async function findProvinceChargerConnectors(
  q: ProvinceSql,
  chargerId: string,
): Promise<Array<{ evseId: number; connectorId: number; status: string | null }>> {
  const { rows } = await q.query(
    `WITH k AS (SELECT evse_id, connector_id FROM connectors WHERE charger_id = $1 AND evse_id > 0
                UNION SELECT evse_id, connector_id FROM connector_state WHERE charger_id = $1 AND evse_id > 0)
     SELECT k.evse_id, k.connector_id, st.status
       FROM k LEFT JOIN connector_state st ON (st.charger_id, st.evse_id, st.connector_id) = ($1, k.evse_id, k.connector_id)
      ORDER BY k.evse_id, k.connector_id`,
    [chargerId],
  );
  return rows.map((r: Row) => ({ evseId: r.evse_id, connectorId: r.connector_id, status: r.status }));
}

/** An operator with its organisation code and telephone: what `toOperatorInfo` takes. */
export interface ProvinceOperatorRow {
  id: string;
  name: string;
  orgCode: string;
  contactPhone: string;
}

export interface ProvinceOperatorQuery {
  changedSince?: Date | undefined;
}

// $1 operators, $2 counties, $3 changed since. A county scope shows the operators with stations there.
const operatorFilter = `FROM operators o
  WHERE o.org_code IS NOT NULL AND coalesce(o.contact_phone, '') <> ''
    AND ($1::text[] IS NULL OR o.id = ANY($1))
    AND ($2::text[] IS NULL OR EXISTS (SELECT 1 FROM stations s WHERE s.operator_id = o.id AND s.county_code = ANY($2)))
    AND ($3::timestamptz IS NULL OR o.updated_at >= $3)`;

export async function findProvinceOperators(
  db: ReadDb,
  scope: ProvinceScope,
  query: ProvinceOperatorQuery,
  page: Page,
): Promise<ProvinceOperatorRow[]> {
  const { rows } = await db.pool.query(
    `SELECT o.id, o.name, o.org_code, o.contact_phone ${operatorFilter} ORDER BY o.id LIMIT $4 OFFSET $5`,
    [scope.operators ?? null, scope.counties ?? null, query.changedSince ?? null, page.limit, page.offset],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, orgCode: String(r.org_code).trim(), contactPhone: r.contact_phone }));
}

export async function countProvinceOperators(db: ReadDb, scope: ProvinceScope, query: ProvinceOperatorQuery): Promise<number> {
  const { rows } = await db.pool.query(`SELECT count(*)::int AS n ${operatorFilter}`, [
    scope.operators ?? null,
    scope.counties ?? null,
    query.changedSince ?? null,
  ]);
  return rows[0].n as number;
}

// ---- energy -----------------------------------------------------------------------------------

export interface ProvinceConnectorEnergy {
  chargerId: string;
  evseId: number;
  connectorId: number;
  energyKwh: number;
}

/**
 * Energy per connector of a station's piles over Shanghai days `startDate`..`endDate` (inclusive,
 * `yyyy-MM-dd`), from the daily meter aggregate:
 *
 *   energy of a day = (max − min of the register that day) + (that day's min − the max of the last
 *   earlier day with readings), the second term only when it is not negative.
 *
 * The second term is the energy delivered between the last reading of one day and the first of the
 * next (a session across midnight); a register that went backwards (meter replaced or reset) adds no
 * step instead of a negative one. Connectors without readings are not listed.
 */
export async function findProvinceStationEnergy(
  db: ReadDb,
  stationId: string,
  startDate: string,
  endDate: string,
): Promise<ProvinceConnectorEnergy[]> {
  const { rows } = await db.pool.query(
    `WITH piles AS (SELECT id FROM charge_points WHERE station_id = $1),
          bounds AS (SELECT ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS start_at,
                            (($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS end_at),
          in_range AS (
            SELECT m.charger_id, m.evse_id, m.connector_id, m.bucket, m.energy_max_wh, m.energy_min_wh
              FROM meter_1d m, bounds b
             WHERE m.charger_id IN (SELECT id FROM piles) AND m.bucket >= b.start_at AND m.bucket < b.end_at
               AND m.energy_max_wh IS NOT NULL),
          day_before AS (
            SELECT DISTINCT ON (m.charger_id, m.evse_id, m.connector_id)
                   m.charger_id, m.evse_id, m.connector_id, m.bucket, m.energy_max_wh, m.energy_min_wh
              FROM meter_1d m, bounds b
             WHERE m.charger_id IN (SELECT id FROM piles) AND m.bucket < b.start_at AND m.energy_max_wh IS NOT NULL
             ORDER BY m.charger_id, m.evse_id, m.connector_id, m.bucket DESC),
          days AS (
            SELECT d.*, lag(d.energy_max_wh) OVER (PARTITION BY d.charger_id, d.evse_id, d.connector_id ORDER BY d.bucket) AS prev_max
              FROM (SELECT * FROM in_range UNION ALL SELECT * FROM day_before) d)
     SELECT d.charger_id, d.evse_id, d.connector_id,
            sum((d.energy_max_wh - d.energy_min_wh)
                + CASE WHEN d.prev_max IS NOT NULL AND d.energy_min_wh >= d.prev_max THEN d.energy_min_wh - d.prev_max ELSE 0 END) AS energy_wh
       FROM days d, bounds b
      WHERE d.bucket >= b.start_at
      GROUP BY d.charger_id, d.evse_id, d.connector_id
      ORDER BY d.charger_id, d.evse_id, d.connector_id`,
    [stationId, startDate, endDate],
  );
  return rows.map((r) => ({
    chargerId: r.charger_id,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    energyKwh: Number(r.energy_wh) / 1000,
  }));
}

// ---- push deliveries --------------------------------------------------------------------------

export const provincePushInterfaces = ['notification_stationStatus', 'notification_stationInfo'] as const;
export type ProvincePushInterface = (typeof provincePushInterfaces)[number];

export const provinceDeliveryStates = ['pending', 'delivered', 'ignored', 'failed'] as const;
/** pending: not sent yet or to be retried; delivered: Status 0; ignored: Status 1 (never retried); failed: gave up. */
export type ProvinceDeliveryState = (typeof provinceDeliveryStates)[number];

export interface NewProvinceDelivery {
  /** The partner's OperatorID. */
  partnerId: string;
  interface: ProvincePushInterface;
  /** ConnectorID (status) or StationID (station info): deliveries of one subject go out in order. */
  subject: string;
  stationId: string | null;
  /** The request Data, in the standard's spelling. */
  data: unknown;
  /** When the change happened. */
  changedAt: Date;
}

export interface ProvinceDelivery extends NewProvinceDelivery {
  /** A bigint, as text. */
  id: string;
  state: ProvinceDeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  errorCode: string | null;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A delivery to schedule, when it is due, and how many attempts it has had. */
export interface ProvinceDue {
  id: string;
  nextAttemptAt: Date;
  attempts: number;
}

const deliveryOf = (r: Row): ProvinceDelivery => ({
  id: String(r.id),
  partnerId: r.partner_id,
  interface: r.interface,
  subject: r.subject,
  stationId: r.station_id,
  data: r.data,
  changedAt: r.changed_at,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  errorCode: r.error_code,
  lastError: r.last_error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

const dueOf = (r: Row): ProvinceDue => ({ id: String(r.id), nextAttemptAt: r.next_attempt_at, attempts: r.attempts });

const sameStream = (a: string, b: string) =>
  `${a}.partner_id = ${b}.partner_id AND ${a}.interface = ${b}.interface AND ${a}.subject = ${b}.subject`;

/** Records deliveries in the order given; returns their ids in that order. */
export async function insertProvinceDeliveries(q: ProvinceSql, rows: readonly NewProvinceDelivery[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const { rows: ids } = await q.query(
    `INSERT INTO province_deliveries (partner_id, interface, subject, station_id, data, changed_at)
     SELECT partner_id, interface, subject, station_id, data, changed_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[]) WITH ORDINALITY
       AS t(partner_id, interface, subject, station_id, data, changed_at, n)
     ORDER BY n
     RETURNING id`,
    [
      rows.map((r) => r.partnerId),
      rows.map((r) => r.interface),
      rows.map((r) => r.subject),
      rows.map((r) => r.stationId),
      rows.map((r) => JSON.stringify(r.data)),
      rows.map((r) => r.changedAt),
    ],
  );
  return ids.map((r: Row) => String(r.id)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

/** The Data of the newest delivery of each subject to a partner, whatever its state. */
export async function findLatestProvinceData(
  q: ProvinceSql,
  partnerId: string,
  iface: ProvincePushInterface,
  subjects: readonly string[],
): Promise<Map<string, unknown>> {
  const { rows } = await q.query(
    `SELECT DISTINCT ON (subject) subject, data FROM province_deliveries
      WHERE partner_id = $1 AND interface = $2 AND subject = ANY($3)
      ORDER BY subject, id DESC`,
    [partnerId, iface, subjects],
  );
  return new Map(rows.map((r: Row) => [r.subject, r.data]));
}

/** Of the given deliveries, those that are pending with no earlier pending delivery in their stream. */
export async function findProvinceStreamHeads(q: ProvinceSql, ids: readonly string[]): Promise<ProvinceDue[]> {
  if (ids.length === 0) return [];
  const { rows } = await q.query(
    `SELECT d.id, d.next_attempt_at, d.attempts FROM province_deliveries d
      WHERE d.id = ANY($1::bigint[]) AND d.state = 'pending'
        AND NOT EXISTS (SELECT 1 FROM province_deliveries e WHERE ${sameStream('e', 'd')} AND e.id < d.id AND e.state = 'pending')
      ORDER BY d.id`,
    [ids],
  );
  return rows.map(dueOf);
}

/**
 * Takes attempt `attemptsSoFar + 1` of a delivery, if it is still pending, heads its stream and has had
 * exactly `attemptsSoFar` attempts — so a duplicate job for the same attempt finds nothing to do. Until
 * `leaseUntil` nobody else will think it overdue.
 */
export async function claimProvinceAttempt(
  q: ProvinceSql,
  id: string,
  attemptsSoFar: number,
  leaseUntil: Date,
): Promise<ProvinceDelivery | undefined> {
  const { rows } = await q.query(
    `UPDATE province_deliveries d SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = $3
      WHERE d.id = $1 AND d.state = 'pending' AND d.attempts = $2
        AND NOT EXISTS (SELECT 1 FROM province_deliveries e WHERE ${sameStream('e', 'd')} AND e.id < d.id AND e.state = 'pending')
      RETURNING d.*`,
    [id, attemptsSoFar, leaseUntil],
  );
  return rows[0] && deliveryOf(rows[0]);
}

export interface ProvinceOutcome {
  state: Exclude<ProvinceDeliveryState, 'pending'>;
  errorCode?: string;
  error?: string;
}

/**
 * Ends a delivery (delivered, ignored or failed), updates its partner's state, and returns the next
 * pending delivery of its stream, which may now go.
 */
export async function settleProvinceDelivery(q: ProvinceSql, id: string, outcome: ProvinceOutcome): Promise<ProvinceDue | undefined> {
  const { rows } = await q.query(
    `UPDATE province_deliveries SET state = $2, finished_at = now(),
            error_code = coalesce($3, error_code), last_error = coalesce($4, last_error)
      WHERE id = $1 AND state = 'pending'
      RETURNING partner_id, interface, subject`,
    [id, outcome.state, outcome.errorCode ?? null, outcome.error ?? null],
  );
  const settled = rows[0];
  if (!settled) return undefined;
  await recordPartnerOutcome(q, settled.partner_id, outcome.state === 'failed' ? (outcome.error ?? 'failed') : undefined);
  const next = await q.query(
    `SELECT id, next_attempt_at, attempts FROM province_deliveries
      WHERE partner_id = $1 AND interface = $2 AND subject = $3 AND state = 'pending'
      ORDER BY id LIMIT 1`,
    [settled.partner_id, settled.interface, settled.subject],
  );
  return next.rows[0] && dueOf(next.rows[0]);
}

/** Records a failed attempt that will be retried at `at`. */
export async function deferProvinceDelivery(q: ProvinceSql, id: string, at: Date, errorCode: string, error: string): Promise<void> {
  const { rows } = await q.query(
    `UPDATE province_deliveries SET next_attempt_at = $2, error_code = $3, last_error = $4
      WHERE id = $1 AND state = 'pending' RETURNING partner_id`,
    [id, at, errorCode, error],
  );
  if (rows[0]) await recordPartnerOutcome(q, rows[0].partner_id, error);
}

async function recordPartnerOutcome(q: ProvinceSql, partnerId: string, error: string | undefined): Promise<void> {
  if (error === undefined) {
    await q.query(
      `INSERT INTO province_partner_state (partner_id, last_delivered_at) VALUES ($1, now())
       ON CONFLICT (partner_id) DO UPDATE SET last_delivered_at = now(), consecutive_failures = 0`,
      [partnerId],
    );
  } else {
    await q.query(
      `INSERT INTO province_partner_state (partner_id, last_failed_at, last_error, consecutive_failures) VALUES ($1, now(), $2, 1)
       ON CONFLICT (partner_id) DO UPDATE SET last_failed_at = now(), last_error = $2,
         consecutive_failures = province_partner_state.consecutive_failures + 1`,
      [partnerId, error],
    );
  }
}

/** Stream heads that should have been tried before `before` (a job lost to a crash): the worker schedules them again. */
export async function findOverdueProvinceHeads(q: ProvinceSql, before: Date, limit: number): Promise<ProvinceDue[]> {
  const { rows } = await q.query(
    `SELECT d.id, d.next_attempt_at, d.attempts FROM province_deliveries d
      WHERE d.state = 'pending' AND d.next_attempt_at < $1
        AND NOT EXISTS (SELECT 1 FROM province_deliveries e WHERE ${sameStream('e', 'd')} AND e.id < d.id AND e.state = 'pending')
      ORDER BY d.id LIMIT $2`,
    [before, limit],
  );
  return rows.map(dueOf);
}

export async function findProvinceDelivery(db: ReadDb, id: string): Promise<ProvinceDelivery | undefined> {
  const { rows } = await db.pool.query(`SELECT * FROM province_deliveries WHERE id = $1`, [id]);
  return rows[0] && deliveryOf(rows[0]);
}

export interface ProvinceDeliveryQuery {
  partnerId?: string | undefined;
  interface?: ProvincePushInterface | undefined;
  state?: ProvinceDeliveryState | undefined;
  subject?: string | undefined;
  stationId?: string | undefined;
}

/** Deliveries, newest first. */
export async function findProvinceDeliveries(
  db: ReadDb,
  query: ProvinceDeliveryQuery,
  page: Page,
): Promise<{ items: ProvinceDelivery[]; limit: number; offset: number; nextOffset: number | null }> {
  const { rows } = await db.pool.query(
    `SELECT * FROM province_deliveries
      WHERE ($1::text IS NULL OR partner_id = $1) AND ($2::text IS NULL OR interface = $2)
        AND ($3::text IS NULL OR state = $3) AND ($4::text IS NULL OR subject = $4)
        AND ($5::text IS NULL OR station_id = $5)
      ORDER BY id DESC LIMIT $6 OFFSET $7`,
    [query.partnerId ?? null, query.interface ?? null, query.state ?? null, query.subject ?? null, query.stationId ?? null, page.limit + 1, page.offset],
  );
  return {
    items: rows.slice(0, page.limit).map(deliveryOf),
    limit: page.limit,
    offset: page.offset,
    nextOffset: rows.length > page.limit ? page.offset + page.limit : null,
  };
}

export interface ProvincePartnerSummary {
  partnerId: string;
  counts: Record<ProvinceDeliveryState, number>;
  /** When the oldest pending delivery was recorded: how far behind the partner is. */
  oldestPendingAt: Date | null;
  lastDeliveredAt: Date | null;
  lastFailedAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
}

/** Per partner: deliveries by state, the oldest still pending, and how its last attempts went. */
export async function provinceDeliverySummary(db: ReadDb): Promise<ProvincePartnerSummary[]> {
  const { rows } = await db.pool.query(
    `WITH counts AS (
       SELECT partner_id,
              count(*) FILTER (WHERE state = 'pending')::int AS pending,
              count(*) FILTER (WHERE state = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE state = 'ignored')::int AS ignored,
              count(*) FILTER (WHERE state = 'failed')::int AS failed,
              min(created_at) FILTER (WHERE state = 'pending') AS oldest_pending_at
         FROM province_deliveries GROUP BY partner_id)
     SELECT coalesce(c.partner_id, p.partner_id) AS partner_id, c.pending, c.delivered, c.ignored, c.failed, c.oldest_pending_at,
            p.last_delivered_at, p.last_failed_at, p.last_error, p.consecutive_failures
       FROM counts c FULL JOIN province_partner_state p ON p.partner_id = c.partner_id
      ORDER BY 1`,
  );
  return rows.map((r) => ({
    partnerId: r.partner_id,
    counts: { pending: r.pending ?? 0, delivered: r.delivered ?? 0, ignored: r.ignored ?? 0, failed: r.failed ?? 0 },
    oldestPendingAt: r.oldest_pending_at,
    lastDeliveredAt: r.last_delivered_at ?? null,
    lastFailedAt: r.last_failed_at ?? null,
    lastError: r.last_error ?? null,
    consecutiveFailures: r.consecutive_failures ?? 0,
  }));
}

/** Forgets finished deliveries recorded before `before`; returns how many. */
export async function pruneProvinceDeliveries(q: ProvinceSql, before: Date): Promise<number> {
  const { rowCount } = await q.query(`DELETE FROM province_deliveries WHERE state <> 'pending' AND created_at < $1`, [before]);
  return rowCount ?? 0;
}

// ---- cursors and station digests --------------------------------------------------------------

/**
 * Locks the named cursor for the rest of the transaction (creating it unset) and returns its position:
 * null until first saved. Call inside a transaction, on its client.
 */
export async function lockProvinceCursor(q: ProvinceSql, name: string): Promise<string | null> {
  await q.query(`INSERT INTO province_cursors (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
  const { rows } = await q.query(`SELECT position FROM province_cursors WHERE name = $1 FOR UPDATE`, [name]);
  return rows[0].position as string | null;
}

export async function saveProvinceCursor(q: ProvinceSql, name: string, position: string): Promise<void> {
  await q.query(`UPDATE province_cursors SET position = $2, updated_at = now() WHERE name = $1`, [name, position]);
}

export async function findProvinceStationDigests(q: ProvinceSql): Promise<Map<string, string>> {
  const { rows } = await q.query(`SELECT station_id, digest FROM province_station_digests`);
  return new Map(rows.map((r: Row) => [r.station_id, r.digest]));
}

export async function saveProvinceStationDigests(
  q: ProvinceSql,
  digests: ReadonlyArray<{ stationId: string; digest: string }>,
  at: Date,
): Promise<void> {
  if (digests.length === 0) return;
  await q.query(
    `INSERT INTO province_station_digests (station_id, digest, changed_at)
     SELECT station_id, digest, $3 FROM unnest($1::text[], $2::text[]) AS t(station_id, digest)
     ON CONFLICT (station_id) DO UPDATE SET digest = EXCLUDED.digest, changed_at = EXCLUDED.changed_at`,
    [digests.map((d) => d.stationId), digests.map((d) => d.digest), at],
  );
}
