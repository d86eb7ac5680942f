/**
 * The two forms of `MigrationContext`: TimescaleDB, and plain PostgreSQL where hypertables stay ordinary
 * tables and continuous aggregates become views. Statements that TimescaleDB cannot run inside a
 * transaction block are remembered so the runner can execute them on their own.
 */
import type { MigrationContext } from './migration.js';

export interface RunnerContext extends MigrationContext {
  /** True for a statement this context produced that must run outside a transaction block. */
  needsOwnTransaction(statement: string): boolean;
}

export function migrationContext(timescale: boolean): RunnerContext {
  const outside = new Set<string>();
  return {
    timescale,
    hypertable(table, chunkInterval) {
      if (!timescale) return [];
      return [
        `SELECT create_hypertable(${literal(table)}, 'time', chunk_time_interval => interval ${literal(chunkInterval)}, if_not_exists => true)`,
      ];
    },
    continuousAggregate(name, select) {
      if (!timescale) return [`CREATE OR REPLACE VIEW ${name} AS ${select}`];
      const statement = `CREATE MATERIALIZED VIEW IF NOT EXISTS ${name} WITH (timescaledb.continuous) AS ${select} WITH NO DATA`;
      outside.add(statement);
      return [statement];
    },
    needsOwnTransaction: (statement) => outside.has(statement),
  };
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * `time_bucket` for plain PostgreSQL, so aggregate views read the same as on TimescaleDB. Buckets are
 * aligned like TimescaleDB's (origin Monday 2000-01-03 00:00 UTC, or local midnight of that day with a
 * time zone), which is exact for fixed-length widths (seconds to weeks); month widths are not supported.
 */
export const plainTimeBucketFunctions = [
  `CREATE OR REPLACE FUNCTION time_bucket(bucket_width interval, ts timestamptz) RETURNS timestamptz
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $$ SELECT to_timestamp(floor((extract(epoch FROM ts) - 946857600) / extract(epoch FROM bucket_width))
                               * extract(epoch FROM bucket_width) + 946857600) $$`,
  `CREATE OR REPLACE FUNCTION time_bucket(bucket_width interval, ts timestamptz, timezone text) RETURNS timestamptz
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $$ SELECT (to_timestamp(floor((extract(epoch FROM ts AT TIME ZONE timezone) - 946857600) / extract(epoch FROM bucket_width))
                                * extract(epoch FROM bucket_width) + 946857600) AT TIME ZONE 'UTC') AT TIME ZONE timezone $$`,
];
