/**
 * Uptime rollups: what the worker reads to compute one connector-day (status and connectivity history,
 * the connectors and their labels), where it stores the result (one row per connector per Shanghai day,
 * summed per month alongside), its bookmarks, and the figures query the API answers from.
 *
 * A year is answered from the monthly rows plus the daily rows of partial months at the window's edges,
 * so a city-wide year reads about 12 rows per connector instead of 365.
 */
import type pg from 'pg';
import { inTransaction, type WriteDb } from './alerts.js';
import { Conditions, paged, type Page, type Paged, type Row, type Scope } from './sql.js';

export type Queryable = Pick<pg.ClientBase, 'query'>;

/** The additive figures of a connector over some time (the names of `@pilewatch/supervision`'s `UptimeMinutes`). */
export interface UptimeMinuteColumns {
  windowMinutes: number;
  noDataMinutes: number;
  availableMinutes: number;
  occupiedMinutes: number;
  faultedMinutes: number;
  unavailableMinutes: number;
  offlineMinutes: number;
  outageMinutes: number;
  excludedMinutes: number;
  outageCount: number;
}

const minuteColumns: ReadonlyArray<[keyof UptimeMinuteColumns, string]> = [
  ['windowMinutes', 'window_minutes'],
  ['noDataMinutes', 'no_data_minutes'],
  ['availableMinutes', 'available_minutes'],
  ['occupiedMinutes', 'occupied_minutes'],
  ['faultedMinutes', 'faulted_minutes'],
  ['unavailableMinutes', 'unavailable_minutes'],
  ['offlineMinutes', 'offline_minutes'],
  ['outageMinutes', 'outage_minutes'],
  ['excludedMinutes', 'excluded_minutes'],
  ['outageCount', 'outage_count'],
];
const columnList = minuteColumns.map(([, c]) => c).join(', ');

export interface UptimeConnector {
  chargerId: string;
  evseId: number;
  connectorId: number;
  stationId: string | null;
  operatorId: string | null;
  countyCode: string | null;
  /** The station's opening hours as registered (e.g. `08:00-22:00`), if any. */
  openingHours: string | null;
}

/** Every connector (EVSE > 0) declared in the registry or known from its status reports, with its labels. */
export async function uptimeConnectors(q: Queryable, chargerIds?: readonly string[]): Promise<UptimeConnector[]> {
  const only = chargerIds ? 'AND charger_id = ANY($1)' : '';
  const { rows } = await q.query(
    `WITH k AS (SELECT charger_id, evse_id, connector_id FROM connectors WHERE evse_id > 0 ${only}
                UNION SELECT charger_id, evse_id, connector_id FROM connector_state WHERE evse_id > 0 ${only})
     SELECT k.*, cp.station_id, cp.operator_id, s.county_code, s.opening_hours
       FROM k JOIN charge_points cp ON cp.id = k.charger_id LEFT JOIN stations s ON s.id = cp.station_id
      ORDER BY k.charger_id, k.evse_id, k.connector_id`,
    chargerIds ? [chargerIds] : [],
  );
  return rows.map((r) => ({
    chargerId: r.charger_id,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    stationId: r.station_id,
    operatorId: r.operator_id,
    countyCode: r.county_code,
    openingHours: r.opening_hours,
  }));
}

export interface StatusHistoryRow {
  chargerId: string;
  evseId: number;
  connectorId: number;
  status: string;
  at: Date;
  receivedAt: Date;
}

/**
 * Status reports inside [from, to) and, for every connector and EVSE 0, the report(s) at the latest
 * instant before `from` — the state the window starts in.
 */
export async function statusHistory(q: Queryable, window: { from: Date; to: Date }, chargerIds?: readonly string[]): Promise<StatusHistoryRow[]> {
  const only = (column: string) => (chargerIds ? `AND ${column} = ANY($3)` : '');
  const { rows } = await q.query(
    `SELECT charger_id, evse_id, connector_id, status, time, received_at FROM status_events
      WHERE time >= $1 AND time < $2 ${only('charger_id')}
     UNION ALL
     SELECT e.charger_id, e.evse_id, e.connector_id, e.status, e.time, e.received_at
       FROM connector_state k
       CROSS JOIN LATERAL (SELECT max(p.time) AS time FROM status_events p
                            WHERE p.charger_id = k.charger_id AND p.evse_id = k.evse_id AND p.connector_id = k.connector_id
                              AND p.time < $1) m
       JOIN status_events e ON e.charger_id = k.charger_id AND e.evse_id = k.evse_id AND e.connector_id = k.connector_id
                           AND e.time = m.time
      WHERE true ${only('k.charger_id')}`,
    chargerIds ? [window.from, window.to, chargerIds] : [window.from, window.to],
  );
  return rows.map((r) => ({
    chargerId: r.charger_id,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    status: r.status,
    at: r.time,
    receivedAt: r.received_at,
  }));
}

export interface ConnectivityHistoryRow {
  chargerId: string;
  event: string;
  at: Date;
}

/** Connectivity changes inside [from, to) and each charger's last one before `from`. */
export async function connectivityHistory(
  q: Queryable,
  window: { from: Date; to: Date },
  chargerIds?: readonly string[],
): Promise<ConnectivityHistoryRow[]> {
  const only = (column: string) => (chargerIds ? `AND ${column} = ANY($3)` : '');
  const { rows } = await q.query(
    `SELECT charger_id, event, time FROM connectivity_events WHERE time >= $1 AND time < $2 ${only('charger_id')}
     UNION ALL
     SELECT cp.id, e.event, e.time
       FROM charge_points cp
       CROSS JOIN LATERAL (SELECT event, time FROM connectivity_events c
                            WHERE c.charger_id = cp.id AND c.time < $1 ORDER BY c.time DESC LIMIT 1) e
      WHERE true ${only('cp.id')}`,
    chargerIds ? [window.from, window.to, chargerIds] : [window.from, window.to],
  );
  return rows.map((r) => ({ chargerId: r.charger_id, event: r.event, at: r.time }));
}

/** One connector's minutes on one Shanghai day (`@pilewatch/supervision`'s `DailyConnectorMinutes`). */
export interface DailyUptimeRow extends UptimeMinuteColumns {
  day: string;
  chargerId: string;
  evseId: number;
  connectorId: number;
  stationId?: string;
  operatorId?: string;
  countyCode?: string;
}

/** Stores (or replaces) daily rows, then brings the months they fall in up to date for those chargers. */
export async function saveDailyUptime(q: Queryable, rows: readonly DailyUptimeRow[]): Promise<void> {
  if (rows.length === 0) return;
  const json = rows.map((r) => ({
    day: r.day,
    charger_id: r.chargerId,
    evse_id: r.evseId,
    connector_id: r.connectorId,
    station_id: r.stationId ?? null,
    operator_id: r.operatorId ?? null,
    county_code: r.countyCode ?? null,
    ...Object.fromEntries(minuteColumns.map(([k, c]) => [c, r[k]])),
  }));
  await q.query(
    `INSERT INTO uptime_daily (day, charger_id, evse_id, connector_id, station_id, operator_id, county_code, ${columnList}, computed_at)
     SELECT day, charger_id, evse_id, connector_id, station_id, operator_id, county_code, ${columnList}, now()
       FROM jsonb_to_recordset($1::jsonb) AS x(day date, charger_id text, evse_id integer, connector_id integer,
            station_id text, operator_id text, county_code text,
            ${minuteColumns.map(([k, c]) => `${c} ${k === 'outageCount' ? 'integer' : 'double precision'}`).join(', ')})
     ON CONFLICT (day, charger_id, evse_id, connector_id) DO UPDATE SET
       station_id = EXCLUDED.station_id, operator_id = EXCLUDED.operator_id, county_code = EXCLUDED.county_code,
       ${minuteColumns.map(([, c]) => `${c} = EXCLUDED.${c}`).join(', ')}, computed_at = now()`,
    [JSON.stringify(json)],
  );
  const months = [...new Set(rows.map((r) => `${r.day.slice(0, 7)}-01`))];
  const chargers = [...new Set(rows.map((r) => r.chargerId))];
  for (const month of months) await refreshUptimeMonth(q, month, chargers);
}

/** Recomputes the monthly rows of `month` (`YYYY-MM-01`) from the daily rows, for the given chargers (all without). */
export async function refreshUptimeMonth(q: Queryable, month: string, chargerIds?: readonly string[]): Promise<void> {
  await q.query(
    `INSERT INTO uptime_monthly (month, charger_id, evse_id, connector_id, station_id, operator_id, county_code, ${columnList},
                                 days, first_day, last_day)
     SELECT $1::date, charger_id, evse_id, connector_id,
            (array_agg(station_id ORDER BY day DESC))[1], (array_agg(operator_id ORDER BY day DESC))[1],
            (array_agg(county_code ORDER BY day DESC))[1],
            ${minuteColumns.map(([, c]) => `sum(${c})`).join(', ')}, count(*), min(day), max(day)
       FROM uptime_daily
      WHERE day >= $1::date AND day < ($1::date + interval '1 month') AND ($2::text[] IS NULL OR charger_id = ANY($2))
      GROUP BY charger_id, evse_id, connector_id
     ON CONFLICT (month, charger_id, evse_id, connector_id) DO UPDATE SET
       station_id = EXCLUDED.station_id, operator_id = EXCLUDED.operator_id, county_code = EXCLUDED.county_code,
       ${minuteColumns.map(([, c]) => `${c} = EXCLUDED.${c}`).join(', ')},
       days = EXCLUDED.days, first_day = EXCLUDED.first_day, last_day = EXCLUDED.last_day`,
    [month, chargerIds ?? null],
  );
}

// ---- bookmarks and dirty days ----------------------------------------------------------------------

export async function uptimeBookmark(q: Queryable, name: string): Promise<string | undefined> {
  const { rows } = await q.query(`SELECT value FROM uptime_progress WHERE name = $1`, [name]);
  return rows[0]?.value;
}

export async function setUptimeBookmark(q: Queryable, name: string, value: string): Promise<void> {
  await q.query(`INSERT INTO uptime_progress (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [name, value]);
}

/** The Shanghai day of the oldest status or connectivity record, if any: where rollups begin. */
export async function earliestHistoryDay(q: Queryable): Promise<string | undefined> {
  const { rows } = await q.query(
    `SELECT (least((SELECT min(time) FROM status_events), (SELECT min(time) FROM connectivity_events)) AT TIME ZONE 'Asia/Shanghai')::date::text AS day`,
  );
  return rows[0]?.day ?? undefined;
}

/** Chargers with status reports received in [receivedFrom, receivedTo) but stamped before `stampedBefore`: late data. */
export async function lateStatusReports(
  q: Queryable,
  received: { from: Date; to: Date },
  stampedBefore: Date,
): Promise<Array<{ chargerId: string; earliest: Date }>> {
  const { rows } = await q.query(
    `SELECT charger_id, min(time) AS earliest FROM status_events
      WHERE received_at >= $1 AND received_at < $2 AND time < $3 GROUP BY charger_id`,
    [received.from, received.to, stampedBefore],
  );
  return rows.map((r) => ({ chargerId: r.charger_id, earliest: r.earliest }));
}

/** A day to recompute, for one charger or (`chargerId` '') every charger. */
export interface DirtyDay {
  chargerId: string;
  day: string;
  markedAt: Date;
}

export async function markUptimeDirty(q: Queryable, entries: ReadonlyArray<{ chargerId: string; day: string }>): Promise<void> {
  if (entries.length === 0) return;
  await q.query(
    `INSERT INTO uptime_dirty (charger_id, day)
     SELECT DISTINCT charger_id, day FROM jsonb_to_recordset($1::jsonb) AS x(charger_id text, day date)
     ON CONFLICT (charger_id, day) DO UPDATE SET marked_at = now()`,
    [JSON.stringify(entries.map((e) => ({ charger_id: e.chargerId, day: e.day })))],
  );
}

export async function dirtyUptimeDays(q: Queryable, limit: number): Promise<DirtyDay[]> {
  const { rows } = await q.query(`SELECT charger_id, day::text AS day, marked_at FROM uptime_dirty ORDER BY day, charger_id LIMIT $1`, [limit]);
  return rows.map((r) => ({ chargerId: r.charger_id, day: r.day, markedAt: r.marked_at }));
}

/** Removes entries that were not marked again since they were read. */
export async function clearUptimeDirty(q: Queryable, entries: readonly DirtyDay[]): Promise<void> {
  if (entries.length === 0) return;
  await q.query(
    `DELETE FROM uptime_dirty d USING jsonb_to_recordset($1::jsonb) AS x(charger_id text, day date, marked_at timestamptz)
      WHERE d.charger_id = x.charger_id AND d.day = x.day AND d.marked_at <= x.marked_at`,
    [JSON.stringify(entries.map((e) => ({ charger_id: e.chargerId, day: e.day, marked_at: e.markedAt })))],
  );
}

// ---- figures -------------------------------------------------------------------------------------

export type UptimeLevel = 'connector' | 'charger' | 'station' | 'operator' | 'county' | 'city';

export interface UptimeQuery {
  level: UptimeLevel;
  /** First and last Shanghai day of the window, both included. */
  fromDay: string;
  toDay: string;
  operatorId?: string;
  countyCode?: string;
  stationId?: string;
  chargerId?: string;
}

/** One group's summed minutes and counts; the caller computes the rates from them. */
export interface UptimeSums extends UptimeMinuteColumns {
  key: string | null;
  connectors: number;
  /** Connectors with at least one observed (not no-data) minute. */
  connectorsWithData: number;
  connectorDays: number;
  firstDay: string;
  lastDay: string;
}

/** The group of a row at each level; '' stands for a row without one (sorted last, reported as null). */
const levelKey: Record<UptimeLevel, string> = {
  connector: `charger_id || ':' || evse_id || ':' || connector_id`,
  charger: 'charger_id',
  station: `coalesce(station_id, '')`,
  operator: `coalesce(operator_id, '')`,
  county: `coalesce(county_code, '')`,
  city: `'city'`,
};

/** Splits [fromDay, toDay] into the whole months inside it and the days left at either edge. */
export function monthsAndEdges(fromDay: string, toDay: string): { months?: [string, string]; days: Array<[string, string]> } {
  const d = (day: string) => new Date(`${day}T00:00:00Z`);
  const text = (date: Date) => date.toISOString().slice(0, 10);
  const firstOfMonth = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  const addMonths = (date: Date, n: number) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + n, 1));
  const from = d(fromDay);
  const to = d(toDay);
  const firstFull = from.getUTCDate() === 1 ? from : addMonths(from, 1);
  const dayAfterTo = new Date(to.getTime() + 86_400_000);
  const lastFull = dayAfterTo.getUTCDate() === 1 ? firstOfMonth(to) : addMonths(to, -1);
  if (firstFull > lastFull) return { days: [[fromDay, toDay]] };
  const days: Array<[string, string]> = [];
  if (from < firstFull) days.push([fromDay, text(new Date(firstFull.getTime() - 86_400_000))]);
  const afterLast = addMonths(lastFull, 1);
  if (afterLast <= to) days.push([text(afterLast), toDay]);
  return { months: [text(firstFull), text(lastFull)], days };
}

/**
 * Sums per group at `level` over the days [fromDay, toDay], ordered by key (null last). An operator scope
 * sees its own connectors only.
 *
 * Runs with PostgreSQL's JIT compilation off: the plan's cost estimate crosses the JIT threshold, and
 * compiling it (~150 ms) costs more than the query it would speed up.
 */
export function uptimeSums(db: WriteDb, scope: Scope, query: UptimeQuery, page: Page): Promise<Paged<UptimeSums>> {
  const c = new Conditions();
  const { months, days } = monthsAndEdges(query.fromDay, query.toDay);
  const branches: string[] = [];
  const select = `charger_id, evse_id, connector_id, station_id, operator_id, county_code, ${columnList}`;
  if (months) {
    branches.push(
      `SELECT ${select}, days, first_day, last_day FROM uptime_monthly WHERE month >= ${c.param(months[0])}::date AND month <= ${c.param(months[1])}::date`,
    );
  }
  if (days.length) {
    const ranges = days.map(([a, b]) => `(day >= ${c.param(a)}::date AND day <= ${c.param(b)}::date)`).join(' OR ');
    branches.push(`SELECT ${select}, 1 AS days, day AS first_day, day AS last_day FROM uptime_daily WHERE ${ranges}`);
  }
  c.add('operator_id = $?', scope.operatorId)
    .add('operator_id = $?', query.operatorId)
    .add('county_code = $?', query.countyCode)
    .add('station_id = $?', query.stationId)
    .add('charger_id = $?', query.chargerId);
  const sums = minuteColumns.map(([, col]) => `sum(${col}) AS ${col}`).join(', ');
  const key = levelKey[query.level];
  const rows = `SELECT * FROM (${branches.join(' UNION ALL ')}) u ${c.where}`;
  // Minutes are summed per group in one pass; the connector counts, which need each connector once,
  // in a second pass that carries a single flag (both passes read the same rows: cheaper than one
  // pass carrying every sum per connector). At the connector level a group is one connector.
  const sql =
    query.level === 'connector'
      ? (lo: string) => `
      SELECT ${key} AS key, 1 AS connectors, (sum(window_minutes) > sum(no_data_minutes))::int AS with_data, ${sums},
             sum(days) AS connector_days, min(first_day)::text AS first_day, max(last_day)::text AS last_day
        FROM (${rows}) r GROUP BY charger_id, evse_id, connector_id ORDER BY 1 ${lo}`
      : (lo: string) => `
      WITH r AS NOT MATERIALIZED (${rows}),
           s AS (SELECT ${key} AS key, ${sums}, sum(days) AS connector_days, min(first_day) AS first_day, max(last_day) AS last_day
                   FROM r GROUP BY 1),
           n AS (SELECT key, count(*) AS connectors, count(*) FILTER (WHERE observed) AS with_data
                   FROM (SELECT ${key} AS key, bool_or(window_minutes > no_data_minutes) AS observed
                           FROM r GROUP BY 1, charger_id, evse_id, connector_id) k
                  GROUP BY key)
      SELECT nullif(s.key, '') AS key, n.connectors, n.with_data, ${minuteColumns.map(([, col]) => `s.${col}`).join(', ')},
             s.connector_days, s.first_day::text AS first_day, s.last_day::text AS last_day
        FROM s JOIN n ON n.key = s.key
       ORDER BY s.key = '', s.key ${lo}`;
  return inTransaction(db, async (client) => {
    await client.query('SET LOCAL jit = off');
    return paged({ pool: client }, c, sql, page, (r: Row): UptimeSums => ({
      key: r.key,
      connectors: Number(r.connectors),
      connectorsWithData: Number(r.with_data),
      ...(Object.fromEntries(minuteColumns.map(([k, col]) => [k, Number(r[col])])) as unknown as UptimeMinuteColumns),
      connectorDays: Number(r.connector_days),
      firstDay: r.first_day,
      lastDay: r.last_day,
    }));
  });
}
