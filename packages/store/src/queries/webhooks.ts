/**
 * Webhooks (per operator, or the regulator's for every operator), their deliveries — one per webhook and
 * alert transition, with status, attempts and the last error — and dead letters: jobs of any queue that
 * used all their attempts.
 */
import type pg from 'pg';
import { Conditions, paged, type Page, type Paged, type ReadDb, type Row, type Scope } from './sql.js';

export interface WebhookView {
  id: string;
  /** null: the regulator's webhook, which hears of every operator's alerts. */
  operatorId: string | null;
  url: string;
  /** Transitions of alerts with this severity or a more serious one (1 is the most serious) are sent. */
  minSeverity: number;
  description: string | null;
  enabled: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A webhook with its signing secret: only for the deliverer, and for the answer that creates it. */
export interface WebhookWithSecret extends WebhookView {
  secret: string;
}

export interface NewWebhook {
  id: string;
  operatorId: string | null;
  url: string;
  secret: string;
  minSeverity: number;
  description?: string | null;
  enabled?: boolean;
  createdBy: string;
}

function webhookView(r: Row): WebhookView {
  return {
    id: r.id,
    operatorId: r.operator_id,
    url: r.url,
    minSeverity: r.min_severity,
    description: r.description,
    enabled: r.enabled,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function createWebhook(db: ReadDb, w: NewWebhook): Promise<WebhookWithSecret> {
  const { rows } = await db.pool.query(
    `INSERT INTO webhooks (id, operator_id, url, secret, min_severity, description, enabled, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [w.id, w.operatorId, w.url, w.secret, w.minSeverity, w.description ?? null, w.enabled ?? true, w.createdBy],
  );
  return { ...webhookView(rows[0]!), secret: rows[0]!.secret };
}

/** An operator scope sees its own webhooks only (never the regulator's). */
export function findWebhooks(db: ReadDb, scope: Scope, filter: { operatorId?: string }, page: Page): Promise<Paged<WebhookView>> {
  const c = new Conditions().add('operator_id = $?', scope.operatorId).add('operator_id = $?', filter.operatorId);
  return paged(db, c, (lo) => `SELECT * FROM webhooks ${c.where} ORDER BY created_at, id ${lo}`, page, webhookView);
}

export async function findWebhook(db: ReadDb, id: string, scope: Scope): Promise<WebhookView | undefined> {
  const c = new Conditions().add('id = $?', id).add('operator_id = $?', scope.operatorId);
  const { rows } = await db.pool.query(`SELECT * FROM webhooks ${c.where}`, c.params);
  return rows[0] ? webhookView(rows[0]) : undefined;
}

export interface WebhookChanges {
  url?: string;
  minSeverity?: number;
  description?: string | null;
  enabled?: boolean;
  /** A new signing secret (rotation). */
  secret?: string;
}

/** Changes the given fields; undefined when the webhook is not there (or not in scope). */
export async function updateWebhook(db: ReadDb, id: string, scope: Scope, changes: WebhookChanges): Promise<WebhookWithSecret | undefined> {
  const c = new Conditions().add('id = $?', id).add('operator_id = $?', scope.operatorId);
  const sets: string[] = [];
  const column = { url: 'url', minSeverity: 'min_severity', description: 'description', enabled: 'enabled', secret: 'secret' } as const;
  for (const [key, name] of Object.entries(column) as Array<[keyof WebhookChanges, string]>) {
    if (changes[key] !== undefined) sets.push(`${name} = ${c.param(changes[key])}`);
  }
  const { rows } = await db.pool.query(`UPDATE webhooks SET ${[...sets, 'updated_at = now()'].join(', ')} ${c.where} RETURNING *`, c.params);
  return rows[0] ? { ...webhookView(rows[0]), secret: rows[0].secret } : undefined;
}

export async function deleteWebhook(db: ReadDb, id: string, scope: Scope): Promise<boolean> {
  const c = new Conditions().add('id = $?', id).add('operator_id = $?', scope.operatorId);
  const { rowCount } = await db.pool.query(`DELETE FROM webhooks ${c.where}`, c.params);
  return (rowCount ?? 0) > 0;
}

// ---- deliveries ----------------------------------------------------------------------------------

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryView {
  id: number;
  webhookId: string;
  transitionId: number;
  alertId: string;
  transitionType: string;
  severity: number;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
}

function deliveryView(r: Row): DeliveryView {
  return {
    id: Number(r.id),
    webhookId: r.webhook_id,
    transitionId: Number(r.transition_id),
    alertId: r.alert_id,
    transitionType: r.type,
    severity: r.severity,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    deliveredAt: r.delivered_at,
  };
}

const deliverySelect = `
  SELECT d.*, t.alert_id, t.type, t.severity
    FROM webhook_deliveries d JOIN alert_transitions t ON t.id = d.transition_id`;

/**
 * Creates one pending delivery per transition and webhook that wants it (enabled; the transition's
 * severity at or above the webhook's minimum; the regulator's webhooks, or the charger's operator's).
 * Runs on the caller's transaction; existing pairs are left alone. Returns the new deliveries' ids.
 */
export async function createDeliveries(
  client: Pick<pg.ClientBase, 'query'>,
  transitions: ReadonlyArray<{ id: number; severity: number; operatorId: string | null }>,
): Promise<number[]> {
  if (transitions.length === 0) return [];
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (webhook_id, transition_id)
     SELECT w.id, x.id
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, severity smallint, operator_id text)
       JOIN webhooks w ON w.enabled AND x.severity <= w.min_severity
                      AND (w.operator_id IS NULL OR w.operator_id = x.operator_id)
      ORDER BY x.id, w.id
     ON CONFLICT (webhook_id, transition_id) DO NOTHING
     RETURNING id`,
    [JSON.stringify(transitions.map((t) => ({ id: t.id, severity: t.severity, operator_id: t.operatorId })))],
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** What a delivery attempt needs: the delivery, its webhook (with the secret) and the transition. */
export interface DeliveryTask {
  delivery: DeliveryView;
  webhook: WebhookWithSecret;
}

export async function deliveryTask(db: ReadDb, deliveryId: number): Promise<DeliveryTask | undefined> {
  const { rows } = await db.pool.query(`${deliverySelect} WHERE d.id = $1`, [deliveryId]);
  const d = rows[0];
  if (!d) return undefined;
  const w = await db.pool.query(`SELECT * FROM webhooks WHERE id = $1`, [d.webhook_id]);
  if (!w.rows[0]) return undefined;
  return { delivery: deliveryView(d), webhook: { ...webhookView(w.rows[0]), secret: w.rows[0].secret } };
}

/** Records one attempt's outcome. `final` marks a failure after which no retry follows. */
export async function recordDeliveryAttempt(
  db: ReadDb,
  deliveryId: number,
  outcome: { attempt: number; ok: boolean; statusCode?: number; error?: string; final?: boolean },
): Promise<void> {
  const status: DeliveryStatus = outcome.ok ? 'delivered' : outcome.final ? 'failed' : 'pending';
  await db.pool.query(
    `UPDATE webhook_deliveries
        SET status = $2, attempts = greatest(attempts, $3), last_status_code = $4, last_error = $5,
            last_attempt_at = now(), delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
      WHERE id = $1`,
    [deliveryId, status, outcome.attempt, outcome.statusCode ?? null, outcome.ok ? null : (outcome.error ?? null)],
  );
}

/** Deliveries still pending that were created before `before` and never tried, or last tried before it (their job may be lost). */
export async function stalePendingDeliveries(db: ReadDb, before: Date, limit: number): Promise<number[]> {
  const { rows } = await db.pool.query<{ id: string }>(
    `SELECT id FROM webhook_deliveries
      WHERE status = 'pending' AND created_at < $1 AND (last_attempt_at IS NULL OR last_attempt_at < $1)
      ORDER BY id LIMIT $2`,
    [before, limit],
  );
  return rows.map((r) => Number(r.id));
}

/** Marks a failed delivery pending again (a retry from the dead-letter view). */
export async function resetDelivery(db: ReadDb, deliveryId: number): Promise<void> {
  await db.pool.query(`UPDATE webhook_deliveries SET status = 'pending' WHERE id = $1 AND status = 'failed'`, [deliveryId]);
}

export function findDeliveries(db: ReadDb, webhookId: string, filter: { status?: DeliveryStatus }, page: Page): Promise<Paged<DeliveryView>> {
  const c = new Conditions().add('d.webhook_id = $?', webhookId).add('d.status = $?', filter.status);
  return paged(db, c, (lo) => `${deliverySelect} ${c.where} ORDER BY d.id DESC ${lo}`, page, deliveryView);
}

// ---- dead letters --------------------------------------------------------------------------------

export interface DeadLetterView {
  id: number;
  queue: string;
  jobName: string;
  jobId: string;
  data: unknown;
  error: string;
  attempts: number;
  failedAt: Date;
  retriedAt: Date | null;
}

function deadLetterView(r: Row): DeadLetterView {
  return {
    id: Number(r.id),
    queue: r.queue,
    jobName: r.job_name,
    jobId: r.job_id,
    data: r.data,
    error: r.error,
    attempts: r.attempts,
    failedAt: r.failed_at,
    retriedAt: r.retried_at,
  };
}

/** Records a job that used all its attempts (the same job failing again updates its row). */
export async function recordDeadLetter(
  db: ReadDb,
  job: { queue: string; jobName: string; jobId: string; data: unknown; error: string; attempts: number },
): Promise<void> {
  await db.pool.query(
    `INSERT INTO dead_letters (queue, job_name, job_id, data, error, attempts) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (queue, job_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts,
                                             data = EXCLUDED.data, failed_at = now(), retried_at = NULL`,
    [job.queue, job.jobName, job.jobId, JSON.stringify(job.data ?? null), job.error, job.attempts],
  );
}

export function findDeadLetters(db: ReadDb, filter: { queue?: string; retried?: boolean }, page: Page): Promise<Paged<DeadLetterView>> {
  const c = new Conditions().add('queue = $?', filter.queue);
  if (filter.retried === true) c.add('retried_at IS NOT NULL');
  if (filter.retried === false) c.add('retried_at IS NULL');
  return paged(db, c, (lo) => `SELECT * FROM dead_letters ${c.where} ORDER BY failed_at DESC, id DESC ${lo}`, page, deadLetterView);
}

export async function findDeadLetter(db: ReadDb, id: number): Promise<DeadLetterView | undefined> {
  const { rows } = await db.pool.query(`SELECT * FROM dead_letters WHERE id = $1`, [id]);
  return rows[0] ? deadLetterView(rows[0]) : undefined;
}

export async function markDeadLetterRetried(db: ReadDb, id: number): Promise<void> {
  await db.pool.query(`UPDATE dead_letters SET retried_at = now() WHERE id = $1`, [id]);
}
