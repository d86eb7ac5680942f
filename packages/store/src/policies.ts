/**
 * Compression, retention and continuous-aggregate refresh policies, derived from the configured ages.
 * `policyPlan` is pure; `applyPolicies` makes the TimescaleDB jobs match it, touching only what differs,
 * so running it again changes nothing and changing a setting changes exactly that policy.
 */
import type pg from 'pg';
import type { Config } from '@pilewatch/config';

export interface CompressionPolicy {
  table: string;
  afterDays: number;
  segmentBy: string;
}
export interface RetentionPolicy {
  table: string;
  dropAfterDays: number;
}
export interface RefreshPolicy {
  view: string;
  /** How far back each refresh recomputes; late data older than this is not aggregated. */
  startOffset: string;
  /** The newest, still-filling buckets are left out. */
  endOffset: string;
  scheduleInterval: string;
}
export interface PolicyPlan {
  compression: CompressionPolicy[];
  retention: RetentionPolicy[];
  refresh: RefreshPolicy[];
}

/** Hypertables that keep history; `ocpp_messages` (the journal) has its own retention. */
export const historyTables = ['meter_samples', 'status_events', 'charger_events', 'connectivity_events'] as const;
export const journalTable = 'ocpp_messages';
export const continuousAggregates = [
  { view: 'meter_15m', width: '15 minutes', scheduleInterval: '15 minutes' },
  { view: 'meter_1h', width: '1 hour', scheduleInterval: '1 hour' },
  { view: 'meter_1d', width: '1 day', scheduleInterval: '1 hour' },
] as const;

export function policyPlan(retention: Config['retention']): PolicyPlan {
  // Refreshing a window whose raw chunks were dropped would empty those aggregate buckets, so the window
  // ends before retention; TimescaleDB also wants it to span at least two of the widest (1 day) buckets
  // past the end offset, hence a floor of 3 days.
  const refreshDays = Math.max(3, Math.min(retention.compressAfterDays, retention.historyDays - 1));
  return {
    compression: [...historyTables, journalTable].map((table) => ({
      table,
      afterDays: retention.compressAfterDays,
      segmentBy: 'charger_id',
    })),
    retention: [
      ...historyTables.map((table) => ({ table, dropAfterDays: retention.historyDays })),
      { table: journalTable, dropAfterDays: retention.journalDays },
    ],
    refresh: continuousAggregates.map(({ view, width, scheduleInterval }) => ({
      view,
      startOffset: `${refreshDays} days`,
      endOffset: width,
      scheduleInterval,
    })),
  };
}

interface Job {
  job_id: number;
  config: Record<string, unknown>;
}

/** Makes the TimescaleDB policies match `plan`. Runs on one client; statements are individually atomic. */
export async function applyPolicies(client: pg.ClientBase, plan: PolicyPlan): Promise<{ changed: string[] }> {
  const changed: string[] = [];
  for (const p of plan.compression) {
    const { rows } = await client.query<{ enabled: boolean }>(
      `SELECT compression_enabled AS enabled FROM timescaledb_information.hypertables WHERE hypertable_name = $1`,
      [p.table],
    );
    // Changing compression settings is refused once chunks are compressed; they are set once.
    if (rows[0] && !rows[0].enabled) {
      await client.query(
        `ALTER TABLE ${p.table} SET (timescaledb.compress, timescaledb.compress_segmentby = '${p.segmentBy}', timescaledb.compress_orderby = 'time DESC')`,
      );
      changed.push(`compression enabled on ${p.table}`);
    }
    const interval = `${p.afterDays} days`;
    const job = await findJob(client, 'policy_compression', p.table);
    if (job && (await sameInterval(client, job.config.compress_after, interval))) continue;
    if (job) await client.query(`SELECT remove_compression_policy($1, if_exists => true)`, [p.table]);
    await client.query(`SELECT add_compression_policy($1, compress_after => $2::interval)`, [p.table, interval]);
    changed.push(`compress ${p.table} after ${interval}`);
  }
  for (const p of plan.retention) {
    const interval = `${p.dropAfterDays} days`;
    const job = await findJob(client, 'policy_retention', p.table);
    if (job && (await sameInterval(client, job.config.drop_after, interval))) continue;
    if (job) await client.query(`SELECT remove_retention_policy($1, if_exists => true)`, [p.table]);
    await client.query(`SELECT add_retention_policy($1, drop_after => $2::interval)`, [p.table, interval]);
    changed.push(`drop ${p.table} chunks after ${interval}`);
  }
  for (const p of plan.refresh) {
    const job = await findJob(client, 'policy_refresh_continuous_aggregate', p.view);
    if (
      job &&
      (await sameInterval(client, job.config.start_offset, p.startOffset)) &&
      (await sameInterval(client, job.config.end_offset, p.endOffset)) &&
      (await sameSchedule(client, job.job_id, p.scheduleInterval))
    ) {
      continue;
    }
    if (job) await client.query(`SELECT remove_continuous_aggregate_policy($1, if_exists => true)`, [p.view]);
    await client.query(
      `SELECT add_continuous_aggregate_policy($1, start_offset => $2::interval, end_offset => $3::interval, schedule_interval => $4::interval)`,
      [p.view, p.startOffset, p.endOffset, p.scheduleInterval],
    );
    changed.push(`refresh ${p.view} over ${p.startOffset} .. ${p.endOffset} every ${p.scheduleInterval}`);
  }
  return { changed };
}

async function findJob(client: pg.ClientBase, proc: string, relation: string): Promise<Job | undefined> {
  const { rows } = await client.query<Job>(
    `SELECT job_id, config FROM timescaledb_information.jobs WHERE proc_name = $1 AND hypertable_name = $2`,
    [proc, relation],
  );
  return rows[0];
}

/** Interval texts compare by meaning ('00:15:00' = '15 minutes'), so PostgreSQL does the comparing. */
async function sameInterval(client: pg.ClientBase, stored: unknown, wanted: string): Promise<boolean> {
  if (typeof stored !== 'string') return false;
  const { rows } = await client.query<{ same: boolean }>(`SELECT $1::interval = $2::interval AS same`, [stored, wanted]);
  return rows[0]?.same === true;
}

async function sameSchedule(client: pg.ClientBase, jobId: number, wanted: string): Promise<boolean> {
  const { rows } = await client.query<{ same: boolean }>(
    `SELECT schedule_interval = $2::interval AS same FROM timescaledb_information.jobs WHERE job_id = $1`,
    [jobId, wanted],
  );
  return rows[0]?.same === true;
}
