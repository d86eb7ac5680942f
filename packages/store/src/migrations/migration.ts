/** What a migration is: numbered, named, and a list of idempotent statements for the engine at hand. */

export interface MigrationContext {
  /** true when the TimescaleDB extension is available (server or embedded). */
  timescale: boolean;
  /** Statements that make `table` a hypertable on `time` (none on plain PostgreSQL). */
  hypertable(table: string, chunkInterval: string): string[];
  /**
   * Statements that create `name` from `select`: a continuous aggregate (WITH NO DATA) on TimescaleDB,
   * a plain view on PostgreSQL (where `time_bucket` is provided by a compatible SQL function).
   */
  continuousAggregate(name: string, select: string): string[];
}

export interface Migration {
  version: number;
  name: string;
  up(ctx: MigrationContext): string[];
}
