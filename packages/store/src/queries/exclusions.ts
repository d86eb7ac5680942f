/**
 * Uptime exclusions: time ranges whose outage minutes do not count against a connector (maintenance,
 * grid outage, vandalism, outside opening hours), each with a reason, a note and a scope. Creating or
 * deleting one marks the rolled-up days it touches for recomputation.
 */
import type pg from 'pg';
import { Conditions, paged, type Page, type Paged, type ReadDb, type Row, type Scope, type TimeRange } from './sql.js';
import { inTransaction, type WriteDb } from './alerts.js';

export const exclusionReasonNames = ['maintenance', 'grid_outage', 'vandalism', 'outside_opening_hours'] as const;
export type ExclusionReasonName = (typeof exclusionReasonNames)[number];

/** Which connectors an exclusion covers: every field given must match; none given covers every connector. */
export interface ExclusionScopeFields {
  operatorId: string | null;
  stationId: string | null;
  chargerId: string | null;
  evseId: number | null;
  connectorId: number | null;
}

export interface ExclusionView extends ExclusionScopeFields {
  id: number;
  reason: ExclusionReasonName;
  note: string | null;
  from: Date;
  to: Date;
  createdBy: string | null;
  createdAt: Date;
}

export interface NewExclusion extends ExclusionScopeFields {
  reason: ExclusionReasonName;
  note: string | null;
  from: Date;
  to: Date;
  createdBy: string;
}

function exclusionView(r: Row): ExclusionView {
  return {
    id: Number(r.id),
    reason: r.reason,
    note: r.note,
    from: r.starts_at,
    to: r.ends_at,
    operatorId: r.operator_id,
    stationId: r.station_id,
    chargerId: r.charger_id,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export async function createExclusion(db: WriteDb, e: NewExclusion): Promise<ExclusionView> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query(
      `INSERT INTO uptime_exclusions (reason, note, starts_at, ends_at, operator_id, station_id, charger_id, evse_id, connector_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [e.reason, e.note, e.from, e.to, e.operatorId, e.stationId, e.chargerId, e.evseId, e.connectorId, e.createdBy],
    );
    const view = exclusionView(rows[0]!);
    await markExclusionDays(client, view);
    return view;
  });
}

/** Deletes an exclusion in the scope (an operator deletes only its own); false when there is none. */
export async function deleteExclusion(db: WriteDb, id: number, scope: Scope): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const c = new Conditions().add('id = $?', id).add('operator_id = $?', scope.operatorId);
    const { rows } = await client.query(`DELETE FROM uptime_exclusions ${c.where} RETURNING *`, c.params);
    if (!rows[0]) return false;
    await markExclusionDays(client, exclusionView(rows[0]));
    return true;
  });
}

/**
 * Marks the rolled-up days the exclusion overlaps (Shanghai days) as dirty, for the chargers it covers.
 * Days not rolled up yet need nothing: they will be computed with the exclusion in place.
 */
async function markExclusionDays(client: Pick<pg.ClientBase, 'query'>, e: ExclusionView): Promise<void> {
  const dayRange = `SELECT DISTINCT day FROM uptime_daily
                     WHERE day >= ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
                       AND day <= (($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date`;
  if (e.chargerId === null && e.stationId === null && e.operatorId === null) {
    await client.query(
      `INSERT INTO uptime_dirty (charger_id, day) SELECT '', day FROM (${dayRange}) d
       ON CONFLICT (charger_id, day) DO UPDATE SET marked_at = now()`,
      [e.from, e.to],
    );
    return;
  }
  const c = new Conditions();
  c.param(e.from);
  c.param(e.to);
  c.add('id = $?', e.chargerId ?? undefined)
    .add('station_id = $?', e.stationId ?? undefined)
    .add('operator_id = $?', e.operatorId ?? undefined);
  await client.query(
    `INSERT INTO uptime_dirty (charger_id, day)
     SELECT cp.id, d.day FROM (SELECT id FROM charge_points ${c.where}) cp CROSS JOIN (${dayRange}) d
     ON CONFLICT (charger_id, day) DO UPDATE SET marked_at = now()`,
    c.params,
  );
}

export interface ExclusionQuery extends TimeRange {
  reason?: ExclusionReasonName;
  operatorId?: string;
  stationId?: string;
  chargerId?: string;
}

/**
 * Exclusions overlapping the range, newest first. An operator scope sees its own and the city-wide ones
 * (those without an operator, which apply to its connectors too).
 */
export function findExclusions(db: ReadDb, scope: Scope, filter: ExclusionQuery, page: Page): Promise<Paged<ExclusionView>> {
  const c = new Conditions()
    .add('ends_at > $?', filter.from)
    .add('starts_at < $?', filter.to)
    .add('reason = $?', filter.reason)
    .add('operator_id = $?', filter.operatorId)
    .add('station_id = $?', filter.stationId)
    .add('charger_id = $?', filter.chargerId)
    .add('(operator_id = $? OR operator_id IS NULL)', scope.operatorId);
  return paged(db, c, (lo) => `SELECT * FROM uptime_exclusions ${c.where} ORDER BY starts_at DESC, id DESC ${lo}`, page, exclusionView);
}

export async function findExclusion(db: ReadDb, id: number, scope: Scope): Promise<ExclusionView | undefined> {
  const c = new Conditions().add('id = $?', id).add('(operator_id = $? OR operator_id IS NULL)', scope.operatorId);
  const { rows } = await db.pool.query(`SELECT * FROM uptime_exclusions ${c.where}`, c.params);
  return rows[0] ? exclusionView(rows[0]) : undefined;
}

/** Every exclusion overlapping [from, to), for the rollup. */
export async function exclusionsOverlapping(q: Pick<pg.ClientBase, 'query'>, window: { from: Date; to: Date }): Promise<ExclusionView[]> {
  const { rows } = await q.query(`SELECT * FROM uptime_exclusions WHERE starts_at < $2 AND ends_at > $1 ORDER BY id`, [window.from, window.to]);
  return rows.map(exclusionView);
}
