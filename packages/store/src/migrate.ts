/**
 * Brings a database to the current schema: the TimescaleDB extension where the server has it, every
 * pending migration in order, then the compression/retention/refresh policies for the configured ages.
 * Safe to run on every start and from several processes at once.
 */
import type pg from 'pg';
import type { Config } from '@pilewatch/config';
import type { Database } from './database.js';
import { StoreError, databaseError, isUnavailable } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { migrationContext, plainTimeBucketFunctions } from './migrations/context.js';
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';
import { applyPolicies, policyPlan } from './policies.js';

/** Serialises concurrent `migrate` calls (csms, api and worker may start together). Arbitrary constant. */
const migrationLockKey = 7_204_117_311;

export const degradedWarning =
  'TimescaleDB is not available on this PostgreSQL server, so pilewatch runs degraded: the time-series tables ' +
  'are plain tables (no hypertables, no chunk compression), no retention policies run (history is kept ' +
  'until deleted by hand), and the meter_15m / meter_1h / meter_1d continuous aggregates are plain views ' +
  'computed at query time. Point DATABASE_URL at a TimescaleDB server for production.';

export async function migrate(
  db: Database,
  config: Config,
  log: Logger = silentLogger,
  migrations: readonly Migration[] = allMigrations,
): Promise<{ applied: number[] }> {
  checkOrder(migrations);
  let client: pg.PoolClient;
  try {
    client = await db.pool.connect();
  } catch (err) {
    throw databaseError(err, 'connecting to migrate');
  }
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    try {
      await ensureTimescale(client, db, log);
      if (!db.timescale) for (const statement of plainTimeBucketFunctions) await client.query(statement);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        await applyMigration(client, migration, db.timescale);
        applied.push(migration.version);
        log.info({ version: migration.version, name: migration.name }, 'migration applied');
      }
      if (db.timescale) {
        const { changed } = await applyPolicies(client, policyPlan(config.retention));
        if (changed.length) log.info({ changed }, 'TimescaleDB policies updated');
      }
      return { applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    }
  } catch (err) {
    if (isUnavailable(err)) {
      broken = err as Error;
      throw databaseError(err, 'migrating the database');
    }
    if (err instanceof StoreError) throw err;
    throw new StoreError('PW_STORE_MIGRATION_FAILED', `migrating the database failed: ${(err as Error).message}`, { cause: err });
  } finally {
    // A connection that failed is destroyed rather than returned to the pool.
    client.release(broken);
  }
}

async function ensureTimescale(client: pg.ClientBase, db: Database, log: Logger): Promise<void> {
  if (db.timescale) {
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
      return;
    } catch (err) {
      // Listed as available but not loadable, e.g. missing from shared_preload_libraries.
      log.warn({ err: (err as Error).message }, 'CREATE EXTENSION timescaledb failed');
      db.timescale = false;
      db.engine = 'postgresql';
    }
  }
  log.warn({ engine: db.engine }, degradedWarning);
}

/**
 * One transaction per migration, except for statements TimescaleDB refuses inside a transaction block,
 * which run on their own between the transactional parts. Every statement is idempotent, so a migration
 * interrupted between parts is completed by the next run.
 */
async function applyMigration(client: pg.ClientBase, migration: Migration, timescale: boolean): Promise<void> {
  const ctx = migrationContext(timescale);
  const statements = migration.up(ctx);
  const failed = (statement: string, err: unknown) =>
    new StoreError(
      'PW_STORE_MIGRATION_FAILED',
      `migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}\n  in: ${statement.slice(0, 200)}`,
      { cause: err },
    );
  let inTransaction = false;
  let current = '';
  try {
    for (const statement of statements) {
      current = statement;
      if (ctx.needsOwnTransaction(statement)) {
        if (inTransaction) {
          await client.query('COMMIT');
          inTransaction = false;
        }
        await client.query(statement);
        continue;
      }
      if (!inTransaction) {
        await client.query('BEGIN');
        inTransaction = true;
      }
      await client.query(statement);
    }
    current = 'recording the migration';
    if (!inTransaction) await client.query('BEGIN');
    inTransaction = true;
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    await client.query('COMMIT');
  } catch (err) {
    if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
    throw failed(current, err);
  }
}

function checkOrder(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) {
      throw new StoreError(
        'PW_STORE_MIGRATION_LIST',
        `migrations must have increasing versions: ${migrations[i - 1]!.version} is followed by ${migrations[i]!.version}`,
      );
    }
  }
}
