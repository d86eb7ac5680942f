/** A text dump of everything migrations create, to compare a database before and after a second run. */
import type { Database } from '../database.js';

export async function catalogSnapshot(db: Database): Promise<string[]> {
  const { rows } = await db.pool.query<{ line: string }>(`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = 'public'
    UNION ALL SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(p.prosrc)
      FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
    UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'migration ' || version || ' ' || name FROM schema_migrations
    ORDER BY 1`);
  const lines = rows.map((r) => r.line);
  if (!db.timescale) return lines;
  const jobs = await db.pool.query<{ line: string }>(`
    SELECT 'job ' || job_id || ' ' || proc_name || ' ' || coalesce(hypertable_name, '') || ' ' || schedule_interval || ' ' || coalesce(config::text, '') AS line
      FROM timescaledb_information.jobs
    UNION ALL SELECT 'hypertable ' || hypertable_name || ' compression ' || compression_enabled FROM timescaledb_information.hypertables
    UNION ALL SELECT 'aggregate ' || view_name || ' ' || materialized_only FROM timescaledb_information.continuous_aggregates
    ORDER BY 1`);
  return [...lines, ...jobs.rows.map((r) => r.line)];
}

/**
 * time_bucket cases with their answers worked out by hand, for both TimescaleDB's function and the
 * plain-PostgreSQL stand-in: the aggregates must bucket identically on every engine.
 */
export const timeBucketCases: Array<{ width: string; ts: string; zone?: string; bucket: string }> = [
  { width: '15 minutes', ts: '2025-03-01T10:07:00Z', bucket: '2025-03-01T10:00:00Z' },
  { width: '15 minutes', ts: '2025-03-01T10:15:00Z', bucket: '2025-03-01T10:15:00Z' },
  { width: '1 hour', ts: '2025-03-01T10:59:59.999Z', bucket: '2025-03-01T10:00:00Z' },
  { width: '1 day', ts: '2025-03-01T23:59:00Z', bucket: '2025-03-01T00:00:00Z' },
  // Buckets of a week start on Monday (TimescaleDB's origin is Monday 2000-01-03); 1 March 2025 is a Saturday.
  { width: '7 days', ts: '2025-03-01T12:00:00Z', bucket: '2025-02-24T00:00:00Z' },
  { width: '15 minutes', ts: '1999-12-31T23:59:00Z', bucket: '1999-12-31T23:45:00Z' },
  // Shanghai days run from 16:00 UTC to 16:00 UTC.
  { width: '1 day', ts: '2025-03-01T15:30:00Z', zone: 'Asia/Shanghai', bucket: '2025-02-28T16:00:00Z' },
  { width: '1 day', ts: '2025-03-01T16:30:00Z', zone: 'Asia/Shanghai', bucket: '2025-03-01T16:00:00Z' },
];
