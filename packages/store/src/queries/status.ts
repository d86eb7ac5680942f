/**
 * "What is the state of every pile right now": current connector status, read from the state tables
 * (never from history), and counts by status for the city, each county and each operator.
 *
 * A connector's effective status is `Offline` when its charger is not connected (its last reported
 * status is stale), `Unknown` when the charger is connected but has not reported one, else the status.
 * EVSE 0 (the charger as a whole) is not a connector and is not listed or counted here.
 */
import { Conditions, paged, type Page, type Paged, type ReadDb, type Row, type Scope } from './sql.js';

export const effectiveStatuses = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEV',
  'SuspendedEVSE',
  'Finishing',
  'Occupied',
  'Reserved',
  'Unavailable',
  'Faulted',
  'Offline',
  'Unknown',
] as const;

export type EffectiveStatus = (typeof effectiveStatuses)[number];

export interface ConnectorStatusView {
  chargerId: string;
  evseId: number;
  connectorId: number;
  operatorId: string | null;
  stationId: string | null;
  countyCode: string | null;
  category: string | null;
  online: boolean;
  effectiveStatus: EffectiveStatus;
  /** The last status the charger reported (kept while offline). */
  status: string | null;
  errorCode: string | null;
  vendorErrorCode: string | null;
  statusAt: Date | null;
  lastSeenAt: Date | null;
  transactionRef: string | null;
  currentType: 'AC' | 'DC' | null;
  maxPowerKw: number | null;
}

export interface StatusQuery {
  countyCode?: string;
  operatorId?: string;
  stationId?: string;
  category?: string;
  status?: EffectiveStatus;
  online?: boolean;
}

// Every connector a charger has: declared in the registry, or known only because it reported a status.
const connectorRows = `
  WITH k AS (SELECT charger_id, evse_id, connector_id FROM connectors WHERE evse_id > 0
             UNION SELECT charger_id, evse_id, connector_id FROM connector_state WHERE evse_id > 0)
  SELECT k.charger_id, k.evse_id, k.connector_id, cp.operator_id, cp.station_id, cp.registration_status,
         s.county_code, s.category, coalesce(cs.online, false) AS online, cs.last_seen_at,
         st.status, st.error_code, st.vendor_error_code, st.status_at, st.transaction_ref,
         c.current_type, c.max_power_kw,
         CASE WHEN NOT coalesce(cs.online, false) THEN 'Offline' ELSE coalesce(st.status, 'Unknown') END AS effective_status
    FROM k
    JOIN charge_points cp ON cp.id = k.charger_id
    LEFT JOIN stations s ON s.id = cp.station_id
    LEFT JOIN charger_state cs ON cs.charger_id = k.charger_id
    LEFT JOIN connector_state st ON (st.charger_id, st.evse_id, st.connector_id) = (k.charger_id, k.evse_id, k.connector_id)
    LEFT JOIN connectors c ON (c.charger_id, c.evse_id, c.connector_id) = (k.charger_id, k.evse_id, k.connector_id)`;

export function findConnectorStatuses(
  db: ReadDb,
  scope: Scope,
  filter: StatusQuery,
  page: Page,
): Promise<Paged<ConnectorStatusView>> {
  const c = new Conditions()
    .add('operator_id = $?', scope.operatorId)
    .add('operator_id = $?', filter.operatorId)
    .add('county_code = $?', filter.countyCode)
    .add('station_id = $?', filter.stationId)
    .add('category = $?', filter.category)
    .add('effective_status = $?', filter.status)
    .add('online = $?', filter.online);
  return paged(
    db,
    c,
    (lo) => `SELECT * FROM (${connectorRows}) x ${c.where} ORDER BY charger_id, evse_id, connector_id ${lo}`,
    page,
    (r: Row) => ({
      chargerId: r.charger_id,
      evseId: r.evse_id,
      connectorId: r.connector_id,
      operatorId: r.operator_id,
      stationId: r.station_id,
      countyCode: r.county_code,
      category: r.category,
      online: r.online,
      effectiveStatus: r.effective_status,
      status: r.status,
      errorCode: r.error_code,
      vendorErrorCode: r.vendor_error_code,
      statusAt: r.status_at,
      lastSeenAt: r.last_seen_at,
      transactionRef: r.transaction_ref,
      currentType: r.current_type,
      maxPowerKw: r.max_power_kw,
    }),
  );
}

export interface StatusCounts {
  chargers: {
    total: number;
    online: number;
    offline: number;
    /** Online chargers with at least one connector charging. */
    charging: number;
    /** Online chargers reporting Faulted on a connector or as a whole. */
    faulted: number;
  };
  connectors: { total: number } & Record<EffectiveStatus, number>;
}

export interface StatusOverview {
  city: StatusCounts;
  counties: Array<{ countyCode: string | null } & StatusCounts>;
  operators: Array<{ operatorId: string | null; name: string | null } & StatusCounts>;
}

function emptyCounts(): StatusCounts {
  return {
    chargers: { total: 0, online: 0, offline: 0, charging: 0, faulted: 0 },
    connectors: { total: 0, ...(Object.fromEntries(effectiveStatuses.map((s) => [s, 0])) as Record<EffectiveStatus, number>) },
  };
}

/**
 * Counts over chargers accepted into service (Pending and Rejected ones are not yet piles of the network),
 * in one pass per level with GROUPING SETS.
 */
export async function statusOverview(db: ReadDb, scope: Scope): Promise<StatusOverview> {
  const c = new Conditions().add("registration_status = 'Accepted'").add('operator_id = $?', scope.operatorId);
  const [connectors, chargers] = await Promise.all([
    db.pool.query(
      `SELECT GROUPING(county_code) AS by_county_off, GROUPING(operator_id) AS by_operator_off,
              county_code, operator_id, effective_status, count(*)::int AS n
         FROM (${connectorRows}) x ${c.where}
        GROUP BY GROUPING SETS ((effective_status), (county_code, effective_status), (operator_id, effective_status))`,
      c.params,
    ),
    db.pool.query(
      `WITH per_charger AS (
         SELECT cp.id, cp.operator_id, s.county_code, cp.registration_status, coalesce(cs.online, false) AS online,
                coalesce(bool_or(st.status = 'Charging'), false) AS charging,
                coalesce(bool_or(st.status = 'Faulted'), false) AS faulted
           FROM charge_points cp
           LEFT JOIN stations s ON s.id = cp.station_id
           LEFT JOIN charger_state cs ON cs.charger_id = cp.id
           LEFT JOIN connector_state st ON st.charger_id = cp.id
          GROUP BY cp.id, s.county_code, cs.online)
       SELECT GROUPING(county_code) AS by_county_off, GROUPING(operator_id) AS by_operator_off,
              county_code, operator_id,
              count(*)::int AS total,
              count(*) FILTER (WHERE online)::int AS online,
              count(*) FILTER (WHERE online AND charging)::int AS charging,
              count(*) FILTER (WHERE online AND faulted)::int AS faulted
         FROM per_charger ${c.where}
        GROUP BY GROUPING SETS ((), (county_code), (operator_id))`,
      c.params,
    ),
  ]);

  const city = emptyCounts();
  const counties = new Map<string | null, StatusCounts>();
  const operators = new Map<string | null, StatusCounts>();
  const slot = (r: { by_county_off: number; by_operator_off: number; county_code: string | null; operator_id: string | null }) => {
    if (r.by_county_off === 0) return get(counties, r.county_code);
    if (r.by_operator_off === 0) return get(operators, r.operator_id);
    return city;
  };
  for (const r of chargers.rows) {
    const counts = slot(r);
    counts.chargers = { total: r.total, online: r.online, offline: r.total - r.online, charging: r.charging, faulted: r.faulted };
  }
  for (const r of connectors.rows) {
    const counts = slot(r);
    counts.connectors[r.effective_status as EffectiveStatus] = r.n;
    counts.connectors.total += r.n;
  }

  const names = await db.pool.query<{ id: string; name: string }>(`SELECT id, name FROM operators WHERE id = ANY($1)`, [
    [...operators.keys()].filter((k) => k !== null),
  ]);
  const nameOf = new Map(names.rows.map((r) => [r.id, r.name]));
  return {
    city,
    counties: [...counties].map(([countyCode, counts]) => ({ countyCode, ...counts })).sort(byKey((x) => x.countyCode)),
    operators: [...operators]
      .map(([operatorId, counts]) => ({ operatorId, name: operatorId === null ? null : (nameOf.get(operatorId) ?? null), ...counts }))
      .sort(byKey((x) => x.operatorId)),
  };
}

function get<K>(map: Map<K, StatusCounts>, key: K): StatusCounts {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = emptyCounts()));
  return counts;
}

/** Sorts by a nullable key, nulls last. */
function byKey<T>(key: (x: T) => string | null) {
  return (a: T, b: T) => {
    const x = key(a);
    const y = key(b);
    return x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
  };
}
