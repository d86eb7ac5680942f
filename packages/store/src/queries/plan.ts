/**
 * What the plan tracker reads and keeps: the registry as the plan sees it (public stations with their
 * piles in service), the administrative divisions coverage and charging distance are measured over,
 * the registered EV counts the city enters, the month's activity per county, and the stored monthly
 * reports. Shapes match `@pilewatch/supervision`'s plan inputs, so its `planProgress` takes them as they are.
 */
import type { Database } from '../database.js';
import type { UptimeMinuteColumns } from './uptime.js';
import { Conditions, paged, type Page, type Paged, type ReadDb, type Row, type Scope } from './sql.js';

// ---------------------------------------------------------------- the registry as the plan sees it

/** Station categories (the registry's words) → the coverage categories the plan counts. */
const coverageCategory: Readonly<Record<string, string>> = {
  scenic_area: 'scenic_area',
  highway_service_area: 'highway_service_area',
  trunk_road_parking: 'trunk_road_parking_area',
  tourist_road_post: 'tourist_road_post',
  rv_camp: 'tourist_road_rv_camp',
};

export interface PlanPileRow {
  id: string;
  dc: boolean;
  commissionedAt?: Date;
}

export interface PlanStationRow {
  id: string;
  operatorId: string;
  isPublic: boolean;
  countyCode?: string;
  planAreaId?: string;
  township?: string;
  village?: string;
  /** The plan's coverage category (see `coverageCategory`), else the registry's own. */
  category?: string;
  placeId?: string;
  central: boolean;
  lat?: number;
  lon?: number;
  piles: PlanPileRow[];
}

const defined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/**
 * Every station with its piles accepted into service (Pending and Rejected chargers are not piles of the
 * network yet). A pile is DC when any of its connectors is.
 */
export async function planStations(db: ReadDb, scope: Scope): Promise<PlanStationRow[]> {
  const c = new Conditions().add('s.operator_id = $?', scope.operatorId);
  const [stations, piles] = await Promise.all([
    db.pool.query(`SELECT s.* FROM stations s ${c.where} ORDER BY s.id`, c.params),
    db.pool.query(
      `SELECT cp.id, cp.station_id, cp.commissioned_at,
              coalesce(bool_or(k.current_type = 'DC'), false) AS dc
         FROM charge_points cp
         JOIN stations s ON s.id = cp.station_id
         LEFT JOIN connectors k ON k.charger_id = cp.id
        ${new Conditions().add("cp.registration_status = 'Accepted'").add('s.operator_id = $?', scope.operatorId).where}
        GROUP BY cp.id ORDER BY cp.id`,
      c.params,
    ),
  ]);
  const byStation = new Map<string, PlanPileRow[]>();
  for (const p of piles.rows as Row[]) {
    const list = byStation.get(p.station_id) ?? [];
    list.push({ id: p.id, dc: p.dc, ...(p.commissioned_at ? { commissionedAt: p.commissioned_at } : {}) });
    byStation.set(p.station_id, list);
  }
  return (stations.rows as Row[]).map((s) => {
    const row: PlanStationRow = {
      id: s.id,
      operatorId: s.operator_id,
      isPublic: s.is_public,
      category: coverageCategory[s.category] ?? s.category,
      central: s.central ?? s.category === 'central_public',
      piles: byStation.get(s.id) ?? [],
    };
    const optional = {
      countyCode: defined<string>(s.county_code),
      planAreaId: defined<string>(s.plan_area_id),
      township: defined<string>(s.township),
      village: defined<string>(s.village),
      placeId: defined<string>(s.place_id),
      lat: defined<number>(s.lat),
      lon: defined<number>(s.lon),
    };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) (row as unknown as Record<string, unknown>)[k] = v;
    return row;
  });
}

export interface StationPlanAttributes {
  planAreaId?: string | null;
  placeId?: string | null;
  central?: boolean | null;
}

/** Sets the plan attributes given (null clears one); false when the station is not there or not in scope. */
export async function setStationPlanAttributes(db: ReadDb, stationId: string, scope: Scope, attrs: StationPlanAttributes): Promise<boolean> {
  const sets: string[] = [];
  const c = new Conditions();
  const column = { planAreaId: 'plan_area_id', placeId: 'place_id', central: 'central' } as const;
  for (const key of Object.keys(column) as Array<keyof typeof column>) {
    if (attrs[key] !== undefined) sets.push(`${column[key]} = ${c.param(attrs[key])}`);
  }
  c.add('id = $?', stationId).add('operator_id = $?', scope.operatorId);
  if (sets.length === 0) {
    const { rowCount } = await db.pool.query(`SELECT 1 FROM stations ${c.where}`, c.params);
    return (rowCount ?? 0) > 0;
  }
  const { rowCount } = await db.pool.query(`UPDATE stations SET ${sets.join(', ')}, updated_at = now() ${c.where}`, c.params);
  return (rowCount ?? 0) > 0;
}

/**
 * Sets when piles entered service (null: before the plan). Returns the ids that were not set because
 * they do not exist or are outside the scope — all or nothing: nothing is changed when any is missing.
 */
export async function setCommissioning(
  db: ReadDb,
  scope: Scope,
  piles: ReadonlyArray<{ chargerId: string; commissionedAt: Date | null }>,
): Promise<{ updated: number; missing: string[] }> {
  const ids = piles.map((p) => p.chargerId);
  const c = new Conditions().add('id = ANY($?)', ids).add('operator_id = $?', scope.operatorId);
  const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM charge_points ${c.where}`, c.params);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) return { updated: 0, missing };
  const { rowCount } = await db.pool.query(
    `UPDATE charge_points cp SET commissioned_at = v.at, updated_at = now()
       FROM unnest($1::text[], $2::timestamptz[]) AS v(id, at) WHERE cp.id = v.id`,
    [ids, piles.map((p) => p.commissionedAt)],
  );
  return { updated: rowCount ?? 0, missing: [] };
}

// ---------------------------------------------------------------- administrative divisions

export type DivisionLevel = 'township' | 'village';
export type PlaceKind = 'general' | 'urban_core' | 'urban_edge';

export interface DivisionRecord {
  /** 统计用区划代码: 9 digits for a township, 12 for a village. */
  code: string;
  name: string;
  lat?: number;
  lon?: number;
  kind?: PlaceKind;
}

export interface DivisionView {
  code: string;
  level: DivisionLevel;
  name: string;
  countyCode: string;
  townshipCode: string;
  lat: number | null;
  lon: number | null;
  kind: PlaceKind;
  importedAt: Date;
}

const division = (r: Row): DivisionView => ({
  code: r.code,
  level: r.level,
  name: r.name,
  countyCode: r.county_code,
  townshipCode: r.township_code,
  lat: r.lat,
  lon: r.lon,
  kind: r.kind,
  importedAt: r.imported_at,
});

export interface DivisionImportCounts {
  townships: number;
  villages: number;
  /** Rows removed because `replace` was asked and the file no longer lists them. */
  removed: number;
}

/**
 * Stores divisions (insert or update by code), in one transaction. With `replace`, divisions the file
 * does not list are removed, so the table is what the file says. Parents need not be in the same file:
 * a village's township is its code's first nine digits.
 */
export async function importDivisions(
  db: Database,
  rows: readonly DivisionRecord[],
  options: { replace: boolean },
): Promise<DivisionImportCounts> {
  const client = await db.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    let removed = 0;
    if (options.replace) {
      const r = await client.query(`DELETE FROM divisions WHERE NOT (code = ANY($1::text[]))`, [rows.map((d) => d.code)]);
      removed = r.rowCount ?? 0;
    }
    // Batches keep each statement's parameter arrays a reasonable size.
    for (let i = 0; i < rows.length; i += 2000) {
      const batch = rows.slice(i, i + 2000);
      await client.query(
        `INSERT INTO divisions (code, level, name, county_code, township_code, lat, lon, kind)
         SELECT code, CASE WHEN length(code) = 9 THEN 'township' ELSE 'village' END, name,
                substr(code, 1, 6), substr(code, 1, 9), lat, lon, kind
           FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[]) AS v(code, name, lat, lon, kind)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
                                          kind = EXCLUDED.kind, imported_at = now()`,
        [
          batch.map((d) => d.code),
          batch.map((d) => d.name),
          batch.map((d) => d.lat ?? null),
          batch.map((d) => d.lon ?? null),
          batch.map((d) => d.kind ?? 'general'),
        ],
      );
    }
    await client.query('COMMIT');
    return {
      townships: rows.filter((d) => d.code.length === 9).length,
      villages: rows.filter((d) => d.code.length === 12).length,
      removed,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
    throw err;
  } finally {
    client.release(broken);
  }
}

export interface DivisionQuery {
  countyCode?: string;
  level?: DivisionLevel;
  townshipCode?: string;
}

export function findDivisions(db: ReadDb, filter: DivisionQuery, page: Page): Promise<Paged<DivisionView>> {
  const c = new Conditions()
    .add('county_code = $?', filter.countyCode)
    .add('level = $?', filter.level)
    .add('township_code = $?', filter.townshipCode);
  return paged(db, c, (lo) => `SELECT * FROM divisions ${c.where} ORDER BY code ${lo}`, page, division);
}

export interface DivisionTotals {
  countyCode: string;
  townships: number;
  villages: number;
  withCoordinates: number;
}

export async function divisionTotals(db: ReadDb): Promise<DivisionTotals[]> {
  const { rows } = await db.pool.query(
    `SELECT county_code, count(*) FILTER (WHERE level = 'township')::int AS townships,
            count(*) FILTER (WHERE level = 'village')::int AS villages,
            count(*) FILTER (WHERE lat IS NOT NULL)::int AS with_coordinates
       FROM divisions GROUP BY county_code ORDER BY county_code`,
  );
  return rows.map((r: Row) => ({ countyCode: r.county_code, townships: r.townships, villages: r.villages, withCoordinates: r.with_coordinates }));
}

/** Divisions with coordinates as the places charging distance is measured from (`PlanPlace`). */
export async function divisionPlaces(db: ReadDb): Promise<Array<{ id: string; name: string; kind: string; lat: number; lon: number }>> {
  const { rows } = await db.pool.query(`SELECT code, name, kind, lat, lon FROM divisions WHERE lat IS NOT NULL ORDER BY code`);
  return rows.map((r: Row) => ({ id: r.code, name: r.name, kind: r.kind, lat: r.lat, lon: r.lon }));
}

export interface UncoveredDivision {
  code: string;
  level: DivisionLevel;
  name: string;
  countyCode: string;
}

/**
 * Imported divisions that no public station with a pile in service names (stations name their township and
 * village by name within their county): the places the coverage targets still miss.
 */
export async function uncoveredDivisions(db: ReadDb): Promise<UncoveredDivision[]> {
  const { rows } = await db.pool.query(
    `WITH covered AS (
       SELECT DISTINCT s.county_code, s.township, s.village
         FROM stations s
        WHERE s.is_public AND EXISTS (SELECT 1 FROM charge_points cp WHERE cp.station_id = s.id AND cp.registration_status = 'Accepted'))
     SELECT d.code, d.level, d.name, d.county_code
       FROM divisions d
       LEFT JOIN divisions t ON t.code = d.township_code
      WHERE NOT EXISTS (
        SELECT 1 FROM covered c
         WHERE c.county_code = d.county_code
           AND (CASE WHEN d.level = 'township' THEN c.township = d.name
                     ELSE c.township = t.name AND c.village = d.name END))
      ORDER BY d.code`,
  );
  return rows.map((r: Row) => ({ code: r.code, level: r.level, name: r.name, countyCode: r.county_code }));
}

// ---------------------------------------------------------------- registered EVs

export interface RegisteredEvsView {
  countyCode: string;
  /** The day the count refers to (YYYY-MM-DD). */
  asOf: string;
  evs: number;
  enteredBy: string;
  enteredAt: Date;
}

const evsRow = (r: Row): RegisteredEvsView => ({
  countyCode: r.county_code,
  asOf: r.as_of_text,
  evs: r.evs,
  enteredBy: r.entered_by,
  enteredAt: r.entered_at,
});

/** Records the count for a county on a day; entering the same county and day again corrects it. */
export async function recordRegisteredEvs(
  db: ReadDb,
  entry: { countyCode: string; asOf: string; evs: number; enteredBy: string },
): Promise<RegisteredEvsView> {
  const { rows } = await db.pool.query(
    `INSERT INTO registered_evs (county_code, as_of, evs, entered_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (county_code, as_of) DO UPDATE SET evs = EXCLUDED.evs, entered_by = EXCLUDED.entered_by, entered_at = now()
     RETURNING *, to_char(as_of, 'YYYY-MM-DD') AS as_of_text`,
    [entry.countyCode, entry.asOf, entry.evs, entry.enteredBy],
  );
  return evsRow(rows[0]!);
}

/** Every entry, newest day first (the history of what the city entered). */
export function findRegisteredEvs(db: ReadDb, filter: { countyCode?: string }, page: Page): Promise<Paged<RegisteredEvsView>> {
  const c = new Conditions().add('county_code = $?', filter.countyCode);
  return paged(
    db,
    c,
    (lo) => `SELECT *, to_char(as_of, 'YYYY-MM-DD') AS as_of_text FROM registered_evs ${c.where} ORDER BY as_of DESC, county_code ${lo}`,
    page,
    evsRow,
  );
}

/** Each county's latest count on or before `day` (YYYY-MM-DD). */
export async function latestRegisteredEvs(db: ReadDb, day: string): Promise<RegisteredEvsView[]> {
  const { rows } = await db.pool.query(
    `SELECT DISTINCT ON (county_code) *, to_char(as_of, 'YYYY-MM-DD') AS as_of_text
       FROM registered_evs WHERE as_of <= $1::date ORDER BY county_code, as_of DESC`,
    [day],
  );
  return rows.map(evsRow);
}

/**
 * Everything plan progress is computed from, as of `cutoff`: the stations with their piles, each county's
 * latest registered EV count on or before the cutoff's day (the city's count is their sum), and the
 * divisions with coordinates as the places charging distance is measured from. The result spreads into
 * `@pilewatch/supervision`'s `planProgress({ year, asOf, ...inputs })`.
 */
export async function planInputs(
  db: ReadDb,
  scope: Scope,
  cutoff: Date,
): Promise<{
  stations: PlanStationRow[];
  registeredEvsUsed: RegisteredEvsView[];
  registeredEvs?: number;
  registeredEvsByCounty?: Record<string, number>;
  places?: Array<{ id: string; name: string; kind: string; lat: number; lon: number }>;
}> {
  // The day of the instant just before the cutoff, in Shanghai: a count dated that day is known by then.
  const day = new Date(cutoff.getTime() - 1 + 8 * 3_600_000).toISOString().slice(0, 10);
  const [stations, evs, places] = await Promise.all([planStations(db, scope), latestRegisteredEvs(db, day), divisionPlaces(db)]);
  return {
    stations,
    registeredEvsUsed: evs,
    ...(evs.length
      ? { registeredEvs: evs.reduce((n, e) => n + e.evs, 0), registeredEvsByCounty: Object.fromEntries(evs.map((e) => [e.countyCode, e.evs])) }
      : {}),
    ...(places.length ? { places } : {}),
  };
}

// ---------------------------------------------------------------- the month's activity

export interface CountyMonthActivity {
  countyCode: string | null;
  /** Piles (accepted into service) whose commissioning falls in the window. */
  pilesAdded: number;
  /** Times a connector or charger went Faulted in the window. */
  faults: number;
  /** Alerts opened in the window, by severity (1 personal safety, 2 equipment safety, 3 notice). */
  alerts: { total: number; severity1: number; severity2: number; severity3: number };
  /** Sums of the stored uptime rollups for the month (issue #5's `uptime_monthly`), for `withRates`. */
  minutes: UptimeMinuteColumns | null;
}

/**
 * Per county, what happened in `[from, to)`: piles commissioned, faults, alerts opened, and the uptime
 * rollups of `month` (first day of the month). Counties are those of the stations involved.
 */
export async function monthActivity(db: ReadDb, window: { from: Date; to: Date; month: string }): Promise<CountyMonthActivity[]> {
  const [added, faults, alerts, uptime] = await Promise.all([
    db.pool.query(
      `SELECT s.county_code, count(*)::int AS n FROM charge_points cp JOIN stations s ON s.id = cp.station_id
        WHERE cp.registration_status = 'Accepted' AND cp.commissioned_at >= $1 AND cp.commissioned_at < $2
        GROUP BY s.county_code`,
      [window.from, window.to],
    ),
    db.pool.query(
      `SELECT s.county_code, count(*)::int AS n
         FROM status_events e JOIN charge_points cp ON cp.id = e.charger_id LEFT JOIN stations s ON s.id = cp.station_id
        WHERE e.status = 'Faulted' AND e.time >= $1 AND e.time < $2
        GROUP BY s.county_code`,
      [window.from, window.to],
    ),
    db.pool.query(
      `SELECT s.county_code, count(*)::int AS total,
              count(*) FILTER (WHERE a.severity = 1)::int AS s1,
              count(*) FILTER (WHERE a.severity = 2)::int AS s2,
              count(*) FILTER (WHERE a.severity = 3)::int AS s3
         FROM alerts a LEFT JOIN charge_points cp ON cp.id = a.charger_id LEFT JOIN stations s ON s.id = cp.station_id
        WHERE a.opened_at >= $1 AND a.opened_at < $2
        GROUP BY s.county_code`,
      [window.from, window.to],
    ),
    db.pool.query(
      `SELECT county_code,
              sum(window_minutes) AS window_minutes, sum(no_data_minutes) AS no_data_minutes,
              sum(available_minutes) AS available_minutes, sum(occupied_minutes) AS occupied_minutes,
              sum(faulted_minutes) AS faulted_minutes, sum(unavailable_minutes) AS unavailable_minutes,
              sum(offline_minutes) AS offline_minutes, sum(outage_minutes) AS outage_minutes,
              sum(excluded_minutes) AS excluded_minutes, sum(outage_count)::int AS outage_count
         FROM uptime_monthly WHERE month = $1::date GROUP BY county_code`,
      [window.month],
    ),
  ]);
  const counties = new Map<string | null, CountyMonthActivity>();
  const slot = (code: string | null) => {
    let a = counties.get(code);
    if (!a) {
      a = { countyCode: code, pilesAdded: 0, faults: 0, alerts: { total: 0, severity1: 0, severity2: 0, severity3: 0 }, minutes: null };
      counties.set(code, a);
    }
    return a;
  };
  for (const r of added.rows as Row[]) slot(r.county_code).pilesAdded = r.n;
  for (const r of faults.rows as Row[]) slot(r.county_code).faults = r.n;
  for (const r of alerts.rows as Row[]) slot(r.county_code).alerts = { total: r.total, severity1: r.s1, severity2: r.s2, severity3: r.s3 };
  for (const r of uptime.rows as Row[]) {
    slot(r.county_code).minutes = {
      windowMinutes: Number(r.window_minutes),
      noDataMinutes: Number(r.no_data_minutes),
      availableMinutes: Number(r.available_minutes),
      occupiedMinutes: Number(r.occupied_minutes),
      faultedMinutes: Number(r.faulted_minutes),
      unavailableMinutes: Number(r.unavailable_minutes),
      offlineMinutes: Number(r.offline_minutes),
      outageMinutes: Number(r.outage_minutes),
      excludedMinutes: Number(r.excluded_minutes),
      outageCount: r.outage_count,
    };
  }
  return [...counties.values()].sort((a, b) => (a.countyCode ?? '~').localeCompare(b.countyCode ?? '~'));
}

// ---------------------------------------------------------------- monthly reports

export type ReportTrigger = 'schedule' | 'on_demand';

export interface MonthlyReportSummary {
  month: string;
  generatedAt: Date;
  trigger: ReportTrigger;
  requestedBy: string | null;
}

export interface MonthlyReportRecord<R = unknown> extends MonthlyReportSummary {
  report: R;
  csv: string;
}

/** An actual figure against its target (`@pilewatch/supervision`'s `Measure`). */
export interface PlanMeasure {
  actual: number;
  target: number | null;
  percent: number | null;
  gap: number | null;
  met: boolean | null;
}

/** What a stored monthly report holds (the worker builds it: services/worker/src/jobs/monthly-report-build.ts). */
export interface MonthlyReportRow {
  /** Annex 1 id (county code or `wutaishan-scenic-area`), or `city`. */
  areaId: string;
  code: string | null;
  nameZh: string;
  nameEn: string;
  /**
   * Figures counted per county (by the stations' county code): piles added, online rate, uptime,
   * faults, alerts. The Mount Wutai Scenic Area has no county code of its own — its stations' activity
   * is in Wutai County's row — so these are null on its row.
   */
  pilesAdded: number | null;
  publicPiles: number;
  planYearActual: number;
  planYearTarget: number | null;
  planYearPercent: number | null;
  planCumulativeActual: number;
  planCumulativeTarget: number | null;
  planCumulativePercent: number | null;
  /** null: no uptime rollups for the month (no data, or the rollups have not run). */
  onlineRatePercent: number | null;
  uptimePercent: number | null;
  faults: number | null;
  alerts: number | null;
  /** Alerts opened by severity 1 (personal safety), 2 (equipment safety), 3 (notice). */
  alertsBySeverity: [number, number, number] | null;
}

export interface MonthlyReport {
  month: string;
  window: { from: string; to: string };
  /** The plan wants it by the 3rd of the following month. */
  dueBy: string;
  generatedAt: string;
  /** The plan year whose targets the report measures against (the plan covers 2023–2025). */
  planYear: number;
  /** Plan figures are counted up to here: the month's end, or the generation time for a month still running. */
  asOf: string;
  city: MonthlyReportRow;
  counties: MonthlyReportRow[];
  plan: {
    publicPiles: PlanMeasure;
    newPublicPiles: PlanMeasure;
    evsPerPile: number | null;
    targetEvsPerPile: number;
    goalEvsPerPile: number;
    townshipsCovered: PlanMeasure;
    villagesCovered: PlanMeasure;
    maxChargingDistanceKm: number | null;
    placesOverLimit: number | null;
  };
  /** Activity at stations with no county code (not in any row but the city's). */
  unplaced: { pilesAdded: number; faults: number; alerts: number };
}

/** The job queue the worker generates monthly reports on (the API queues on-demand requests there). */
export const monthlyReportQueue = 'monthly-report';

/** What a job on `monthlyReportQueue` carries. */
export interface MonthlyReportJob {
  month: string;
  trigger: ReportTrigger;
  requestedBy?: string;
}

/** Stores (or replaces) the report of a month. */
export async function saveMonthlyReport(db: ReadDb, record: MonthlyReportRecord): Promise<void> {
  await db.pool.query(
    `INSERT INTO monthly_reports (month, generated_at, trigger, requested_by, report, csv) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (month) DO UPDATE SET generated_at = EXCLUDED.generated_at, trigger = EXCLUDED.trigger,
       requested_by = EXCLUDED.requested_by, report = EXCLUDED.report, csv = EXCLUDED.csv`,
    [record.month, record.generatedAt, record.trigger, record.requestedBy, JSON.stringify(record.report), record.csv],
  );
}

const reportSummary = (r: Row): MonthlyReportSummary => ({
  month: r.month,
  generatedAt: r.generated_at,
  trigger: r.trigger,
  requestedBy: r.requested_by,
});

export function listMonthlyReports(db: ReadDb, page: Page): Promise<Paged<MonthlyReportSummary>> {
  const c = new Conditions();
  return paged(db, c, (lo) => `SELECT month, generated_at, trigger, requested_by FROM monthly_reports ORDER BY month DESC ${lo}`, page, reportSummary);
}

export async function findMonthlyReport(db: ReadDb, month: string): Promise<MonthlyReportRecord | undefined> {
  const { rows } = await db.pool.query(`SELECT * FROM monthly_reports WHERE month = $1`, [month]);
  const r = rows[0] as Row | undefined;
  return r && { ...reportSummary(r), report: r.report, csv: r.csv };
}
