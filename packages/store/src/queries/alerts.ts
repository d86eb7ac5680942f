/**
 * Alerts: the engine's per-charger state kept in the database, the alerts and every transition it
 * produces, the rules configuration, and the read side (list, one alert with its history, transitions).
 *
 * The store does not run the engine: callers pass a `step` (a call of `@pilewatch/supervision`'s
 * `evaluateCharger`), and this module makes it safe to run from several workers and the API at once —
 * the charger's row is locked for the step, its result is stored in the same transaction, and an input
 * key makes a repeated input a no-op. The shapes below are the engine's JSON, as far as storing needs them.
 */
import type pg from 'pg';
import { Conditions, paged, range, type Page, type Paged, type ReadDb, type Row, type Scope, type TimeRange } from './sql.js';

/** What the transactional functions need: a pool they can take a client from. */
export interface WriteDb {
  pool: Pick<pg.Pool, 'query' | 'connect'>;
}

export type AlertStatusName = 'open' | 'acknowledged' | 'resolved';
export type AlertTransitionType = 'opened' | 'reopened' | 'acknowledged' | 'resolved';

/** An alert as the engine records it (`AlertRecord`). */
export interface EngineAlertRecord {
  id: string;
  rule: string;
  chargerId: string;
  evseId: number;
  connectorId: number;
  occurrence: number;
  status: AlertStatusName;
  openedAt: string;
  lastSeenAt: string;
  reopenedAt?: string;
  reopenCount: number;
  resolvedAt?: string;
  resolveReason?: string;
  acknowledgement?: { by: string; note: string; at: string };
  detail: Record<string, unknown>;
}

/** One change of one alert, as the engine reports it (`AlertTransition`). */
export interface EngineAlertTransition {
  type: AlertTransitionType;
  alertId: string;
  rule: string;
  severity: number;
  chargerId: string;
  evseId: number;
  connectorId: number;
  at: string;
  detail: Record<string, unknown>;
  reason?: string;
  by?: string;
  note?: string;
}

/** A charger's engine state, as far as the store reads it: its alerts (the rest is kept as is). */
export interface EngineChargerState {
  alerts: Record<string, EngineAlertRecord>;
}

export interface AlertStep<S extends EngineChargerState> {
  state: S;
  /** false: nothing to store. */
  changed: boolean;
  transitions: EngineAlertTransition[];
}

export interface StoredTransition extends EngineAlertTransition {
  /** alert_transitions.id: increasing in the order transitions were stored. */
  id: number;
}

export interface AlertUpdateOptions {
  /** Identifies the input: one already applied to this charger is skipped (`duplicate: true`). */
  inputKey?: string;
  /** When the input reached pilewatch; kept with its transitions to measure the evaluation lag. */
  inputReceivedAt?: Date;
  /** Severity of a rule (the engine's catalogue), for the alert rows. */
  severityOf(rule: string): number;
}

export interface AlertUpdate {
  duplicate: boolean;
  transitions: StoredTransition[];
}

/** One input for `applyAlertInputs`: the charger, the engine step, and what identifies the input. */
export interface AlertInputItem<S extends EngineChargerState> {
  chargerId: string;
  step: (state: S | undefined) => AlertStep<S>;
  inputKey?: string;
  inputReceivedAt?: Date;
}

/**
 * Runs `step` on one charger's stored state (undefined the first time), with the row locked, and stores
 * what it returns: the state, the alerts that changed, the transitions. A step that throws rolls back.
 */
export async function updateChargerAlertState<S extends EngineChargerState>(
  db: WriteDb,
  chargerId: string,
  step: (state: S | undefined) => AlertStep<S>,
  options: AlertUpdateOptions,
): Promise<AlertUpdate> {
  const [result] = await applyAlertInputs(db, [{ chargerId, step, inputKey: options.inputKey, inputReceivedAt: options.inputReceivedAt }], options);
  return result!;
}

/**
 * Applies many inputs in one transaction (group commit: the cost of a round trip is shared). The rows of
 * the chargers involved are locked (in id order, so concurrent batches cannot deadlock); inputs already
 * applied are skipped; each input's step sees the state left by the previous input of the same charger,
 * in the order given. Results come back in the same order. A step that throws rolls the whole batch back.
 */
export async function applyAlertInputs<S extends EngineChargerState>(
  db: WriteDb,
  items: ReadonlyArray<AlertInputItem<S>>,
  options: Pick<AlertUpdateOptions, 'severityOf'>,
): Promise<AlertUpdate[]> {
  if (items.length === 0) return [];
  return inTransaction(db, async (client) => {
    const keyed = items.map((item, n) => ({ n, charger_id: item.chargerId, input_key: item.inputKey })).filter((k) => k.input_key !== undefined);
    const fresh = new Set<number>();
    if (keyed.length) {
      // A key repeated within the batch is fresh once: RETURNING names the rows inserted.
      const { rows } = await client.query<{ charger_id: string; input_key: string }>(
        `INSERT INTO alert_inputs_applied (charger_id, input_key)
         SELECT DISTINCT charger_id, input_key FROM jsonb_to_recordset($1::jsonb) AS x(charger_id text, input_key text)
         ON CONFLICT DO NOTHING RETURNING charger_id, input_key`,
        [JSON.stringify(keyed)],
      );
      const inserted = new Set(rows.map((r) => `${r.charger_id}\u0000${r.input_key}`));
      for (const k of keyed) {
        const id = `${k.charger_id}\u0000${k.input_key}`;
        if (inserted.delete(id)) fresh.add(k.n);
      }
    }
    const chargerIds = [...new Set(items.map((i) => i.chargerId))].sort();
    await client.query(`INSERT INTO alert_charger_state (charger_id) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT DO NOTHING`, [chargerIds]);
    const { rows } = await client.query<{ charger_id: string; state: S | null }>(
      `SELECT charger_id, state FROM alert_charger_state WHERE charger_id = ANY($1) ORDER BY charger_id FOR UPDATE`,
      [chargerIds],
    );
    const before = new Map(rows.map((r) => [r.charger_id, r.state ?? undefined]));
    const current = new Map(before);
    const changed = new Set<string>();
    const pending: Array<{ n: number; transitions: EngineAlertTransition[]; receivedAt: Date | undefined }> = [];
    const results: AlertUpdate[] = items.map((item, n) => {
      if (item.inputKey !== undefined && !fresh.has(n)) return { duplicate: true, transitions: [] };
      const result = item.step(current.get(item.chargerId));
      if (result.changed) {
        current.set(item.chargerId, result.state);
        changed.add(item.chargerId);
        if (result.transitions.length) pending.push({ n, transitions: result.transitions, receivedAt: item.inputReceivedAt });
      }
      return { duplicate: false, transitions: [] };
    });
    if (changed.size === 0) return results;
    const stored = await store(
      client,
      [...changed].map((chargerId) => ({ chargerId, before: before.get(chargerId), state: current.get(chargerId)! })),
      pending.flatMap((p) => p.transitions.map((t) => ({ transition: t, receivedAt: p.receivedAt }))),
      options,
    );
    let next = 0;
    for (const p of pending) {
      results[p.n] = { duplicate: false, transitions: stored.slice(next, next + p.transitions.length) };
      next += p.transitions.length;
    }
    return results;
  });
}

/**
 * Runs `step` (a clock tick) on every charger that has a state, `batch` chargers per transaction. Rows
 * another transaction holds are skipped: that charger is ticked again next time, and transitions are
 * dated when their condition changed, not when the tick noticed.
 */
export async function tickChargerAlertStates<S extends EngineChargerState>(
  db: WriteDb,
  step: (chargerId: string, state: S | undefined) => AlertStep<S>,
  options: Pick<AlertUpdateOptions, 'severityOf'> & { batch?: number },
): Promise<{ chargers: number; transitions: StoredTransition[] }> {
  const batch = options.batch ?? 500;
  let after = '';
  let chargers = 0;
  const transitions: StoredTransition[] = [];
  for (;;) {
    const { last, count } = await inTransaction(db, async (client) => {
      const { rows } = await client.query<{ charger_id: string; state: S | null }>(
        `SELECT charger_id, state FROM alert_charger_state WHERE charger_id > $1 ORDER BY charger_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [after, batch],
      );
      const changed = rows
        .map((r) => ({ chargerId: r.charger_id, before: r.state ?? undefined, result: step(r.charger_id, r.state ?? undefined) }))
        .filter((c) => c.result.changed);
      if (changed.length) {
        transitions.push(
          ...(await store(
            client,
            changed.map((c) => ({ chargerId: c.chargerId, before: c.before, state: c.result.state })),
            changed.flatMap((c) => c.result.transitions.map((t) => ({ transition: t, receivedAt: undefined }))),
            options,
          )),
        );
      }
      return { last: rows.at(-1)?.charger_id, count: rows.length };
    });
    chargers += count;
    if (last === undefined || count < batch) break;
    after = last;
  }
  return { chargers, transitions };
}

interface Change<S extends EngineChargerState> {
  chargerId: string;
  /** The stored state before (for which alerts changed). */
  before: S | undefined;
  state: S;
}

/** Stores new states, the alerts that differ from before, and the transitions in order; returns them with ids. */
async function store<S extends EngineChargerState>(
  client: pg.PoolClient,
  changes: Array<Change<S>>,
  transitions: Array<{ transition: EngineAlertTransition; receivedAt: Date | undefined }>,
  options: Pick<AlertUpdateOptions, 'severityOf'>,
): Promise<StoredTransition[]> {
  await client.query(
    `UPDATE alert_charger_state s SET state = x.state, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(charger_id text, state jsonb)
      WHERE s.charger_id = x.charger_id`,
    [JSON.stringify(changes.map((c) => ({ charger_id: c.chargerId, state: c.state })))],
  );
  // Only alerts whose record changed: repeats of a condition refresh last_seen_at and detail.
  const alerts = changes.flatMap((c) =>
    Object.entries(c.state.alerts)
      .filter(([key, record]) => JSON.stringify(c.before?.alerts[key]) !== JSON.stringify(record))
      .map(([, record]) => alertRow(record, options.severityOf(record.rule))),
  );
  if (alerts.length) {
    await client.query(
      `INSERT INTO alerts (id, rule, severity, charger_id, evse_id, connector_id, occurrence, status, opened_at, last_seen_at,
                           reopened_at, reopen_count, resolved_at, resolve_reason, acknowledged_by, acknowledged_at,
                           acknowledgement_note, detail, updated_at)
       SELECT id, rule, severity, charger_id, evse_id, connector_id, occurrence, status, opened_at, last_seen_at,
              reopened_at, reopen_count, resolved_at, resolve_reason, acknowledged_by, acknowledged_at,
              acknowledgement_note, coalesce(detail, '{}'), now()
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, rule text, severity smallint, charger_id text, evse_id integer,
              connector_id integer, occurrence integer, status text, opened_at timestamptz, last_seen_at timestamptz,
              reopened_at timestamptz, reopen_count integer, resolved_at timestamptz, resolve_reason text,
              acknowledged_by text, acknowledged_at timestamptz, acknowledgement_note text, detail jsonb)
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status, last_seen_at = EXCLUDED.last_seen_at, reopened_at = EXCLUDED.reopened_at,
         reopen_count = EXCLUDED.reopen_count, resolved_at = EXCLUDED.resolved_at, resolve_reason = EXCLUDED.resolve_reason,
         acknowledged_by = EXCLUDED.acknowledged_by, acknowledged_at = EXCLUDED.acknowledged_at,
         acknowledgement_note = EXCLUDED.acknowledgement_note, detail = EXCLUDED.detail, updated_at = now()`,
      [JSON.stringify(alerts)],
    );
  }
  if (transitions.length === 0) return [];
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO alert_transitions (alert_id, type, rule, severity, charger_id, evse_id, connector_id, at, detail, reason,
                                    by_principal, note, input_received_at)
     SELECT alert_id, type, rule, severity, charger_id, evse_id, connector_id, at, coalesce(detail, '{}'), reason,
            by_principal, note, input_received_at
       FROM jsonb_to_recordset($1::jsonb) AS x(alert_id text, type text, rule text, severity smallint,
            charger_id text, evse_id integer, connector_id integer, at timestamptz, detail jsonb, reason text,
            by_principal text, note text, input_received_at timestamptz, n integer)
      ORDER BY n
     RETURNING id`,
    [
      JSON.stringify(
        transitions.map(({ transition: t, receivedAt }, n) => ({
          n,
          alert_id: t.alertId,
          type: t.type,
          rule: t.rule,
          severity: t.severity,
          charger_id: t.chargerId,
          evse_id: t.evseId,
          connector_id: t.connectorId,
          at: t.at,
          detail: t.detail,
          reason: t.reason ?? null,
          by_principal: t.by ?? null,
          note: t.note ?? null,
          input_received_at: receivedAt ?? null,
        })),
      ),
    ],
  );
  // Ids come from one sequence in insertion order (the ORDER BY above).
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  return transitions.map(({ transition }, i) => ({ ...transition, id: ids[i]! }));
}

function alertRow(r: EngineAlertRecord, severity: number) {
  return {
    id: r.id,
    rule: r.rule,
    severity,
    charger_id: r.chargerId,
    evse_id: r.evseId,
    connector_id: r.connectorId,
    occurrence: r.occurrence,
    status: r.status,
    opened_at: r.openedAt,
    last_seen_at: r.lastSeenAt,
    reopened_at: r.reopenedAt ?? null,
    reopen_count: r.reopenCount,
    resolved_at: r.resolvedAt ?? null,
    resolve_reason: r.resolveReason ?? null,
    acknowledged_by: r.acknowledgement?.by ?? null,
    acknowledged_at: r.acknowledgement?.at ?? null,
    acknowledgement_note: r.acknowledgement?.note ?? null,
    detail: r.detail,
  };
}

/** Forgets applied-input keys older than `before` (a retry never comes that late). Returns how many. */
export async function pruneAppliedAlertInputs(db: ReadDb, before: Date): Promise<number> {
  const { rowCount } = await db.pool.query(`DELETE FROM alert_inputs_applied WHERE applied_at < $1`, [before]);
  return rowCount ?? 0;
}

/** Runs `work` in one transaction on one client (rolled back if it throws). */
export async function inTransaction<T>(db: WriteDb, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => {
        broken = rollbackErr;
      });
      throw err;
    }
  } finally {
    // A connection whose rollback failed is discarded rather than returned to the pool.
    client.release(broken);
  }
}

// ---- rules configuration -------------------------------------------------------------------------

export interface AlertRulesConfigRecord {
  /** As stored: the input form (`RulesConfigInput`), validated by the API before saving. */
  config: unknown;
  /** Increases with every save. */
  version: number;
  updatedBy: string | null;
  updatedAt: Date;
}

export async function alertRulesConfig(db: ReadDb): Promise<AlertRulesConfigRecord> {
  const { rows } = await db.pool.query(`SELECT config, version, updated_by, updated_at FROM alert_rules_config WHERE id = 1`);
  const r = rows[0];
  if (!r) return { config: {}, version: 0, updatedBy: null, updatedAt: new Date(0) };
  return { config: r.config, version: r.version, updatedBy: r.updated_by, updatedAt: r.updated_at };
}

/** Replaces the rules configuration; returns the stored record (with its new version). */
export async function saveAlertRulesConfig(db: ReadDb, config: unknown, updatedBy: string): Promise<AlertRulesConfigRecord> {
  const { rows } = await db.pool.query(
    `INSERT INTO alert_rules_config (id, config, version, updated_by, updated_at) VALUES (1, $1, 1, $2, now())
     ON CONFLICT (id) DO UPDATE SET config = EXCLUDED.config, version = alert_rules_config.version + 1,
                                    updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING config, version, updated_by, updated_at`,
    [JSON.stringify(config), updatedBy],
  );
  const r = rows[0]!;
  return { config: r.config, version: r.version, updatedBy: r.updated_by, updatedAt: r.updated_at };
}

/** Connector power ratings from the registry, keyed `chargerId:evseId:connectorId` (the impossible-power rule's table). */
export async function connectorRatingsKw(db: ReadDb): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ charger_id: string; evse_id: number; connector_id: number; max_power_kw: number }>(
    `SELECT charger_id, evse_id, connector_id, max_power_kw FROM connectors WHERE max_power_kw IS NOT NULL AND max_power_kw > 0`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.charger_id}:${r.evse_id}:${r.connector_id}`, r.max_power_kw]));
}

// ---- read side -----------------------------------------------------------------------------------

export interface AlertView {
  id: string;
  rule: string;
  severity: number;
  chargerId: string;
  evseId: number;
  connectorId: number;
  occurrence: number;
  status: AlertStatusName;
  openedAt: Date;
  lastSeenAt: Date;
  reopenedAt: Date | null;
  reopenCount: number;
  resolvedAt: Date | null;
  resolveReason: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  acknowledgementNote: string | null;
  detail: Record<string, unknown>;
  operatorId: string | null;
  stationId: string | null;
  countyCode: string | null;
  updatedAt: Date;
}

export interface AlertQuery extends TimeRange {
  /** `active`: open or acknowledged (not resolved). */
  status?: AlertStatusName | 'active';
  /** Any of these severities. */
  severity?: number[];
  /** A rule code, or a family ending in a dot (`fault.`). */
  rule?: string;
  countyCode?: string;
  operatorId?: string;
  stationId?: string;
  chargerId?: string;
}

const alertSelect = `
  SELECT a.*, cp.operator_id, cp.station_id, s.county_code
    FROM alerts a
    LEFT JOIN charge_points cp ON cp.id = a.charger_id
    LEFT JOIN stations s ON s.id = cp.station_id`;

function alertView(r: Row): AlertView {
  return {
    id: r.id,
    rule: r.rule,
    severity: r.severity,
    chargerId: r.charger_id,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    occurrence: r.occurrence,
    status: r.status,
    openedAt: r.opened_at,
    lastSeenAt: r.last_seen_at,
    reopenedAt: r.reopened_at,
    reopenCount: r.reopen_count,
    resolvedAt: r.resolved_at,
    resolveReason: r.resolve_reason,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    acknowledgementNote: r.acknowledgement_note,
    detail: r.detail,
    operatorId: r.operator_id,
    stationId: r.station_id,
    countyCode: r.county_code,
    updatedAt: r.updated_at,
  };
}

function ruleCondition(c: Conditions, column: string, rule: string | undefined): Conditions {
  if (rule === undefined) return c;
  return rule.endsWith('.') ? c.add(`starts_with(${column}, $?)`, rule) : c.add(`${column} = $?`, rule);
}

/** Alerts that opened in the range (newest first), filtered; an operator scope sees its own chargers' only. */
export function findAlerts(db: ReadDb, scope: Scope, filter: AlertQuery, page: Page): Promise<Paged<AlertView>> {
  const c = range(new Conditions(), 'a.opened_at', filter)
    .add('cp.operator_id = $?', scope.operatorId)
    .add('cp.operator_id = $?', filter.operatorId)
    .add('cp.station_id = $?', filter.stationId)
    .add('s.county_code = $?', filter.countyCode)
    .add('a.charger_id = $?', filter.chargerId)
    .add('a.severity = ANY($?)', filter.severity);
  ruleCondition(c, 'a.rule', filter.rule);
  if (filter.status === 'active') c.add(`a.status <> 'resolved'`);
  else c.add('a.status = $?', filter.status);
  return paged(db, c, (lo) => `${alertSelect} ${c.where} ORDER BY a.opened_at DESC, a.id ${lo}`, page, alertView);
}

export async function findAlert(db: ReadDb, id: string, scope: Scope): Promise<AlertView | undefined> {
  const c = new Conditions().add('a.id = $?', id).add('cp.operator_id = $?', scope.operatorId);
  const { rows } = await db.pool.query(`${alertSelect} ${c.where}`, c.params);
  return rows[0] ? alertView(rows[0]) : undefined;
}

export interface AlertTransitionView {
  id: number;
  alertId: string;
  type: AlertTransitionType;
  rule: string;
  severity: number;
  chargerId: string;
  evseId: number;
  connectorId: number;
  at: Date;
  detail: Record<string, unknown>;
  reason: string | null;
  by: string | null;
  note: string | null;
  storedAt: Date;
  operatorId: string | null;
}

export interface AlertTransitionQuery extends TimeRange {
  alertId?: string;
  type?: AlertTransitionType;
  severity?: number[];
  rule?: string;
  countyCode?: string;
  operatorId?: string;
  stationId?: string;
  chargerId?: string;
  /** Only transitions with an id above this (to follow the history without gaps). */
  afterId?: number;
}

function transitionView(r: Row): AlertTransitionView {
  return {
    id: Number(r.id),
    alertId: r.alert_id,
    type: r.type,
    rule: r.rule,
    severity: r.severity,
    chargerId: r.charger_id,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    at: r.at,
    detail: r.detail,
    reason: r.reason,
    by: r.by_principal,
    note: r.note,
    storedAt: r.stored_at,
    operatorId: r.operator_id,
  };
}

const transitionSelect = `
  SELECT t.*, cp.operator_id
    FROM alert_transitions t
    LEFT JOIN charge_points cp ON cp.id = t.charger_id
    LEFT JOIN stations s ON s.id = cp.station_id`;

/** Alert history: transitions dated within the range, newest first. */
export function findAlertTransitions(db: ReadDb, scope: Scope, filter: AlertTransitionQuery, page: Page): Promise<Paged<AlertTransitionView>> {
  const c = range(new Conditions(), 't.at', filter)
    .add('cp.operator_id = $?', scope.operatorId)
    .add('cp.operator_id = $?', filter.operatorId)
    .add('cp.station_id = $?', filter.stationId)
    .add('s.county_code = $?', filter.countyCode)
    .add('t.charger_id = $?', filter.chargerId)
    .add('t.alert_id = $?', filter.alertId)
    .add('t.type = $?', filter.type)
    .add('t.severity = ANY($?)', filter.severity)
    .add('t.id > $?', filter.afterId);
  ruleCondition(c, 't.rule', filter.rule);
  return paged(db, c, (lo) => `${transitionSelect} ${c.where} ORDER BY t.at DESC, t.id DESC ${lo}`, page, transitionView);
}

/** Every transition of one alert, oldest first (callers check the alert is visible first). */
export async function alertHistory(db: ReadDb, alertId: string): Promise<AlertTransitionView[]> {
  const { rows } = await db.pool.query(`${transitionSelect} WHERE t.alert_id = $1 ORDER BY t.id`, [alertId]);
  return rows.map(transitionView);
}

/** Transitions by id, oldest first, with the charger's operator (for notifications). */
export async function transitionsById(db: ReadDb, ids: number[]): Promise<AlertTransitionView[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.pool.query(`${transitionSelect} WHERE t.id = ANY($1) ORDER BY t.id`, [ids]);
  return rows.map(transitionView);
}

/**
 * The notification outbox. Claims the given transitions not yet notified (or, with `olderThan`, those
 * stored before that time), locked for the transaction, and hands them to `notify` with the
 * transaction's client; they are marked notified in the same transaction. Rows another notifier holds
 * are skipped. If `notify` throws nothing is marked: a later sweep retries. Returns what `notify`
 * returned (undefined when there was nothing to notify), after the commit.
 */
export async function notifyTransitions<T>(
  db: WriteDb,
  which: { ids: number[] } | { olderThan: Date; limit: number },
  notify: (transitions: AlertTransitionView[], client: pg.PoolClient) => Promise<T>,
): Promise<{ notified: number; result: T | undefined }> {
  return inTransaction(db, async (client) => {
    const where = 'ids' in which ? 't.id = ANY($1)' : 't.stored_at < $1';
    const params: unknown[] = 'ids' in which ? [which.ids] : [which.olderThan];
    const limit = 'ids' in which ? '' : `LIMIT ${Math.max(1, Math.floor(which.limit))}`;
    const { rows } = await client.query(
      `SELECT t.*, cp.operator_id
         FROM alert_transitions t LEFT JOIN charge_points cp ON cp.id = t.charger_id
        WHERE ${where} AND t.notified_at IS NULL
        ORDER BY t.id ${limit}
        FOR UPDATE OF t SKIP LOCKED`,
      params,
    );
    if (rows.length === 0) return { notified: 0, result: undefined };
    const transitions = rows.map(transitionView);
    const result = await notify(transitions, client);
    await client.query(`UPDATE alert_transitions SET notified_at = now() WHERE id = ANY($1)`, [transitions.map((t) => t.id)]);
    return { notified: transitions.length, result };
  });
}
